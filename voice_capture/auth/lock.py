"""The child-mode lock: while a tablet is handed over, it reaches nothing but its own conversation."""
from __future__ import annotations

from flask import Flask, abort, jsonify, redirect, request, session, url_for
from flask_babel import gettext as _

CHILD_MODE = "child_mode"
ON_BEHALF = "child_mode_on_behalf"
# What a locked tablet may still open (each only for its own conversation).
ALLOWED_ENDPOINTS = frozenset({
    "capture.talk", "capture.answer", "capture.change", "capture.finish", "capture.unlock", "capture.observe",
    "capture.helping",
    "capture.speech_audio", "photos.photo", "symbols.svg", "static", "favicon",
})


def locked_session_id() -> int | None:
    return session.get(CHILD_MODE)


def lock(session_id: int) -> None:
    session[CHILD_MODE] = session_id
    session[ON_BEHALF] = False


def unlock() -> None:
    session.pop(CHILD_MODE, None)
    session.pop(ON_BEHALF, None)


def choosing_for_them() -> bool:
    return bool(session.get(ON_BEHALF))


def set_choosing_for_them(on: bool) -> None:
    session[ON_BEHALF] = on


def enforce() -> object:
    """Send a locked tablet back to its conversation, whatever address or button was used."""
    locked = locked_session_id()
    if locked is None:
        return None
    asked_for = (request.view_args or {}).get("session_id", locked)
    if request.endpoint in ALLOWED_ENDPOINTS and asked_for == locked:
        return None
    if request.is_json:
        return jsonify(error=_("This tablet is in child mode. Unlock it first.")), 403
    if request.method != "GET":
        abort(403)  # a form sent from a locked tablet: the child's own error page, never raw JSON
    return redirect(url_for("capture.talk", session_id=locked))


def init_app(app: Flask) -> None:
    app.before_request(enforce)
