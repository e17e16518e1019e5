"""A child's own photos: added by their practitioners, cleaned, and shown to nobody else."""
import io

import pytest
from PIL import Image
from sqlmodel import select

from voice_capture.models import AuditEvent, ChildPhoto, Role


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif.get_ifd(0x8825)[2] = (51.0, 30.0, 0.0)  # GPSLatitude
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def childs_page(logged_in, make_child, db):
    child = make_child(team=logged_in.user.team_id)
    return child


def upload(client, child, data: bytes, name: str, label: str = "Nan's house"):
    return client.submit(f"/children/{child.id}/photos",
                         {"label": label, "photo": (io.BytesIO(data), name)},
                         content_type="multipart/form-data")


def test_a_photo_is_cleaned_stored_and_shown_only_to_those_allowed(logged_in, childs_page, db, new_client, make_user):
    response = upload(logged_in, childs_page, _jpeg_with_gps(), "nan.jpg")
    assert response.status_code == 302
    photo = db.exec(select(ChildPhoto)).one()
    assert photo.mime == "image/jpeg" and b"SecretCam" not in photo.data
    assert Image.open(io.BytesIO(photo.data)).getexif() == {}
    served = logged_in.get(f"/children/{childs_page.id}/photos/{photo.id}")
    assert served.status_code == 200 and served.mimetype == "image/jpeg" and served.data == photo.data
    assert "no-store" in served.headers["Cache-Control"]
    stranger = new_client()
    stranger.login(make_user(Role.SOCIAL_WORKER))
    assert stranger.get(f"/children/{childs_page.id}/photos/{photo.id}").status_code == 403
    assert db.exec(select(AuditEvent).where(AuditEvent.entity_type == "child_photo")).first()


@pytest.mark.parametrize("data, name, message", [
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "nan.svg", "Choose a JPEG or PNG photo."),
    (b"just some words, not a photo at all" * 10, "nan.jpg", "Choose a JPEG or PNG photo."),
])
def test_files_that_are_not_photos_are_refused_plainly(logged_in, childs_page, db, data, name, message):
    response = upload(logged_in, childs_page, data, name)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page and "There is a problem" in page
    assert db.exec(select(ChildPhoto)).first() is None


def test_a_huge_upload_gets_a_plain_message(logged_in, childs_page, db):
    response = upload(logged_in, childs_page, b"\xff\xd8\xff" + b"0" * (7 * 1024 * 1024), "big.jpg")
    assert response.status_code == 200 and "That photo is too big" in response.get_data(as_text=True)
    assert db.exec(select(ChildPhoto)).first() is None


def test_removing_a_photo(logged_in, childs_page, db):
    upload(logged_in, childs_page, _jpeg_with_gps(), "nan.jpg")
    photo_id = db.exec(select(ChildPhoto.id)).one()
    response = logged_in.submit(f"/children/{childs_page.id}/photos/{photo_id}/remove",
                                page=f"/children/{childs_page.id}/photos")
    assert response.status_code == 302
    db.expire_all()
    assert db.get(ChildPhoto, photo_id) is None
