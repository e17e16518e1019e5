"""Every page, in English and Welsh, checked by axe-core in Chromium: WCAG 2.2 A and AA, zero
violations. Pages showing form errors, 403 and 404 are checked too, and no page may ask another
host for anything."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlmodel import Session, select

from helpers import sign_in
from voice_capture.models import Child, Plan, PlanAgency, PlanItem, Relationship, Respondent, User

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
LOCALES = ["en-GB", "cy-GB"]

PAGES = {
    None: ["/login"],
    "priya@example.org": [
        "/", "/account", "/children/new", "/children/{ollie}", "/children/{ollie}/edit",
        "/children/{ollie}/profile", "/children/{ollie}/family/new", "/children/{ollie}/family/{claire}/edit",
        "/children/{ollie}/plans/new", "/plans/{plan}", "/plans/{plan}/edit", "/plans/{plan}/items/new",
        "/plans/{plan}/items/{item}/edit", "/plans/{plan}/agencies/new", "/plans/{plan}/agencies/{agency}/edit",
        "/children/{lily}", "/no-such-page",
    ],
    "manager@example.org": ["/", "/children/{ollie}", "/children/{ollie}/audit"],
    "jordan@example.org": ["/", "/children/{ollie}", "/children/{ollie}/profile"],
    "admin@example.org": ["/admin/users", "/admin/users/new", "/admin/users/{admin}/edit", "/admin/teams"],
}
# Forms sent empty, so that the page shows its error summary and field errors.
ERROR_STATES = {
    "priya@example.org": ["/children/new", "/children/{ollie}/plans/new", "/plans/{plan}/items/new",
                          "/plans/{plan}/agencies/new", "/children/{ollie}/family/new"],
    "admin@example.org": ["/admin/users/new"],
}


@pytest.fixture(scope="module")
def ids(live_server) -> dict:
    with Session(live_server.app.extensions["vc_engine"]) as session:
        ollie = session.exec(select(Child).where(Child.given_name == "Oliver")).one()
        lily = session.exec(select(Child).where(Child.given_name == "Lily")).one()
        plan = session.exec(select(Plan).where(Plan.child_id == ollie.id)).first()
        return {
            "ollie": ollie.id, "lily": lily.id, "plan": plan.id,
            "item": session.exec(select(PlanItem.id).where(PlanItem.plan_id == plan.id)).first(),
            "agency": session.exec(select(PlanAgency.id).where(PlanAgency.plan_id == plan.id)).first(),
            "claire": session.exec(select(Respondent.id).where(Respondent.child_id == ollie.id,
                                                             Respondent.relationship == Relationship.PARENT.value)).one(),
            "admin": session.exec(select(User.id).where(User.email == "admin@example.org")).one(),
        }


def _describe(url: str, results) -> list[str]:
    lines = []
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        lines.append(f"{url}: {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return lines


def _watch_hosts(page, base_url: str, foreign: list[str]) -> None:
    page.on("request", lambda request: None if request.url.startswith(base_url) or request.url.startswith("data:")
            else foreign.append(request.url))


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("email", list(PAGES), ids=lambda e: e or "signed-out")
def test_every_page_has_no_axe_violations(browser, live_server, ids, email, locale):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    foreign: list[str] = []
    _watch_hosts(page, live_server.url, foreign)
    axe = Axe()
    if email:
        sign_in(page, live_server.url, email)
    problems = []
    for template in PAGES[email]:
        url = live_server.url + template.format(**ids)
        page.goto(url)
        expected_lang = locale[:2]
        assert page.locator("html").get_attribute("lang") == expected_lang, url
        problems += _describe(url, axe.run(page, options=AXE_OPTIONS))
    for template in ERROR_STATES.get(email, []):
        url = live_server.url + template.format(**ids)
        page.goto(url)
        page.evaluate("document.querySelectorAll('form[novalidate] input:not([type=hidden]):not([type=checkbox]), "
                      "form[novalidate] textarea').forEach(e => e.value = '')")
        page.click("main button[type=submit]")
        page.wait_for_selector("[data-error-summary]")
        problems += _describe(url + " (with errors)", axe.run(page, options=AXE_OPTIONS))
    context.close()
    assert not problems, "\n".join(problems)
    assert not foreign, f"requests to other hosts: {foreign}"


def test_error_summary_takes_focus_and_links_to_the_field(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/login")
    page.click("main button[type=submit]")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    page.click("[data-error-summary] a[href='#email']")
    expect(page.locator("#email")).to_be_focused()
    described = page.get_attribute("#email", "aria-describedby")
    assert "email-error" in described and page.get_attribute("#email", "aria-invalid") == "true"
    context.close()


def test_the_login_and_dashboard_work_by_keyboard_alone(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Tab")  # the brand link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "email"
    page.keyboard.type("priya@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-password-2026")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text().startswith("Hello")
    context.close()


def test_the_checker_itself_finds_violations(browser, live_server):
    """Guards against a silently broken axe run: a page with known faults must fail."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/login")
    page.evaluate("""() => {
        document.querySelector('label[for=email]').remove();
        document.querySelector('html').removeAttribute('lang');
    }""")
    ids = {v["id"] for v in Axe().run(page, options=AXE_OPTIONS).response["violations"]}
    context.close()
    assert {"label", "html-has-lang"} <= ids
