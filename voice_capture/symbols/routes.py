"""The vocabulary's pictures, and a search that finds them by their words."""
from __future__ import annotations

import hashlib
from datetime import timedelta
from functools import lru_cache

from flask import Blueprint, abort, jsonify, request, send_file, url_for

from .. import assets
from . import library

bp = Blueprint("symbols", __name__)
ONE_WEEK = int(timedelta(weeks=1).total_seconds())  # the pictures only change when the package is upgraded
ONE_YEAR = int(timedelta(days=365).total_seconds())
MAX_RESULTS = 24


@lru_cache(maxsize=1024)
def picture_version(key: str) -> str:
    """A short hash of the picture's file: its address changes when the picture does."""
    symbol = library.get_symbol(key) if library.KEY_PATTERN.fullmatch(key) else None
    return hashlib.sha256(library.svg_path(symbol).read_bytes()).hexdigest()[:10] if symbol else ""


@bp.url_defaults
def _versioned(endpoint: str, values: dict) -> None:
    if endpoint == "symbols.svg" and "key" in values and "v" not in values:
        values["v"] = picture_version(values["key"])


@bp.route("/symbols/<key>.svg")
def svg(key: str):
    # Only vocabulary keys reach the file system: nothing typed in the address becomes part of a path.
    symbol = library.get_symbol(key) if library.KEY_PATTERN.fullmatch(key) else None
    if symbol is None:
        abort(404)
    current = request.args.get("v") == picture_version(key)
    if current and assets.accepts_brotli():
        return assets.send_versioned_text(str(library.svg_path(symbol)), picture_version(key))
    response = send_file(library.svg_path(symbol), mimetype="image/svg+xml", max_age=ONE_YEAR if current else ONE_WEEK,
                         conditional=True)
    if current:  # at its versioned address, a picture never changes
        response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response


@bp.route("/symbols/search")
def search():
    language = request.args.get("lang", library.DEFAULT_LANGUAGE)
    found = library.search(request.args.get("q", ""), language, limit=MAX_RESULTS)
    return jsonify(results=[
        {"key": symbol.key, "label": symbol.label(language), "url": url_for("symbols.svg", key=symbol.key)}
        for symbol in found
    ])
