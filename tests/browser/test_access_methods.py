"""Child mode for every child, in a real Chromium: a conversation with a follow-up, a worry and a
sorting mat, completed by one-switch scanning (Space alone, timed highlights), by two switches and
by pointer dwell; the worry then reaches the practitioner at unlock and the manager's dashboard;
and axe-core on every new child-mode screen in English and Welsh."""
from __future__ import annotations

import re
import uuid
from contextlib import contextmanager

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlmodel import Session, select
from test_child_mode import AXE_OPTIONS, _engine, answer_visible_step, start_conversation, views_of, visible_step

from helpers import sign_in
from voice_capture.conversations.builtin import ScriptDefinition, StepDefinition, _store
from voice_capture.demo import DEMO_PASSWORD
from voice_capture.models import AnswerType, ConversationScript, Relationship, Respondent, SiteSetting, Worry

pytestmark = pytest.mark.browser
PROCEDURE = "Phone the MASH on 0300 123 4567 within the hour."  # if the demo data has none


def school_script(title: str) -> ScriptDefinition:
    hard = StepDefinition("What makes school hard?", "What is hard?", AnswerType.SEVERAL_SYMBOLS,
                          ("maths", "hurt_me"), worries=("hurt_me",))
    return ScriptDefinition(f"test-{uuid.uuid4().hex[:8]}", title, Relationship.CHILD, (
        StepDefinition("How do you feel about school?", "School?", AnswerType.FEELINGS, follow_ups=(("sad", hard),)),
        StepDefinition("Put each card where it goes.", "Where does it go?", AnswerType.SORT, ("lessons", "lunch")),
        StepDefinition("How much do you like PE?", "PE?", AnswerType.HOW_MUCH),
    ))


@pytest.fixture
def school(live_server):
    """A small script with every new kind of step, stored for this test only."""
    title = f"Switch test {uuid.uuid4().hex[:6]}"
    with Session(_engine(live_server)) as session:
        _store(session, school_script(title), "en")
        if session.get(SiteSetting, "safeguarding_procedure") is None:
            session.add(SiteSetting(key="safeguarding_procedure", value=PROCEDURE))
        session.commit()
    yield title
    with Session(_engine(live_server)) as session:
        for script in session.exec(select(ConversationScript).where(ConversationScript.title == title)).all():
            script.is_current = False  # kept (its sessions point at it), but not offered to later tests
            session.add(script)
        session.commit()


@contextmanager
def profile(live_server, preferred_name: str, **settings):
    """Change one respondent's access settings for a test, and put them back after."""
    with Session(_engine(live_server)) as session:
        respondent = session.exec(select(Respondent).where(Respondent.preferred_name == preferred_name)).first()
        before = {name: getattr(respondent, name) for name in settings}
        for name, value in settings.items():
            setattr(respondent, name, value)
        session.add(respondent)
        session.commit()
        respondent_id = respondent.id
    try:
        yield
    finally:
        with Session(_engine(live_server)) as session:
            respondent = session.get(Respondent, respondent_id)
            for name, value in before.items():
                setattr(respondent, name, value)
            session.add(respondent)
            session.commit()


def target(page, label: str):
    """The choice (or heading, or review button) on screen whose words are these."""
    step = page.locator("section.step:not([hidden])")
    return step.locator(f"button.choice[data-label='{label}'], label.choice--toggle[data-label='{label}']").first


# The path through the test script, as (what to choose) per screen: feelings "Sad" opens the
# follow-up, where "hurt me" is a worry; then two cards, the mat, the scale and the review.
PATH = [["Sad"], ["hurt me", "Done"], ["Good"], ["Not good"], ["Yes, that is my mat"], ["A lot"],
        ["Yes, I have finished"]]


def done_button_label(page) -> None:
    # "Done" has no data-label in the page (it is a plain submit), so give it one for this lookup.
    page.evaluate("document.querySelectorAll('[data-done]').forEach(b => b.dataset.label = b.textContent.trim())")


def point_at(page, label: str) -> dict:
    """Move the pointer onto a target, in small steps as a head pointer would; returns its box."""
    wanted = target(page, label)
    wanted.scroll_into_view_if_needed()
    box = wanted.bounding_box()
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=3)
    return box


def scan_to_and_press(page, label: str, *, two_switches: bool) -> None:
    done_button_label(page)
    wanted = target(page, label)
    if two_switches:
        for _ in range(20):
            if "scan-highlight" in (wanted.get_attribute("class") or ""):
                break
            page.keyboard.press("Space")
        page.keyboard.press("Enter")
    else:
        # Watch every frame, so the press comes moments after the highlight lands on the target, as a
        # child's would; expect()'s polling (up to a second apart) could press as the highlight moves on.
        page.wait_for_function("element => element.classList.contains('scan-highlight')",
                               arg=wanted.element_handle(), polling="raf", timeout=20_000)
        page.keyboard.press("Space")


def finish_and_unlock(page) -> None:
    expect(page.locator("#thanks")).to_be_visible()
    page.locator("details.adult summary").click()
    page.locator("[data-unlock]").click()
    page.wait_for_url(re.compile(r"/unlock$"))
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/conversations/\d+$"))


def check_the_conversation(live_server, session_id: int, how: str) -> None:
    views = views_of(live_server, session_id)
    by_position = {view.position: view for view in views}
    assert sorted(by_position) == [1, 2, 3, 4, 5, 6]  # the follow-up was asked, the mat saved, the scale answered
    assert {view.entered_how for view in views} == {how}
    assert [entry["label"] for entry in by_position[2].chosen] == ["hurt me"]  # the follow-up's worry, nothing else
    assert [entry["label"] for entry in by_position[5].chosen] == ["lessons: Good", "lunch: Not good"]
    assert by_position[6].chosen[0]["key"] == "a_lot"
    with Session(_engine(live_server)) as session:
        worry = session.exec(select(Worry).where(Worry.capture_session_id == session_id)).one()
        assert worry.chosen_label == "hurt me"


@pytest.mark.parametrize("two_switches", [False, True], ids=["one-switch", "two-switches"])
def test_a_whole_conversation_by_switch_scanning(browser, live_server, school, two_switches):
    context = browser.new_context()
    page = context.new_page()
    mode = "switch2" if two_switches else "switch1"
    with profile(live_server, "Ollie", access_method=mode, scan_interval_ms=450, scan_start_delay_ms=300, scan_loops=4):
        session_id = start_conversation(page, live_server, script=school)
        main = page.locator("main.talk")
        for screen in PATH:
            for label in screen:
                scan_to_and_press(page, label, two_switches=two_switches)
        expect(main.locator("#thanks")).to_be_visible()
        finish_and_unlock(page)
    check_the_conversation(live_server, session_id, "switch")
    # The practitioner sees the worry as soon as child mode is unlocked, with the local procedure.
    worries = page.locator("[data-worries]")
    expect(worries).to_contain_text("hurt me")
    with Session(_engine(live_server)) as session:
        procedure = session.get(SiteSetting, "safeguarding_procedure").value
    expect(worries).to_contain_text(procedure.splitlines()[0])
    context.close()


def test_one_switch_scanning_rests_after_its_rounds_and_a_press_starts_it_again(browser, live_server, school):
    context = browser.new_context()
    page = context.new_page()
    with profile(live_server, "Ollie", access_method="switch1", scan_interval_ms=250, scan_start_delay_ms=0, scan_loops=1):
        start_conversation(page, live_server, script=school)
        main = page.locator("main.talk")
        expect(main).to_have_attribute("data-scan-paused", "yes", timeout=10_000)
        expect(page.locator(".scan-highlight")).to_have_count(0)
        page.keyboard.press("Space")  # wakes the scanning, chooses nothing
        expect(main).to_have_attribute("data-scan-paused", "no")
        expect(page.locator(".scan-highlight")).to_have_count(1)
        assert page.locator("section.step:not([hidden])").get_attribute("data-position") == "1"
    context.close()


def test_a_whole_conversation_by_pointer_dwell(browser, live_server, school):
    context = browser.new_context()
    page = context.new_page()
    with profile(live_server, "Amira", dwell_ms=700):
        session_id = start_conversation(page, live_server, child="Amira", who="Amira", script=school)
        for screen in PATH:
            for label in screen:
                visible_step(page)
                done_button_label(page)
                point_at(page, label)
                # The ring fills for 0.7 s: watch every frame, as expect()'s polling could miss it.
                page.wait_for_function("element => element.classList.contains('dwelling')",
                                       arg=target(page, label).element_handle(), polling="raf", timeout=10_000)
                page.wait_for_timeout(900)
        finish_and_unlock(page)
    check_the_conversation(live_server, session_id, "dwell")
    context.close()


def test_moving_away_cancels_a_dwell(browser, live_server, school):
    context = browser.new_context()
    page = context.new_page()
    with profile(live_server, "Amira", dwell_ms=1500):
        start_conversation(page, live_server, child="Amira", who="Amira", script=school)
        visible_step(page)
        box = target(page, "Sad").bounding_box()
        page.mouse.move(box["x"] + 10, box["y"] + 10)
        page.mouse.move(box["x"] + 12, box["y"] + 12)
        expect(target(page, "Sad")).to_have_class(re.compile(r"dwelling"))
        page.wait_for_timeout(400)
        page.mouse.move(2, 2, steps=2)  # away, well before the ring is full
        expect(target(page, "Sad")).not_to_have_class(re.compile(r"dwelling"))
        page.wait_for_timeout(1700)  # past the time it would have chosen
        assert page.locator("section.step:not([hidden])").get_attribute("data-position") == "1"
        expect(page.locator(".bubble")).to_have_count(0)
    context.close()


def test_a_follow_up_appears_only_after_its_trigger(browser, live_server, school):
    context = browser.new_context(has_touch=True)
    page = context.new_page()
    start_conversation(page, live_server, child="Amira", who="Amira", script=school)
    visible_step(page)
    target(page, "Happy").tap()
    # Not sad: straight on to the sorting mat, past "What makes school hard?".
    expect(visible_step(page)).to_have_attribute("data-type", "sort_card")
    expect(visible_step(page).locator(".progress__words")).to_have_text("Question 2 of 5")
    page.locator("section.step:not([hidden])").locator("button.choice[data-label='Good']").tap()
    expect(page.locator("section.step:not([hidden]) .mat [data-card]")).to_have_count(1)  # the card is on the mat
    context.close()


def test_the_worry_is_on_the_managers_dashboard(browser, live_server, school):
    context = browser.new_context(has_touch=True)
    page = context.new_page()
    start_conversation(page, live_server, child="Amira", who="Amira", script=school)
    visible_step(page)
    target(page, "Sad").tap()
    expect(visible_step(page).locator(".progress__words")).to_have_text("Question 2 of 6")  # the follow-up counts now
    target(page, "hurt me").tap()
    page.locator("section.step:not([hidden]) [data-done]").tap()
    expect(page.locator(".bubble__saved", has_text="Saved")).to_have_count(2, timeout=15_000)
    manager = browser.new_context()
    dashboard = manager.new_page()
    sign_in(dashboard, live_server.url, "manager@example.org")
    expect(dashboard.locator("section.worries")).to_contain_text("hurt me")
    expect(dashboard.locator("section.worries")).to_contain_text("Amira")
    manager.close()
    context.close()


@pytest.mark.parametrize("locale", ["en-GB", "cy-GB"])
def test_new_child_mode_screens_have_no_axe_violations(browser, live_server, locale):
    """The ready-made School conversation has a sorting mat, a follow-up and the feelings scale;
    Three houses has the how-much scale. Ollie's are in English, Elis's in Welsh."""
    child, who, scripts = (("Oliver", "Ollie", ("School", "Three houses")) if locale == "en-GB"
                           else ("Elis", "Elis", ("Ysgol", "Tri thŷ")))
    axe = Axe()
    problems, seen = [], set()
    for script in scripts:
        context = browser.new_context(locale=locale, has_touch=True)
        page = context.new_page()
        start_conversation(page, live_server, child, who, script=script)
        for _ in range(40):
            step = visible_step(page)
            if not (step.get_attribute("id") or "").startswith("step-"):
                break
            kind = step.get_attribute("data-type")
            if kind not in seen:
                seen.add(kind)
                problems += [f"{script} {kind}: {v['id']}: {v['help']}"
                             for v in axe.run(page, options=AXE_OPTIONS).response["violations"]]
            if kind == "feelings":
                step.locator("button.choice[data-label]").nth(3).tap()  # sad: opens the follow-up
            else:
                answer_visible_step(page)
        page.locator("[data-finish-form] button").click()
        expect(page.locator("#thanks")).to_be_visible()
        context.close()
    assert {"sort_card", "sort_mat", "feelings", "how_much", "several_symbols"} <= seen, seen
    assert not problems, "\n".join(problems)


def test_a_card_can_also_be_dragged_onto_its_heading(browser, live_server, school):
    context = browser.new_context()
    page = context.new_page()
    session_id = start_conversation(page, live_server, child="Amira", who="Amira", script=school)
    visible_step(page)
    target(page, "Happy").click()
    step = visible_step(page)
    expect(step).to_have_attribute("data-type", "sort_card")
    page.wait_for_timeout(600)
    page.drag_and_drop("section.step:not([hidden]) .card", "section.step:not([hidden]) .choice--sort_not_good")
    expect(page.locator("section.step:not([hidden])")).to_have_attribute("data-position", "4")
    expect(page.locator(".bubble__saved", has_text="Saved")).to_have_count(2, timeout=15_000)
    placed = {view.position: view for view in views_of(live_server, session_id)}[3]
    assert placed.chosen[0]["key"] == "sort_not_good"
    context.close()


def test_a_finger_can_drag_a_card_onto_a_column_of_the_mat(browser, live_server, school):
    """Touch, through Chromium's own touch input (the browser's drag and drop serves a mouse)."""
    context = browser.new_context(has_touch=True, is_mobile=True, viewport={"width": 810, "height": 1080})  # a tablet
    page = context.new_page()
    session_id = start_conversation(page, live_server, child="Amira", who="Amira", script=school)
    visible_step(page)
    target(page, "Happy").tap()
    step = visible_step(page)
    expect(step).to_have_attribute("data-type", "sort_card")
    page.wait_for_timeout(600)
    column = step.locator("[data-drop-heading=sort_not_sure]")
    card, goal = step.locator(".card").bounding_box(), column.bounding_box()
    start = (card["x"] + card["width"] / 2, card["y"] + card["height"] / 2)
    end = (goal["x"] + goal["width"] / 2, goal["y"] + goal["height"] / 2)
    touch = context.new_cdp_session(page)
    touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": start[0], "y": start[1]}]})
    for n in range(1, 9):
        x, y = (start[0] + (end[0] - start[0]) * n / 8, start[1] + (end[1] - start[1]) * n / 8)
        touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
    expect(step.locator(".card")).to_have_class(re.compile(r"card--dragging"))
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    expect(page.locator("section.step:not([hidden])")).to_have_attribute("data-position", "4")
    expect(page.locator(".bubble__saved", has_text="Saved")).to_have_count(2, timeout=15_000)
    placed = {view.position: view for view in views_of(live_server, session_id)}[3]
    assert placed.chosen[0]["key"] == "sort_not_sure"
    assert placed.entered_how == "tapped"  # a drag is stored as a direct choice, like a tap
    context.close()


def test_resting_on_a_picture_just_ticked_does_not_untick_it(browser, live_server, school):
    context = browser.new_context()
    page = context.new_page()
    with profile(live_server, "Amira", dwell_ms=500):
        start_conversation(page, live_server, child="Amira", who="Amira", script=school)
        visible_step(page)
        point_at(page, "Sad")
        expect(visible_step(page)).to_have_attribute("data-type", "several_symbols")
        box = point_at(page, "maths")
        ticked = page.locator("section.step:not([hidden]) input[name=keys]").first
        expect(ticked).to_be_checked()
        for dx in (2, -2, 3, -3, 1):  # a head pointer's jitter, well past the dwell and the dead time
            page.mouse.move(box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2 + dx)
            page.wait_for_timeout(400)
        expect(ticked).to_be_checked()
    context.close()
