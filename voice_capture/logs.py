"""JSON logs with a request id, and nothing of what a child said: no names, no answers, no free text."""
from __future__ import annotations

import json
import logging
import re
import time
import traceback
import uuid

from flask import Flask, current_app, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
_GOOD_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class JsonFormatter(logging.Formatter):
    """One JSON object a line. A failure is logged by its type and where it happened, never its message:
    a database error's message can hold the values it was saving (a child's name, an answer)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + "Z",
                 "level": record.levelname, "logger": record.name, "event": record.getMessage()}
        if has_request_context() and "request_id" in g:
            entry["request_id"] = g.request_id
        entry.update(getattr(record, "fields", {}))
        if record.exc_info and record.exc_info[0] is not None:
            kind, _value, trace = record.exc_info
            entry["error"] = kind.__name__
            entry["where"] = [f"{frame.filename}:{frame.lineno}" for frame in traceback.extract_tb(trace)][-8:]
        return json.dumps(entry, ensure_ascii=False)


def _start_request() -> None:
    """A request id: the proxy's when a trusted proxy sends a sensible one, else a new one."""
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    trusted = current_app.config["TRUSTED_PROXIES"] and _GOOD_REQUEST_ID.match(incoming)
    g.request_id = incoming if trusted else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _log_request(response):
    """One line a request: which route (its rule, not the address asked for, which could carry words), how it
    ended, how long it took, and who by id."""
    response.headers[REQUEST_ID_HEADER] = g.get("request_id", "")
    rule = request.url_rule.rule if request.url_rule else None
    user = g.get("user")
    current_app.logger.info("request", extra={"fields": {
        "method": request.method, "route": rule, "endpoint": request.endpoint, "status": response.status_code,
        "duration_ms": round((time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000, 1),
        "user_id": user.id if user is not None else None}})
    return response


def init_app(app: Flask) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(logging.INFO)
    app.logger.propagate = False
    app.before_request(_start_request)
    app.after_request(_log_request)
