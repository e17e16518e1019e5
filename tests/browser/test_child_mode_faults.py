"""Child mode's faults from issue 13, each in a real Chromium tablet: what the script hides stays hidden,
errors stay in the child's layout, a clash or a server that cannot save loses nothing and is told
truthfully, a bouncing switch chooses once, and the faces and the sorting mat are laid out to be read."""
from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlmodel import Session, select
from test_access_methods import profile
from test_child_mode import AXE_OPTIONS, answer_visible_step, start_conversation, views_of, visible_step, wait_for_saved
from test_child_mode import tablet as _tablet

from helpers import database_read_only
from voice_capture.models import User

pytestmark = pytest.mark.browser
tablet = _tablet  # an iPad, as in test_child_mode.py
PROGRESS = re.compile(r"(\d+)\D+(\d+)")


def to_the_review(page) -> None:
    """Answer every step with its first ordinary answer (no follow-up is opened) until the review."""
    for _ in range(40):
        step = visible_step(page)
        if not (step.get_attribute("id") or "").startswith("step-"):
            break
        answer_visible_step(page)
    expect(page.locator("#review")).to_be_visible()


def progress_of(step) -> tuple[int, int]:
    number, total = PROGRESS.search(step.locator(".progress__words").inner_text()).groups()
    return int(number), int(total)


def test_the_review_and_the_progress_show_only_the_path_taken(tablet, live_server):
    page = tablet.new_page()
    start_conversation(page, live_server, script="School")
    first = visible_step(page)
    number, total = progress_of(first)
    assert number == 1 and total < int(page.locator("main").get_attribute("data-total"))  # follow-ups not yet asked
    expect(first.locator(".dot:visible")).to_have_count(total)
    for _ in range(3):
        answer_visible_step(page)
    step = visible_step(page)
    number, total = progress_of(step)
    expect(step.locator(".dot:visible")).to_have_count(total)
    expect(step.locator(".dot--done:visible")).to_have_count(number - 1)  # skipped follow-ups are not filled
    to_the_review(page)
    review = page.locator("#review")
    expect(review.locator("li:visible", has_text="No answer")).to_have_count(0)
    asked = len({v.position for v in views_of(live_server, int(page.url.rsplit("/", 1)[1]))})
    mat_cards = review.locator(".review__card:visible").count()
    # One row per question asked (the mat's own "is it right?" is not a row), and nothing else.
    expect(review.locator(".review__item:visible:not(.review__item--mat), .review__card:visible")).to_have_count(
        asked - 1 if mat_cards else asked)


def test_the_adult_panels_save_button_stays_hidden(tablet, live_server):
    page = tablet.new_page()
    start_conversation(page, live_server)
    visible_step(page)
    page.locator("details.adult summary").click()
    expect(page.locator("[data-on-behalf]")).to_be_visible()
    expect(page.locator("[data-helping-save]")).to_be_hidden()


@pytest.mark.parametrize("locale, child, who, back", [("en-GB", "Oliver", "Ollie", "Go back to the questions"),
                                                      ("cy-GB", "Elis", "Elis", None)])
def test_errors_inside_child_mode_are_the_childs_own_page(browser, live_server, locale, child, who, back):
    context = browser.new_context(locale=locale, has_touch=True)
    page = context.new_page()
    session_id = start_conversation(page, live_server, child, who, script=".+")
    visible_step(page)
    for path in (f"/talk/{session_id}/change/999", "/symbols/no-such-symbol.svg"):
        response = page.goto(live_server.url + path)
        assert response.status == 404
        expect(page.locator("body.child-mode")).to_be_visible()
        expect(page.get_by_text("Sign out")).to_have_count(0)
        expect(page.get_by_text("Priya")).to_have_count(0)
        assert "{" not in page.locator("body").inner_text()  # never raw JSON
        violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
        assert violations == [], [v["id"] for v in violations]
    link = page.locator(f"main a[href='/talk/{session_id}']")
    if back:
        expect(link).to_have_text(back)
    link.click()
    expect(page.locator("main.talk[data-session]")).to_be_visible()
    context.close()


def test_a_clash_is_sent_again_not_dropped(tablet, live_server, monkeypatch):
    from voice_capture.capture import services

    page = tablet.new_page()
    session_id = start_conversation(page, live_server)
    answer_visible_step(page)
    wait_for_saved(page, 1)
    real = services._latest_at
    clashing = {"on": True, "tries": 0}

    def stale(session, capture, position):  # as if another change kept landing first: every try clashes
        if clashing["on"] and position == 1:
            clashing["tries"] += 1
            return None
        return real(session, capture, position)

    real_first = services._answer_or_latest

    def stale_first(session, capture, position, key):  # SQLite's first look: the key, else the newest version
        if clashing["on"] and position == 1:
            clashing["tries"] += 1
            return None
        return real_first(session, capture, position, key)

    monkeypatch.setattr(services, "_latest_at", stale)
    monkeypatch.setattr(services, "_answer_or_latest", stale_first)
    page.goto(f"{live_server.url}/talk/{session_id}/change/1")
    with page.expect_response(lambda response: response.url.endswith("/answer") and response.status == 422) as clash:
        answer_visible_step(page)
    assert clash.value.json()["code"] == "retry" and clashing["tries"] >= services.ATTEMPTS
    expect(page.locator(".bubble--waiting")).to_have_count(1)  # kept on the tablet, not refused
    expect(page.locator(".bubble--refused")).to_have_count(0)
    assert page.evaluate(f"JSON.parse(localStorage.getItem('vc-talk-{session_id}') || '[]').length") == 1
    clashing["on"] = False
    page.wait_for_function(f"() => localStorage.getItem('vc-talk-{session_id}') === null", timeout=20_000)
    versions = sorted(v.version for v in views_of(live_server, session_id) if v.position == 1)
    assert versions == [1, 2]


def test_a_server_that_cannot_save_keeps_every_answer_and_says_so(tablet, live_server):
    page = tablet.new_page()
    session_id = start_conversation(page, live_server)
    answer_visible_step(page)
    wait_for_saved(page, 1)
    engine = live_server.app.extensions["vc_engine"]
    with database_read_only(engine):
        for _ in range(3):
            answer_visible_step(page)
        expect(page.locator(".bubble--waiting .bubble__saved", has_text="Not saved yet. Keep going.")).to_have_count(3)
        note = page.locator("[data-cannot-save]")
        expect(note).to_be_visible()
        expect(note).to_contain_text("The server cannot save answers just now")
        expect(note).to_contain_text("Answers waiting on this tablet: 3")
        assert len(views_of(live_server, session_id)) == 1
        assert page.evaluate(f"JSON.parse(localStorage.getItem('vc-talk-{session_id}')).length") == 3
    wait_for_saved(page, 4)
    expect(page.locator("[data-cannot-save]")).to_be_hidden()
    assert sorted(v.position for v in views_of(live_server, session_id)) == [1, 2, 3, 4]  # each stored once


@pytest.mark.parametrize("mode", ["switch1", "switch2"])
def test_a_bouncing_switch_chooses_once(tablet, live_server, mode):
    page = tablet.new_page()
    with profile(live_server, "Ollie", access_method=mode):
        start_conversation(page, live_server)
    for _ in range(20):
        if visible_step(page).get_attribute("data-type") == "several_symbols":
            break
        answer_visible_step(page)
    step = visible_step(page)
    first = step.locator(".choice--toggle").first
    page.wait_for_function("element => element.classList.contains('scan-highlight')",
                           arg=first.element_handle(), polling="raf", timeout=20_000)
    # Four key events within a millisecond, as a bouncing switch sends them: one press, one choice.
    pressed = page.evaluate("""() => {
      const highlighted = document.querySelector('.scan-highlight');
      for (let i = 0; i < 4; i += 1) {
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      }
      return highlighted.querySelector('input').checked;
    }""")
    assert pressed is True


@pytest.mark.parametrize("viewport", [{"width": 320, "height": 640}, {"width": 640, "height": 320},
                                      {"width": 810, "height": 1080}, {"width": 1080, "height": 810}])
def test_the_five_faces_sit_on_one_row(browser, live_server, viewport):
    context = browser.new_context(viewport=viewport, has_touch=True)
    page = context.new_page()
    start_conversation(page, live_server, script="School")
    step = visible_step(page)
    assert step.get_attribute("data-type") == "feelings"
    faces = step.locator(".choices--feelings button.choice")
    expect(faces).to_have_count(5)
    boxes = [faces.nth(i).bounding_box() for i in range(5)]
    assert len({round(box["y"]) for box in boxes}) == 1, boxes
    assert all(box["width"] >= 48 and box["height"] >= 48 for box in boxes)
    assert max(box["x"] + box["width"] for box in boxes) <= viewport["width"]
    context.close()


def test_the_mat_shows_its_headings_once_and_the_review_shows_it_as_one_item(tablet, live_server):
    page = tablet.new_page()
    start_conversation(page, live_server, script="School")
    for _ in range(20):
        if visible_step(page).get_attribute("data-type") == "sort_card":
            break
        answer_visible_step(page)
    step = visible_step(page)
    expect(step.locator(".choice--heading")).to_have_count(3)
    # Each heading's words are drawn once on screen (a heading kept for screen readers alone is 1 px).
    drawn = step.evaluate("""section => [...section.querySelectorAll('.choice--heading')].map((button) => {
      const label = button.dataset.label;
      return [...section.querySelectorAll('*')].filter((element) => {
        const box = element.getBoundingClientRect();
        const own = [...element.childNodes].filter((node) => node.nodeType === 3).map((node) => node.textContent).join('');
        return own.trim() === label && box.width > 1 && box.height > 1;
      }).length;
    })""")
    assert drawn == [1, 1, 1]
    instruction = step.locator("h1").inner_text()
    to_the_review(page)
    review = page.locator("#review")
    expect(review.locator("[data-review-mat]:visible")).to_have_count(1)
    expect(review.get_by_text(instruction, exact=True)).to_have_count(1)
    cards = review.locator("[data-review-mat] .review__card:visible")
    assert cards.count() >= 2
    expect(cards.locator("a[data-change]")).to_have_count(cards.count())


@pytest.fixture
def guesses_forgotten(live_server):
    """Wrong unlock passwords throttle the demo account for everyone: forgotten after the test."""
    from sqlalchemy import delete

    from voice_capture.models import LoginFailure

    yield
    with Session(live_server.app.extensions["vc_engine"]) as session:
        session.execute(delete(LoginFailure))
        session.commit()


def test_the_sixth_wrong_unlock_password_is_audited(tablet, live_server, guesses_forgotten):
    from voice_capture.models import AuditEvent

    page = tablet.new_page()
    session_id = start_conversation(page, live_server, child="Amira", who="Amira")
    visible_step(page)
    for attempt in range(6):
        page.goto(f"{live_server.url}/talk/{session_id}/unlock")
        page.fill("#password", f"wrong guess {attempt}")
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
    expect(page.get_by_text("Too many tries")).to_be_visible()
    with Session(live_server.app.extensions["vc_engine"]) as session:
        priya = session.exec(select(User).where(User.email == "priya@example.org")).one()
        failed = session.exec(select(AuditEvent).where(AuditEvent.entity_id == session_id,
                                                       AuditEvent.entity_type == "capture_session",
                                                       AuditEvent.action == "unlock_failed")).all()
    assert len(failed) == 6 and {event.user_id for event in failed} == {priya.id}
    assert [event.detail for event in failed].count("throttled") == 1
