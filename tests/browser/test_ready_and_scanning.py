"""Child mode's first moments and faster switch access, in a real Chromium: the ready screen (the guide
says hello the moment the child taps, presses a switch or dwells, then question 1 is spoken), every
screen's words from recorded speech, "Hear it again" in the scanning order, the next question's clip
fetched before the answer is given, row-column scanning against linear on a 16-picture step, a whole
Welsh conversation by one switch with row-column scanning, and axe-core on the ready screen."""
from __future__ import annotations

import json
import re
import uuid

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from sqlmodel import Session, select
from test_access_methods import profile
from test_child_mode import AXE_OPTIONS, _engine, pass_ready, start_conversation, views_of, visible_step, wait_for_saved

from voice_capture.conversations.builtin import ScriptDefinition, StepDefinition, _store
from voice_capture.models import AnswerType, ConversationScript, Relationship

pytestmark = pytest.mark.browser

# Every play() the page asks for, and whether the browser let it play (sound needs a gesture first).
RECORD_PLAYS = """
window.played = [];
const play = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () {
  const src = this.src;
  const result = play.call(this);
  result.then(() => window.played.push(["played", src]), (error) => window.played.push([error.name, src]));
  return result;
};
"""
PEOPLE = ("mum", "dad", "parents", "stepmum", "stepdad", "brother", "sister", "baby", "nan", "grandad", "aunt",
          "uncle", "cousin", "family", "foster_carer", "friend")


def stored_script(live_server, definition: ScriptDefinition, language: str):
    """Store a script for one test (yielding its title), then retire it so no later test is offered it."""
    with Session(_engine(live_server)) as session:
        _store(session, definition, language)
        session.commit()
    yield str(definition.title)
    with Session(_engine(live_server)) as session:
        for script in session.exec(select(ConversationScript).where(ConversationScript.title == str(definition.title))).all():
            script.is_current = False
            session.add(script)
        session.commit()


@pytest.fixture
def sixteen(live_server):
    """A one-question script with sixteen pictures, stored for this test only."""
    title = f"Sixteen {uuid.uuid4().hex[:6]}"
    definition = ScriptDefinition(f"test-{uuid.uuid4().hex[:8]}", title, Relationship.CHILD, (
        StepDefinition("Who do you live with?", "Who is at home?", AnswerType.ONE_SYMBOL, PEOPLE, offer_photos=False),
    ))
    yield from stored_script(live_server, definition, "en")


def audio_of(page) -> dict[str, str]:
    return json.loads(page.locator("main").get_attribute("data-audio"))


def wait_until_played(page, src: str) -> None:
    page.wait_for_function("src => window.played.some(([, played]) => played.endsWith(src))", arg=src, timeout=15_000)


@pytest.mark.parametrize("how", ["tap", "switch"])
def test_the_ready_screen_says_hello_then_question_one(browser, live_server, how):
    context = browser.new_context(has_touch=True)
    context.add_init_script(RECORD_PLAYS)
    page = context.new_page()
    name = "Ollie" if how == "switch" else "Amira"
    with profile(live_server, name, access_method="switch1" if how == "switch" else "touch", scan_start_delay_ms=300):
        start_conversation(page, live_server, child="Oliver" if how == "switch" else "Amira", who=name, ready=False)
        page.wait_for_selector("main.talk[data-ready=yes]")
        expect(page.locator("#ready")).to_be_visible()
        expect(page.locator("#step-1")).to_be_hidden()
        audio = audio_of(page)
        hello = page.locator("#ready-title").get_attribute("data-hello")
        question = page.locator("#prompt-1").get_attribute("data-speak")
        assert hello in audio and question in audio  # both recorded speech, not the browser's voice
        assert page.evaluate("window.played") == []  # nothing is said before the gesture
        if how == "tap":
            page.locator("[data-ready-start]").tap()
        else:
            page.keyboard.press("Space")  # any press of the switch, highlighted or not
        expect(page.locator("#step-1")).to_be_visible()
        wait_until_played(page, audio[question])
        played = page.evaluate("window.played")
        srcs = [src for _outcome, src in played]
        first_hello = next(i for i, src in enumerate(srcs) if src.endswith(audio[hello]))
        first_question = next(i for i, src in enumerate(srcs) if src.endswith(audio[question]))
        assert first_hello < first_question  # hello, then the question
        # The gesture let the page play sound: neither clip was refused.
        assert all(outcome == "played" for outcome, _src in played), played
    context.close()


def test_every_text_on_the_review_and_thanks_is_recorded_speech(browser, live_server):
    context = browser.new_context(locale="cy-GB", has_touch=True)
    page = context.new_page()
    start_conversation(page, live_server, child="Elis", who="Elis")
    audio = audio_of(page)
    words = [page.locator("#ready-title").get_attribute("data-hello"),
             page.locator("#review-title").get_attribute("data-speak"),
             page.locator("[data-finish-form] button").get_attribute("data-label"),
             page.locator("#thanks-title").get_attribute("data-speak"),
             page.locator(".thanks__next").inner_text().strip(),
             page.locator("#step-1 .hear").inner_text().strip()]
    assert page.locator("html").get_attribute("lang") == "cy"
    assert words[1] != "This is what you told us. Is it right?" and words[2] != "Yes, I have finished"  # Welsh words
    missing = [text for text in words if text not in audio]
    assert not missing, missing
    context.close()


def test_hear_it_again_is_in_the_scanning_order(browser, live_server):
    context = browser.new_context()
    context.add_init_script(RECORD_PLAYS)
    page = context.new_page()
    with profile(live_server, "Ollie", access_method="switch1", scan_interval_ms=400, scan_start_delay_ms=200,
                 scan_loops=3, scan_pattern="linear"):
        start_conversation(page, live_server)
        question = page.locator("#prompt-1").get_attribute("data-speak")
        src = audio_of(page)[question]
        hear = page.locator("#step-1 button.hear")
        page.wait_for_function("element => element.classList.contains('scan-highlight')",
                               arg=hear.element_handle(), polling="raf", timeout=20_000)
        before = page.evaluate("window.played.length")
        page.keyboard.press("Space")
        page.wait_for_function("([src, before]) => window.played.slice(before).some(([, s]) => s.endsWith(src))",
                               arg=[src, before], timeout=10_000)
        expect(page.locator("#step-1")).to_be_visible()  # heard again; nothing was answered
        assert views_of(live_server, int(page.url.rsplit("/", 1)[1])) == []
    context.close()


def test_the_next_questions_clip_is_fetched_before_the_answer_is_given(browser, live_server):
    context = browser.new_context(has_touch=True)
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    start_conversation(page, live_server, child="Amira", who="Amira")
    step = visible_step(page)
    audio = audio_of(page)
    upcoming = audio[page.locator("#prompt-2").get_attribute("data-speak")]
    # The clip is asked for with no answer given yet: wait for that state, then answer.
    page.wait_for_function("src => performance.getEntriesByType('resource').some((entry) => entry.name.endsWith(src))",
                           arg=upcoming, timeout=15_000)
    assert not any(url.endswith("/answer") for url in asked)
    fetched_at = next(i for i, url in enumerate(asked) if url.endswith(upcoming))
    step.locator(".choices button.choice").first.tap()
    expect(page.locator("#step-2")).to_be_visible()
    answered_at = next(i for i, url in enumerate(asked) if url.endswith("/answer"))
    assert fetched_at < answered_at  # asked for while the child was still choosing
    context.close()


# Where the scan is, for a target: "choose" when it is highlighted, "enter" when its row is (a press
# goes in), "up" when the scan is inside another row with nothing highlighted (a press goes back up),
# "wake" when the scan rests; false while a press would do nothing useful. With it, the highlight
# moves on this screen so far.
SCAN_STATE = """
element => {
  const main = document.querySelector("main.talk");
  const state = (() => {
    if (main.dataset.scanPaused === "yes") return "wake";
    if (element.classList.contains("scan-highlight")) return "choose";
    const inside = (main.dataset.scanIndex || "").includes(".");
    if (!inside && element.classList.contains("scan-row")) return "enter";
    if (inside && document.querySelector(".scan-row--out") && !element.classList.contains("scan-row")) return "up";
    return false;
  })();
  return state && [state, Number(main.dataset.scanMoves)];
}
"""


# A person's presses of one switch are further apart than a bouncing switch's (access.js counts key
# events closer than 50 ms as one press): the next press waits until the page's own clock says so.
PRESS_GAP_MS = 80


def press_switch(page, key: str) -> None:
    page.wait_for_function("gap => performance.now() - (window.__lastTestPress || -Infinity) >= gap",
                           arg=PRESS_GAP_MS, polling="raf")
    page.keyboard.press(key)
    try:
        page.evaluate("() => { window.__lastTestPress = performance.now(); }")
    except PlaywrightError:  # the press finished the conversation and the page moved on: no next press here
        pass


def scan_and_choose(page, target, *, two_switches: bool = False) -> tuple[int, int]:
    """Press the switch (Space; with two switches, Space moves and Enter presses) until `target` is
    chosen, each press as the highlight lands where it must, as a child's would. Returns the presses,
    and the highlight moves on the screen when the target was highlighted."""
    presses = 0
    for _ in range(40):
        if two_switches:
            found = page.evaluate(SCAN_STATE, target.element_handle())
            if not found:
                page.keyboard.press("Space")
                presses += 1
                continue
        else:
            found = page.wait_for_function(SCAN_STATE, arg=target.element_handle(), polling="raf",
                                           timeout=20_000).json_value()
        press_switch(page, "Enter" if two_switches else "Space")
        presses += 1
        if found[0] == "choose":
            return presses, found[1]
    raise AssertionError("the scan never reached the target")


def reach_the_last_picture(page, live_server, pattern: str, two_switches: bool) -> dict:
    """On the 16-picture step: the presses, and the highlight moves until the last picture is highlighted
    (each move after the first one scanning interval), to choose the last picture."""
    last = page.locator("#step-1 .choices button.choice").nth(15)
    expect(last).to_be_visible()
    if two_switches:
        page.wait_for_selector("main.talk[data-scan-moves='1']")
    presses, moves = scan_and_choose(page, last, two_switches=two_switches)
    expect(page.locator("#review")).to_be_visible()
    return {"pattern": pattern, "presses": presses, "moves": moves}


@pytest.mark.parametrize("two_switches", [False, True], ids=["one-switch", "two-switches"])
def test_row_column_scanning_reaches_the_last_of_sixteen_pictures_sooner(browser, live_server, sixteen, two_switches):
    interval, delay = 400, 200
    figures = {}
    for pattern in ("linear", "rows"):
        context = browser.new_context(viewport={"width": 1024, "height": 768})
        page = context.new_page()
        with profile(live_server, "Ollie", access_method="switch2" if two_switches else "switch1", scan_pattern=pattern,
                     scan_interval_ms=interval, scan_start_delay_ms=delay, scan_loops=4):
            session_id = start_conversation(page, live_server, script=sixteen)
            result = reach_the_last_picture(page, live_server, pattern, two_switches)
            wait_for_saved(page, 1)
            views = views_of(live_server, session_id)
            assert [(v.position, v.chosen[0]["symbol"]) for v in views] == [(1, PEOPLE[-1])]  # the last picture, once
        result["seconds"] = (delay + (result["moves"] - 1) * interval) / 1000
        figures[pattern] = result
        context.close()
    print(f"\n16 pictures, {'two switches' if two_switches else 'one switch'}, {interval} ms a highlight:",
          {name: (f["presses"], f["moves"], f["seconds"]) for name, f in figures.items()})
    if two_switches:
        assert figures["rows"]["presses"] < figures["linear"]["presses"]
    else:
        assert figures["rows"]["moves"] < figures["linear"]["moves"]
        assert figures["rows"]["seconds"] < figures["linear"]["seconds"]


def test_a_welsh_conversation_by_one_switch_with_row_column_scanning(browser, live_server):
    context = browser.new_context(locale="cy-GB", viewport={"width": 1024, "height": 768})
    page = context.new_page()
    with profile(live_server, "Elis", access_method="switch1", scan_pattern="rows", scan_group_cues=True,
                 scan_interval_ms=450, scan_start_delay_ms=250, scan_loops=4):
        session_id = start_conversation(page, live_server, child="Elis", who="Elis", ready=False)
        expect(page.locator("#ready")).to_be_visible()
        press_switch(page, "Space")  # the ready screen: one press of the switch
        total = int(page.locator("main").get_attribute("data-total"))
        cues = set()
        for position in range(1, total + 1):
            step = page.locator(f"#step-{position}")
            expect(step).to_be_visible()
            kind = step.get_attribute("data-type")
            if kind == "own_words":  # typing is not for a switch: "I don't know"
                scan_and_choose(page, step.locator(".choice--i_dont_know"))
                continue
            if kind == "several_symbols":
                scan_and_choose(page, step.locator("label.choice--toggle").first)
                scan_and_choose(page, step.locator("[data-done]"))
            else:
                scan_and_choose(page, step.locator(".choices button.choice").first)
            cues.add(page.locator("main").get_attribute("data-scan-cue"))
        review = page.locator("#review")
        expect(review).to_be_visible()
        assert review.locator("[data-change]").count() > 6
        finish = review.locator("[data-finish-form] button")
        # "Yes, I have finished" is scanned first; the answers ("Change" in each) are one group after it.
        page.wait_for_function("element => element.classList.contains('scan-highlight')", arg=finish.element_handle(),
                               polling="raf", timeout=20_000)
        assert page.locator("main").get_attribute("data-scan-index") == "0"
        page.wait_for_function("() => document.querySelectorAll('#review [data-change].scan-row').length > 6",
                               polling="raf", timeout=20_000)
        expect(page.locator(".bubble:not(.bubble--waiting):not(.bubble--refused)")).to_have_count(total, timeout=15_000)
        scan_and_choose(page, finish)
        expect(page.locator("#thanks")).to_be_visible()
    assert cues - {None}, "a note was played as rows were highlighted"
    views = views_of(live_server, session_id)
    assert sorted(v.position for v in views) == list(range(1, total + 1))  # each answer stored once
    assert {v.entered_how for v in views} == {"switch"}
    assert all(v.shown_text and v.chosen for v in views)
    context.close()


@pytest.mark.parametrize("locale, child, who", [("en-GB", "Oliver", "Ollie"), ("cy-GB", "Elis", "Elis")])
def test_the_ready_screen_has_no_axe_violations(browser, live_server, locale, child, who):
    context = browser.new_context(locale=locale, has_touch=True)
    page = context.new_page()
    start_conversation(page, live_server, child, who, ready=False)
    page.wait_for_selector("main.talk[data-ready=yes]")
    expect(page.locator("#ready")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == locale[:2]
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes'][:3]]}" for v in violations]
    pass_ready(page)
    expect(visible_step(page)).to_have_attribute("id", "step-1")
    context.close()


@pytest.fixture
def arabic_for_parents(live_server):
    """A short conversation for parents written in Arabic (as a worker or interpreter would write one), stored
    for this test only: a feelings question, a yes / no question and their own words."""
    title = f"كيف تسير الخطة؟ {uuid.uuid4().hex[:6]}"
    definition = ScriptDefinition(f"test-{uuid.uuid4().hex[:8]}", title, Relationship.PARENT, (
        StepDefinition("كيف تشعرين تجاه الخطة؟", "كيف تشعرين؟", AnswerType.FEELINGS),
        StepDefinition("هل يستمع إليك الناس؟", "هل يسمعونك؟", AnswerType.YES_NO),
        StepDefinition("هل هناك شيء آخر تريدين قوله؟", "شيء آخر؟", AnswerType.OWN_WORDS),
    ))
    yield from stored_script(live_server, definition, "ar")


def test_an_arabic_conversation_by_one_switch_with_linear_scanning(browser, live_server, arabic_for_parents):
    """Layla (Amira's mum, who reads Arabic) answers a right-to-left conversation with one switch, the
    highlight moving through each screen in turn (linear scanning): every answer is stored once, as "switch"."""
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    with profile(live_server, "Layla", access_method="switch1", scan_pattern="linear", scan_interval_ms=450,
                 scan_start_delay_ms=250, scan_loops=4):
        session_id = start_conversation(page, live_server, child="Amira", who="Layla", script=arabic_for_parents,
                                        ready=False)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("html")).to_have_attribute("lang", re.compile("^ar"))
        expect(page.locator("#ready")).to_be_visible()
        press_switch(page, "Space")  # the ready screen: one press of the switch
        total = int(page.locator("main").get_attribute("data-total"))
        for position in range(1, total + 1):
            step = page.locator(f"#step-{position}")
            expect(step).to_be_visible()
            if step.get_attribute("data-type") == "own_words":  # typing is not for a switch: "I don't know"
                scan_and_choose(page, step.locator(".choice--i_dont_know"))
            else:
                scan_and_choose(page, step.locator(".choices button.choice").first)
        review = page.locator("#review")
        expect(review).to_be_visible()
        expect(page.locator(".bubble:not(.bubble--waiting):not(.bubble--refused)")).to_have_count(total, timeout=15_000)
        scan_and_choose(page, review.locator("[data-finish-form] button"))
        expect(page.locator("#thanks")).to_be_visible()
    views = views_of(live_server, session_id)
    assert sorted(v.position for v in views) == list(range(1, total + 1))  # each answer stored once
    assert {v.entered_how for v in views} == {"switch"}
    context.close()
