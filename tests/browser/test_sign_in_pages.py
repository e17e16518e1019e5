"""Signing in in Chromium: setting up and typing a code, recovery codes, and single sign-on through a real local
OpenID Connect provider (its answer arrives from another site, so the SameSite=Strict session must still hold),
with axe-core on every new page in English and Welsh."""
from __future__ import annotations

import threading

import pyotp
import pytest
from axe_playwright_python.sync_playwright import Axe
from oidc_provider_mock import run_server_in_thread
from playwright.sync_api import expect
from sqlmodel import Session
from test_accessibility import AXE_OPTIONS, LOCALES, _describe
from werkzeug.serving import make_server

from helpers import fresh_database, make_config
from voice_capture import create_app
from voice_capture.auth.passwords import hash_password
from voice_capture.demo import DEMO_PASSWORD
from voice_capture.demo import seed as seed_demo
from voice_capture.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning")]
LOCAL = ("http://127.0.0.1", "http://localhost", "data:")


def _keep_local(page) -> None:
    """The test provider's own pages ask a CDN for a stylesheet: nothing leaves this machine."""
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(LOCAL) else route.abort())


def _new_admin(app, email: str) -> None:
    with Session(app.extensions["vc_engine"]) as session:
        session.add(User(email=email, display_name="New Admin", password_hash=hash_password(DEMO_PASSWORD),
                         role=Role.ADMIN.value))
        session.commit()


def _password(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.click("main button[type=submit]")


@pytest.mark.parametrize("locale", LOCALES)
def test_an_administrator_sets_up_codes_and_signs_in_with_them(browser, live_server, locale):
    email = f"new-admin-{locale.lower()}@example.org"
    _new_admin(live_server.app, email)
    context = browser.new_context(locale=locale)
    page = context.new_page()
    foreign: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(live_server.url) else foreign.append(r.url))
    axe, problems = Axe(), []

    _password(page, live_server.url, email)
    page.wait_for_url("**/login/enrol")
    expect(page.locator("figure.qr-code svg")).to_be_visible()
    problems += _describe("/login/enrol", axe.run(page, options=AXE_OPTIONS))
    page.fill("#code", "abcdef")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    problems += _describe("/login/enrol (with errors)", axe.run(page, options=AXE_OPTIONS))
    secret = page.locator("code.secret").inner_text().replace(" ", "")
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("main button[type=submit]")
    expect(page.locator("ul.recovery-codes li")).to_have_count(10)
    problems += _describe("recovery codes", axe.run(page, options=AXE_OPTIONS))
    recovery = page.locator("ul.recovery-codes li code").first.inner_text()
    page.click("main a.button")
    page.wait_for_url("**/admin/users")

    page.click("form.signout button")
    page.wait_for_url("**/login")
    _password(page, live_server.url, email)
    page.wait_for_url("**/login/code")
    problems += _describe("/login/code", axe.run(page, options=AXE_OPTIONS))
    page.fill("#code", "12345678")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    problems += _describe("/login/code (with errors)", axe.run(page, options=AXE_OPTIONS))
    page.fill("#code", recovery)
    page.click("main button[type=submit]")
    page.wait_for_url("**/admin/users")
    context.close()
    assert not problems, "\n".join(problems)
    assert not foreign, f"requests to other hosts: {foreign}"


@pytest.fixture(scope="module")
def sso_server(backend, pg_cluster, template_database, tmp_path_factory, speech_cache):
    """The demo on a live server whose staff may also sign in through a real local OpenID Connect provider."""
    with run_server_in_thread(require_nonce=True) as provider, \
            fresh_database(backend, pg_cluster, template_database, tmp_path_factory.mktemp("sso")) as url:
        app = create_app(make_config(url, SPEECH_CACHE_DIR=str(speech_cache),
                                     OIDC_ISSUER=f"http://localhost:{provider.server_port}",
                                     OIDC_CLIENT_ID="voice-capture", OIDC_CLIENT_SECRET="any"))
        with Session(app.extensions["vc_engine"]) as session:
            seed_demo(session)
            session.commit()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        server.url = f"http://127.0.0.1:{server.server_port}"
        yield server
        server.shutdown()
        thread.join(timeout=10)
        app.extensions["vc_engine"].dispose()


def _at_provider(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/login")
    page.click("text=" + page.locator("main a.button--secondary").inner_text())
    page.wait_for_url(lambda url: url.startswith("http://localhost"))
    page.fill("input[name=sub]", email)
    page.click("button[type=submit]:not([name])")


@pytest.mark.parametrize("locale", LOCALES)
def test_single_sign_on_in_chromium(browser, sso_server, locale):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    _keep_local(page)
    axe, problems = Axe(), []
    page.goto(f"{sso_server.url}/login")
    problems += _describe("/login with single sign-on", axe.run(page, options=AXE_OPTIONS))

    _at_provider(page, sso_server.url, "priya@example.org")
    page.wait_for_url(f"{sso_server.url}/")  # through our own page, so the Strict session cookie is sent
    expect(page.locator("form.signout")).to_be_visible()
    page.click("form.signout button")
    page.wait_for_url(lambda url: "/oauth2/end_session" in url)  # the provider signs them out too
    page.click("button[type=submit]")
    page.wait_for_url(f"{sso_server.url}/login")
    page.goto(f"{sso_server.url}/")
    page.wait_for_url(lambda url: url.startswith(f"{sso_server.url}/login"))  # signed out here too

    _at_provider(page, sso_server.url, "stranger@example.org")
    expect(page.locator("main [role=alert]")).to_contain_text("stranger@example.org")
    problems += _describe("single sign-on refused", axe.run(page, options=AXE_OPTIONS))
    context.close()
    assert not problems, "\n".join(problems)
