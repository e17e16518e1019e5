"""Static files under a versioned address the browser keeps for a year, and the site's small icon."""
from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

from flask import Flask, current_app, send_from_directory

ONE_YEAR = int(timedelta(days=365).total_seconds())
ONE_WEEK = int(timedelta(weeks=1).total_seconds())
KEEP_FOR_A_YEAR = f"public, max-age={ONE_YEAR}, immutable"
# child mode's offline worker: served with the static files, working for the conversation pages
SERVICE_WORKER = "js/talk-worker.js"
SERVICE_WORKER_SCOPE = "/talk/"


def static_version(folder: str | Path) -> str:
    """One short hash of every static file's name and content: any change gives every static file a
    new address. One version for the whole folder, not one per file, because JavaScript modules import
    each other by relative address, which then carries the same version."""
    digest = hashlib.sha256()
    root = Path(folder)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def send_static(filename: str, version: str | None = None):
    """A static file. Asked for at the current version, it is kept a year and never asked again;
    at another version (a page from before an upgrade) or none, the browser checks each time."""
    current = version is not None and version == current_app.config["STATIC_VERSION"]
    response = send_from_directory(current_app.static_folder, filename, max_age=ONE_YEAR if current else None,
                                   conditional=True)
    if current:
        response.headers["Cache-Control"] = KEEP_FOR_A_YEAR
        for needless in ("Expires", "Content-Disposition"):  # max-age says it; each byte counts on a tablet
            response.headers.pop(needless, None)
    if filename == SERVICE_WORKER:
        response.headers["Service-Worker-Allowed"] = SERVICE_WORKER_SCOPE
    return response


def favicon():
    return send_from_directory(Path(current_app.static_folder) / "img", "favicon.ico",
                               mimetype="image/vnd.microsoft.icon", max_age=ONE_WEEK, conditional=True)


def _add_static_version(endpoint: str, values: dict) -> None:
    if endpoint == "static":
        values.setdefault("version", current_app.config["STATIC_VERSION"])


def init_app(app: Flask) -> None:
    app.config["STATIC_VERSION"] = static_version(app.static_folder)
    # Flask's own /static/<filename> stays (checked each time); /static/v/<version>/<filename> is kept.
    app.view_functions["static"] = send_static
    app.add_url_rule("/static/v/<version>/<path:filename>", endpoint="static")
    app.url_defaults(_add_static_version)
    app.add_url_rule("/favicon.ico", endpoint="favicon", view_func=favicon)
