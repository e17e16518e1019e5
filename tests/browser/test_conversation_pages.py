"""A plan's conversations in Chromium: a tablet lost mid-conversation, the conversation found on the plan page
and carried on on another tablet where it was; axe-core on the list, the conversation's page (with its close form
and its errors) and the start page's offer to continue, in English and Welsh."""
from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from test_accessibility import AXE_OPTIONS, _describe
from test_child_mode import answer_visible_step, plan_of, start_conversation, views_of, visible_step, wait_for_saved

from helpers import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def ipad(browser, playwright):
    def new_tablet(locale: str = "en-GB"):
        context = browser.new_context(**playwright.devices["iPad (gen 7)"], locale=locale)
        contexts.append(context)
        return context

    contexts = []
    yield new_tablet
    for context in contexts:
        context.close()


def test_a_conversation_lost_with_its_tablet_is_carried_on_on_another_where_it_was(ipad, live_server):
    first = ipad().new_page()
    session_id = start_conversation(first, live_server)
    answer_visible_step(first)
    wait_for_saved(first, 1)
    first.context.close()  # the tablet is lost, locked to the conversation

    page = ipad().new_page()
    sign_in(page, live_server.url, "priya@example.org")
    page.goto(f"{live_server.url}/plans/{plan_of(live_server)}")
    region = page.get_by_role("region", name="Conversations")
    row = region.locator("tr", has=page.locator(f'a[href="/conversations/{session_id}"]'))
    expect(row).to_contain_text("In progress")
    expect(row.locator("td").last).to_have_text("1")
    row.get_by_role("link").click()
    page.get_by_role("button", name="Carry on with the conversation").click()
    page.wait_for_url(f"{live_server.url}/talk/{session_id}")
    expect(visible_step(page)).to_have_id("step-2")  # where it was
    expect(page.locator("#step-1")).to_be_hidden()
    answer_visible_step(page)
    expect(page.locator("#step-3")).to_be_visible()
    page.wait_for_function(f"fetch('/talk/{session_id}').then(r => r.text()).then(t => /id=\"step-3\"(?![^>]*hidden)/.test(t))")
    assert sorted(view.position for view in views_of(live_server, session_id)) == [1, 2]
    # The tablet is locked to it again: the plan page leads back to the conversation.
    page.goto(f"{live_server.url}/plans/{plan_of(live_server)}")
    page.wait_for_url(f"{live_server.url}/talk/{session_id}")


@pytest.fixture
def unfinished(ipad, live_server) -> int:
    page = ipad().new_page()
    session_id = start_conversation(page, live_server)
    answer_visible_step(page)
    wait_for_saved(page, 1)
    page.context.close()
    return session_id


def _check(page, url: str, results_of: list[str]) -> None:
    results = Axe().run(page, options=AXE_OPTIONS)
    results_of.extend(_describe(url, results))


@pytest.mark.parametrize("locale", ["en-GB", "cy-GB"])
def test_the_conversation_list_page_and_offer_to_continue_have_no_axe_violations(ipad, live_server, unfinished,
                                                                                  locale):
    page = ipad(locale).new_page()
    page.set_viewport_size({"width": 360, "height": 740})  # narrow: the list scrolls in its own region
    sign_in(page, live_server.url, "priya@example.org")
    found: list[str] = []
    plan_url = f"{live_server.url}/plans/{plan_of(live_server)}"
    page.goto(plan_url)
    region = page.locator(".table-scroll")
    expect(region).to_be_visible()
    assert region.evaluate("node => node.scrollWidth > node.clientWidth")  # wide: it scrolls, not the page
    region.focus()
    expect(region).to_be_focused()
    _check(page, plan_url, found)

    conversation_url = f"{live_server.url}/conversations/{unfinished}"
    page.goto(conversation_url)
    expect(page.locator("#close-title")).to_be_visible()
    _check(page, conversation_url, found)
    page.locator("main form[action$='/close'] button[type=submit]").click()  # sent empty: errors shown
    expect(page.locator("[data-error-summary]").first).to_be_visible()
    expect(page.locator("#reason")).to_have_attribute("aria-invalid", "true")
    _check(page, conversation_url + " (errors)", found)

    page.goto(f"{plan_url}/talk/new")
    page.get_by_label(re.compile(r"^Ollie: (My plan meeting|Cyfarfod fy nghynllun) \(.+\)$")).first.check()
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    expect(page.locator("#unfinished-title")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^(Continue|Parhau)$"))).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^(Start again|Dechrau eto)$"))).to_be_visible()
    _check(page, f"{plan_url}/talk/new (offer to continue)", found)
    assert not found, "\n".join(found)
