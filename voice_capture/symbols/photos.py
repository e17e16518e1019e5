"""Cleaning a child's own photos: JPEG or PNG only, no hidden metadata, no pixel bombs, a sensible size."""
from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from PIL import Image, ImageOps, UnidentifiedImageError

MEGABYTE = 1024 * 1024
MAGIC = {b"\xff\xd8\xff": "JPEG", b"\x89PNG\r\n\x1a\n": "PNG"}
PILLOW_FORMATS = {"JPEG": {"JPEG", "MPO"}, "PNG": {"PNG"}}  # MPO: a phone's multi-picture JPEG
MIME = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
BOMBS = (Image.DecompressionBombError, Image.DecompressionBombWarning)
BROKEN = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, struct.error)


class PhotoError(ValueError):
    """A photo was refused; str() is a plain, translated message for the practitioner."""


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    mime: str
    width: int
    height: int
    extension: str


def clean_photo(data: bytes, *, max_bytes: int = 8 * MEGABYTE, max_pixels: int = 24_000_000,
                max_side: int = 1600) -> CleanPhoto:
    """Check an uploaded photo by its content and re-encode it from its pixels alone."""
    if len(data) > max_bytes:
        raise PhotoError(_l("That photo is too big. Choose one under %(mb)d MB.", mb=max(1, max_bytes // MEGABYTE)))
    kind = sniff(data)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            check(data, kind, max_pixels)
            return encode(pixels_only(decode(data, kind, max_side), kind), kind)
        except PhotoError:
            raise
        except BOMBS:
            raise PhotoError(too_many_pixels(max_pixels)) from None
        except BROKEN:
            raise PhotoError(_l("That file is not a photo we can use.")) from None


def sniff(data: bytes) -> str:
    """The photo's kind from its first bytes; a file's name or stated type is never trusted."""
    for magic, kind in MAGIC.items():
        if data.startswith(magic):
            return kind
    raise PhotoError(_l("Choose a JPEG or PNG photo."))


def too_many_pixels(max_pixels: int) -> LazyString:
    return _l("That photo has too many pixels. Choose one under %(mp)d megapixels.",
              mp=max(1, max_pixels // 1_000_000))


def open_image(data: bytes, kind: str) -> Image.Image:
    """Open with only the one Pillow decoder the magic bytes allow; this reads the header, not the pixels."""
    image = Image.open(io.BytesIO(data), formats=[kind])
    if image.format not in PILLOW_FORMATS[kind]:
        raise PhotoError(_l("Choose a JPEG or PNG photo."))
    return image


def check(data: bytes, kind: str, max_pixels: int) -> None:
    """Refuse a pixel bomb from the declared size, then verify the file's structure (this spends the image)."""
    with open_image(data, kind) as image:
        width, height = image.size
        if width * height > max_pixels:
            raise PhotoError(too_many_pixels(max_pixels))
        image.verify()


def decode(data: bytes, kind: str, max_side: int) -> Image.Image:
    """Load the pixels, shrunk to fit max_side (a JPEG is decoded at a reduced scale), and turned upright."""
    with open_image(data, kind) as image:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        return ImageOps.exif_transpose(image)


def pixels_only(image: Image.Image, kind: str) -> Image.Image:
    """A new image built from the pixel data alone: no EXIF, GPS, XMP, ICC profile or text chunks survive."""
    mode = "RGBA" if kind == "PNG" and image.has_transparency_data else "RGB"
    converted = image.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())


def encode(image: Image.Image, kind: str) -> CleanPhoto:
    buffer = io.BytesIO()
    if kind == "JPEG":
        image.save(buffer, "JPEG", quality=85, optimize=True)
    else:
        image.save(buffer, "PNG", optimize=True)
    mime, extension = MIME[kind]
    return CleanPhoto(data=buffer.getvalue(), mime=mime, width=image.width, height=image.height, extension=extension)
