"""The vocabulary's pictures, and a search that finds them by their words."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, jsonify, request, send_file, url_for

from . import library

bp = Blueprint("symbols", __name__)
ONE_WEEK = int(timedelta(weeks=1).total_seconds())  # the pictures only change when the package is upgraded
MAX_RESULTS = 24


@bp.route("/symbols/<key>.svg")
def svg(key: str):
    # Only vocabulary keys reach the file system: nothing typed in the address becomes part of a path.
    symbol = library.get_symbol(key) if library.KEY_PATTERN.fullmatch(key) else None
    if symbol is None:
        abort(404)
    return send_file(library.svg_path(symbol), mimetype="image/svg+xml", max_age=ONE_WEEK, conditional=True)


@bp.route("/symbols/search")
def search():
    language = request.args.get("lang", library.DEFAULT_LANGUAGE)
    found = library.search(request.args.get("q", ""), language, limit=MAX_RESULTS)
    return jsonify(results=[
        {"key": symbol.key, "label": symbol.label(language), "url": url_for("symbols.svg", key=symbol.key)}
        for symbol in found
    ])
