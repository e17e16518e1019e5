"""The loop's words, once: one name for each letter state and action (draft, ready, given) in buttons, messages,
the plan page, the dashboard and Welsh; the print layout's heading, back link and print button; "Did we listen?"
for the version the person was given while a newer draft exists; and no letter page repeating an id."""
from __future__ import annotations

import io
import re
from collections import Counter
from html.parser import HTMLParser

from pypdf import PdfReader
from sqlmodel import select
from test_feedback import DID, _answer_all, _send, _start_letter, _text
from test_feedback import family as _family
from test_feedback import worker_client as _worker_client

from voice_capture.feedback import listening, panels
from voice_capture.models import AuditEvent, CaptureSession, FeedbackLetter, View

family, worker_client = _family, _worker_client  # the same family and signed-in worker as the letter tests


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: Counter = Counter()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids[attributes["id"]] += 1


def _parsed(page: str) -> _Ids:
    parser = _Ids()
    parser.feed(page)
    return parser


def _duplicates(page: str) -> list[str]:
    return [key for key, count in _parsed(page).ids.items() if count > 1]


def _letter_pages(client, letter_id: int) -> dict[str, str]:
    return {url: client.get(url).get_data(as_text=True)
            for url in (f"/letters/{letter_id}", f"/letters/{letter_id}/read", f"/letters/{letter_id}/print")}


def _versions(db, family) -> list[FeedbackLetter]:
    db.expire_all()
    return list(db.exec(select(FeedbackLetter).where(FeedbackLetter.respondent_id == family["sam"].id)
                        .order_by(FeedbackLetter.version)).all())


def test_no_letter_page_repeats_an_id_in_any_state(worker_client, db, family):
    plan, sam = family["plan"], family["sam"]
    pages = {"start": worker_client.get(f"/plans/{plan.id}/letters/{sam.id}").get_data(as_text=True)}
    _answer_all(worker_client, family)
    letter = _start_letter(worker_client, db, family)
    pages.update({f"draft {url}": page for url, page in _letter_pages(worker_client, letter.id).items()})
    # the ready form and the lines form sent back with errors, on the same page
    too_long = {f"line_{view.id}": "x" * 5000 for view in family["views"].values()}
    pages["lines with errors"] = worker_client.submit(f"/letters/{letter.id}", too_long).get_data(as_text=True)
    assert worker_client.submit(f"/letters/{letter.id}/ready", {}, page=f"/letters/{letter.id}").status_code == 302
    pages["ready"] = worker_client.get(f"/letters/{letter.id}").get_data(as_text=True)
    pages["given with errors"] = worker_client.submit(f"/letters/{letter.id}/sent", {"sent-sent_how": ""},
                                                      page=f"/letters/{letter.id}").get_data(as_text=True)
    assert worker_client.submit(f"/letters/{letter.id}/sent", {"sent-sent_how": "posted",
                                                              "sent-sent_on": "2026-11-30"},
                                page=f"/letters/{letter.id}").status_code == 302
    pages.update({f"given {url}": page for url, page in _letter_pages(worker_client, letter.id).items()})
    data = {f"line_{view.id}": DID[key] + " More." for key, view in family["views"].items()}
    newer = worker_client.submit(f"/letters/{letter.id}", data).headers["Location"].rsplit("/", 1)[1]
    pages.update({f"version 2 {url}": page for url, page in _letter_pages(worker_client, int(newer)).items()})
    pages["version 1 beside a newer draft"] = worker_client.get(f"/letters/{letter.id}").get_data(as_text=True)
    pages["plan"] = worker_client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "lines with errors" in pages and "There is a problem" in pages["lines with errors"]
    assert "There is a problem" in pages["given with errors"]
    problems = {name: _duplicates(page) for name, page in pages.items() if _duplicates(page)}
    assert not problems, f"ids used more than once: {problems}"
    # every form still carries its token, each without an id
    forms = pages["draft /letters/%d" % letter.id].count("<form method=\"post\"")
    assert pages["draft /letters/%d" % letter.id].count('name="csrf_token"') >= forms >= 3


def test_one_name_for_each_state_and_action_in_buttons_messages_the_plan_and_the_dashboard(worker_client, db, family):
    _answer_all(worker_client, family)
    letter = _start_letter(worker_client, db, family)
    page = worker_client.get(f"/letters/{letter.id}").get_data(as_text=True)
    assert "Mark as ready" in page and "Draft" in _text(page)
    ready = worker_client.submit(f"/letters/{letter.id}/ready", {}, page=f"/letters/{letter.id}", follow_redirects=True)
    text = _text(ready.get_data(as_text=True))
    assert "The letter is marked as ready." in text and "Mark as given" in text
    assert "Version 1 (this page): Ready" in text
    given = worker_client.submit(f"/letters/{letter.id}/sent", {"sent-sent_how": "by_hand", "sent-sent_on": "2026-11-30"},
                                 page=f"/letters/{letter.id}", follow_redirects=True)
    text = _text(given.get_data(as_text=True))
    assert "The letter is marked as given." in text and "Version 1 (this page): Given" in text
    plan = _text(worker_client.get(f"/plans/{family['plan'].id}").get_data(as_text=True))
    assert "Version 1: Given" in plan
    data = {f"line_{view.id}": DID[key] + " More." for key, view in family["views"].items()}
    changed = _text(worker_client.submit(f"/letters/{letter.id}", data, follow_redirects=True).get_data(as_text=True))
    assert "The letter had been given, so your changes are version 2. The letter that was given is kept." in changed
    for words in (text, plan, changed, _text(worker_client.get("/").get_data(as_text=True))):
        assert not re.search(r"\bsent\b|\bsend\b", words, re.I), re.search(r".{60}\bsen[dt]\b.{60}", words, re.I)


def test_the_same_words_in_welsh(worker_client, db, family):
    worker = family["worker"]
    worker.locale = "cy"
    db.add(worker)
    db.commit()
    _answer_all(worker_client, family)
    letter = _start_letter(worker_client, db, family)
    draft = _text(worker_client.get(f"/letters/{letter.id}").get_data(as_text=True))
    assert "Nodi ei fod yn barod" in draft and "Fersiwn 1 (y dudalen hon): Drafft" in draft
    ready = worker_client.submit(f"/letters/{letter.id}/ready", {}, page=f"/letters/{letter.id}", follow_redirects=True)
    text = _text(ready.get_data(as_text=True))
    assert "Rydych wedi nodi bod y llythyr yn barod." in text and "Nodi ei fod wedi'i roi" in text
    assert "Fersiwn 1 (y dudalen hon): Yn barod" in text
    given = worker_client.submit(f"/letters/{letter.id}/sent", {"sent-sent_how": "by_hand", "sent-sent_on": "2026-11-30"},
                                 page=f"/letters/{letter.id}", follow_redirects=True)
    text = _text(given.get_data(as_text=True))
    assert "Rydych wedi nodi bod y llythyr wedi'i roi." in text and "Fersiwn 1 (y dudalen hon): Wedi'i roi" in text
    plan = _text(worker_client.get(f"/plans/{family['plan'].id}").get_data(as_text=True))
    assert "Fersiwn 1: Wedi'i roi" in plan
    for words in (text, plan):
        assert "anfon" not in words, re.search(r".{60}anfon.{60}", words)


def test_the_print_layout_has_a_heading_a_way_back_and_a_print_button_that_a_script_wires(worker_client, db, family):
    _answer_all(worker_client, family)
    letter = _start_letter(worker_client, db, family)
    page = worker_client.get(f"/letters/{letter.id}/print").get_data(as_text=True)
    parsed = _parsed(page)
    headings = [attributes for tag, attributes in parsed.tags if tag == "h1"]
    assert len(headings) == 1 and "What we did with what you told us" in re.search(r"<h1.*?</h1>", page, re.S).group(0)
    assert f'href="/letters/{letter.id}"' in page and "Back to the letter's details" in page
    button = next(attributes for tag, attributes in parsed.tags if tag == "button")
    assert button.get("type") == "button" and "data-print-letter" in button and "hidden" in button
    assert not any(name.startswith("on") for _tag, attributes in parsed.tags for name in attributes)
    assert any(tag == "script" and re.fullmatch(r"/static(/v/[0-9a-f]+)?/js/letter-print.js", attributes.get("src") or "")
               for tag, attributes in parsed.tags)
    script = worker_client.get("/static/js/letter-print.js").get_data(as_text=True)
    assert "window.print()" in script and "hidden = false" in script
    # the worker's tools are never part of the letter itself: not in the PDF
    pdf = PdfReader(io.BytesIO(worker_client.get(f"/letters/{letter.id}/letter.pdf").data))
    words = " ".join(page.extract_text() for page in pdf.pages)
    assert "Print this letter" not in words and "Back to the letter" not in words


def test_did_we_listen_stays_for_the_version_given_while_a_newer_draft_exists(worker_client, new_client, db, family):
    _answer_all(worker_client, family)
    letter = _start_letter(worker_client, db, family)
    _send(worker_client, letter)
    data = {f"line_{view.id}": DID[key] + " More." for key, view in family["views"].items()}
    assert worker_client.submit(f"/letters/{letter.id}", data).status_code == 302
    first, second = _versions(db, family)
    assert (first.status, second.status) == ("sent", "draft")
    draft = worker_client.get(f"/letters/{second.id}").get_data(as_text=True)
    assert "data-listen-elsewhere" in draft and f'href="/letters/{first.id}#listen-title"' in draft
    given = worker_client.get(f"/letters/{first.id}").get_data(as_text=True)
    assert f'action="/letters/{first.id}/listen"' in given
    plan = worker_client.get(f"/plans/{family['plan'].id}").get_data(as_text=True)
    assert "Ask “Did we listen?” about version 1" in plan and "Version 2: Draft" in _text(plan)
    # asked on the version that was given, and its answer shows on the plan while version 2 is a draft
    response = worker_client.submit(f"/letters/{first.id}/listen", {}, page=f"/letters/{first.id}")
    assert response.status_code == 302 and "/talk/" in response.headers["Location"]
    db.refresh(first)
    capture = db.get(CaptureSession, first.listen_session_id)
    yes = next(choice for choice in capture.steps[0]["choices"] if choice["symbol"] == "yes")
    answered = worker_client.post(f"/talk/{capture.id}/answer", json={
        "position": 1, "keys": [yes["key"]], "said": "", "how": "tapped", "idempotency_key": "y" * 32},
        headers={"X-CSRFToken": worker_client.token(f"/talk/{capture.id}")})
    assert answered.status_code in (200, 201), answered.get_data(as_text=True)
    assert db.exec(select(View).where(View.capture_session_id == capture.id)).one()
    row = panels.plan_panel(session=db, plan=family["plan"], user=family["worker"])["letters"][0]
    assert (row["letter"].id, row["given"].id, row["listen"]) == (second.id, first.id, "yes")
    assert listening.listen_answer(session=db, letter=first)[0] == "yes"
    other = new_client()
    other.login(family["worker"])
    plan = _text(other.get(f"/plans/{family['plan'].id}").get_data(as_text=True))
    assert "Ask “Did we listen?”" not in plan and "Version 1: Given" in plan
    assert db.exec(select(AuditEvent).where(AuditEvent.entity_id == first.id,
                                            AuditEvent.detail == f"did we listen: conversation {capture.id}")).one()
