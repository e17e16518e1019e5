"""Input no database can keep is refused before any view sees it, with the plain "something in that
request was not right" page (or JSON): a NUL character (PostgreSQL refuses it in text), half of a
UTF-16 surrogate pair (no UTF-8 encoding), or JSON nested too deep to read. Nothing is saved, so
nothing already saved is lost."""
from __future__ import annotations

from flask import Flask, abort, request

MAX_JSON_DEPTH = 64  # the app's own JSON is two levels deep


def storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which only a crafted "\ud800" escape can make
        return False
    return True


def _json_strings(data) -> list[str] | None:
    """Every string (keys too) in parsed JSON, or None when it is nested deeper than MAX_JSON_DEPTH."""
    found: list[str] = []
    waiting = [(data, 0)]
    while waiting:
        value, depth = waiting.pop()
        if depth > MAX_JSON_DEPTH:
            return None
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            found.extend(str(key) for key in value)
            waiting.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            waiting.extend((item, depth + 1) for item in value)
    return found


def refuse_unstorable_input() -> None:
    texts = [value for values in request.args.listvalues() for value in values]
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if request.is_json:
            try:
                strings = _json_strings(request.get_json(silent=True))
            except RecursionError:  # deeper than the parser can follow
                strings = None
            if strings is None:
                abort(400)
            texts.extend(strings)
        else:
            texts.extend(value for values in request.form.listvalues() for value in values)
    if not all(storable(text) for text in texts):
        abort(400)


def init_app(app: Flask) -> None:
    app.before_request(refuse_unstorable_input)
