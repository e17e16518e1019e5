"""Speech that cannot be heard does not stop anything, in Chromium: a clip that fails to load (a 404,
the network gone) moves on to the browser's own voice, or to silence when there is none; child mode
goes on and speaks the next clips. (A letter read aloud as a whole: test_letters.py.)"""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect
from test_child_mode import answer_visible_step, start_conversation, visible_step, wait_for_saved

pytestmark = pytest.mark.browser

# The browser's own voice, recorded; it fails as Chromium's does where no voice is installed
# ("synthesis-failed"), so what the page does next depends on the page, not on the machine.
FAILING_VOICE = """
window.spokenAloud = [];
if ("speechSynthesis" in window) {
  window.speechSynthesis.speak = (utterance) => {
    window.spokenAloud.push([utterance.text, utterance.lang]);
    setTimeout(() => utterance.dispatchEvent(
      new SpeechSynthesisErrorEvent("error", { utterance, error: "synthesis-failed" })));
  };
}
"""
NO_VOICE = "delete Window.prototype.speechSynthesis; delete window.speechSynthesis; window.spokenAloud = [];"


def failing_speech(page, how: str) -> list[str]:
    """Every clip the page asks for fails (404, or the network drops it); returns the addresses asked."""
    asked: list[str] = []

    def fail(route):
        asked.append(route.request.url)
        route.fulfill(status=404, body="") if how == "404" else route.abort()

    page.route("**/speech/**", fail)
    return asked


def texts_of(page, position: int) -> list[str]:
    """What a step says aloud when it appears: its question, and its card's label if it has one."""
    step = page.locator(f"#step-{position}")
    texts = [step.locator("h1").get_attribute("data-speak")]
    if step.locator(".card[data-label]").count():
        texts.append(step.locator(".card[data-label]").get_attribute("data-label"))
    return texts


@pytest.mark.parametrize("voice, failure", [("failing", "404"), ("none", "abort")])
def test_a_clip_that_cannot_play_moves_on_and_the_conversation_goes_on(browser, live_server, voice, failure):
    context = browser.new_context(locale="en-GB")
    context.add_init_script(FAILING_VOICE if voice == "failing" else NO_VOICE)
    page = context.new_page()
    asked = failing_speech(page, failure)
    start_conversation(page, live_server, child="Amira", who="Amira")  # keyboard, no scanning voice
    main = page.locator("main")
    audio = json.loads(main.get_attribute("data-audio"))
    assert audio, "the conversation's texts have recorded speech"
    choice = visible_step(page).locator(".choices button.choice").first
    said = choice.get_attribute("data-label")
    for position in (2, 3):
        upcoming = texts_of(page, position)
        # after each answer: what was chosen, then the new question (and card), each clip failing in turn
        with page.expect_request(lambda request, text=upcoming[-1]: request.url.endswith(audio[text])):
            if position == 2:
                choice.focus()
                page.keyboard.press("Enter")
            else:
                answer_visible_step(page, by="keyboard")
        expect(page.locator(f"#step-{position}")).to_be_visible()
        for text in ([said] if position == 2 else []) + upcoming:
            assert any(url.endswith(audio[text]) for url in asked), text
    wait_for_saved(page, 2)
    spoken = page.evaluate("window.spokenAloud")
    if voice == "failing":  # the browser's voice stood in for each clip, in the conversation's language
        assert [said, "en"] in spoken and [texts_of(page, 2)[0], "en"] in spoken
    else:
        assert spoken == []
    answer_visible_step(page, by="keyboard")
    wait_for_saved(page, 3)
    context.close()
