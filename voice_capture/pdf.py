"""PDFs from our own HTML with WeasyPrint, fetching nothing from outside the app's own files."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from flask import current_app

from .symbols.library import get_symbol, svg_folder, svg_path


class ForbiddenFetch(ValueError):
    """A document asked for something outside the app's own files; nothing is fetched."""


def _weasyprint():
    """WeasyPrint, imported on first use. Importing it sets Pillow's process-wide
    LOAD_TRUNCATED_IMAGES, which would let a cut-off photo through the upload checks; it is put
    back, since every picture in our documents is a whole one the app made itself."""
    import weasyprint
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return weasyprint


def _allowed_roots() -> list[Path]:
    return [Path(current_app.static_folder).resolve(), svg_folder().resolve()]


def _url_fetcher(url: str, timeout: int = 10, ssl_context=None):
    from weasyprint.urls import default_url_fetcher

    if url.startswith("data:"):
        return default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)
    parsed = urlparse(url)
    if parsed.scheme == "file":
        path = Path(unquote(parsed.path)).resolve()
        if any(path.is_relative_to(root) for root in _allowed_roots()):
            return default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)
    raise ForbiddenFetch(f"not fetched: {url}")


def render_pdf(html: str) -> bytes:
    """Render a page made for print (its own stylesheet linked as a static file) to PDF bytes.
    Relative addresses resolve inside the static folder; anything else is refused, not fetched."""
    return render_document(html).write_pdf()


def render_document(html: str):
    """The laid-out document render_pdf writes (WeasyPrint's pages and boxes), for checking its layout."""
    HTML = _weasyprint().HTML
    base = Path(current_app.static_folder).resolve().as_uri() + "/"
    return HTML(string=html, base_url=base, url_fetcher=_url_fetcher).render()


def static_file_uri(filename: str) -> str:
    """A file:// address for a static file, for templates rendered to PDF."""
    return (Path(current_app.static_folder).resolve() / filename).as_uri()


def symbol_file_uri(symbol_key: str | None) -> str:
    """A file:// address for a symbol's SVG, or "" for an unknown key."""
    symbol = get_symbol(symbol_key) if symbol_key else None
    return svg_path(symbol).resolve().as_uri() if symbol else ""
