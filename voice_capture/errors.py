"""Friendly error pages in plain words, never a stack trace."""
from __future__ import annotations

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, IntegrityError
from werkzeug.exceptions import HTTPException

from . import db
from .audit import services as audit
from .auth import lock
from .models import CaptureSession

MESSAGES = {
    400: (_l("Something in that request was not right"), _l("Go back, check what you entered and try again.")),
    403: (_l("You cannot open this page"),
          _l("This page is for people who work with this child or this team. "
             "If you think you should see it, ask your manager.")),
    404: (_l("We cannot find that page"), _l("The address may be mistyped, or the record may have been removed.")),
    405: (_l("That cannot be done here"), _l("Go back and use the buttons on the page.")),
    413: (_l("That file is too big"), _l("Choose a smaller file and try again.")),
    409: (_l("Someone else changed this at the same moment"),
          _l("Nothing of yours was saved this time, and nothing already saved was lost. Go back, reload the page "
             "to see the change, and try again.")),
    429: (_l("Too many tries"), _l("Wait a minute, then try again.")),
    500: (_l("Something went wrong on our side"),
          _l("Nothing you entered before this was lost. Please try again in a moment; "
             "if it keeps happening, tell your administrator.")),
}


CANNOT_SAVE = (_l("We cannot save anything just now"),
               _l("The service cannot write to its database at the moment. Nothing was saved this time, and nothing "
                  "already saved was lost. Please try again in a minute; if it keeps happening, tell your administrator."))
RETRY_AFTER_SECONDS = 5  # how long a client should wait before sending again when the database cannot be written


def render_error(status: int, title=None, explanation=None):
    if lock.locked_session_id() is not None:
        return _child_error(status)
    default_title, default_explanation = MESSAGES.get(status, MESSAGES[500])
    return render_template("errors/error.html", status=status, title=title or default_title,
                           explanation=explanation or default_explanation), status


def _child_error(status: int):
    """Inside child mode: the child's own layout, in the conversation's language, with a way back to the
    questions and nothing of the adult's (no name, no "Sign out", no raw JSON)."""
    locked = lock.locked_session_id()
    try:
        capture = db.session().get(CaptureSession, locked)
    except Exception:  # noqa: BLE001 - the database may be the very thing that failed; the page must still be shown
        capture = None  # (an error status rolls the request's session back)
    with force_locale(capture.locale if capture else "en"):
        page = render_template("capture/error.html", status=status, session_id=locked)
    return page, status


def cannot_save(error: Exception):
    """The database cannot be written (down, read-only, disk full): 503 with Retry-After; the client keeps what
    it sent and sends it again later. JSON answers say so with a code the answer queue knows."""
    current_app.logger.error("The database cannot be written: %s", error)
    try:
        db.session().rollback()
    except Exception:  # noqa: BLE001 - the connection itself may be gone
        current_app.logger.exception("Could not roll back after a failed write")
    if request.is_json:
        response = jsonify(saved=False, code="unavailable", error=str(CANNOT_SAVE[0]))
        response.status_code = 503
    else:
        body, _status = render_error(503, *CANNOT_SAVE)
        response = current_app.make_response((body, 503))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        title = _l("This form had expired")
        explanation = _l("For your safety, forms stop working after a while or when you sign in again. "
                         "Go back, reload the page and send it again.")
        return render_error(400, title, explanation)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 403 and g.get("user") is not None:
            child_id = (request.view_args or {}).get("child_id") or g.get("refused_child_id")
            audit.record_refusal(engine=db.engine(), actor=g.user, child_id=child_id)
        if request.is_json:
            return jsonify(error=str(MESSAGES.get(error.code, MESSAGES[500])[0])), error.code or 500
        return render_error(error.code or 500)

    @app.errorhandler(IntegrityError)
    def clashed(error: IntegrityError):
        """Two people saving the same thing at once: the database kept the first; say so plainly."""
        app.logger.warning("Refused a clashing change: %s", error.orig)
        db.session().rollback()
        if request.is_json:
            return jsonify(error=str(MESSAGES[409][0])), 409
        return render_error(409)

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError):
        """A database that cannot be written is "try again later" (503), not a fault in the request."""
        if db.cannot_write(error):
            return cannot_save(error)
        return unexpected_error(error)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Unhandled error", exc_info=error)
        try:
            db.session().rollback()  # a failed write leaves the session unusable, even for this page's own reads
        except Exception:  # noqa: BLE001 - the page must still be shown
            app.logger.exception("Could not roll back after an unhandled error")
        return render_error(500)
