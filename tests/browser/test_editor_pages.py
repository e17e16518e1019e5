"""The script editor in Chromium: a practitioner builds a script that a child then answers on the tablet, and
every editor page has no axe-core violations, in English and Welsh."""
from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlmodel import Session, select
from test_accessibility import AXE_OPTIONS

from helpers import sign_in
from voice_capture.models import (
    CaptureSession,
    Child,
    ConversationScript,
    Plan,
    ScriptStep,
    StepChoice,
    Team,
    User,
    View,
)

pytestmark = pytest.mark.browser
TITLE = "School day talk"  # after "My plan meeting" in the start page's list, so other tests still pick theirs


def _engine(live_server):
    return live_server.app.extensions["vc_engine"]


@pytest.fixture
def tablet(browser, playwright):
    context = browser.new_context(**playwright.devices["iPad (gen 7)"])
    yield context
    context.close()


def visible_step(page):
    page.wait_for_selector("main.talk[data-ready=yes]")
    if page.locator("#ready:not([hidden])").count():  # the page opens on the ready screen: one tap
        page.locator("[data-ready-start]").click()
        page.wait_for_selector("main.talk[data-ready=yes]")
    return page.locator("section.step:not([hidden])")


def find_and_tick(page, word: str, key: str) -> None:
    page.fill("#find", word)
    page.locator("button[name=find_pictures]").click()
    expect(page.locator(".search-status")).to_be_visible()
    page.locator(f"#symbol-{key}").check()


def test_a_script_built_in_the_editor_is_answered_on_the_tablet(tablet, live_server):
    page = tablet.new_page()
    sign_in(page, live_server.url, "priya@example.org")
    page.goto(f"{live_server.url}/scripts")
    page.get_by_role("link", name="Write a new conversation").click()
    page.fill("#title", TITLE)
    page.select_option("#language", "en")
    page.select_option("#audience", "child")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/scripts/\d+$"))
    script_id = int(page.url.rsplit("/", 1)[1])

    # A picture question with two symbols found by searching, and the plain-words hint as they type
    page.get_by_role("link", name="Add a question").click()
    page.fill("#prompt", "Which part of the school day do you like the most?")
    page.locator("#simple_prompt").press_sequentially("What do you like at school?")
    expect(page.locator("#simple_prompt-readability")).not_to_be_empty(timeout=10000)
    page.get_by_label("Choose one picture").check()
    find_and_tick(page, "teach", "teacher")
    find_and_tick(page, "lunch", "lunch")
    expect(page.locator("#symbol-teacher")).to_be_checked()
    expect(page.locator("#prompt")).to_have_value("Which part of the school day do you like the most?")
    page.get_by_role("button", name="Save the question").click()
    page.wait_for_url(f"{live_server.url}/scripts/{script_id}")
    expect(page.locator("#question-1 .answer-list li")).to_have_count(2)

    # A question in their own words
    page.get_by_role("link", name="Add a question").click()
    page.fill("#prompt", "Is there anything else you want to tell us about school?")
    page.fill("#simple_prompt", "Anything else?")
    page.get_by_label("In their own words").check()
    page.get_by_role("button", name="Save the question").click()
    page.wait_for_url(f"{live_server.url}/scripts/{script_id}")
    expect(page.locator("#question-2")).to_contain_text("Anything else?")

    with Session(_engine(live_server)) as session:
        steps = session.exec(select(ScriptStep).where(ScriptStep.script_id == script_id)
                             .order_by(ScriptStep.position)).all()
        assert [s.answer_type for s in steps] == ["one_symbol", "own_words"]
        labels = session.exec(select(StepChoice.symbol_key).where(StepChoice.step_id == steps[0].id)
                              .order_by(StepChoice.position)).all()
        assert labels == ["teacher", "lunch"]
        ollie = session.exec(select(Child).where(Child.given_name == "Oliver")).one()
        plan_id = session.exec(select(Plan.id).where(Plan.child_id == ollie.id)).first()

    # Start it for Ollie from his plan page, and answer by tapping
    page.goto(f"{live_server.url}/plans/{plan_id}")
    page.get_by_role("link", name="Start a conversation").click()
    page.get_by_label(f"Ollie: {TITLE}").check()
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/talk/\d+$"))
    session_id = int(page.url.rsplit("/", 1)[1])
    assert page.locator("main").get_attribute("data-total") == "2"
    step = visible_step(page)
    expect(step).to_contain_text("What do you like at school?")  # Ollie reads simple words
    assert step.get_attribute("data-type") == "one_symbol"
    step.locator(".choices button.choice", has_text="lunch").tap()
    step = visible_step(page)
    expect(step).to_contain_text("Anything else?")
    step.locator("textarea").fill("I like the quiet room at lunch")
    step.locator("button.choice--wide").tap()
    expect(page.locator("#review")).to_be_visible()
    expect(page.locator(".bubble:not(.bubble--waiting) .bubble__saved", has_text="Saved")).to_have_count(
        2, timeout=15000)
    page.locator("[data-finish-form] button").tap()
    expect(page.locator("#thanks")).to_be_visible()

    with Session(_engine(live_server)) as session:
        capture = session.get(CaptureSession, session_id)
        assert capture.script_id == script_id and capture.status == "finished"
        views = session.exec(select(View).where(View.capture_session_id == session_id)
                             .order_by(View.position)).all()
        assert [v.position for v in views] == [1, 2]
        assert [c["label"] for c in views[0].chosen] == ["lunch"] and views[0].step_id == steps[0].id
        assert views[1].said_text == "I like the quiet room at lunch" and views[1].entered_how in {"tapped", "typed"}


@pytest.fixture(scope="module")
def editor_ids(live_server) -> dict:
    """A Riverside script with one of each kind of page to check: pictures, feelings with a follow-up."""
    with Session(_engine(live_server)) as session:
        riverside = session.exec(select(Team).where(Team.name == "Riverside children's team")).one()
        priya = session.exec(select(User).where(User.email == "priya@example.org")).one()
        script = ConversationScript(family_key="axe-check-talk", title="Talking about home", audience="child",
                                    team_id=riverside.id, created_by_id=priya.id)
        session.add(script)
        session.flush()
        pictures = ScriptStep(script_id=script.id, position=1, prompt="Who helps you at home?",
                              simple_prompt="Who helps?", answer_type="one_symbol")
        feelings = ScriptStep(script_id=script.id, position=2, prompt="How do you feel at home?",
                              simple_prompt="Home?", answer_type="feelings")
        follow_up = ScriptStep(script_id=script.id, position=3, prompt="What makes you sad at home?",
                               simple_prompt="Sad?", answer_type="own_words", is_follow_up=True)
        session.add_all([pictures, feelings, follow_up])
        session.flush()
        choice = StepChoice(step_id=pictures.id, position=1, label="mum", symbol_key="mum")
        session.add_all([choice, StepChoice(step_id=feelings.id, position=1, label="Sad", symbol_key="sad",
                                            answer_key="sad", follow_up_step_id=follow_up.id)])
        session.commit()
        welsh = session.exec(select(ConversationScript.id).where(ConversationScript.family_key == "my-plan-meeting",
                                                                 ConversationScript.language == "cy")).one()
        return {"script": script.id, "pictures": pictures.id, "feelings": feelings.id, "choice": choice.id,
                "welsh": welsh}


EDITOR_PAGES = [
    "/scripts", "/scripts/new", "/scripts/{script}", "/scripts/{script}/details", "/scripts/{script}/steps/new",
    "/scripts/{script}/steps/{pictures}", "/scripts/{script}/steps/{pictures}/choices/{choice}",
    "/scripts/{script}/steps/{feelings}/answers/sad", "/scripts/{script}/steps/{feelings}/remove",
    "/scripts/{welsh}",
]


def _describe(url: str, results) -> list[str]:
    return [f"{url}: {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
            for v in results.response["violations"]]


@pytest.mark.parametrize("locale", ["en-GB", "cy-GB"])
def test_editor_pages_have_no_axe_violations(browser, live_server, editor_ids, locale):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    sign_in(page, live_server.url, "priya@example.org")
    axe = Axe()
    problems: list[str] = []
    for template in EDITOR_PAGES:
        url = live_server.url + template.format(**editor_ids)
        response = page.goto(url)
        assert response.status == 200, url
        assert page.locator("html").get_attribute("lang") == locale[:2], url
        problems += _describe(url, axe.run(page, options=AXE_OPTIONS))
    # the step form with search results, then with its errors
    page.goto(f"{live_server.url}/scripts/{editor_ids['script']}/steps/new")
    page.fill("#find", "school")
    page.locator("button[name=find_pictures]").click()
    page.wait_for_selector(".search-status")
    problems += _describe("step form with pictures found", axe.run(page, options=AXE_OPTIONS))
    page.locator("button[name=save]").click()
    page.wait_for_selector("[data-error-summary]")
    problems += _describe("step form with errors", axe.run(page, options=AXE_OPTIONS))
    # a refused change
    page.goto(f"{live_server.url}/scripts/{editor_ids['script']}/steps/{editor_ids['pictures']}/choices/"
              f"{editor_ids['choice']}")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_selector("[data-error-summary]")
    problems += _describe("a refused change", axe.run(page, options=AXE_OPTIONS))
    # the previews: exactly the child's page, in the script's own language
    for script in ("script", "welsh"):
        page.goto(f"{live_server.url}/scripts/{editor_ids[script]}/preview")
        page.wait_for_selector("main.talk[data-ready=yes]")
        problems += _describe(f"preview of {script}", axe.run(page, options=AXE_OPTIONS))
    context.close()
    assert not problems, "\n".join(problems)
