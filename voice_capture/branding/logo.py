"""Checking an uploaded logo: a PNG is re-encoded from its pixels like a child's photo; an SVG is parsed safely
and kept only when it has no script, event handler, embedded page or outside reference."""
from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from flask_babel import lazy_gettext as _l
from PIL import Image

from ..symbols import photos

KILOBYTE = 1024
MAX_PNG_BYTES = 2 * 1024 * KILOBYTE
MAX_PNG_PIXELS = 16_000_000
MAX_SVG_BYTES = 256 * KILOBYTE
MAX_SVG_ELEMENTS = 5000
MAX_SIDE = 800  # a PNG is shrunk to fit; a letter shows it a few centimetres wide
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
# Drawing only: shapes, text, gradients and reuse of the drawing's own parts.
ELEMENTS = {
    "svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
    "tspan", "linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern", "symbol", "use",
}
SCRIPTED = {"script", "handler", "listener"}
EMBEDDING = {"foreignObject", "iframe", "embed", "object", "a", "image", "feImage", "audio", "video"}
ANIMATING = {"animate", "set", "animateMotion", "animateTransform", "discard"}  # can rewrite an href to a script
DROPPED = {"metadata"}  # an editor's notes: harmless, and not kept
ATTRIBUTES = {
    "id", "class", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "d", "points", "width",
    "height", "viewBox", "preserveAspectRatio", "transform", "fill", "fill-opacity", "fill-rule", "stroke",
    "stroke-width", "stroke-opacity", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
    "stroke-dashoffset", "opacity", "color", "offset", "stop-color", "stop-opacity", "gradientUnits",
    "gradientTransform", "spreadMethod", "clip-path", "clip-rule", "clipPathUnits", "mask", "maskUnits",
    "maskContentUnits", "patternUnits", "patternContentUnits", "patternTransform", "font-family", "font-size",
    "font-weight", "font-style", "text-anchor", "dominant-baseline", "letter-spacing", "dx", "dy", "rotate",
    "textLength", "lengthAdjust", "visibility", "display", "style", "href", "version", "role", "aria-label",
    "vector-effect", "paint-order",
}
URL = re.compile(r"url\s*\(\s*['\"]?\s*([^)'\"\s]*)", re.I)
UNSAFE_STYLE = re.compile(r"@|\\|javascript:|expression\s*\(|behavior\s*:|-moz-binding", re.I)


class LogoError(ValueError):
    """A logo was refused; str() is a plain, translated message for the administrator."""


@dataclass(frozen=True)
class CleanLogo:
    data: bytes
    mime: str


NOT_A_LOGO = _l("That file is not a PNG or SVG picture we can use. Choose a PNG or an SVG logo.")
SCRIPT = _l("That SVG logo has a script or an event handler in it, so it cannot be used. Save it again without "
            "scripts, or choose a PNG.")
OUTSIDE = _l("That SVG logo refers to something outside itself (a web address, a file or an embedded page), so it "
             "cannot be used. Save it again as a plain drawing, or choose a PNG.")


def clean_logo(data: bytes) -> CleanLogo:
    """A PNG or SVG logo made safe to show on every letter, or LogoError with the reason."""
    if data.startswith(PNG_MAGIC):
        return clean_png(data)
    if looks_like_svg(data):
        return clean_svg(data)
    raise LogoError(NOT_A_LOGO)


def looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<?xml") or head.startswith(b"<svg") or head.startswith(b"<!--") or b"<svg" in head


def clean_png(data: bytes) -> CleanLogo:
    if len(data) > MAX_PNG_BYTES:
        raise LogoError(_l("That logo is too big. Choose a PNG under %(mb)d MB.", mb=MAX_PNG_BYTES // (1024 * KILOBYTE)))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
                width, height = image.size
        except (*photos.BOMBS, *photos.BROKEN):
            raise LogoError(NOT_A_LOGO) from None
    if width * height > MAX_PNG_PIXELS:
        raise LogoError(_l("That logo has too many pixels. Choose a PNG under %(mp)d megapixels.",
                           mp=MAX_PNG_PIXELS // 1_000_000))
    try:
        clean = photos.clean_photo(data, max_bytes=MAX_PNG_BYTES, max_pixels=MAX_PNG_PIXELS, max_side=MAX_SIDE)
    except photos.PhotoError:
        raise LogoError(NOT_A_LOGO) from None
    return CleanLogo(data=clean.data, mime=clean.mime)


def clean_svg(data: bytes) -> CleanLogo:
    if len(data) > MAX_SVG_BYTES:
        raise LogoError(_l("That logo is too big. Choose an SVG under %(kb)d KB.", kb=MAX_SVG_BYTES // KILOBYTE))
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise LogoError(OUTSIDE) from None
    except (ElementTree.ParseError, ValueError):
        raise LogoError(NOT_A_LOGO) from None
    if root.tag != f"{{{SVG}}}svg":
        raise LogoError(NOT_A_LOGO)
    if sum(1 for _element in root.iter()) > MAX_SVG_ELEMENTS:
        raise LogoError(_l("That SVG logo is too complicated. Simplify it, or choose a PNG."))
    clean_element(root)
    ElementTree.register_namespace("", SVG)
    ElementTree.register_namespace("xlink", XLINK)
    return CleanLogo(data=ElementTree.tostring(root, encoding="utf-8", xml_declaration=True), mime="image/svg+xml")


def local_name(tag: str) -> tuple[str, str]:
    """(namespace, name) of an element or attribute name as ElementTree spells it."""
    if tag.startswith("{"):
        namespace, _brace, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def clean_element(element: ElementTree.Element) -> None:
    """Refuse what could run or reach out; drop an editor's own notes and unknown attributes; keep the drawing."""
    for child in list(element):
        namespace, name = local_name(child.tag)
        if name in SCRIPTED:
            raise LogoError(SCRIPT)
        if name in EMBEDDING or name in ANIMATING:
            raise LogoError(OUTSIDE if name in EMBEDDING else SCRIPT)
        if namespace != SVG or name in DROPPED:
            element.remove(child)  # another namespace: an editor's own data (Inkscape, Sodipodi, RDF)
            continue
        if name == "style":  # an editor's class rules: kept only when they reach nothing outside
            check_style(child.text or "")
            child.attrib.clear()
            continue
        if name not in ELEMENTS:
            raise LogoError(_l("That SVG logo uses a part we cannot check (%(name)s). Save it again as a plain "
                               "drawing, or choose a PNG.", name=name))
        clean_element(child)
    clean_attributes(element)


def clean_attributes(element: ElementTree.Element) -> None:
    for key in list(element.attrib):
        namespace, name = local_name(key)
        value = element.attrib[key]
        if name.lower().startswith("on"):
            raise LogoError(SCRIPT)
        if name == "href" and namespace in ("", XLINK):
            if not value.strip().startswith("#"):
                raise LogoError(OUTSIDE)
            continue
        if namespace not in ("", XML) or name not in ATTRIBUTES and not (namespace == XML and name == "space"):
            del element.attrib[key]
            continue
        check_style(value)


def check_style(text: str) -> None:
    """CSS (a style attribute or element, or any value) may point only at the drawing's own parts."""
    if any(not target.startswith("#") for target in URL.findall(text)) or UNSAFE_STYLE.search(text):
        raise LogoError(OUTSIDE)
