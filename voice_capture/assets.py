"""Static files under a versioned address the browser keeps for a year, and the site's small icon."""
from __future__ import annotations

import hashlib
import mimetypes
import re
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

import brotli
from flask import Flask, Response, current_app, request, send_from_directory
from werkzeug.security import safe_join

ONE_YEAR = int(timedelta(days=365).total_seconds())
ONE_WEEK = int(timedelta(weeks=1).total_seconds())
KEEP_FOR_A_YEAR = f"public, max-age={ONE_YEAR}, immutable"
# child mode's offline worker: served with the static files, working for the conversation pages
SERVICE_WORKER = "js/talk-worker.js"
SERVICE_WORKER_SCOPE = "/talk/"
# Text that never changes at its address is compressed once, as tightly as brotli can.
TEXT_SUFFIXES = frozenset({".js", ".css", ".svg"})
# Child mode's modules as one script (its address -> the entry module): one request instead of twelve, each
# with its headers, on the tablet's first step. The modules stay as they are; the bundle is made from them.
BUNDLES = {"js/talk.bundle.js": "js/talk.js"}
IMPORT = re.compile(r'^import \{([^}]*)\} from "\./([\w.-]+\.js)";\n', re.MULTILINE)
EXPORT = re.compile(r"^([ \t]*)export (?=(?:async )?function |class |const |let )", re.MULTILINE)
TOP_LEVEL_NAME = re.compile(r"^(?:export )?(?:async )?(?:function\*? ?|class |const |let |var )(\w+)", re.MULTILINE)


class BundleError(ValueError):
    """The modules cannot be joined into one script safely (an import of another form, a name declared twice)."""


def build_bundle(folder: str | Path, entry: str) -> str:
    """The entry module with every module it imports, each once, dependencies first, as one module: their
    imports of each other removed (the names are then shared), `export` dropped, whole-line comments and
    indentation left out. Refuses what this cannot join safely, so that a change to the modules fails at
    start-up rather than on a tablet."""
    root = Path(folder)
    order: list[Path] = []

    def visit(path: Path, seen: set[Path]) -> None:
        if path in seen:
            return
        seen.add(path)
        source = path.read_text(encoding="utf-8")
        for match in IMPORT.finditer(source):
            visit(path.parent / match.group(2), seen)
        order.append(path)

    visit(root / entry, set())
    declared: dict[str, str] = {}
    parts = []
    for path in order:
        source = path.read_text(encoding="utf-8")
        if re.search(r"^\s*(import|export)\b(?! (?:async )?function |\s*\{[^}]*\} from \"\./| class | const | let )", source,
                     re.MULTILINE) or "import(" in source or "/*" in source:
            raise BundleError(f"{path.name}: an import, export or comment this bundler does not join")
        for name in TOP_LEVEL_NAME.findall(source):
            if name in declared:
                raise BundleError(f"{name} is declared in both {declared[name]} and {path.name}")
            declared[name] = path.name
        lines = EXPORT.sub(r"\1", IMPORT.sub("", source)).splitlines()
        if any(line.count("`") % 2 for line in lines):  # a string over several lines: its lines are kept as they are
            parts.append("\n".join(lines))
            continue
        parts.append("\n".join(line.strip() for line in lines if line.strip() and not line.strip().startswith("//")))
    return "\n".join(parts) + "\n"


@lru_cache(maxsize=8)
def bundle_bytes(folder: str, entry: str, version: str) -> tuple[bytes, bytes]:
    """A bundle at one version, plain and compressed once at brotli's best."""
    text = build_bundle(folder, entry).encode()
    return text, brotli.compress(text, quality=11)


def send_bundle(filename: str, version: str | None) -> Response:
    plain, compressed = bundle_bytes(current_app.static_folder, BUNDLES[filename], current_app.config["STATIC_VERSION"])
    current = version == current_app.config["STATIC_VERSION"]
    response = Response(compressed if accepts_brotli() else plain, mimetype="text/javascript")
    if accepts_brotli():
        response.headers["Content-Encoding"] = "br"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = KEEP_FOR_A_YEAR if current else "no-cache"
    return response


def static_version(folder: str | Path) -> str:
    """One short hash of every static file's name and content: any change gives every static file a
    new address. One version for the whole folder, not one per file, because JavaScript modules import
    each other by relative address, which then carries the same version."""
    digest = hashlib.sha256()
    root = Path(folder)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


@lru_cache(maxsize=256)
def tightly_compressed(path: str, version: str) -> bytes:
    """A text file at one version, compressed once at brotli's best (version: so an upgrade is not served old bytes)."""
    return brotli.compress(Path(path).read_bytes(), quality=11)


def send_versioned_text(path: str, version: str) -> Response:
    """Text kept a year, compressed once for every tablet that accepts brotli (they all do)."""
    response = Response(tightly_compressed(path, version), mimetype=mimetypes.guess_type(path)[0])
    response.headers["Content-Encoding"] = "br"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = KEEP_FOR_A_YEAR
    return response


def accepts_brotli() -> bool:
    return "br" in request.headers.get("Accept-Encoding", "")


def send_static(filename: str, version: str | None = None):
    """A static file. Asked for at the current version, it is kept a year and never asked again;
    at another version (a page from before an upgrade) or none, the browser checks each time."""
    if filename in BUNDLES:
        return send_bundle(filename, version)
    current = version is not None and version == current_app.config["STATIC_VERSION"]
    path = safe_join(current_app.static_folder, filename)
    if (current and filename != SERVICE_WORKER and path and Path(path).suffix in TEXT_SUFFIXES
            and Path(path).is_file() and accepts_brotli()):
        return send_versioned_text(path, version)
    response = send_from_directory(current_app.static_folder, filename, max_age=ONE_YEAR if current else None,
                                   conditional=True)
    if current:
        response.headers["Cache-Control"] = KEEP_FOR_A_YEAR
        # Never asked again, so never revalidated: each byte of headers counts on a tablet.
        for needless in ("Expires", "Content-Disposition", "ETag", "Last-Modified"):
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
    for entry in BUNDLES.values():  # made now: modules that cannot be joined stop the app starting, not a tablet
        bundle_bytes(app.static_folder, entry, app.config["STATIC_VERSION"])
    # Flask's own /static/<filename> stays (checked each time); /static/v/<version>/<filename> is kept.
    app.view_functions["static"] = send_static
    app.add_url_rule("/static/v/<version>/<path:filename>", endpoint="static")
    app.url_defaults(_add_static_version)
    app.add_url_rule("/favicon.ico", endpoint="favicon", view_func=favicon)
