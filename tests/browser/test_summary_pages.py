"""The views summary and the sharing form in Chromium: axe-core finds nothing in English or Welsh, nothing is
asked of another host, and sharing can be recorded with the keyboard alone."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlmodel import Session, select
from test_accessibility import AXE_OPTIONS, _describe

from helpers import sign_in
from voice_capture.models import (
    Child,
    Plan,
    PlanAgency,
    PlanItem,
    Respondent,
    Response,
    ResponseView,
    SummaryShare,
    User,
    View,
)

pytestmark = pytest.mark.browser

WORKER = "tom@example.org"  # Amira's social worker


@pytest.fixture(scope="module")
def amira(live_server) -> dict:
    """Views of every kind, a response and one sharing on Amira's child protection plan."""
    with Session(live_server.app.extensions["vc_engine"], expire_on_commit=False) as session:
        child = session.exec(select(Child).where(Child.given_name == "Amira")).one()
        plans = session.exec(select(Plan).where(Plan.child_id == child.id).order_by(Plan.id)).all()
        protection, ehcp = plans[0], plans[1]
        item = session.exec(select(PlanItem).where(PlanItem.plan_id == protection.id)
                            .order_by(PlanItem.position)).first()
        people = {r.preferred_name: r for r in session.exec(select(Respondent)
                                                            .where(Respondent.child_id == child.id)).all()}
        tom = session.exec(select(User).where(User.email == WORKER)).one()
        views = [
            View(respondent_id=people["Amira"].id, plan_id=protection.id, plan_item_id=item.id,
                 shown_text="People help Amira move safely.", entered_how="dwell", entered_by_id=tom.id,
                 chosen=[{"key": "scared", "label": "Scared", "symbol": None}]),
            View(respondent_id=people["Amira"].id, plan_id=protection.id, plan_item_id=item.id, shown_text="",
                 said_text="Amira smiled when her mum used the hoist.", entered_how="observed", entered_by_id=tom.id),
            View(respondent_id=people["Yusuf"].id, plan_id=protection.id, plan_item_id=None,
                 shown_text="What is it like at home?", entered_how="on_behalf", entered_by_id=tom.id,
                 chosen=[{"key": "happy", "label": "Happy", "symbol": None}]),
        ]
        session.add_all(views)
        session.flush()
        response = Response(plan_id=protection.id, plan_item_id=item.id, outcome="done", written_by_id=tom.id,
                            plain_words="A second carer now helps with the hoist every morning.")
        session.add(response)
        session.flush()
        session.add(ResponseView(response_id=response.id, view_id=views[0].id))
        gp = session.exec(select(PlanAgency).where(PlanAgency.plan_id == protection.id,
                                                   PlanAgency.kind == "gp")).one()
        session.add(SummaryShare(plan_id=protection.id, agency_id=gp.id, shared_on=date.today() - timedelta(days=1),
                                 how="Secure email", recorded_by_id=tom.id))
        session.commit()
        return {"plan": protection.id, "ehcp": ehcp.id}


@pytest.mark.parametrize("locale", ["en-GB", "cy-GB"])
def test_the_summary_pages_have_no_axe_violations(browser, live_server, amira, locale):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    foreign: list[str] = []
    page.on("request", lambda request: None if request.url.startswith((live_server.url, "data:"))
            else foreign.append(request.url))
    sign_in(page, live_server.url, WORKER)
    axe = Axe()
    problems = []
    plan = amira["plan"]
    for path in (f"/plans/{plan}/summary", f"/plans/{plan}", f"/plans/{plan}/summary/shared"):
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == locale[:2]
        problems += _describe(path, axe.run(page, options=AXE_OPTIONS))
    # The sharing form with its errors showing.
    page.goto(f"{live_server.url}/plans/{plan}/summary/shared")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    problems += _describe("sharing form (with errors)", axe.run(page, options=AXE_OPTIONS))
    context.close()
    assert not problems, "\n".join(problems)
    assert not foreign, f"requests to other hosts: {foreign}"


def test_the_summary_marks_whose_words_each_view_is(browser, live_server, amira):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    sign_in(page, live_server.url, WORKER)
    page.goto(f"{live_server.url}/plans/{amira['plan']}/summary")
    rows = page.locator(".summary-table tbody tr")
    # Other browser tests hold conversations with Amira too: find this fixture's rows by their words.
    own = rows.filter(has_text="Chose: Scared")
    expect(own).to_contain_text("Amira Hassan (The child)")
    expect(own).to_contain_text("Their own answer: chosen by them by pointing.")
    expect(own).to_contain_text("A second carer now helps with the hoist every morning.")
    expect(rows.filter(has_text="Amira smiled when her mum used the hoist.")).to_contain_text(
        "Not their words: what Tom Evans noticed.")
    yusuf = rows.filter(has_text="What is it like at home?")
    expect(yusuf).to_contain_text("Yusuf Hassan (Brother or sister)")
    expect(yusuf).to_contain_text("Chosen for them by Tom Evans, on their behalf.")
    context.close()


def test_sharing_is_recorded_with_the_keyboard_and_shown_on_the_plan(browser, live_server, amira):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    sign_in(page, live_server.url, WORKER)
    page.goto(f"{live_server.url}/plans/{amira['ehcp']}")
    panel = page.locator("section[aria-labelledby=summary-title]")
    expect(panel).to_contain_text("Not yet received")
    panel.get_by_role("link", name="Record who you shared the summary with").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/summary/shared")
    page.locator("#agency_id").focus()
    page.keyboard.press("ArrowDown")
    page.fill("#shared_on", date.today().isoformat())
    page.fill("#how", "Given out at the EHCP review")
    page.locator("#how").press("Enter")
    page.wait_for_url(f"**/plans/{amira['ehcp']}#summary-title")
    expect(page.locator(".flash--success")).to_contain_text("Oak Tree Special School")
    expect(panel).to_contain_text("Every agency on this plan has received the summary.")
    expect(panel).to_contain_text("Given out at the EHCP review")
    context.close()
