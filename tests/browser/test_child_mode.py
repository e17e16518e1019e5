"""Child mode in a real Chromium tablet: tapping, keyboard alone, going offline, reloading, the lock,
and axe-core on every child-mode screen in English and Welsh."""
from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlmodel import Session, select

from helpers import sign_in
from voice_capture.demo import DEMO_PASSWORD
from voice_capture.models import CaptureSession, Child, Plan, View

pytestmark = pytest.mark.browser
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


@pytest.fixture
def tablet(browser, playwright):
    context = browser.new_context(**playwright.devices["iPad (gen 7)"])
    yield context
    context.close()


def _engine(live_server):
    return live_server.app.extensions["vc_engine"]


def plan_of(live_server, given_name: str = "Oliver") -> int:
    with Session(_engine(live_server)) as session:
        child = session.exec(select(Child).where(Child.given_name == given_name)).one()
        return session.exec(select(Plan.id).where(Plan.child_id == child.id)).first()


def ollies_plan(live_server) -> int:
    return plan_of(live_server)


def start_conversation(page, live_server, child: str = "Oliver", who: str = "Ollie",
                       script: str = "My plan meeting|Cyfarfod fy nghynllun", *, ready: bool = True) -> int:
    """Hand the tablet over; with `ready`, the respondent also taps the ready screen (the guide says hello)."""
    sign_in(page, live_server.url, "priya@example.org")
    page.goto(f"{live_server.url}/plans/{plan_of(live_server, child)}/talk/new")
    page.get_by_label(re.compile(f"^{who}: ({script})( \\(.+\\))?$")).first.check()  # "(not finished yet)"
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    if page.locator("#unfinished-title").count():  # an earlier test's conversation is still in progress
        page.get_by_role("button", name=re.compile("^(Start again|Dechrau eto)$")).click()
    page.wait_for_url(re.compile(r"/talk/\d+$"))
    if ready:
        pass_ready(page)
    return int(page.url.rsplit("/", 1)[1])


def pass_ready(page) -> None:
    """The ready screen a conversation page opens on: one tap on it, and the conversation goes on."""
    page.wait_for_selector("main.talk[data-ready=yes]")
    expect(page.locator("#ready")).to_be_visible()
    page.locator("[data-ready-start]").click()
    expect(page.locator("#ready")).to_be_hidden()


def visible_step(page):
    """The step on screen, once it has settled (a tap in its first moments is taken as a double tap); a
    page just opened or reloaded is first passed through its ready screen."""
    page.wait_for_selector("main.talk[data-ready=yes]")
    if page.locator("#ready:not([hidden])").count():
        pass_ready(page)
        page.wait_for_selector("main.talk[data-ready=yes]")
    return page.locator("section.step:not([hidden])")


def answer_visible_step(page, *, by: str = "tap") -> None:
    """Give an ordinary answer to whatever the visible step asks."""
    step = visible_step(page)
    kind = step.get_attribute("data-type")
    act = (lambda locator: locator.tap()) if by == "tap" else (lambda locator: (locator.focus(), page.keyboard.press("Enter")))
    if kind == "own_words":
        step.locator("textarea").fill("I like my quiet room")
        act(step.locator("button.choice--wide"))
    elif kind == "several_symbols":
        toggles = step.locator(".choice--toggle input")
        if by == "tap":
            toggles.nth(0).tap()
            toggles.nth(1).tap()
        else:
            toggles.nth(0).focus()
            page.keyboard.press("Space")
        act(step.locator("[data-done]"))
    else:
        act(step.locator(".choices button.choice").first)


def views_of(live_server, session_id: int) -> list[View]:
    with Session(_engine(live_server)) as session:
        return list(session.exec(select(View).where(View.capture_session_id == session_id)).all())


def wait_for_saved(page, count: int) -> None:
    expect(page.locator(".bubble:not(.bubble--waiting) .bubble__saved", has_text="Saved")).to_have_count(count, timeout=15000)


def test_a_whole_conversation_by_tapping(tablet, live_server):
    page = tablet.new_page()
    session_id = start_conversation(page, live_server)
    total = int(page.locator("main").get_attribute("data-total"))
    for position in range(1, total + 1):
        expect(page.locator(f"#step-{position}")).to_be_visible()
        answer_visible_step(page)
    expect(page.locator("#review")).to_be_visible()
    wait_for_saved(page, total)
    page.locator("[data-finish-form] button").tap()
    expect(page.locator("#thanks")).to_be_visible()
    views = views_of(live_server, session_id)
    assert sorted(v.position for v in views) == list(range(1, total + 1))
    assert {v.entered_how for v in views} <= {"tapped", "typed"}
    with Session(_engine(live_server)) as session:
        assert session.get(CaptureSession, session_id).status == "finished"


def test_a_whole_conversation_by_keyboard_alone(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    session_id = start_conversation(page, live_server, child="Amira", who="Amira")  # Ollie uses a switch
    total = int(page.locator("main").get_attribute("data-total"))
    for _ in range(total):
        answer_visible_step(page, by="keyboard")
    expect(page.locator("#review")).to_be_visible()
    wait_for_saved(page, total)
    page.locator("[data-finish-form] button").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#thanks")).to_be_visible()
    views = views_of(live_server, session_id)
    assert len(views) == total and "keyboard" in {v.entered_how for v in views}
    context.close()


def test_finishing_while_the_last_answer_is_on_its_way_finishes_once_it_is_saved(tablet, live_server):
    page = tablet.new_page()
    session_id = start_conversation(page, live_server)
    total = int(page.locator("main").get_attribute("data-total"))
    for _ in range(total - 1):
        answer_visible_step(page)
    wait_for_saved(page, total - 1)
    held = []
    page.route("**/answer", lambda route: held.append(route))  # the last answer is still on its way when "finished" is pressed
    answer_visible_step(page)
    expect(page.locator("#review")).to_be_visible()
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    page.locator("[data-finish-form] button").tap()
    expect(page.locator("[data-status-line]")).to_have_text("Waiting for the internet")
    assert len(held) == 1
    expect(page.locator("#thanks")).to_be_hidden()
    held[0].continue_()
    expect(page.locator("#thanks")).to_be_visible()
    assert sorted(v.position for v in views_of(live_server, session_id)) == list(range(1, total + 1))
    with Session(_engine(live_server)) as session:
        assert session.get(CaptureSession, session_id).status == "finished"


def test_offline_answers_wait_and_are_stored_exactly_once(tablet, live_server):
    page = tablet.new_page()
    session_id = start_conversation(page, live_server)
    answer_visible_step(page)
    wait_for_saved(page, 1)
    tablet.set_offline(True)
    answer_visible_step(page)
    answer_visible_step(page)
    expect(page.locator(".bubble--waiting")).to_have_count(2)
    assert len(views_of(live_server, session_id)) == 1
    tablet.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_for_saved(page, 3)
    positions = sorted(v.position for v in views_of(live_server, session_id))
    assert positions == [1, 2, 3]
    assert page.evaluate(f"localStorage.getItem('vc-talk-{session_id}')") is None


def test_a_reload_resumes_at_the_same_step_even_with_answers_still_waiting(tablet, live_server):
    page = tablet.new_page()
    session_id = start_conversation(page, live_server)
    answer_visible_step(page)
    wait_for_saved(page, 1)
    page.reload()
    pass_ready(page)
    expect(page.locator("#step-2")).to_be_visible()
    tablet.set_offline(True)
    answer_visible_step(page)
    page.evaluate("1")  # let the queue be written
    # The network still drops answers. Set before going online: coming online sends what waits, and
    # an answer that reached the server before the reload would make this a different test (below).
    page.route("**/answer", lambda route: route.abort())
    tablet.set_offline(False)
    page.reload()
    pass_ready(page)
    expect(page.locator("#step-3")).to_be_visible()
    assert page.evaluate(f"JSON.parse(localStorage.getItem('vc-talk-{session_id}')).length") == 1
    page.unroute("**/answer")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_for_saved(page, 2)
    assert sorted(v.position for v in views_of(live_server, session_id)) == [1, 2]


def test_a_reload_drawn_while_an_answer_was_being_saved_carries_on_after_it(tablet, live_server):
    """The race behind a reload while an answer is on its way: the server draws the page before the
    answer is stored, then stores it, and the old page hears "saved" and lets it go. Replayed in
    order: the page as the server drew it before answer 2, answer 2 saved, then that page shown.
    (On a browser without service workers: the offline worker would fetch the page past the replayed one.)"""
    page = tablet.new_page()
    page.add_init_script("delete Navigator.prototype.serviceWorker;")
    session_id = start_conversation(page, live_server)
    talk_url = f"{live_server.url}/talk/{session_id}"
    answer_visible_step(page)
    wait_for_saved(page, 1)
    drawn_before = page.request.get(talk_url).text()
    answer_visible_step(page)
    wait_for_saved(page, 2)
    page.route(talk_url, lambda route: route.fulfill(status=200, content_type="text/html", body=drawn_before))
    page.reload()
    page.unroute(talk_url)
    pass_ready(page)
    expect(page.locator("#step-3")).to_be_visible()
    expect(page.locator("#step-2")).to_be_hidden()
    expect(page.locator(".bubble:not(.bubble--waiting)")).to_have_count(2)
    # Drawn again now that the server has it, the page shows answer 2 itself; nothing is sent twice.
    page.reload()
    pass_ready(page)
    expect(page.locator("#step-3")).to_be_visible()
    assert page.evaluate(f"localStorage.getItem('vc-talk-{session_id}-sent')") is None
    assert sorted(v.position for v in views_of(live_server, session_id)) == [1, 2]


def test_saved_answers_leave_the_tablet_when_the_adult_unlocks(tablet, live_server):
    """Kept a moment for a reload (see above), a saved answer is not left on a shared tablet after child mode."""
    page = tablet.new_page()
    session_id = start_conversation(page, live_server)
    answer_visible_step(page)
    wait_for_saved(page, 1)
    assert page.evaluate(f"localStorage.getItem('vc-talk-{session_id}-sent')") is not None
    page.goto(f"{live_server.url}/talk/{session_id}/unlock")
    page.fill("#password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/conversations/{session_id}")
    page.wait_for_function(f"localStorage.getItem('vc-talk-{session_id}-sent') === null")


def test_the_lock_holds_against_the_address_bar_and_the_back_button(tablet, live_server):
    page = tablet.new_page()
    session_id = start_conversation(page, live_server)
    talk_url = f"{live_server.url}/talk/{session_id}"
    for path in ("/", f"/plans/{ollies_plan(live_server)}", "/admin/users", "/login"):
        page.goto(live_server.url + path)
        assert page.url == talk_url
    page.go_back()
    page.wait_for_load_state()
    assert page.url in (talk_url, f"{live_server.url}/plans/{ollies_plan(live_server)}/talk/new") or "/talk/" in page.url
    if "/talk/new" in page.url:  # the start page itself sends a locked tablet back
        page.reload()
        assert page.url == talk_url
    page.goto(f"{talk_url}/unlock")
    page.fill("#password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/conversations/{session_id}")


def test_stop_ends_at_thanks(tablet, live_server):
    page = tablet.new_page()
    session_id = start_conversation(page, live_server)
    answer_visible_step(page)
    visible_step(page).locator(".choice--stop").tap()
    expect(page.locator("#thanks")).to_be_visible()
    wait_for_saved(page, 2)
    with Session(_engine(live_server)) as session:
        assert session.get(CaptureSession, session_id).status == "stopped"


@pytest.mark.parametrize("locale, child, who", [("en-GB", "Oliver", "Ollie"), ("cy-GB", "Elis", "Elis")])
def test_child_mode_screens_have_no_axe_violations(browser, live_server, locale, child, who):
    """Ollie's conversation is in English; Elis's, a Welsh speaker's, is in Welsh."""
    context = browser.new_context(locale=locale, has_touch=True)
    page = context.new_page()
    start_conversation(page, live_server, child, who)
    assert page.locator("html").get_attribute("lang") == locale[:2]
    axe = Axe()
    problems = []

    def check(name):
        for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
            problems.append(f"{name}: {violation['id']}: {violation['help']} {[n['target'] for n in violation['nodes'][:3]]}")

    seen = set()
    total = int(page.locator("main").get_attribute("data-total"))
    for _ in range(total):
        kind = visible_step(page).get_attribute("data-type")
        if kind not in seen:
            seen.add(kind)
            check(kind)
        answer_visible_step(page)
    check("review")
    page.locator("[data-finish-form] button").click()
    expect(page.locator("#thanks")).to_be_visible()
    check("thanks")
    page.goto(page.url.rstrip("/") + "/unlock")
    check("unlock")
    context.close()
    assert not problems, "\n".join(problems)


def test_a_second_tap_confirms_when_the_profile_says_so(tablet, live_server):
    from voice_capture.models import Respondent

    def set_confirm(value: bool) -> None:
        with Session(_engine(live_server)) as session:
            ollie = session.exec(select(Respondent).where(Respondent.preferred_name == "Ollie")).one()
            ollie.confirm_with_second_tap = value
            session.add(ollie)
            session.commit()

    set_confirm(True)
    try:
        page = tablet.new_page()
        start_conversation(page, live_server)
        choice = visible_step(page).locator(".choices button.choice").first
        choice.tap()
        expect(choice).to_have_class(re.compile("choice--armed"))
        expect(page.locator("#step-1")).to_be_visible()
        choice.tap()
        expect(page.locator("#step-2")).to_be_visible()
        wait_for_saved(page, 1)
    finally:
        set_confirm(False)


def test_a_double_tap_answers_only_one_question(tablet, live_server):
    page = tablet.new_page()
    session_id = start_conversation(page, live_server)
    box = visible_step(page).locator(".choices button.choice").nth(1).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.touchscreen.tap(x, y)
    page.wait_for_timeout(80)
    page.touchscreen.tap(x, y)
    expect(page.locator("#step-2")).to_be_visible()
    wait_for_saved(page, 1)
    page.wait_for_timeout(700)  # once the new question has settled, a tap answers it
    assert sorted(v.position for v in views_of(live_server, session_id)) == [1]


def test_answers_still_waiting_at_unlock_are_sent_from_the_summary(tablet, live_server):
    page = tablet.new_page()
    session_id = start_conversation(page, live_server)
    answer_visible_step(page)
    wait_for_saved(page, 1)
    page.route("**/answer", lambda route: route.abort())  # the network drops the next answer
    answer_visible_step(page)
    expect(page.locator(".bubble--waiting")).to_have_count(1)
    page.locator("details.adult summary").click()
    unlock = page.locator("[data-unlock]")
    unlock.click()
    expect(page.locator("[data-status-line]")).to_contain_text("not saved yet")
    assert page.url.endswith(f"/talk/{session_id}")
    unlock.click()  # the adult leaves anyway
    page.wait_for_url(re.compile(r"/unlock$"))
    page.unroute("**/answer")
    page.fill("#password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/conversations/{session_id}$"))
    expect(page.locator("[data-pending-session]")).to_contain_text("now saved", timeout=15000)
    assert sorted(v.position for v in views_of(live_server, session_id)) == [1, 2]
    assert page.evaluate(f"localStorage.getItem('vc-talk-{session_id}')") is None
    expect(page.locator("table tbody tr")).to_have_count(2)  # the page showed itself again with them
