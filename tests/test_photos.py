"""Cleaning a child's own photos: JPEG and PNG only, judged by content; no metadata, bombs or hidden extras."""
import io
import struct
import zlib

import pytest
from PIL import ExifTags, Image, ImageFile, PngImagePlugin

from voice_capture.symbols import photos
from voice_capture.symbols.photos import CleanPhoto, PhotoError, clean_photo

MB = 1024 * 1024
CHOOSE = "Choose a JPEG or PNG photo."
UNUSABLE = "That file is not a photo we can use."
SCRIPT = b"<script>alert(1)</script>"


# --- making test images -------------------------------------------------------------------------

def picture(size=(64, 48), mode="RGB") -> Image.Image:
    """A noisy picture, so encoders have real work to do and truncation bites."""
    noise = Image.effect_noise(size, 60)
    if mode == "RGBA":
        return Image.merge("RGBA", (noise, noise, noise, noise))
    return Image.merge("RGB", (noise, noise, noise)).convert(mode)


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def camera_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "AcmeCam"
    exif[ExifTags.Base.Model] = "SnapMaster 3000"
    exif[ExifTags.Base.Software] = "PhoneOS 17.1"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 26.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    return exif


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_header_only(width: int, height: int) -> bytes:
    """A valid PNG that declares an enormous size but carries no pixel data at all."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(b""))
            + png_chunk(b"IEND", b""))


def reopened(photo: CleanPhoto) -> Image.Image:
    image = Image.open(io.BytesIO(photo.data))
    image.load()
    assert image.size == (photo.width, photo.height)
    return image


def refusal(app, data: bytes, **limits) -> str:
    """The practitioner's message for a refused photo (lazy text needs a request to be read)."""
    with pytest.raises(PhotoError) as caught:
        clean_photo(data, **limits)
    with app.test_request_context():
        return str(caught.value)


# --- accepted photos ----------------------------------------------------------------------------

def test_a_jpeg_is_re_encoded_as_a_jpeg():
    original = encoded(picture(), "JPEG", quality=95)
    photo = clean_photo(original)
    assert photo.data != original
    assert (photo.mime, photo.extension, photo.width, photo.height) == ("image/jpeg", "jpg", 64, 48)
    image = reopened(photo)
    assert (image.format, image.mode) == ("JPEG", "RGB")


def test_a_png_is_re_encoded_as_a_png_keeping_transparency():
    original = encoded(picture(mode="RGBA"), "PNG")
    photo = clean_photo(original)
    assert photo.data != original
    assert (photo.mime, photo.extension) == ("image/png", "png")
    image = reopened(photo)
    assert (image.format, image.mode) == ("PNG", "RGBA")
    assert image.getchannel("A").getextrema()[0] < 255


def test_a_palette_png_with_a_transparent_colour_keeps_it():
    image = Image.new("P", (10, 10), 1)
    image.putpalette([0, 0, 0, 255, 0, 0])
    photo = clean_photo(encoded(image, "PNG", transparency=1))
    assert reopened(photo).getpixel((0, 0)) == (255, 0, 0, 0)


def test_the_kind_comes_from_the_content_not_the_name():
    """A PNG the practitioner's phone called photo.jpg is still a PNG."""
    assert clean_photo(encoded(picture(), "PNG")).mime == "image/png"


def test_a_phone_multi_picture_jpeg_becomes_a_plain_jpeg():
    original = encoded(picture(), "MPO", save_all=True, append_images=[picture()])
    assert Image.open(io.BytesIO(original)).format == "MPO"
    image = reopened(clean_photo(original))
    assert (image.format, getattr(image, "n_frames", 1)) == ("JPEG", 1)


def test_a_sixteen_bit_grey_png_is_accepted():
    image = reopened(clean_photo(encoded(picture(mode="L").convert("I;16"), "PNG")))
    assert image.mode == "RGB"


# --- metadata is removed ------------------------------------------------------------------------

def test_gps_camera_exif_icc_xmp_and_comments_are_removed_from_a_jpeg():
    original = encoded(picture(), "JPEG", exif=camera_exif(), icc_profile=b"private icc profile",
                       xmp=b"<x:xmpmeta>Taken at 12 Acacia Avenue</x:xmpmeta>", comment=b"Nan's house")
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert b"AcmeCam" in original
    photo = clean_photo(original)
    image = reopened(photo)
    assert not image.getexif()
    assert not {"exif", "icc_profile", "xmp", "comment"} & set(image.info)
    for secret in (b"Exif", b"AcmeCam", b"SnapMaster", b"PhoneOS", b"private icc", b"xmpmeta", b"Acacia", b"Nan's"):
        assert secret not in photo.data


def test_exif_orientation_is_applied_before_the_exif_is_dropped():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    photo = clean_photo(encoded(picture((20, 10)), "JPEG", exif=exif))
    assert (photo.width, photo.height) == (10, 20)
    assert not reopened(photo).getexif()


def test_png_text_chunks_with_a_script_are_removed():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SCRIPT.decode())
    info.add_itxt("Description", SCRIPT.decode(), zip=False)
    info.add_text("Author", "Nan's house", zip=True)
    original = encoded(picture(), "PNG", pnginfo=info, exif=camera_exif(), icc_profile=b"private icc profile")
    assert SCRIPT in original
    photo = clean_photo(original)
    image = reopened(photo)
    assert b"<script>" not in photo.data
    assert not image.text and not image.getexif()
    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP"):
        assert chunk not in photo.data


def test_a_script_hidden_after_the_end_of_a_png_is_dropped():
    photo = clean_photo(encoded(picture(), "PNG") + SCRIPT)
    assert b"<script>" not in photo.data
    assert photo.data.endswith(png_chunk(b"IEND", b""))


# --- size ---------------------------------------------------------------------------------------

def test_a_large_photo_is_shrunk_so_its_longest_side_fits():
    photo = clean_photo(encoded(picture((4000, 1000)), "JPEG"))
    assert (photo.width, photo.height) == (1600, 400)
    assert reopened(photo).size == (1600, 400)


def test_a_large_sideways_photo_is_turned_and_shrunk():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    photo = clean_photo(encoded(picture((3200, 1600)), "JPEG", exif=exif))
    assert (photo.width, photo.height) == (800, 1600)


def test_max_side_can_be_set_and_a_small_photo_is_not_enlarged():
    assert max(reopened(clean_photo(encoded(picture((300, 200)), "PNG"), max_side=100)).size) == 100
    assert reopened(clean_photo(encoded(picture((30, 20)), "PNG"))).size == (30, 20)


# --- refusals -----------------------------------------------------------------------------------

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="5"/></svg>'
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


@pytest.mark.parametrize("data", [
    pytest.param(SVG, id="svg"),
    pytest.param(b'<?xml version="1.0"?>' + SVG, id="svg-xml"),
    pytest.param(b"Notes about Sam's visit on Tuesday.\n", id="text-renamed-jpg"),
    pytest.param(HTML, id="html-renamed-jpg"),
    pytest.param(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", id="pdf"),
    pytest.param(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", id="heic"),
    pytest.param(b"", id="empty"),
])
def test_files_that_are_not_jpeg_or_png_are_refused(app, data):
    assert refusal(app, data) == CHOOSE


@pytest.mark.parametrize("fmt", ["GIF", "WEBP", "BMP", "TIFF"])
def test_other_image_formats_are_refused(app, fmt):
    assert refusal(app, encoded(picture(), fmt)) == CHOOSE


@pytest.mark.parametrize("data", [
    pytest.param(encoded(picture((200, 200)), "JPEG")[:3000], id="truncated-jpeg"),
    pytest.param(encoded(picture((200, 200)), "PNG")[:3000], id="truncated-png"),
    pytest.param(b"\xff\xd8\xff" + HTML, id="html-behind-jpeg-magic"),
    pytest.param(b"\x89PNG\r\n\x1a\n" + HTML, id="html-behind-png-magic"),
])
def test_broken_or_disguised_files_are_refused(app, data):
    assert refusal(app, data) == UNUSABLE


def test_a_png_with_a_damaged_chunk_is_refused(app):
    original = bytearray(encoded(picture(), "PNG"))
    original[original.index(b"IDAT") + 10] ^= 0xFF
    assert refusal(app, bytes(original)) == UNUSABLE


@pytest.mark.parametrize("width,height", [(30000, 30000), (9500, 9500), (6000, 5000)])
def test_a_pixel_bomb_is_refused_from_its_header_without_decoding(app, monkeypatch, width, height):
    """Beyond Pillow's own limit (error and warning) and beyond ours: refused before any pixel is decoded."""
    def no_decoding(self):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    message = refusal(app, png_header_only(width, height))
    assert message == "That photo has too many pixels. Choose one under 24 megapixels."


def test_max_pixels_can_be_set(app):
    message = refusal(app, encoded(picture((2000, 1500)), "PNG"), max_pixels=2_000_000)
    assert message == "That photo has too many pixels. Choose one under 2 megapixels."


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(app, monkeypatch):
    monkeypatch.setattr(photos.Image, "open", lambda *args, **kwargs: pytest.fail("the file was opened"))
    assert refusal(app, b"\xff\xd8\xff" + bytes(8 * MB)) == "That photo is too big. Choose one under 8 MB."
    assert refusal(app, b"\xff\xd8\xff" + bytes(3 * MB), max_bytes=2 * MB) == \
        "That photo is too big. Choose one under 2 MB."


def test_a_cut_off_photo_is_refused_even_after_a_pdf_was_made(app):
    """Importing WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process; the PDF
    helper turns it off again, so the upload checks still hold once a letter has been printed."""
    from voice_capture.pdf import render_pdf

    with app.app_context():
        assert render_pdf("<p>Hello</p>").startswith(b"%PDF")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    assert refusal(app, encoded(picture((200, 200)), "JPEG")[:3000]) == UNUSABLE
