"""Headers on every response, CSRF on every form, and no inline or third-party script anywhere."""
import re
from pathlib import Path

import pytest
from sqlmodel import select

from voice_capture.models import Team

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))


def _assert_strict_headers(response):
    csp = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "object-src 'none'", "frame-ancestors 'none'",
                      "script-src 'self'", "style-src 'self'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("url", ["/login", "/healthz", "/no-such-page", "/children/1", "/static/no-such-file.css"])
def test_every_response_has_the_strict_headers(client, url):
    _assert_strict_headers(client.get(url))


@pytest.mark.parametrize("url", ["/static/css/app.css", "/favicon.ico"])
def test_a_file_that_is_not_a_page_carries_a_policy_that_lets_nothing_run(client, url):
    """A script, style sheet or picture is governed by its page's policy; opened alone, nothing in it runs."""
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_with_children_data_are_never_cached(logged_in, make_child):
    child = make_child(team=None)
    for url in ("/", f"/children/{child.id}"):
        response = logged_in.get(url)
        assert response.headers["Cache-Control"] == "no-store"
        _assert_strict_headers(response)


def test_error_pages_have_the_headers_too(logged_in):
    response = logged_in.get("/children/999999")
    assert response.status_code == 404
    _assert_strict_headers(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_a_form_without_its_csrf_token_is_refused_and_saves_nothing(client, make_user, db):
    from voice_capture.models import Role

    admin = make_user(Role.ADMIN)
    client.login(admin)
    response = client.post("/admin/teams", data={"name": "Sneaky team"})
    assert response.status_code == 400
    assert "This form had expired" in response.get_data(as_text=True)
    assert db.exec(select(Team).where(Team.name == "Sneaky team")).first() is None


def test_login_form_needs_csrf_too(client, social_worker):
    response = client.post("/login", data={"email": social_worker.email, "password": "x"})
    assert response.status_code == 400


def test_logout_needs_csrf(logged_in):
    assert logged_in.post("/logout").status_code == 400
    assert logged_in.get("/").status_code == 200


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_inline_script_style_or_handlers_in_templates(template):
    source = template.read_text()
    for script in re.findall(r"<script\b[^>]*>", source, flags=re.I):
        assert "src=" in script, f"inline script in {template}"
    assert not re.search(r"<style\b", source, flags=re.I), "inline <style> block"
    assert not re.search(r"\sstyle\s*=", source, flags=re.I), "style= attribute"
    assert not re.search(r"\son[a-z]+\s*=", source, flags=re.I), "on...= event handler attribute"
    assert not re.search(r"javascript:", source, flags=re.I)


@pytest.mark.parametrize("path", TEMPLATES + sorted((ROOT / "static").rglob("*.[cj]s*")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_is_loaded_from_another_host(path):
    source = path.read_text()
    assert not re.search(r"""(src|href|url)\s*[=(]\s*["']?(https?:)?//""", source, flags=re.I), path
    assert "@import" not in source


def test_forms_in_templates_carry_a_csrf_token():
    for template in TEMPLATES:
        source = template.read_text()
        for form in re.findall(r"<form\b.*?</form>", source, flags=re.S | re.I):
            if 'method="post"' in form.lower():
                assert "csrf_token" in form, f"POST form without csrf_token in {template}"
