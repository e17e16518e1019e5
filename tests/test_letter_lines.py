"""Each line of a letter says what it is about: the question as the respondent was shown it, what they said
(every picture and their own words) and what was done, at each reading level, in English and Welsh; a mat's
cards, follow-ups and "I don't know" / "I don't want to say" read naturally; the letter editor says which
question each answer was to; a respondent who wanted to say nothing gets a short, kind letter."""
from __future__ import annotations

import io
import re
from datetime import date

import pdfplumber
import pytest
from flask_babel import force_locale
from sqlmodel import select
from test_capture import send
from test_feedback import _article, _text

from helpers import TEST_PASSWORD
from voice_capture.conversations.builtin import ScriptDefinition, StepDefinition, _store
from voice_capture.models import (
    AnswerType,
    CaptureSession,
    ConversationScript,
    FeedbackLetter,
    Relationship,
    Respondent,
    Role,
    View,
)

HARD = StepDefinition("What makes school hard for you?", "What is hard?", AnswerType.SEVERAL_SYMBOLS,
                      ("maths", "noise", "homework"))
SCRIPT = ScriptDefinition("test-letter-lines", "Letter lines test", Relationship.CHILD, (
    StepDefinition("How do you feel about going to school?", "School?", AnswerType.FEELINGS, follow_ups=(("sad", HARD),)),
    StepDefinition("Put each card where it goes.", "Where does it go?", AnswerType.SORT, ("lessons", "lunch")),
    StepDefinition("Do you like your new bedroom?", "Your bedroom?", AnswerType.YES_NO),
    StepDefinition("Who do you like to play with at home?", "Who do you play with?", AnswerType.OWN_WORDS),
))
WELSH_SCRIPT = ScriptDefinition("test-letter-lines", "Prawf llinellau", Relationship.CHILD, (
    StepDefinition("Sut wyt ti'n teimlo am fynd i'r ysgol?", "Ysgol?", AnswerType.FEELINGS, follow_ups=(("sad", StepDefinition(
        "Beth sy'n anodd i ti yn yr ysgol?", "Beth sy'n anodd?", AnswerType.SEVERAL_SYMBOLS, ("maths", "noise", "homework"))),)),
    StepDefinition("Rho bob cerdyn yn ei le.", "Ble mae'n mynd?", AnswerType.SORT, ("lessons", "lunch")),
    StepDefinition("Wyt ti'n hoffi dy ystafell wely newydd?", "Dy ystafell wely?", AnswerType.YES_NO),
    StepDefinition("Gyda phwy rwyt ti'n hoffi chwarae gartref?", "Gyda phwy rwyt ti'n chwarae?", AnswerType.OWN_WORDS),
))
OWN = "My sister is funny and we play football every day after school with the dog"
DID = {1: "We told your teacher.", 2: "Maths help on Monday.", 4: "Lessons stay the same.",
       5: "You can eat in the quiet room.", 8: "Your sister can visit more."}
WELSH = {"we_asked": "Fe ofynnon ni:", "you_said": "Fe ddwedaist ti:", "we_did": "Fe wnaethon ni:",
         "card": "Rhoist ti %(card)s o dan %(heading)s.", "not_say": "Doeddet ti ddim eisiau dweud. Mae hynny'n iawn."}


@pytest.fixture
def family(make_team, make_user, make_child, make_plan, db):
    team = make_team()
    worker = make_user(Role.SOCIAL_WORKER, team, display_name="Priya Test")
    child = make_child(team=team, worker=worker)
    plan = make_plan(child, items=("Sam goes to school every day.",))
    me = db.exec(select(Respondent).where(Respondent.child_id == child.id)).one()
    return {"team": team, "worker": worker, "child": child, "plan": plan, "me": me}


def _talk(client, db, family, language: str, answers: dict[int, tuple]) -> CaptureSession:
    """A whole conversation in child mode, through its own routes: answers by position (keys by symbol)."""
    with force_locale(language):
        _store(db, WELSH_SCRIPT if language == "cy" else SCRIPT, language)
    db.commit()
    script = db.exec(select(ConversationScript).where(ConversationScript.family_key == SCRIPT.family_key,
                                                      ConversationScript.language == language)).one()
    client.login(family["worker"])
    chosen = f"{family['me'].id}:{script.id}"
    assert client.submit(f"/plans/{family['plan'].id}/talk/new", {"conversation": chosen}).status_code == 302
    capture = db.exec(select(CaptureSession).order_by(CaptureSession.id.desc())).first()
    for position, (symbols, said) in answers.items():
        step = capture.steps[position - 1]
        offered = {choice["symbol"] or choice["key"]: choice["key"] for choice in step["choices"] + step["always"]}
        offered.update({choice["key"]: choice["key"] for choice in step["choices"] + step["always"]})
        response = send(client, capture, position, [offered[symbol] for symbol in symbols], said=said,
                        how="typed" if said else "tapped")
        assert response.status_code == 201, response.get_data(as_text=True)
    assert client.submit(f"/talk/{capture.id}/unlock", {"password": TEST_PASSWORD}).status_code == 302
    return capture


def _respond_all(client, db, family, capture, words: dict[int, str]):
    views = {view.position: view for view in db.exec(select(View).where(View.capture_session_id == capture.id)).all()}
    for position, text in words.items():
        view = views[position]
        url = f"/plans/{family['plan'].id}/responses/new"
        data = {"views": [view.id], "outcome": "done", "plain_words": text, "reason": "",
                "responded_on": date.today().isoformat()}
        assert client.submit(url, data, page=f"{url}?view={view.id}").status_code == 302


def _letter(client, db, family) -> FeedbackLetter:
    url = f"/plans/{family['plan'].id}/letters/{family['me'].id}"
    response = client.submit(url, {"language": family["me"].language})
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.exec(select(FeedbackLetter).where(FeedbackLetter.respondent_id == family["me"].id)).one()


# sad → the follow-up (maths and noise: two pictures) → the mat (lessons good, lunch not good) → the mat is right
# → "I don't want to say" about the bedroom → own words.
ANSWERS = {1: (["sad"], ""), 2: (["maths", "noise"], ""), 3: (["sort_good"], ""), 4: (["sort_not_good"], ""),
           5: (["mat_ok"], ""), 6: (["dont_want_to_say"], ""), 7: ([], OWN)}
# Positions of the views, once the steps are built: 1 feelings, 2 follow-up, 3-4 cards, 5 whole mat, 6 yes/no, 7 own.
RESPONSES = {1: DID[1], 2: DID[2], 3: DID[4], 4: DID[5], 7: DID[8]}


def _in_order(text: str, parts: list[str]) -> None:
    found, start = [], 0
    for part in parts:
        at = text.find(part, start)
        assert at >= 0, f"{part!r} missing after position {start} in: {text}"
        found.append(at)
        start = at + len(part)


@pytest.mark.parametrize("level", ["full", "simple", "pictures"])
def test_each_line_says_what_was_asked_then_said_then_done_in_english(client, db, family, level):
    family["me"].reading_level = level
    db.add(family["me"])
    db.commit()
    capture = _talk(client, db, family, "en", ANSWERS)
    _respond_all(client, db, family, capture, RESPONSES)
    letter = _letter(client, db, family)
    page = client.get(f"/letters/{letter.id}/read").get_data(as_text=True)
    article = _article(page)
    text = _text(article)
    full = level == "full"
    asked = ["How do you feel about going to school?", "What makes school hard for you?", "Put each card where it goes.",
             "Do you like your new bedroom?", "Who do you like to play with at home?"] if full else \
        ["School?", "What is hard?", "Where does it go?", "Your bedroom?", "Who do you play with?"]
    heading = (lambda words: [words]) if level != "pictures" else (lambda words: [])
    _in_order(text, [
        *heading("We asked:"), asked[0], *heading("You said:"), "Sad", *heading("We did:"), DID[1],
        *heading("We asked:"), asked[1], *heading("You said:"), "maths and noise", *heading("We did:"), DID[2],
        *heading("We asked:"), asked[2], "lessons", "You put “lessons” under “Good”.", *heading("We did:"), DID[4],
        *heading("We asked:"), asked[2], "lunch", "You put “lunch” under “Not good”.", *heading("We did:"), DID[5],
        *heading("We asked:"), asked[3], "You did not want to say. That is OK.",
        *heading("We asked:"), asked[4], f"“{OWN}”", *heading("We did:"), DID[8],
        "We will keep listening to you.",
    ])
    if not full:
        assert "How do you feel about going to school?" not in text  # the simple version, not the full one
    # every picture chosen, in order, on the line about them: both pictures of the follow-up's answer
    views = re.findall(r'<li class="letter__view[^"]*".*?</li>', article, flags=re.S)
    assert len(views) == 6  # the whole mat is not a line of its own: its cards are
    assert re.search(r'src="/symbols/maths.svg\?v=[^"]*".*src="/symbols/noise.svg\?v=', views[1], flags=re.S)
    assert 'src="/symbols/lessons.svg?v=' in views[2] and 'src="/symbols/good.svg?v=' in views[2]
    assert 'src="/symbols/dont_want_to_say.svg?v=' in views[4]
    if level == "pictures":  # a picture for what was done, and a speech bubble beside each question
        assert 'src="/symbols/yes.svg?v=' in views[0] and 'src="/symbols/talk.svg?v=' in views[0]
    assert "We did:" not in views[4]  # nothing to do with "I don't want to say"; no empty heading


@pytest.mark.parametrize("level", ["full", "simple", "pictures"])
def test_each_line_says_what_was_asked_then_said_then_done_in_welsh(client, db, family, level):
    family["me"].reading_level = level
    family["me"].language = "cy"
    db.add(family["me"])
    db.commit()
    capture = _talk(client, db, family, "cy", ANSWERS)
    _respond_all(client, db, family, capture, RESPONSES)
    letter = _letter(client, db, family)
    assert letter.language == "cy"
    text = _text(_article(client.get(f"/letters/{letter.id}/print").get_data(as_text=True)))
    full = level == "full"
    asked = ["Sut wyt ti'n teimlo am fynd i'r ysgol?", "Beth sy'n anodd i ti yn yr ysgol?", "Rho bob cerdyn yn ei le.",
             "Wyt ti'n hoffi dy ystafell wely newydd?"] if full else \
        ["Ysgol?", "Beth sy'n anodd?", "Ble mae'n mynd?", "Dy ystafell wely?"]
    heading = (lambda key: [WELSH[key]]) if level != "pictures" else (lambda key: [])
    sad = capture.steps[0]["choices"][3]["label"]
    good = capture.steps[2]["choices"][0]["label"]
    card = capture.steps[2]["card"]["label"]
    _in_order(text, [
        *heading("we_asked"), asked[0], *heading("you_said"), sad, *heading("we_did"), DID[1],
        *heading("we_asked"), asked[1], *heading("we_did"), DID[2],
        *heading("we_asked"), asked[2], card, WELSH["card"] % {"card": f"“{card}”", "heading": f"“{good}”"},
        *heading("we_did"), DID[4],
        *heading("we_asked"), asked[3], WELSH["not_say"],
        f"“{OWN}”", *heading("we_did"), DID[8],
    ])
    assert "You said" not in text and "We asked" not in text


def test_the_letter_editor_says_which_question_each_answer_was_to(client, db, family):
    capture = _talk(client, db, family, "en", ANSWERS)
    _respond_all(client, db, family, capture, RESPONSES)
    letter = _letter(client, db, family)
    page = client.get(f"/letters/{letter.id}").get_data(as_text=True)
    edits = re.findall(r'<div class="letter-edit card">.*?</textarea>', page, flags=re.S)
    assert len(edits) == 6
    first = _text(edits[0])
    assert first.index("School?") < first.index("Sam said:") < first.index("Sad")
    assert "Where does it go?" in _text(edits[2]) and "Lessons" in _text(edits[2])


def test_someone_who_wanted_to_say_nothing_gets_a_short_kind_letter(client, db, family):
    _talk(client, db, family, "en", {1: (["dont_want_to_say"], ""), 6: (["dont_want_to_say"], ""),
                                     7: (["dont_want_to_say"], "")})
    letter = _letter(client, db, family)
    text = _text(_article(client.get(f"/letters/{letter.id}/read").get_data(as_text=True)))
    assert "You did not want to tell us about these things this time. That is OK." in text
    assert "We asked:" not in text and "letter__view" not in text
    # nothing to answer, so it can be marked ready as it is
    ready = client.submit(f"/letters/{letter.id}/ready", {"ready_reason": ""}, page=f"/letters/{letter.id}")
    assert ready.status_code == 302, ready.get_data(as_text=True)
    db.refresh(letter)
    assert letter.status == "ready"


def test_very_long_own_words_wrap_inside_the_line(client, db, family):
    long_word = "a" * 400
    capture = _talk(client, db, family, "en", {1: (["happy"], ""), 3: (["sort_good"], ""), 4: (["sort_good"], ""),
                                               5: (["mat_ok"], ""), 6: (["yes"], ""), 7: ([], long_word)})
    _respond_all(client, db, family, capture, {7: "We read every word."})
    letter = _letter(client, db, family)
    with pdfplumber.open(io.BytesIO(client.get(f"/letters/{letter.id}/letter.pdf").data)) as pdf:
        chars = [char for page in pdf.pages for char in page.chars]
        assert all(0 <= char["x0"] and char["x1"] <= page.width for page in pdf.pages for char in page.chars)
    assert "".join(char["text"] for char in chars).count("a" * 40) >= 10  # every letter of it is there, wrapped
    read = client.get(f"/letters/{letter.id}/read").get_data(as_text=True)
    assert long_word in read
