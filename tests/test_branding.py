"""The service's name, logo and contact line: an administrator sets them (audited), a logo is checked like a
photo (PNG re-encoded, SVG sanitised or refused, size limits), and letters and the views summary, as pages and
PDFs, show them with the worker's name and how to reach them."""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image, PngImagePlugin
from pypdf import PdfReader
from sqlmodel import select
from test_feedback import _answer_all, _article, _start_letter, _text
from test_feedback import family as _family
from test_feedback import worker_client as _worker_client

from voice_capture.branding import logo as logos
from voice_capture.branding import services as branding
from voice_capture.models import AuditEvent, Role, SiteSetting

family, worker_client = _family, _worker_client  # the same family and signed-in worker as the letter tests
SERVICE = "Riverside Children's Services"
CONTACT = "Call 01234 567890, Monday to Friday, 9am to 5pm."
PLAIN_SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
             b'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 100 40" width="100" '
             b'height="40" inkscape:version="1.2"><metadata><note>made in an editor</note></metadata>'
             b'<defs><linearGradient id="g"><stop offset="0" stop-color="#1d4e89"/></linearGradient></defs>'
             b'<rect width="100" height="40" fill="url(#g)"/><text x="10" y="25">Riverside</text></svg>')


def _png(size=(120, 60), text_chunk: str = "") -> bytes:
    buffer = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    if text_chunk:
        info.add_text("Comment", text_chunk)
    Image.new("RGB", size, (29, 78, 137)).save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def _svg(inside: str, root_attributes: str = "") -> bytes:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'viewBox="0 0 10 10"{root_attributes}>{inside}</svg>').encode()


# --- checking a logo -------------------------------------------------------------------------------

def test_a_png_logo_is_re_encoded_from_its_pixels_and_loses_its_hidden_text():
    clean = logos.clean_logo(_png(text_chunk="secret: home address"))
    assert clean.mime == "image/png" and clean.data.startswith(logos.PNG_MAGIC)
    assert b"home address" not in clean.data
    with Image.open(io.BytesIO(clean.data)) as image:
        assert image.size == (120, 60)


def test_a_large_png_logo_is_shrunk_to_fit():
    clean = logos.clean_logo(_png(size=(2400, 600)))
    with Image.open(io.BytesIO(clean.data)) as image:
        assert max(image.size) == logos.MAX_SIDE


def test_a_plain_svg_logo_is_kept_without_an_editors_own_data():
    clean = logos.clean_logo(PLAIN_SVG)
    assert clean.mime == "image/svg+xml"
    assert b"<rect" in clean.data and b"url(#g)" in clean.data and b"Riverside" in clean.data
    assert b"inkscape" not in clean.data and b"metadata" not in clean.data and b"made in an editor" not in clean.data


def test_an_svg_that_reuses_its_own_parts_is_kept():
    clean = logos.clean_logo(_svg('<defs><circle id="c" r="2"/></defs><use xlink:href="#c" x="5" y="5"/>'))
    assert b"#c" in clean.data


SCRIPT_MESSAGE = "has a script or an event handler in it"
OUTSIDE_MESSAGE = "refers to something outside itself"
REFUSED_SVGS = {
    "a script element": (_svg("<script>alert(1)</script>"), SCRIPT_MESSAGE),
    "a script in another namespace": (_svg('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'),
                                      SCRIPT_MESSAGE),
    "an onload handler": (_svg("<rect/>", ' onload="alert(1)"'), SCRIPT_MESSAGE),
    "an onclick on a shape": (_svg('<rect width="5" height="5" onclick="alert(1)"/>'), SCRIPT_MESSAGE),
    "an animation that rewrites a link": (_svg('<set attributeName="href" to="javascript:alert(1)"/>'), SCRIPT_MESSAGE),
    "a foreignObject": (_svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>'),
                        OUTSIDE_MESSAGE),
    "an outside image": (_svg('<image href="https://example.com/x.png" width="5" height="5"/>'), OUTSIDE_MESSAGE),
    "a link to a web page": (_svg('<a href="https://example.com"><rect/></a>'), OUTSIDE_MESSAGE),
    "a use of another file": (_svg('<use xlink:href="https://example.com/sprite.svg#a"/>'), OUTSIDE_MESSAGE),
    "a javascript use": (_svg('<use href="javascript:alert(1)"/>'), OUTSIDE_MESSAGE),
    "an outside fill": (_svg('<rect fill="url(https://example.com/p.svg#x)"/>'), OUTSIDE_MESSAGE),
    "an outside style": (_svg('<rect style="fill: url(//example.com/p#x)"/>'), OUTSIDE_MESSAGE),
    "an import in a style element": (_svg('<style>@import url(https://example.com/a.css);</style>'),
                                     OUTSIDE_MESSAGE),
    "a document type with an entity": (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "boom">]>'
                                       b'<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>', OUTSIDE_MESSAGE),
    "an external entity": (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                           b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>', OUTSIDE_MESSAGE),
    "an unknown part": (_svg("<marquee/>"), "uses a part we cannot check (marquee)"),
}


@pytest.mark.parametrize("data, message", REFUSED_SVGS.values(), ids=REFUSED_SVGS.keys())
def test_an_svg_that_could_run_or_reach_out_is_refused_plainly(data, message):
    with pytest.raises(logos.LogoError, match=re.escape(message)):
        logos.clean_logo(data)


def test_a_logo_that_is_not_a_png_or_svg_is_refused_plainly():
    jpeg = io.BytesIO()
    Image.new("RGB", (10, 10)).save(jpeg, format="JPEG")
    for data in (jpeg.getvalue(), b"GIF89a" + b"\0" * 40, b"just some text", b"<html><body>hi</body></html>",
                 b"<svg but it is not xml", logos.PNG_MAGIC + b"not really a png"):
        with pytest.raises(logos.LogoError, match="not a PNG or SVG picture we can use"):
            logos.clean_logo(data)


def test_a_huge_logo_is_refused_plainly():
    with pytest.raises(logos.LogoError, match="too big. Choose a PNG under 2 MB"):
        logos.clean_logo(logos.PNG_MAGIC + b"\0" * (logos.MAX_PNG_BYTES + 1))
    with pytest.raises(logos.LogoError, match="too big. Choose an SVG under 256 KB"):
        logos.clean_logo(_svg("<rect/>" * 40_000))
    with pytest.raises(logos.LogoError, match="too complicated"):
        logos.clean_logo(_svg("<g/>" * (logos.MAX_SVG_ELEMENTS + 1)))
    bomb = io.BytesIO()
    Image.new("1", (6000, 4000)).save(bomb, format="PNG")  # 24 megapixels in a few kilobytes
    assert len(bomb.getvalue()) < logos.MAX_PNG_BYTES
    with pytest.raises(logos.LogoError, match="too many pixels"):
        logos.clean_logo(bomb.getvalue())


# --- the administrator's page ------------------------------------------------------------------------

@pytest.fixture
def admin_client(client, make_user):
    admin = make_user(Role.ADMIN)
    client.login(admin)
    client.user = admin
    return client


def _upload(client, data: bytes, filename: str, **fields):
    form = {"service_name": fields.get("service_name", SERVICE), "contact": fields.get("contact", CONTACT),
            "logo": (io.BytesIO(data), filename)}
    if fields.get("remove_logo"):
        form["remove_logo"] = "y"
    return client.submit("/admin/branding", form, content_type="multipart/form-data")


def test_an_administrator_sets_the_name_logo_and_contact_and_each_change_is_audited(admin_client, db):
    response = _upload(admin_client, _png(), "logo.png")
    assert response.status_code == 302, response.get_data(as_text=True)
    saved = branding.branding(session=db)
    assert (saved.service_name, saved.contact, saved.logo_mime) == (SERVICE, CONTACT, "image/png")
    served = admin_client.get("/branding/logo")
    assert served.status_code == 200 and served.mimetype == "image/png" and served.data == saved.logo_bytes
    page = admin_client.get("/admin/branding").get_data(as_text=True)
    assert 'src="/branding/logo"' in page and SERVICE.replace("'", "&#39;") in page
    details = db.exec(select(AuditEvent.detail).where(AuditEvent.entity_type == "site_setting",
                                                      AuditEvent.user_id == admin_client.user.id)).all()
    assert {branding.NAME_KEY, branding.CONTACT_KEY} <= set(details)
    assert any(detail.startswith(f"{branding.LOGO_KEY}: image/png") for detail in details)
    # removing the logo is a change of its own, audited; the words stay
    assert _upload(admin_client, b"", "", remove_logo=True).status_code == 302
    assert not branding.branding(session=db).has_logo and admin_client.get("/branding/logo").status_code == 404
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "delete", AuditEvent.detail == branding.LOGO_KEY)).one()


def test_an_svg_logo_is_served_cleaned(admin_client, db):
    assert _upload(admin_client, PLAIN_SVG, "logo.svg").status_code == 302
    served = admin_client.get("/branding/logo")
    assert served.mimetype == "image/svg+xml" and b"<rect" in served.data and b"inkscape" not in served.data
    assert "script-src 'self'" in served.headers["Content-Security-Policy"]


@pytest.mark.parametrize("data, filename, message", [
    (_svg("<script>alert(1)</script>"), "logo.svg", SCRIPT_MESSAGE),
    (b"%PDF-1.4 not a picture", "logo.png", "not a PNG or SVG picture we can use"),
    (logos.PNG_MAGIC + b"\0" * (logos.MAX_PNG_BYTES + 1), "logo.png", "too big"),
])
def test_a_refused_logo_saves_nothing_and_says_why_plainly(admin_client, db, data, filename, message):
    response = _upload(admin_client, data, filename, service_name="A new name")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page
    assert "Traceback" not in page and 'value="A new name"' in page  # the words typed are kept on the page
    assert db.exec(select(SiteSetting)).all() == []


def test_only_an_administrator_can_change_the_branding(client, make_user, db):
    client.login(make_user(Role.MANAGER))
    assert client.get("/admin/branding").status_code == 403
    response = client.post("/admin/branding", data={"csrf_token": client.token("/account"), "service_name": "Mine"})
    assert response.status_code == 403 and db.exec(select(SiteSetting)).all() == []


def test_the_logo_is_only_for_signed_in_people(client, db, make_user):
    branding.set_logo(session=db, actor=make_user(Role.ADMIN), data=_png())
    db.commit()
    response = client.get("/branding/logo")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    client.login(make_user(Role.PRACTITIONER))
    assert client.get("/branding/logo").status_code == 200


# --- letters and the summary show them -------------------------------------------------------------

def _brand(db, family, make_user, logo=None):
    admin = make_user(Role.ADMIN)
    branding.set_words(session=db, actor=admin, service_name=SERVICE, contact=CONTACT)
    branding.set_logo(session=db, actor=admin, data=logo or _png())
    worker = family["worker"]
    worker.contact_phone, worker.contact_email = "01234 111222", "priya.test@council.example"
    db.add(worker)
    db.commit()


def test_a_letter_shows_the_service_and_how_to_reach_the_worker_on_its_page_print_and_pdf(
        worker_client, db, family, make_user):
    _brand(db, family, make_user)
    _answer_all(worker_client, family)
    letter = _start_letter(worker_client, db, family)
    reach = "You can call Priya Test on 01234 111222 or email priya.test@council.example."
    for url in (f"/letters/{letter.id}/read", f"/letters/{letter.id}/print"):
        article = _article(worker_client.get(url).get_data(as_text=True))
        text = _text(article)
        assert SERVICE in text and CONTACT in text and reach in text, url
        assert 'src="/branding/logo"' in article, url
        assert text.index(SERVICE) < text.index("Dear Sam") < text.index(reach) < text.index(CONTACT), url
    reader = PdfReader(io.BytesIO(worker_client.get(f"/letters/{letter.id}/letter.pdf").data))
    words = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert SERVICE in words and CONTACT in words and reach in words
    assert reader.pages[0].images, "the logo is drawn on the first page"


def test_a_letter_reads_how_to_reach_the_worker_aloud_and_in_welsh(worker_client, db, family, make_user):
    _brand(db, family, make_user)
    _answer_all(worker_client, family)
    letter = _start_letter(worker_client, db, family, language="cy")
    text = _text(_article(worker_client.get(f"/letters/{letter.id}/read").get_data(as_text=True)))
    assert "Gallwch ffonio Priya Test ar 01234 111222 neu e-bostio priya.test@council.example." in text
    page = worker_client.get(f"/letters/{letter.id}/read").get_data(as_text=True)
    assert "data-letter-reach" in page and "01234 111222" in re.search(r'data-letter-reach.*?</p>', page, re.S).group(0)


def test_a_letter_without_branding_or_contact_shows_neither(worker_client, db, family):
    _answer_all(worker_client, family)
    letter = _start_letter(worker_client, db, family)
    page = worker_client.get(f"/letters/{letter.id}/print").get_data(as_text=True)
    assert "data-letter-brand" not in page and "data-letter-reach" not in page and "data-letter-contact" not in page


def test_an_svg_logo_is_drawn_in_the_letters_pdf(worker_client, db, family, make_user):
    _brand(db, family, make_user, logo=PLAIN_SVG)
    _answer_all(worker_client, family)
    letter = _start_letter(worker_client, db, family)
    response = worker_client.get(f"/letters/{letter.id}/letter.pdf")
    assert response.status_code == 200
    assert SERVICE in PdfReader(io.BytesIO(response.data)).pages[0].extract_text()


def test_the_views_summary_shows_the_service_and_the_worker_on_its_page_and_pdf(worker_client, db, family, make_user):
    _brand(db, family, make_user)
    plan = family["plan"]
    page = worker_client.get(f"/plans/{plan.id}/summary").get_data(as_text=True)
    text = _text(page)
    assert 'src="/branding/logo"' in page and SERVICE in text and CONTACT in text
    assert "Allocated worker: Priya Test" in text and "Phone: 01234 111222" in text
    assert "Email: priya.test@council.example" in text
    reader = PdfReader(io.BytesIO(worker_client.get(f"/plans/{plan.id}/summary.pdf").data))
    words = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert SERVICE in words and CONTACT in words and "Phone: 01234 111222" in words
    assert reader.pages[0].images, "the logo is drawn at the top of the summary"


# --- the worker's own contact ----------------------------------------------------------------------

def test_a_worker_sets_how_families_reach_them_and_a_bad_phone_is_refused_plainly(logged_in, db):
    response = logged_in.submit("/account", {"locale": "", "contact_phone": "phone me maybe",
                                             "contact_email": "not-an-email"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Enter a phone number using digits" in page
    assert "Enter an email address like name@example.org." in page and 'value="phone me maybe"' in page
    db.refresh(logged_in.user)
    assert (logged_in.user.contact_phone, logged_in.user.contact_email) == ("", "")
    response = logged_in.submit("/account", {"locale": "", "contact_phone": " +44 (0)1234 567-890 ",
                                             "contact_email": "me@council.example"})
    assert response.status_code == 302
    db.refresh(logged_in.user)
    assert (logged_in.user.contact_phone, logged_in.user.contact_email) == ("+44 (0)1234 567-890", "me@council.example")
    assert db.exec(select(AuditEvent).where(AuditEvent.entity_type == "user", AuditEvent.detail == "account settings")).one()
