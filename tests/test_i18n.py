"""Translation: catalogs current with the code, Welsh complete, and the page's language right."""
import re

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

from voice_capture.i18n import text_direction
from voice_capture.translations import TRANSLATIONS, extract

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _ids(path):
    with open(path, "rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def test_message_template_is_current_with_the_code(tmp_path):
    fresh = tmp_path / "fresh.pot"
    extract(fresh)
    current = _ids(TRANSLATIONS / "messages.pot")
    new = _ids(fresh)
    assert new - current == set(), "strings missing from messages.pot: run python -m voice_capture.translations update"
    assert current - new == set(), "stale strings in messages.pot: run python -m voice_capture.translations update"


def test_welsh_has_every_message_translated_with_the_same_placeholders():
    with open(TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    assert {m.id for m in catalog if m.id} == _ids(TRANSLATIONS / "messages.pot")
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            problems.append(f"untranslated or fuzzy: {ids[0]!r}")
        elif any(set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(ids[-1])) for text in strings):
            problems.append(f"placeholders differ: {ids[0]!r}")
    assert not problems, "\n".join(problems)


def test_pages_follow_the_browser_language(client):
    page = client.get("/login", headers={"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="cy" dir="ltr">' in page
    assert "Mewngofnodi" in page
    page = client.get("/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page and "Sign in" in page


def test_the_users_setting_wins_over_the_browser(logged_in):
    response = logged_in.submit("/account", {"locale": "cy", "current_password": "", "new_password": "",
                                             "confirm_password": ""})
    assert response.status_code == 302
    page = logged_in.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="cy"' in page and "Dangosfwrdd" in page


def test_form_errors_are_translated(client):
    page = client.submit("/login", {"email": "", "password": ""},
                         headers={"Accept-Language": "cy"}).get_data(as_text=True)
    assert "Enter your email address." not in page
    assert 'lang="cy"' in page


@pytest.mark.parametrize("code, direction", [("en", "ltr"), ("cy", "ltr"), ("ar", "rtl"), ("ur", "rtl")])
def test_text_direction_follows_the_locale(app, code, direction):
    with app.test_request_context("/"), force_locale(code):
        assert text_direction() == direction
