"""The letter's print layout and the administrator's branding page in Chromium: axe-core finds no WCAG 2.2 A/AA
violations in English and Welsh (and the print layout of an Arabic letter), the print button is wired by its
script file, and the service's logo, name and contact line appear on the letter."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlmodel import Session, select
from test_accessibility import AXE_OPTIONS, _describe

from helpers import sign_in
from voice_capture.branding import services as branding
from voice_capture.feedback import lifecycle, responses
from voice_capture.models import Child, Plan, PlanItem, Respondent, User, View

pytestmark = pytest.mark.browser

LOCALES = ["en-GB", "cy-GB"]
SERVICE = "Gwasanaethau Plant Glan yr Afon / Riverside Children's Services"
LOGO = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40" width="120" height="40">'
        b'<rect width="120" height="40" fill="#1d4e89"/><text x="8" y="26" fill="#fff">Riverside</text></svg>')


@pytest.fixture(scope="module")
def printed(live_server) -> dict:
    """Letters for Amira (English), her mum Layla (Arabic) and Elis (Welsh) on plans of their own, with the
    service's name, logo and contact line set, and Priya's phone number."""
    with live_server.app.app_context(), Session(live_server.app.extensions["vc_engine"]) as session:
        priya = session.exec(select(User).where(User.email == "priya@example.org")).one()
        admin = session.exec(select(User).where(User.email == "admin@example.org")).one()
        branding.set_words(session=session, actor=admin, service_name=SERVICE, contact="Call 01234 567890, 9am to 5pm.")
        branding.set_logo(session=session, actor=admin, data=LOGO)
        priya.contact_phone = "01234 111222"
        session.add(priya)
        found = {}
        for given_name, people in (("Amira", {"Amira": "en", "Layla": "ar"}), ("Elis", {"Elis": "cy"})):
            child = session.exec(select(Child).where(Child.given_name == given_name)).one()
            plan = Plan(child_id=child.id, plan_type="care_plan", start_date=child.date_of_birth, status="active")
            session.add(plan)
            session.flush()
            item = PlanItem(plan_id=plan.id, position=1, text="Time with friends after school.")
            session.add(item)
            session.flush()
            for name, language in people.items():
                respondent = session.exec(select(Respondent).where(Respondent.child_id == child.id,
                                                                   Respondent.preferred_name == name)).one()
                view = View(respondent_id=respondent.id, plan_id=plan.id, plan_item_id=item.id,
                            shown_text="How do you feel about this?", entered_how="tapped", entered_by_id=priya.id,
                            chosen=[{"key": "happy", "label": "Happy", "symbol": "happy"}])
                session.add(view)
                session.flush()
                words = {"en": "You see your friends on Fridays now.", "ar": "ترى أصدقاءك أيام الجمعة الآن.",
                         "cy": "Rwyt ti'n gweld dy ffrindiau bob dydd Gwener nawr."}[language]
                responses.record_response(session=session, actor=priya, plan=plan, views=[view], outcome="done",
                                          plain_words=words)
                found[name] = lifecycle.start_letter(session=session, actor=priya, plan=plan, respondent=respondent,
                                                     language=language).id
        session.commit()
    return found


def _checked(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response.status == 200, url
    return _describe(url, Axe().run(page, options=AXE_OPTIONS))


@pytest.mark.parametrize("locale", LOCALES)
def test_the_print_layouts_and_the_branding_page_have_no_axe_violations(browser, live_server, printed, locale):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    foreign: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(live_server.url) or r.url.startswith("data:")
            else foreign.append(r.url))
    sign_in(page, live_server.url, "priya@example.org")
    problems = []
    for name in ("Amira", "Layla", "Elis"):
        problems += _checked(page, f"{live_server.url}/letters/{printed[name]}/print")
        expect(page.locator("[data-print-letter]")).to_be_visible()
        expect(page.locator("h1")).to_have_count(1)
        expect(page.locator("[data-print-tools]")).to_have_attribute("lang", locale[:2])
    expect(page.locator("html")).to_have_attribute("lang", "cy")  # the letter's own language
    context.close()
    context = browser.new_context(locale=locale)
    page = context.new_page()
    sign_in(page, live_server.url, "admin@example.org")
    problems += _checked(page, f"{live_server.url}/admin/branding")
    page.set_input_files("#logo", files=[{"name": "logo.svg", "mimeType": "image/svg+xml",
                                          "buffer": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'}])
    page.click("main form button[type=submit]")
    expect(page.locator("[data-error-summary]")).to_be_visible()
    problems += _describe("/admin/branding (with errors)", Axe().run(page, options=AXE_OPTIONS))
    context.close()
    assert not problems, "\n".join(problems)
    assert not foreign, f"requests to other hosts: {foreign}"


def test_the_print_button_prints_and_the_back_link_returns_to_the_letter(browser, live_server, printed):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    # window.print opens a dialog a headless browser cannot show: note that it was asked for instead
    page.add_init_script("window.print = () => { document.documentElement.dataset.printed = 'yes'; };")
    sign_in(page, live_server.url, "priya@example.org")
    page.goto(f"{live_server.url}/letters/{printed['Layla']}/print")
    letter = page.locator("[data-letter]")
    expect(letter.locator("[data-letter-brand]")).to_contain_text("Riverside Children's Services")
    expect(letter.locator("img.letter__logo")).to_have_js_property("complete", True)
    page.wait_for_function("document.querySelector('img.letter__logo').naturalWidth > 0")
    expect(letter.locator("[data-letter-contact]")).to_have_text("Call 01234 567890, 9am to 5pm.")
    expect(letter.locator("[data-letter-reach]")).to_contain_text("01234 111222")
    page.click("[data-print-letter]")
    expect(page.locator("html")).to_have_attribute("data-printed", "yes")
    page.click("text=Back to the letter's details")
    page.wait_for_url(f"{live_server.url}/letters/{printed['Layla']}")
    context.close()
