"""Responses and "You said … We did …" letters in Chromium: axe-core finds no WCAG 2.2 A/AA
violations on their pages in English and Welsh, the plain-words hint answers as the worker types,
and the letter's speaker buttons fetch its recorded speech, reading on past a clip that fails."""
from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlmodel import Session, select
from test_accessibility import AXE_OPTIONS, _describe
from test_speaker import FAILING_VOICE, failing_speech

from helpers import sign_in
from voice_capture.feedback import lifecycle, responses
from voice_capture.models import Child, Plan, PlanItem, Respondent, User, View
from voice_capture.speech.engine import encoder_available, engine_available

pytestmark = pytest.mark.browser

LOCALES = ["en-GB", "cy-GB"]


def _view(session, respondent, plan, item, user, chosen, said=""):
    view = View(respondent_id=respondent.id, plan_id=plan.id, plan_item_id=item.id if item else None,
                shown_text="How do you feel about this?", chosen=chosen, said_text=said,
                entered_how="tapped" if chosen else "typed", entered_by_id=user.id)
    session.add(view)
    session.flush()
    return view


@pytest.fixture(scope="module")
def letters(live_server) -> dict:
    """Letters for Amira (English, simple words), her brother Yusuf (pictures only: every picture, own words,
    a picture for what was done), her mum Layla (Arabic) and Elis (Welsh), on plans no other browser test
    counts views on."""
    with live_server.app.app_context(), Session(live_server.app.extensions["vc_engine"]) as session:
        priya = session.exec(select(User).where(User.email == "priya@example.org")).one()
        amira = session.exec(select(Child).where(Child.given_name == "Amira")).one()
        elis = session.exec(select(Child).where(Child.given_name == "Elis")).one()
        ehcp = session.exec(select(Plan).where(Plan.child_id == amira.id, Plan.plan_type == "ehcp")).one()
        early = session.exec(select(Plan).where(Plan.child_id == elis.id, Plan.plan_type == "early_help")).one()
        found = {"ehcp": ehcp.id, "early": early.id}
        for plan, child, people in ((ehcp, amira, {"Amira": "en", "Yusuf": "en", "Layla": "ar"}), (early, elis, {"Elis": "cy"})):
            items = session.exec(select(PlanItem).where(PlanItem.plan_id == plan.id).order_by(PlanItem.position)).all()
            for name, language in people.items():
                respondent = session.exec(select(Respondent).where(Respondent.child_id == child.id,
                                                                   Respondent.preferred_name == name)).one()
                happy = _view(session, respondent, plan, items[0], priya,
                              [{"key": "happy", "label": "Happy", "symbol": "happy"}])
                _view(session, respondent, plan, items[1], priya, [{"key": "sad", "label": "Sad", "symbol": "sad"}])
                waiting = _view(session, respondent, plan, None, priya, [], said="I want more time with my friends.")
                words = {"en": "You have your talker in every lesson now.", "ar": "لديك جهازك في كل درس الآن.",
                         "cy": "Mae gen ti help gyda gwaith cartref bob dydd Mawrth nawr."}[language]
                responses.record_response(session=session, actor=priya, plan=plan, views=[happy], outcome="done",
                                         plain_words=words)
                letter = lifecycle.start_letter(session=session, actor=priya, plan=plan, respondent=respondent,
                                                language=language)
                found[name] = letter.id
                found[f"{name}_waiting"] = waiting.id
        session.commit()
    return found


PAGES = [
    "/", "/plans/{ehcp}", "/plans/{early}", "/plans/{ehcp}/responses/new",
    "/plans/{ehcp}/responses/new?view={Amira_waiting}", "/plans/{early}/responses/new?view={Elis_waiting}",
    "/letters/{Amira}", "/letters/{Amira}/read", "/letters/{Elis}", "/letters/{Elis}/read",
    "/letters/{Layla}", "/letters/{Layla}/read", "/letters/{Yusuf}", "/letters/{Yusuf}/read",
]


@pytest.mark.parametrize("locale", LOCALES)
def test_response_and_letter_pages_have_no_axe_violations(browser, live_server, letters, locale):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    foreign: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(live_server.url) or r.url.startswith("data:")
            else foreign.append(r.url))
    sign_in(page, live_server.url, "priya@example.org")
    axe = Axe()
    problems = []
    for template in PAGES:
        url = live_server.url + template.format(**letters)
        response = page.goto(url)
        assert response.status == 200, url
        assert page.locator("html").get_attribute("lang") == locale[:2], url
        problems += _describe(url, axe.run(page, options=AXE_OPTIONS))
    # the response form and the letter's "ready" form, sent with errors
    url = live_server.url + f"/plans/{letters['ehcp']}/responses/new"
    page.goto(url)
    page.click("main form button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    problems += _describe(url + " (with errors)", axe.run(page, options=AXE_OPTIONS))
    context.close()
    assert not problems, "\n".join(problems)
    assert not foreign, f"requests to other hosts: {foreign}"


@pytest.mark.parametrize("locale", LOCALES)
def test_the_managers_dashboard_has_no_axe_violations(browser, live_server, letters, locale):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    sign_in(page, live_server.url, "manager@example.org")
    problems = []
    for template in ("/", "/letters/{Amira}", "/letters/{Layla}/read"):
        url = live_server.url + template.format(**letters)
        page.goto(url)
        problems += _describe(url, Axe().run(page, options=AXE_OPTIONS))
    text = page.goto(live_server.url + "/").text()
    context.close()
    assert not problems, "\n".join(problems)
    assert "data-listen-counts" in text


def test_the_plain_words_hint_answers_as_the_worker_types(browser, live_server, letters):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    sign_in(page, live_server.url, "priya@example.org")
    page.goto(f"{live_server.url}/plans/{letters['ehcp']}/responses/new?view={letters['Amira_waiting']}")
    hint = page.locator("#plain_words-readability")
    page.fill("#plain_words", "We asked school to give you a quiet room.")
    expect(hint).to_have_attribute("data-rating", "ok")
    page.fill("#plain_words", "Following comprehensive multi-agency deliberations, the safeguarding partnership "
                              "determined that additional therapeutic interventions would be commissioned "
                              "notwithstanding budgetary considerations.")
    expect(hint).to_have_attribute("data-rating", "far_above")
    expect(hint).to_contain_text("comprehensive")
    context.close()


@pytest.mark.skipif(not (engine_available() and encoder_available()), reason="needs espeak-ng and lame")
def test_a_speaker_button_plays_the_letters_recorded_speech(browser, live_server, letters):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    sign_in(page, live_server.url, "priya@example.org")
    page.goto(f"{live_server.url}/letters/{letters['Amira']}/read")
    expect(page.locator("[data-read-all]")).to_be_visible()
    with page.expect_response(lambda r: "/speech/" in r.url, timeout=60_000) as waited:
        page.locator(".letter .speak-button").first.click()
    response = waited.value
    assert response.status in (200, 206) and response.headers["content-type"] == "audio/mpeg"
    context.close()


def test_reading_a_whole_letter_carries_on_past_clips_that_fail(browser, live_server, letters):
    context = browser.new_context(locale="en-GB")
    context.add_init_script(FAILING_VOICE)
    page = context.new_page()
    sign_in(page, live_server.url, "priya@example.org")
    asked = failing_speech(page, "404")
    page.goto(f"{live_server.url}/letters/{letters['Amira']}/read")
    whole = page.locator("[data-read-all]")
    start_label = whole.get_attribute("data-start-label")
    clips = [clip for button in page.locator(".letter .speak-button[data-clips]").all()
             for clip in json.loads(button.get_attribute("data-clips"))]
    assert len(clips) > 2 and all(clip["src"] for clip in clips)
    whole.click()
    # read to its end: the button offers to read it again, no line is marked as being read
    expect(whole).to_have_text(start_label, timeout=15000)
    expect(page.locator("[data-line].is-reading")).to_have_count(0)
    wanted = list(dict.fromkeys(clip["src"] for clip in clips))
    heard = list(dict.fromkeys(url[len(live_server.url):] for url in asked))
    assert heard == wanted
    assert [clip["text"] for clip in clips] == [text for text, _ in page.evaluate("window.spokenAloud")]
    context.close()
