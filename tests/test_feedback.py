"""Closing the loop: responses to views, "You said … We did …" letters (web, print, PDF, speech),
the plain-words check, sending and versions, "Did we listen?", access and bad input."""
from __future__ import annotations

import array
import html
import io
import json
import re
import shutil
import subprocess
import wave
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlmodel import select

from voice_capture.conversations.builtin import DID_WE_LISTEN_KEY
from voice_capture.feedback import deadlines, listening, panels
from voice_capture.models import (
    AuditEvent,
    CaptureSession,
    ConversationScript,
    FeedbackLetter,
    PlanItem,
    Respondent,
    Response,
    ResponseView,
    Role,
    View,
)
from voice_capture.readability import check
from voice_capture.speech.engine import encoder_available, engine_available
from voice_capture.views.current import waiting_views

SPEECH = pytest.mark.skipif(not (engine_available() and encoder_available()),
                            reason="needs espeak-ng (libespeak-ng1), pyttsx3 and lame")

DID = {
    "happy": "You go to the park with Nan every Saturday now.",
    "sad": "We asked school to give you a quiet room at lunch.",
    "own": "We could not change this yet. We will ask again in May.",
}


def _view(db, respondent, plan, item, worker, *, chosen=(), said="", how="tapped", shown="How do you feel?"):
    view = View(respondent_id=respondent.id, plan_id=plan.id, plan_item_id=item.id if item else None,
                shown_text=shown, chosen=list(chosen), said_text=said, entered_how=how, entered_by_id=worker.id)
    db.add(view)
    db.commit()
    return view


def _symbol(key, label):
    return {"key": key, "label": label, "symbol": key}


@pytest.fixture
def family(db, make_team, make_user, make_child, make_plan):
    """Sam, with three views on a plan (two about plan items, one in their own words) and an
    observation that must never appear in a letter as Sam's words."""
    team = make_team()
    worker = make_user(Role.SOCIAL_WORKER, team, display_name="Priya Test")
    child = make_child(team, worker=worker)
    plan = make_plan(child, items=("Sam goes to the park.", "Sam has a quiet place at school."))
    items = db.exec(select(PlanItem).where(PlanItem.plan_id == plan.id).order_by(PlanItem.position)).all()
    sam = db.exec(select(Respondent).where(Respondent.child_id == child.id)).one()
    views = {
        "sad": _view(db, sam, plan, items[1], worker, chosen=[_symbol("sad", "Sad")]),
        "happy": _view(db, sam, plan, items[0], worker, chosen=[_symbol("happy", "Happy")]),
        "own": _view(db, sam, plan, None, worker, said="I want to see my nan more.", how="typed",
                     shown="Anything else?"),
    }
    _view(db, sam, plan, None, worker, said="Sam looked tired and quiet today.", how="observed", shown="")
    return {"team": team, "worker": worker, "child": child, "plan": plan, "items": items, "sam": sam,
            "views": views}


def _respond(client, plan, views, words, outcome="done", reason=""):
    url = f"/plans/{plan.id}/responses/new"
    data = {"views": [v.id for v in views], "outcome": outcome, "plain_words": words, "reason": reason,
            "responded_on": date.today().isoformat()}
    return client.submit(url, data, page=url + "?" + "&".join(f"view={v.id}" for v in views))


def _answer_all(client, family):
    for key in ("happy", "sad", "own"):
        response = _respond(client, family["plan"], [family["views"][key]], DID[key])
        assert response.status_code == 302, response.get_data(as_text=True)


def _start_letter(client, db, family, language=None):
    url = f"/plans/{family['plan'].id}/letters/{family['sam'].id}"
    response = client.submit(url, {"language": language or family["sam"].language})
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.exec(select(FeedbackLetter).where(FeedbackLetter.respondent_id == family["sam"].id)
                   .order_by(FeedbackLetter.version.desc())).first()


@pytest.fixture
def worker_client(client, family):
    client.login(family["worker"])
    return client


def _text(page: str) -> str:
    """The words a reader sees: tags dropped, entities decoded, white space collapsed."""
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _article(page: str) -> str:
    match = re.search(r"<article.*?</article>", page, flags=re.S)
    assert match, "no letter on the page"
    return match.group(0)


# --- responses and the waiting list -----------------------------------------------------------

def test_a_view_without_a_response_is_listed_as_waiting_oldest_first(worker_client, db, family, make_user):
    waiting = waiting_views(session=db, user=family["worker"])
    assert [v.id for v, *_ in waiting] == [family["views"][k].id for k in ("sad", "happy", "own")]
    manager = make_user(Role.MANAGER, family["team"])
    assert [v.id for v, *_ in waiting_views(session=db, user=manager)] == [v.id for v, *_ in waiting]
    outsider = make_user(Role.SOCIAL_WORKER)
    assert waiting_views(session=db, user=outsider) == []

    page = worker_client.get("/").get_data(as_text=True)
    assert "Views waiting for a response" in page and "Sad" in page
    _respond(worker_client, family["plan"], [family["views"]["sad"]], DID["sad"])
    waiting = waiting_views(session=db, user=family["worker"])
    assert [v.id for v, *_ in waiting] == [family["views"]["happy"].id, family["views"]["own"].id]
    plan_page = worker_client.get(f"/plans/{family['plan'].id}").get_data(as_text=True)
    assert DID["sad"] in plan_page and "Views waiting for a response" in plan_page


def test_a_response_to_a_group_of_views_is_dated_and_audited(worker_client, db, family):
    plan = family["plan"]
    second = _view(db, family["sam"], plan, family["items"][0], family["worker"], chosen=[_symbol("park", "Park")])
    response = _respond(worker_client, plan, [family["views"]["happy"], second], "You go to the park now.")
    assert response.status_code == 302
    saved = db.exec(select(Response)).one()
    assert saved.responded_on == date.today() and saved.plan_item_id == family["items"][0].id
    assert saved.respondent_id == family["sam"].id
    linked = db.exec(select(ResponseView.view_id).where(ResponseView.response_id == saved.id)).all()
    assert sorted(linked) == sorted([family["views"]["happy"].id, second.id])
    audit = db.exec(select(AuditEvent).where(AuditEvent.entity_type == "response")).one()
    assert (audit.action, audit.entity_id, audit.child_id, audit.user_id) == (
        "create", saved.id, family["child"].id, family["worker"].id)


def test_views_about_different_items_cannot_share_a_response(worker_client, db, family):
    response = _respond(worker_client, family["plan"], [family["views"]["happy"], family["views"]["sad"]], "Done.")
    assert response.status_code == 200
    assert "Answer views about one plan item at a time." in response.get_data(as_text=True)
    assert db.exec(select(Response)).all() == []


def test_could_not_be_done_needs_a_reason(worker_client, db, family):
    response = _respond(worker_client, family["plan"], [family["views"]["own"]], DID["own"], outcome="could_not")
    assert "Say why it could not be done." in response.get_data(as_text=True)
    assert db.exec(select(Response)).all() == []
    response = _respond(worker_client, family["plan"], [family["views"]["own"]], DID["own"], outcome="could_not",
                        reason="Nan lives abroad until May.")
    assert response.status_code == 302
    assert db.exec(select(Response)).one().reason == "Nan lives abroad until May."


def test_markup_in_a_response_is_shown_escaped_on_the_page_and_in_the_pdf(worker_client, db, family):
    nasty = '<script>alert("x")</script><b>bold</b>'
    _respond(worker_client, family["plan"], [family["views"]["happy"]], nasty)
    page = worker_client.get(f"/plans/{family['plan'].id}").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page and "<b>bold" not in page
    letter = _start_letter(worker_client, db, family)
    for address in (f"/letters/{letter.id}", f"/letters/{letter.id}/read", f"/letters/{letter.id}/print"):
        body = worker_client.get(address).get_data(as_text=True)
        assert "<script>alert" not in body and "&lt;script&gt;" in body, address
    text = _pdf_text(worker_client.get(f"/letters/{letter.id}/letter.pdf").data)
    assert '<script>alert("x")</script><b>bold</b>' in text.replace("\n", "")


# --- letters -----------------------------------------------------------------------------------

def test_the_english_letter_text(worker_client, db, family):
    _answer_all(worker_client, family)
    letter = _start_letter(worker_client, db, family)
    page = worker_client.get(f"/letters/{letter.id}/print").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page
    today = date.today()
    expected = (
        f"What we did with what you told us {today.day} {today.strftime('%B')} {today.year} Dear Sam, "
        "Thank you for telling us what you think about your plan. "
        f"We asked: How do you feel? You said: Happy We did: {DID['happy']} "
        f"We asked: How do you feel? You said: Sad We did: {DID['sad']} "
        f"We asked: Anything else? You said: “I want to see my nan more.” We did: {DID['own']} "
        "We will keep listening to you. From Priya Test, your social worker"
    )
    assert _text(_article(page)) == expected
    assert "looked tired" not in page  # the practitioner's observation is not Sam's view


WELSH = {
    "title": "Beth wnaethon ni gyda beth ddwedaist ti wrthon ni",
    "greeting": "Annwyl Sam,",
    "intro": "Diolch am ddweud wrthon ni beth rwyt ti'n ei feddwl am dy gynllun.",
    "we_asked": "Fe ofynnon ni",
    "you_said": "Fe ddwedaist ti",
    "we_did": "Fe wnaethon ni",
    "closing": "Byddwn ni'n dal i wrando arnat ti.",
    "sign_off": "Oddi wrth Priya Test, dy weithiwr cymdeithasol",
}
WELSH_DID = {"happy": "Rwyt ti'n mynd i'r parc gyda Nain bob dydd Sadwrn nawr.",
             "sad": "Gofynnon ni i'r ysgol roi ystafell dawel i ti amser cinio.",
             "own": "Allwn ni ddim newid hyn eto. Byddwn ni'n gofyn eto ym mis Mai."}


def _welsh_family(db, family):
    family["sam"].language = "cy"
    db.add(family["sam"])
    db.commit()


def test_the_welsh_letter_uses_the_welsh_locale_and_the_workers_welsh_lines(worker_client, db, family):
    _welsh_family(db, family)
    for key in ("happy", "sad", "own"):
        _respond(worker_client, family["plan"], [family["views"][key]], WELSH_DID[key])
    letter = _start_letter(worker_client, db, family)
    assert letter.language == "cy"
    page = worker_client.get(f"/letters/{letter.id}/print").get_data(as_text=True)
    assert '<html lang="cy" dir="ltr">' in page
    text = _text(_article(page))
    from babel.dates import format_date

    assert format_date(date.today(), format="long", locale="cy") in text  # the date is in Welsh
    positions = [text.index(WELSH_DID[key]) for key in ("happy", "sad", "own")]
    assert positions == sorted(positions)
    assert "letter's own headings are not translated" not in worker_client.get(f"/letters/{letter.id}").get_data(
        as_text=True)


def test_the_welsh_letter_text(worker_client, db, family, app):

    _welsh_family(db, family)
    for key in ("happy", "sad", "own"):
        _respond(worker_client, family["plan"], [family["views"][key]], WELSH_DID[key])
    letter = _start_letter(worker_client, db, family)
    page = worker_client.get(f"/letters/{letter.id}/print").get_data(as_text=True)
    from babel.dates import format_date

    expected = (
        f"{WELSH['title']} {format_date(date.today(), format='long', locale='cy')} {WELSH['greeting']} "
        f"{WELSH['intro']} "
        f"{WELSH['we_asked']}: How do you feel? {WELSH['you_said']}: Happy {WELSH['we_did']}: {WELSH_DID['happy']} "
        f"{WELSH['we_asked']}: How do you feel? {WELSH['you_said']}: Sad {WELSH['we_did']}: {WELSH_DID['sad']} "
        f"{WELSH['we_asked']}: Anything else? {WELSH['you_said']}: “I want to see my nan more.” "
        f"{WELSH['we_did']}: {WELSH_DID['own']} "
        f"{WELSH['closing']} {WELSH['sign_off']}"
    )
    assert _text(_article(page)) == expected


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_holds_every_view_and_response_in_order(worker_client, db, family):
    _answer_all(worker_client, family)
    letter = _start_letter(worker_client, db, family)
    response = worker_client.get(f"/letters/{letter.id}/letter.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(_pdf_text(response.data).split())
    expected = ["Dear Sam,", "Happy", DID["happy"], "Sad", DID["sad"], "I want to see my nan more.", DID["own"],
                "From Priya Test, your social worker"]
    positions = [text.index(part) for part in expected]
    assert positions == sorted(positions), text
    assert "looked tired" not in text


def test_a_pictures_only_letter_has_one_short_line_and_a_picture_per_view(worker_client, db, family):
    family["sam"].reading_level = "pictures"
    db.add(family["sam"])
    db.commit()
    _respond(worker_client, family["plan"], [family["views"]["happy"]], "Park with Nan.")
    letter = _start_letter(worker_client, db, family)
    article = _article(worker_client.get(f"/letters/{letter.id}/read").get_data(as_text=True))
    views = re.findall(r'<li class="letter__view[^"]*".*?</li>', article, flags=re.S)
    assert len(views) == 3
    # each view: the question, what was chosen, what was done, one short line each, with their pictures
    assert all(view.count('class="letter__row') <= 3 and view.count("letter__did") <= 1 for view in views)
    assert 'src="/symbols/happy.svg?v=' in views[0] and "Park with Nan." in views[0]
    assert 'src="/symbols/yes.svg?v=' in views[0]  # a picture for "done"
    assert "I want to see my nan more." in views[2]  # their own words are kept
    assert "You said" not in article


def test_an_arabic_letter_is_laid_out_right_to_left(worker_client, db, family):
    family["sam"].language = "ar"
    db.add(family["sam"])
    db.commit()
    arabic = "ذهبت إلى الحديقة مع جدتك"
    _respond(worker_client, family["plan"], [family["views"]["happy"]], arabic)
    letter = _start_letter(worker_client, db, family)
    read = worker_client.get(f"/letters/{letter.id}/read").get_data(as_text=True)
    assert re.search(r'<article class="letter[^"]*" lang="ar" dir="rtl"', read)
    page = worker_client.get(f"/letters/{letter.id}").get_data(as_text=True)
    assert "not translated into" in page  # the worker is told the headings are in English
    assert '<html lang="ar" dir="rtl">' in worker_client.get(f"/letters/{letter.id}/print").get_data(as_text=True)

    reader = PdfReader(io.BytesIO(worker_client.get(f"/letters/{letter.id}/letter.pdf").data))
    page_width = float(reader.pages[0].mediabox.width)
    runs = []
    reader.pages[0].extract_text(visitor_text=lambda text, _cm, tm, _f, _s: text.strip() and runs.append((text, tm[4])))
    arabic_x = [x for text, x in runs if re.search(r"[\u0600-\u06FF]", text)]
    label_x = [x for text, x in runs if "We did" in text]
    print(runs)
    assert arabic_x and label_x, runs
    # Right to left: the line begins at the right, so "We did:" (first in reading order) stands to the
    # right of the Arabic words after it, and the Arabic reaches into the right half of the page.
    assert min(label_x) > max(arabic_x)
    assert max(arabic_x) > page_width / 2
    assert any(re.search(r"[\u0600-\u06FF]", ch) for ch in reader.pages[0].extract_text())


@pytest.mark.parametrize("language, words", [("pl", "Zapytaliśmy szkołę o cichy pokój."),
                                             ("ur", "ہم نے اسکول سے بات کی۔"),
                                             ("cy", "Gofynnon ni i'r ysgol.")])
def test_pdfs_in_other_scripts_keep_their_words(worker_client, db, family, language, words):
    family["sam"].language = language
    db.add(family["sam"])
    db.commit()
    _respond(worker_client, family["plan"], [family["views"]["happy"]], words)
    letter = _start_letter(worker_client, db, family)
    text = _pdf_text(worker_client.get(f"/letters/{letter.id}/letter.pdf").data)
    if language == "ur":  # Urdu is shaped right to left; pypdf may return it in visual order
        assert re.search(r"[\u0600-\u06FF]", text)
    else:
        assert words in " ".join(text.split())


def test_a_respondent_with_no_views_gets_no_empty_letter(worker_client, db, family):
    mum = Respondent(child_id=family["child"].id, relationship="parent", name="Jo Taylor", preferred_name="Jo")
    db.add(mum)
    db.commit()
    url = f"/plans/{family['plan'].id}/letters/{mum.id}"
    page = worker_client.get(url).get_data(as_text=True)
    assert "Jo has not given any views on this plan yet, so there is nothing to write back about." in page
    assert 'name="language"' not in page
    response = worker_client.submit(url, {"language": "en"}, page=f"/plans/{family['plan'].id}/letters/"
                                    f"{family['sam'].id}")
    assert response.status_code == 200 and "nothing to write back about" in response.get_data(as_text=True)
    assert db.exec(select(FeedbackLetter)).all() == []


def test_an_unknown_language_falls_back_to_english_and_says_so(worker_client, db, family):
    family["sam"].language = "xx"
    db.add(family["sam"])
    db.commit()
    _answer_all(worker_client, family)
    start = worker_client.get(f"/plans/{family['plan'].id}/letters/{family['sam'].id}").get_data(as_text=True)
    assert "We do not know the language “xx”, so this letter is in English." in html.unescape(start)
    url = f"/plans/{family['plan'].id}/letters/{family['sam'].id}"
    assert re.search(r'<option selected value="en"|<option value="en" selected', start)
    worker_client.submit(url, {"language": "en"})
    letter = db.exec(select(FeedbackLetter)).one()
    assert letter.language == "en"
    assert '<html lang="en" dir="ltr">' in worker_client.get(f"/letters/{letter.id}/print").get_data(as_text=True)


# --- the plain-words check, ready, sent and versions ------------------------------------------

def test_the_readability_check_flags_a_long_complex_sentence_and_passes_a_simple_one():
    simple = check("We asked school to give you a quiet room.", "simple", "en")
    assert simple.rating == "ok" and not simple.long_words and not simple.long_sentences
    hard = check("Following comprehensive multi-agency deliberations, the safeguarding partnership determined that "
                 "additional therapeutic interventions would be commissioned through the appropriate "
                 "commissioning arrangements notwithstanding budgetary considerations.", "simple", "en")
    assert hard.rating == "far_above" and hard.long_sentences and "comprehensive" in hard.long_words


HARD = ("Following comprehensive multi-agency deliberations, the safeguarding partnership determined that "
        "additional therapeutic interventions would be commissioned notwithstanding budgetary considerations.")


def test_a_letter_with_a_far_too_hard_line_needs_a_reason_to_be_ready(worker_client, db, family):
    _answer_all(worker_client, family)
    letter = _start_letter(worker_client, db, family)
    page = worker_client.get(f"/letters/{letter.id}").get_data(as_text=True)
    assert 'data-readability-level="simple"' in page and "Easy to read for this reader" in page
    line = f"line_{family['views']['sad'].id}"
    data = {f"line_{v.id}": DID[k] for k, v in family["views"].items()}
    data[line] = HARD
    worker_client.submit(f"/letters/{letter.id}", data)
    page = worker_client.get(f"/letters/{letter.id}").get_data(as_text=True)
    assert "Much too hard for this reader" in page and 'data-rating="far_above"' in page

    refused = worker_client.submit(f"/letters/{letter.id}/ready", {"ready-ready_reason": ""},
                                   page=f"/letters/{letter.id}")
    assert refused.status_code == 422 and "much too hard for Sam to read" in refused.get_data(as_text=True)
    db.refresh(letter)
    assert letter.status == "draft"
    reason = "These are the panel's exact words, which Sam's mum asked to see."
    ok = worker_client.submit(f"/letters/{letter.id}/ready", {"ready-ready_reason": reason},
                              page=f"/letters/{letter.id}")
    assert ok.status_code == 302
    db.refresh(letter)
    assert (letter.status, letter.ready_reason) == ("ready", reason)
    audit = db.exec(select(AuditEvent).where(AuditEvent.entity_type == "feedback_letter",
                                             AuditEvent.detail.contains("hard lines kept"))).one()
    assert reason in audit.detail


def _send(client, letter, how="read_together"):
    assert client.submit(f"/letters/{letter.id}/ready", {}, page=f"/letters/{letter.id}").status_code == 302
    response = client.submit(f"/letters/{letter.id}/sent", {"sent-sent_how": how,
                                                            "sent-sent_on": date.today().isoformat()},
                             page=f"/letters/{letter.id}")
    assert response.status_code == 302, response.get_data(as_text=True)


def test_a_sent_letter_that_is_changed_becomes_version_2_and_version_1_is_kept(worker_client, db, family):
    _answer_all(worker_client, family)
    letter = _start_letter(worker_client, db, family)
    _send(worker_client, letter, "posted")
    db.refresh(letter)
    assert (letter.status, letter.sent_how) == ("sent", "posted") and letter.sent_at is not None
    sad = family["views"]["sad"].id
    data = {f"line_{v.id}": DID[k] for k, v in family["views"].items()}
    data[f"line_{sad}"] = "You have a quiet room at lunch now."
    response = worker_client.submit(f"/letters/{letter.id}", data)
    assert response.status_code == 302
    letters = db.exec(select(FeedbackLetter).order_by(FeedbackLetter.version)).all()
    assert [(x.version, x.status) for x in letters] == [(1, "sent"), (2, "draft")]
    db.refresh(letters[0])
    assert next(line["did"] for line in letters[0].lines if line["view_id"] == sad) == DID["sad"]
    assert next(line["did"] for line in letters[1].lines if line["view_id"] == sad) == "You have a quiet room at lunch now."
    assert letters[1].replaces_id == letters[0].id
    assert response.headers["Location"].endswith(f"/letters/{letters[1].id}")
    old = worker_client.get(f"/letters/{letters[0].id}").get_data(as_text=True)
    assert "This is an old version of the letter." in old and DID["sad"] in old
    # every change to a letter is audited
    details = db.exec(select(AuditEvent.action, AuditEvent.entity_id, AuditEvent.detail)
                      .where(AuditEvent.entity_type == "feedback_letter", AuditEvent.action != "view")
                      .order_by(AuditEvent.id)).all()
    assert [(a, i) for a, i, _d in details] == [("create", letters[0].id), ("update", letters[0].id),
                                                ("update", letters[0].id), ("create", letters[1].id),
                                                ("update", letters[1].id)]
    assert details[2][2] == "sent: posted"


def test_letters_due_and_overdue_on_the_dashboard(worker_client, db, family, app):
    _answer_all(worker_client, family)
    plan = family["plan"]
    due = panels.letters_due(session=db, user=family["worker"])
    assert [(d.respondent.id, d.waiting, d.overdue) for d in due] == [(family["sam"].id, 3, False)]
    assert due[0].due_on == deadlines.add_working_days(plan.review_date, 20)
    late = panels.letters_due(session=db, user=family["worker"], today=plan.review_date + timedelta(days=40))
    assert late[0].overdue
    with app.app_context():
        app.config["LETTER_OVERDUE_WORKING_DAYS"] = 5
        assert panels.letters_due(session=db, user=family["worker"])[0].due_on == \
            deadlines.add_working_days(plan.review_date, 5)
    app.config["LETTER_OVERDUE_WORKING_DAYS"] = 20
    page = worker_client.get("/").get_data(as_text=True)
    assert "Letters due" in page and "data-letters-due" in page
    letter = _start_letter(worker_client, db, family)
    _send(worker_client, letter)
    db.expire_all()
    assert panels.letters_due(session=db, user=family["worker"]) == []


def test_working_days_skip_weekends_and_bank_holidays():
    friday = date(2026, 11, 27)
    assert deadlines.add_working_days(friday, 1) == date(2026, 11, 30)
    # Christmas Day (Friday) and the Boxing Day substitute (Monday 28th) are not working days.
    assert deadlines.add_working_days(friday, 20) == date(2026, 12, 29)
    assert deadlines.add_working_days(friday, 20, "none") == date(2026, 12, 25)
    assert deadlines.add_working_days(friday, 1, "scotland") == date(2026, 12, 1)  # St Andrew's Day
    assert deadlines.add_working_days(date(2027, 3, 16), 1, "northern-ireland") == date(2027, 3, 18)  # St Patrick's Day
    assert deadlines.add_working_days(date(2027, 3, 16), 1) == date(2027, 3, 17)


def test_the_due_date_follows_the_configured_bank_holidays(worker_client, db, family, app):
    _answer_all(worker_client, family)
    plan = family["plan"]
    plan.review_date = date(2026, 11, 27)
    db.add(plan)
    db.commit()
    try:
        with app.app_context():
            app.config["BANK_HOLIDAYS"] = "scotland"
            assert panels.letters_due(session=db, user=family["worker"])[0].due_on == date(2026, 12, 30)
            app.config["BANK_HOLIDAYS"] = "none"
            assert panels.letters_due(session=db, user=family["worker"])[0].due_on == date(2026, 12, 25)
    finally:
        app.config["BANK_HOLIDAYS"] = "england-and-wales"


def test_the_overdue_setting_is_read_from_the_environment(tmp_path):
    from voice_capture.config import ConfigError, flask_config, load_settings

    assert flask_config(load_settings(tmp_path, {}))["LETTER_OVERDUE_WORKING_DAYS"] == 20
    settings = load_settings(tmp_path, {"VOICE_CAPTURE_LETTER_OVERDUE_WORKING_DAYS": "15"})
    assert flask_config(settings)["LETTER_OVERDUE_WORKING_DAYS"] == 15
    with pytest.raises(ConfigError):
        load_settings(tmp_path, {"VOICE_CAPTURE_LETTER_OVERDUE_WORKING_DAYS": "soon"})
    assert flask_config(load_settings(tmp_path, {}))["BANK_HOLIDAYS"] == "england-and-wales"
    assert flask_config(load_settings(tmp_path, {"VOICE_CAPTURE_BANK_HOLIDAYS": "Scotland"}))["BANK_HOLIDAYS"] == "scotland"
    with pytest.raises(ConfigError, match="england-and-wales, scotland, northern-ireland, none"):
        load_settings(tmp_path, {"VOICE_CAPTURE_BANK_HOLIDAYS": "wales"})


# --- access ------------------------------------------------------------------------------------

def test_a_social_worker_cannot_open_another_teams_letter(client, db, family, make_user):
    client.login(family["worker"])
    _answer_all(client, family)
    letter = _start_letter(client, db, family)
    client.post("/logout", data={"csrf_token": client.token("/")})
    stranger = make_user(Role.SOCIAL_WORKER)
    client.login(stranger)
    for address in (f"/letters/{letter.id}", f"/letters/{letter.id}/read", f"/letters/{letter.id}/print",
                    f"/letters/{letter.id}/letter.pdf", f"/plans/{family['plan'].id}/letters/{family['sam'].id}",
                    f"/plans/{family['plan'].id}/responses/new"):
        assert client.get(address).status_code == 403, address
    assert client.post(f"/letters/{letter.id}/sent", data={"csrf_token": client.token("/")}).status_code == 403
    page = client.get("/").get_data(as_text=True)
    assert "Sad" not in page


def test_a_practitioner_may_read_a_letter_but_not_change_it(client, db, family, make_user):
    client.login(family["worker"])
    _answer_all(client, family)
    letter = _start_letter(client, db, family)
    client.post("/logout", data={"csrf_token": client.token("/")})
    practitioner = make_user(Role.PRACTITIONER, family["team"])
    from voice_capture.models import ChildPractitioner

    db.add(ChildPractitioner(child_id=family["child"].id, user_id=practitioner.id))
    db.commit()
    client.login(practitioner)
    assert client.get(f"/letters/{letter.id}/read").status_code == 200
    assert client.post(f"/letters/{letter.id}/ready", data={"csrf_token": client.token("/")}).status_code == 403


# --- speech ------------------------------------------------------------------------------------

def _decode(mp3: bytes, tmp_path) -> tuple[array.array, float]:
    source, out = tmp_path / "clip.mp3", tmp_path / "clip.wav"
    source.write_bytes(mp3)
    command = (["ffmpeg", "-v", "error", "-y", "-i", str(source), "-ac", "1", str(out)] if shutil.which("ffmpeg")
               else ["lame", "--quiet", "--decode", str(source), str(out)])
    subprocess.run(command, check=True, timeout=30)
    with wave.open(str(out), "rb") as wav:
        samples = array.array("h", wav.readframes(wav.getnframes()))
        return samples, wav.getnframes() / wav.getframerate()


@SPEECH
def test_the_letter_reads_itself_aloud_in_real_speech(worker_client, db, family, tmp_path):
    _answer_all(worker_client, family)
    letter = _start_letter(worker_client, db, family)
    page = worker_client.get(f"/letters/{letter.id}/read").get_data(as_text=True)
    assert "data-read-all" in page and "Read me the whole letter" in page
    clips = [json.loads(html.unescape(raw)) for raw in re.findall(r"data-clips='([^']*)'", page)]
    assert len(clips) == 2 + 3 * 3 + 2  # greeting, intro, asked, said and did for each view, closing, sign-off
    did = next(clip for group in clips for clip in group if clip["text"] == DID["happy"])
    assert did["lang"] == "en" and did["src"]
    audio = worker_client.get(did["src"])
    assert audio.status_code == 200 and audio.mimetype == "audio/mpeg"
    samples, seconds = _decode(audio.data, tmp_path)
    assert 1.0 < seconds < 15
    assert (sum(s * s for s in samples) / len(samples)) ** 0.5 > 500  # speech, not silence
    # only this letter's own texts are served
    other = did["src"].rsplit("/", 1)[0] + "/" + "0" * 64 + ".mp3"
    assert worker_client.get(other).status_code == 404


# --- "Did we listen?" --------------------------------------------------------------------------

def test_did_we_listen_is_asked_stored_as_a_view_shown_and_counted(worker_client, db, family, make_user):
    _answer_all(worker_client, family)
    letter = _start_letter(worker_client, db, family)
    _send(worker_client, letter)
    response = worker_client.submit(f"/letters/{letter.id}/listen", {}, page=f"/letters/{letter.id}")
    assert response.status_code == 302 and "/talk/" in response.headers["Location"]
    db.refresh(letter)
    capture = db.get(CaptureSession, letter.listen_session_id)
    script = db.get(ConversationScript, capture.script_id)
    assert script.family_key == DID_WE_LISTEN_KEY and capture.respondent_id == family["sam"].id
    step = capture.steps[0]
    yes = next(choice for choice in step["choices"] if choice["symbol"] == "a_bit")
    answered = worker_client.post(f"/talk/{capture.id}/answer", json={
        "position": 1, "keys": [yes["key"]], "said": "", "how": "tapped", "idempotency_key": "k" * 32},
        headers={"X-CSRFToken": worker_client.token(f"/talk/{capture.id}")})
    assert answered.status_code in (200, 201), answered.get_data(as_text=True)
    view = db.exec(select(View).where(View.capture_session_id == capture.id)).one()
    assert view.chosen[0]["symbol"] == "a_bit"
    assert listening.listen_answer(session=db, letter=letter) == ("a_bit", "")
    # it is not a view waiting for a response, nor a line in the next letter
    assert view.id not in [v.id for v, *_ in waiting_views(session=db, user=family["worker"])]
    manager = make_user(Role.MANAGER, family["team"])
    assert listening.listen_counts(session=db, user=manager) == {"yes": 0, "a_bit": 1, "no": 0}
    panel = panels.plan_panel(session=db, plan=family["plan"], user=family["worker"])
    assert panel["letters"][0]["listen"] == "a_bit"


def test_a_chosen_photo_is_shown_in_the_letter_and_embedded_in_the_pdf(worker_client, db, family):
    from PIL import Image

    from voice_capture.models import ChildPhoto

    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 30, 30)).save(buffer, format="PNG")
    photo = ChildPhoto(child_id=family["child"].id, label="My dog", mime="image/png", width=40, height=40,
                       data=buffer.getvalue(), created_by_id=family["worker"].id)
    db.add(photo)
    db.commit()
    view = _view(db, family["sam"], family["plan"], family["items"][0], family["worker"],
                 chosen=[{"key": f"p{photo.id}", "label": "My dog", "symbol": None, "photo": photo.id}])
    _respond(worker_client, family["plan"], [view], "You can see your dog at the weekend.")
    letter = _start_letter(worker_client, db, family)
    read = worker_client.get(f"/letters/{letter.id}/read").get_data(as_text=True)
    assert f'src="/children/{family["child"].id}/photos/{photo.id}"' in read
    reader = PdfReader(io.BytesIO(worker_client.get(f"/letters/{letter.id}/letter.pdf").data))
    assert any(page.images for page in reader.pages)
    assert "My dog" in " ".join(reader.pages[0].extract_text().split())


def test_a_letter_for_someone_outside_the_family_is_not_found(worker_client, db, family, make_child):
    other = make_child(family["team"])
    stranger = db.exec(select(Respondent).where(Respondent.child_id == other.id)).one()
    assert worker_client.get(f"/plans/{family['plan'].id}/letters/{stranger.id}").status_code == 404
    assert worker_client.get("/letters/99999").status_code == 404
    assert worker_client.get("/letters/1/speech/not-a-key.mp3").status_code == 404


def test_a_date_long_ago_is_refused_plainly_for_a_response_and_a_sending(worker_client, db, family):
    url = f"/plans/{family['plan'].id}/responses/new"
    data = {"views": [family["views"]["happy"].id], "outcome": "done", "plain_words": "We went to the park.",
            "responded_on": "0001-01-01"}
    response = worker_client.submit(url, data, page=f"{url}?view={family['views']['happy'].id}")
    assert response.status_code == 200 and "Enter a date after 1900." in response.get_data(as_text=True)
    _answer_all(worker_client, family)
    letter = _start_letter(worker_client, db, family)
    assert worker_client.submit(f"/letters/{letter.id}/ready", {}, page=f"/letters/{letter.id}").status_code == 302
    response = worker_client.submit(f"/letters/{letter.id}/sent", {"sent-sent_how": "posted",
                                                                  "sent-sent_on": "0001-01-01"},
                                    page=f"/letters/{letter.id}")
    assert response.status_code == 422 and "Enter a date after 1900." in response.get_data(as_text=True)
    db.refresh(letter)
    assert letter.status == "ready" and letter.sent_at is None
