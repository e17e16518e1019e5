"""Child mode without a network: the offline worker's copy of a conversation, and that nothing of it stays."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from test_child_mode import answer_visible_step, pass_ready, start_conversation, views_of, visible_step, wait_for_saved

from helpers import sign_in
from voice_capture.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser
COPIES = "() => caches.keys().then((names) => names.filter((name) => name.startsWith('vc-talk-')))"
NO_COPIES = "() => caches.keys().then((names) => !names.some((name) => name.startsWith('vc-talk-')))"
NO_WORKER = "() => navigator.serviceWorker.getRegistrations().then((found) => found.length === 0)"


@pytest.fixture
def tablet(browser, playwright):
    context = browser.new_context(**playwright.devices["iPad (gen 7)"])
    yield context
    context.close()


NETWORK_AWAY_FOR_ANSWERS = """
window.networkAway = true;
const fetchWithNetwork = window.fetch;
window.fetch = (address, options) => (window.networkAway && String(address).endsWith('/answer')
  ? Promise.reject(new TypeError('Failed to fetch')) : fetchWithNetwork(address, options));
"""


def wait_for_copy(page) -> None:
    """The conversation kept for offline use, and the worker in charge of the page."""
    page.wait_for_function("() => document.querySelector('main').dataset.offline === 'kept'", timeout=20000)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20000)


def waiting(page, session_id: int) -> int:
    return page.evaluate(f"() => JSON.parse(localStorage.getItem('vc-talk-{session_id}') || '[]').length")


def test_an_offline_reload_and_a_reopened_tab_show_the_conversation_then_send_each_answer_once(tablet, live_server):
    page = tablet.new_page()
    session_id = start_conversation(page, live_server)
    talk_url = page.url
    wait_for_copy(page)
    answer_visible_step(page)
    wait_for_saved(page, 1)
    tablet.set_offline(True)
    answer_visible_step(page)
    answer_visible_step(page)
    expect(page.locator(".bubble--waiting")).to_have_count(2)

    # Chromium's offline emulation does not reach every fetch of a page the worker controls (a page being
    # closed, a tab the worker has controlled from its first page: theirs went out regardless), so in
    # those pages, until the network "returns", the answers' fetch fails as it does with no network.
    tablet.add_init_script(NETWORK_AWAY_FOR_ANSWERS)
    page.reload()  # no network: the worker draws the conversation from its copy
    pass_ready(page)
    expect(page.locator("#step-4")).to_be_visible()
    expect(page.locator(".bubble--waiting")).to_have_count(2)
    expect(page.locator(".bubble:not(.bubble--waiting)")).to_have_count(1)
    assert waiting(page, session_id) == 2

    page.close()  # the tab closed, and opened again while still offline
    page = tablet.new_page()
    page.goto(talk_url)
    pass_ready(page)
    expect(page.locator("#step-4")).to_be_visible()
    expect(page.locator(".bubble--waiting")).to_have_count(2)
    assert [v.position for v in views_of(live_server, session_id)] == [1]

    tablet.set_offline(False)
    page.evaluate("() => { window.networkAway = false; window.dispatchEvent(new Event('online')); }")
    wait_for_saved(page, 3)
    assert sorted(v.position for v in views_of(live_server, session_id)) == [1, 2, 3]
    assert waiting(page, session_id) == 0


def test_the_worker_forgets_the_copy_when_the_adult_unlocks(tablet, live_server):
    """The worker's own clean-up: the summary page's script (which forgets it too) is kept from running."""
    page = tablet.new_page()
    session_id = start_conversation(page, live_server)
    wait_for_copy(page)
    assert page.evaluate(COPIES) == [f"vc-talk-{session_id}"]
    page.route("**/js/pending.js", lambda route: route.abort())
    page.goto(f"{live_server.url}/talk/{session_id}/unlock")
    page.fill("#password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/conversations/{session_id}")
    page.wait_for_function(NO_COPIES)
    page.wait_for_function(NO_WORKER)


def test_the_copy_goes_when_the_conversation_ends(tablet, live_server):
    page = tablet.new_page()
    session_id = start_conversation(page, live_server)
    wait_for_copy(page)
    answer_visible_step(page)
    visible_step(page).locator(".choice--stop").tap()
    expect(page.locator("#thanks")).to_be_visible()
    wait_for_saved(page, 2)
    page.wait_for_function(NO_COPIES)
    page.wait_for_function(NO_WORKER)
    assert page.evaluate(f"() => localStorage.getItem('vc-talk-{session_id}-offline')") is None


def test_signing_out_clears_what_the_browser_holds(tablet, live_server):
    """Clear-Site-Data at sign-out: caches, workers and stored answers all go, whatever left them."""
    page = tablet.new_page()
    sign_in(page, live_server.url, "priya@example.org")
    page.evaluate("""async () => {
        await (await caches.open('vc-talk-999')).put('/talk/999', new Response('a child\\'s page'));
        localStorage.setItem('vc-talk-999', '[{"position": 1}]');
    }""")
    page.locator("form[action$='/logout'] button").click()
    page.wait_for_url(lambda url: "/login" in url)
    assert page.evaluate("() => caches.keys()") == []
    assert page.evaluate("() => localStorage.length") == 0


REFUSALS = {
    "storage refused": "CacheStorage.prototype.open = () => Promise.reject(new DOMException('no', 'SecurityError'));",
    "cache full": "Cache.prototype.addAll = () => Promise.reject(new DOMException('full', 'QuotaExceededError'));",
}


@pytest.mark.parametrize("refusal", REFUSALS, ids=list(REFUSALS))
def test_a_cache_that_is_refused_or_full_still_lets_the_conversation_run_online(tablet, live_server, refusal):
    page = tablet.new_page()
    page.add_init_script(REFUSALS[refusal])
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    session_id = start_conversation(page, live_server)
    page.wait_for_function("() => document.querySelector('main').dataset.offline === 'refused'", timeout=20000)
    for _ in range(3):
        answer_visible_step(page)
    wait_for_saved(page, 3)
    page.reload()
    pass_ready(page)
    expect(page.locator("#step-4")).to_be_visible()
    assert sorted(v.position for v in views_of(live_server, session_id)) == [1, 2, 3]
    assert page.evaluate("() => caches.keys()") == [] or refusal == "storage refused"
    assert not errors
