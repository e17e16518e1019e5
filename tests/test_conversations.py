"""A plan's conversations: the list and its statuses, carrying one on, closing one with a reason, starting again,
first change wins, every change audited, and each answer once in responses, letters and the views summary."""
from __future__ import annotations

import html
import re
from datetime import date

import pytest
from sqlmodel import select
from test_capture import family as _family
from test_capture import send, start_session

from voice_capture.models import (
    AuditEvent,
    CaptureSession,
    FeedbackLetter,
    Response,
    ResponseView,
    Role,
    View,
)
from voice_capture.views.current import respondent_views, views_for_plan

family = _family
BIKE = "I want a red bike for my birthday"


def _text(page: str) -> str:
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _own_words_position(capture: CaptureSession) -> int:
    return next(step["position"] for step in capture.steps if step["answer_type"] == "own_words" and not step.get("after"))


def _device(new_client, user):
    """Another tablet or laptop, signed in as `user` (the first one's child-mode lock stays where it is)."""
    client = new_client()
    client.login(user)
    return client


def _conversations_panel(client, plan) -> str:
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    return _text(page.split('id="conversations-title"', 1)[1].split("</section>", 1)[0])


def _start_again(client, db, family, earlier: CaptureSession) -> CaptureSession:
    """Choose the same person and script again: the start page offers to continue; choose "Start again"."""
    url = f"/plans/{family['plan'].id}/talk/new"
    chosen = f"{family['me'].id}:{earlier.script_id}"
    offered = client.submit(url, {"conversation": chosen})
    assert offered.status_code == 200
    text = _text(offered.get_data(as_text=True))
    assert "Sam has not finished “My plan meeting” yet" in text and "Continue" in text and "Start again" in text
    db.refresh(earlier)
    started = client.submit(url, {"conversation": chosen, "again": str(earlier.id), "version": str(earlier.version)})
    assert started.status_code == 302, started.get_data(as_text=True)
    return db.exec(select(CaptureSession).order_by(CaptureSession.id.desc())).first()


def _close(client, capture, *, reason="The tablet was lost.", answers="set_aside", version=None):
    page = f"/conversations/{capture.id}"
    data = {"reason": reason, "answers": answers, "version": str(capture.version if version is None else version)}
    return client.submit(f"/conversations/{capture.id}/close", data, page=page)


def test_an_abandoned_and_its_replacement_give_each_answer_once_in_responses_the_letter_and_the_summary(
        client, new_client, db, family):
    worker = family["worker"]
    client.login(worker)
    lost = start_session(client, db, family)
    where = _own_words_position(lost)
    assert send(client, lost, 1, ["sad"]).status_code == 201
    assert send(client, lost, where, [], said=BIKE, how="typed").status_code == 201
    # The tablet is lost; on another one the worker starts the same conversation again.
    laptop = _device(new_client, worker)
    replacement = _start_again(laptop, db, family, lost)
    assert send(laptop, replacement, 1, ["sad"], key="again-1").status_code == 201
    assert send(laptop, replacement, where, [], said=BIKE, how="typed", key="again-2").status_code == 201
    db.refresh(lost)
    assert (lost.status, lost.replaced_by_id) == ("abandoned", replacement.id)
    kept = db.exec(select(View).where(View.capture_session_id == lost.id)).all()
    assert len(kept) == 2  # the abandoned conversation keeps its answers
    new_ids = {view.id for view in db.exec(select(View).where(View.capture_session_id == replacement.id)).all()}
    laptop = _device(new_client, worker)  # the new tablet stays locked to its conversation; read at a desk

    # The response form offers each answer once: the replacement's.
    form = laptop.get(f"/plans/{family['plan'].id}/responses/new").get_data(as_text=True)
    offered = {int(value) for value in re.findall(r'name="views"[^>]*value="(\d+)"', form)}
    assert offered == new_ids
    assert _text(form).count(BIKE) == 1
    bike = db.exec(select(View).where(View.capture_session_id == replacement.id, View.said_text == BIKE)).one()
    url = f"/plans/{family['plan'].id}/responses/new"
    done = laptop.submit(url, {"views": [bike.id], "outcome": "done", "plain_words": "We asked Nan about a bike.",
                               "responded_on": date.today().isoformat()}, page=f"{url}?view={bike.id}")
    assert done.status_code == 302, done.get_data(as_text=True)

    # The letter says it once.
    started = laptop.submit(f"/plans/{family['plan'].id}/letters/{family['me'].id}", {"language": "en"})
    assert started.status_code == 302, started.get_data(as_text=True)
    letter = db.exec(select(FeedbackLetter).where(FeedbackLetter.respondent_id == family["me"].id)).one()
    printed = laptop.get(f"/letters/{letter.id}/print").get_data(as_text=True)
    article = re.search(r"<article.*?</article>", printed, flags=re.S).group(0)
    assert _text(article).count(BIKE) == 1

    # And so does the views summary, on the page and in the service every reader uses.
    summary = _text(laptop.get(f"/plans/{family['plan'].id}/summary").get_data(as_text=True))
    assert summary.count(BIKE) == 1
    assert {view.id for view, _who in views_for_plan(session=db, plan=family["plan"])} == new_ids
    assert {view.id for view in respondent_views(session=db, plan=family["plan"])} == new_ids


def test_the_plan_lists_every_conversation_with_who_script_when_status_and_answers(client, new_client, db, family):
    worker = family["worker"]
    client.login(worker)
    going = start_session(client, db, family)
    send(client, going, 1, ["happy"])
    laptop = _device(new_client, worker)
    finished = start_session(laptop, db, family, who="sibling", script="what-it-is-like-for-me")
    send(laptop, finished, 1, ["happy"], key="kit-1")
    laptop.submit(f"/talk/{finished.id}/finish", page=f"/talk/{finished.id}")
    third = _device(new_client, worker)
    stopped = start_session(third, db, family, who="sibling", script="what-would-help-my-brother-or-sister")
    send(third, stopped, 1, ["stop"], key="kit-2")
    fourth = _device(new_client, worker)
    replaced = _start_again(fourth, db, family, going)
    fourth = _device(new_client, worker)
    panel = _conversations_panel(fourth, family["plan"])
    assert "Who Conversation When Status Answers given" in panel
    for status in ("In progress", "Finished", "Stopped", "Abandoned Started again"):
        assert status in panel, panel
    assert panel.count("Sam (The child)") == 2 and panel.count("Kit (Brother or sister)") == 2
    assert f"with {worker.display_name}" in panel
    page = fourth.get(f"/plans/{family['plan'].id}").get_data(as_text=True)
    assert 'class="table-scroll" role="region" aria-labelledby="conversations-title" tabindex="0"' in page
    for capture in (going, finished, stopped, replaced):
        assert f'href="/conversations/{capture.id}"' in page
    assert re.search(rf'href="/conversations/{going.id}">My plan meeting</a></td>\s*<td>[^<]*</td>\s*<td>Abandoned', page)


def test_the_start_page_marks_a_conversation_not_finished_yet(talking_worker, db, family):
    client, capture = talking_worker
    laptop = client.other
    page = _text(laptop.get(f"/plans/{family['plan'].id}/talk/new").get_data(as_text=True))
    assert "Sam: My plan meeting (not finished yet)" in page
    assert "Kit: What it is like for me (not finished yet)" not in page


@pytest.fixture
def talking_worker(client, new_client, db, family):
    """A conversation in progress with one answer, run by the worker; `client.other` is their second device."""
    client.login(family["worker"])
    capture = start_session(client, db, family)
    assert send(client, capture, 1, ["happy"]).status_code == 201
    client.other = _device(new_client, family["worker"])
    db.refresh(capture)
    return client, capture


def test_continue_carries_it_on_where_it_was_with_the_tablet_locked_and_audited(talking_worker, db, family):
    client, capture = talking_worker
    tablet = client.other
    offered = tablet.submit(f"/plans/{family['plan'].id}/talk/new", {"conversation": f"{family['me'].id}:{capture.script_id}"})
    assert 'action="/conversations/%d/resume"' % capture.id in offered.get_data(as_text=True)
    before = capture.version
    response = tablet.submit(f"/conversations/{capture.id}/resume", page=f"/conversations/{capture.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/talk/{capture.id}")
    page = tablet.get(f"/talk/{capture.id}").get_data(as_text=True)
    assert re.search(r'id="step-2"[^>]*>', page) and not re.search(r'id="step-2"[^>]*hidden', page)
    assert tablet.get(f"/plans/{family['plan'].id}").headers["Location"].endswith(f"/talk/{capture.id}")  # locked
    assert send(tablet, capture, 2, ["happy"]).status_code == 201
    db.refresh(capture)
    assert capture.resumed_at is not None and capture.version >= before + 2
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "resume")).one()
    assert (event.entity_id, event.user_id, event.child_id) == (capture.id, family["worker"].id, family["child"].id)


def test_only_the_person_who_ran_it_may_carry_it_on_and_others_are_told_why(talking_worker, db, family, new_client,
                                                                             make_user):
    _client, capture = talking_worker
    colleague = _device(new_client, make_user(Role.SOCIAL_WORKER, family["team"], display_name="Tom Colleague"))
    page = _text(colleague.get(f"/conversations/{capture.id}").get_data(as_text=True))
    assert f"Only {family['worker'].display_name}, who started this conversation, can carry it on." in page
    assert "Carry on with the conversation" not in page
    refused = colleague.submit(f"/conversations/{capture.id}/resume", page=f"/conversations/{capture.id}")
    assert refused.status_code == 403
    assert f"Only {family['worker'].display_name}, who started this conversation, can carry it on." in \
        _text(refused.get_data(as_text=True))
    assert colleague.get(f"/plans/{family['plan'].id}").status_code == 200  # not locked
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "denied", AuditEvent.user_id == colleague_id(db))).first()
    offered = _text(colleague.submit(f"/plans/{family['plan'].id}/talk/new",
                                     {"conversation": f"{family['me'].id}:{capture.script_id}"}).get_data(as_text=True))
    assert f"Only {family['worker'].display_name}, who started it, can continue it." in offered


def colleague_id(db) -> int:
    from voice_capture.models import User

    return db.exec(select(User.id).where(User.display_name == "Tom Colleague")).one()


def test_closing_and_keeping_the_answers_stops_it_and_they_still_count(talking_worker, db, family):
    client, capture = talking_worker
    laptop = client.other
    response = _close(laptop, capture, reason="Sam was tired; we will talk again next week.", answers="keep")
    assert response.status_code == 302
    db.refresh(capture)
    assert (capture.status, capture.closed_by_id) == ("stopped", family["worker"].id)
    assert capture.closed_reason == "Sam was tired; we will talk again next week." and capture.ended_at
    assert [view.capture_session_id for view in respondent_views(session=db, plan=family["plan"])] == [capture.id]
    page = _text(laptop.get(f"/conversations/{capture.id}").get_data(as_text=True))
    assert "Why it was closed Sam was tired; we will talk again next week." in page
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "close")).one()
    assert event.detail == "stopped: Sam was tired; we will talk again next week." and event.entity_id == capture.id
    # The tablet still locked to it can no longer add answers.
    refused = send(client, capture, 2, ["happy"])
    assert refused.status_code == 422 and "This conversation has ended" in refused.get_json()["error"]


def test_closing_without_using_the_answers_abandons_it_and_they_are_kept_but_not_used(talking_worker, db, family):
    client, capture = talking_worker
    assert _close(client.other, capture).status_code == 302
    db.refresh(capture)
    assert capture.status == "abandoned"
    assert db.exec(select(View).where(View.capture_session_id == capture.id)).all()
    assert respondent_views(session=db, plan=family["plan"]) == []
    assert views_for_plan(session=db, plan=family["plan"]) == []
    page = _text(client.other.get(f"/conversations/{capture.id}").get_data(as_text=True))
    assert "This conversation was abandoned. Its answers are kept here" in page and "Happy" in page
    assert "What the family told us Nobody has been asked about this plan yet." in \
        _text(client.other.get(f"/plans/{family['plan'].id}").get_data(as_text=True))


@pytest.mark.parametrize("data, message", [
    ({"reason": "", "answers": "keep"}, "Say why you are closing it."),
    ({"reason": "   ", "answers": "keep"}, "Say why you are closing it."),
    ({"reason": "x" * 501, "answers": "keep"}, "This can be at most 500 characters long."),
    ({"reason": "Lost", "answers": ""}, "Choose what happens to the answers."),
    ({"reason": "Lost", "answers": "burn"}, "Not a valid choice."),
])
def test_a_close_without_a_reason_or_a_choice_is_refused_plainly(talking_worker, db, data, message):
    client, capture = talking_worker
    response = _close(client.other, capture, **data)
    assert response.status_code == 422
    assert message in _text(response.get_data(as_text=True))
    db.refresh(capture)
    assert capture.status == "in_progress"


def test_closing_a_conversation_someone_is_carrying_on_is_refused_first_change_wins(talking_worker, db, family,
                                                                                      new_client, make_user):
    _client, capture = talking_worker
    colleague = _device(new_client, make_user(Role.SOCIAL_WORKER, family["team"]))
    page = colleague.get(f"/conversations/{capture.id}").get_data(as_text=True)  # the closer's page is drawn
    seen = int(re.search(r'name="version"[^>]*value="(\d+)"', page).group(1))
    laptop = _device(new_client, family["worker"])  # meanwhile the worker carries it on: the first change
    assert laptop.submit(f"/conversations/{capture.id}/resume", page=f"/conversations/{capture.id}").status_code == 302
    refused = _close(colleague, capture, version=seen)
    assert refused.status_code == 409
    assert (f"This conversation changed after you opened this page: {family['worker'].display_name} carried it on, "
            "or an answer arrived. Nothing was closed.") in _text(refused.get_data(as_text=True))
    db.refresh(capture)
    assert capture.status == "in_progress" and capture.closed_reason == ""
    assert not db.exec(select(AuditEvent).where(AuditEvent.action == "close")).all()
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "resume")).one()


def test_an_answer_arriving_after_the_close_page_was_drawn_wins_too(talking_worker, db):
    client, capture = talking_worker
    seen = capture.version
    assert send(client, capture, 2, ["happy"]).status_code == 201
    refused = _close(client.other, capture, version=seen)
    assert refused.status_code == 409
    db.refresh(capture)
    assert capture.status == "in_progress"


def test_a_finished_conversation_cannot_be_closed_or_carried_on(talking_worker, db):
    client, capture = talking_worker
    client.submit(f"/talk/{capture.id}/finish", page=f"/talk/{capture.id}")
    db.refresh(capture)
    assert capture.status == "finished"
    laptop = client.other
    page = _text(laptop.get(f"/conversations/{capture.id}").get_data(as_text=True))
    assert "Close the conversation" not in page and "Carry on with the conversation" not in page
    refused = _close(laptop, capture)
    assert refused.status_code == 409 and "This conversation has already ended. Nothing was changed." in \
        _text(refused.get_data(as_text=True))
    refused = laptop.submit(f"/conversations/{capture.id}/resume", page=f"/conversations/{capture.id}")
    assert refused.status_code == 409 and "it cannot be carried on" in _text(refused.get_data(as_text=True))
    db.refresh(capture)
    assert capture.status == "finished"


def test_answers_that_have_a_response_cannot_be_set_aside(talking_worker, db, family):
    client, capture = talking_worker
    view = db.exec(select(View).where(View.capture_session_id == capture.id)).one()
    response = Response(plan_id=family["plan"].id, outcome="done", plain_words="We did it.",
                        written_by_id=family["worker"].id)
    db.add(response)
    db.flush()
    db.add(ResponseView(response_id=response.id, view_id=view.id))
    db.commit()
    refused = _close(client.other, capture)
    assert refused.status_code == 409 and "already have a response" in _text(refused.get_data(as_text=True))
    db.refresh(capture)
    assert capture.status == "in_progress"
    assert _close(client.other, capture, answers="keep").status_code == 302


def test_starting_again_is_refused_when_the_unfinished_one_changed_meanwhile(talking_worker, db, family):
    client, capture = talking_worker
    laptop = client.other
    url = f"/plans/{family['plan'].id}/talk/new"
    chosen = f"{family['me'].id}:{capture.script_id}"
    seen = capture.version
    assert send(client, capture, 2, ["happy"]).status_code == 201  # the tablet was not lost after all
    count = len(db.exec(select(CaptureSession)).all())
    refused = laptop.submit(url, {"conversation": chosen, "again": str(capture.id), "version": str(seen)})
    assert refused.status_code == 409
    assert "This conversation changed after you opened this page" in _text(refused.get_data(as_text=True))
    assert len(db.exec(select(CaptureSession)).all()) == count  # the new one was not kept
    db.refresh(capture)
    assert capture.status == "in_progress"
    assert laptop.get(f"/plans/{family['plan'].id}").status_code == 200  # and the laptop was not locked


def test_a_practitioner_who_did_not_run_it_may_not_close_it_or_start_again(talking_worker, db, family, make_user,
                                                                           new_client):
    from voice_capture.models import ChildPractitioner

    _client, capture = talking_worker
    practitioner = make_user(Role.PRACTITIONER, family["team"], display_name="Jo Practitioner")
    db.add(ChildPractitioner(child_id=family["child"].id, user_id=practitioner.id))
    db.commit()
    device = _device(new_client, practitioner)
    page = _text(device.get(f"/conversations/{capture.id}").get_data(as_text=True))
    assert "Close the conversation" not in page
    token = device.token(f"/conversations/{capture.id}")
    refused = device.post(f"/conversations/{capture.id}/close",
                          data={"csrf_token": token, "reason": "x", "answers": "keep", "version": capture.version})
    assert refused.status_code == 403
    offered = _text(device.submit(f"/plans/{family['plan'].id}/talk/new",
                                  {"conversation": f"{family['me'].id}:{capture.script_id}"}).get_data(as_text=True))
    assert "can set it aside and start again" in offered and "Start again" not in offered.replace(
        "set it aside and start again", "")
    again = device.submit(f"/plans/{family['plan'].id}/talk/new",
                          {"conversation": f"{family['me'].id}:{capture.script_id}", "again": str(capture.id),
                           "version": str(capture.version)})
    assert again.status_code == 409
    db.refresh(capture)
    assert capture.status == "in_progress"


def test_closing_needs_the_forms_csrf_token(talking_worker, db):
    client, capture = talking_worker
    response = client.other.post(f"/conversations/{capture.id}/close",
                                 data={"reason": "Lost", "answers": "keep", "version": capture.version})
    assert response.status_code == 400
    db.refresh(capture)
    assert capture.status == "in_progress"


def test_a_close_meeting_a_resume_at_the_same_moment_waits_for_it_and_changes_nothing(app, talking_worker, family,
                                                                                       backend):
    """Not check-then-write: the closer's one UPDATE waits for the resumer's row lock, then finds the version moved."""
    import threading

    from sqlalchemy import text
    from sqlmodel import Session

    from voice_capture.capture import lifecycle

    _client, capture = talking_worker
    seen, engine = capture.version, app.extensions["vc_engine"]
    outcome: dict = {}

    def close_at_once():
        with app.app_context(), Session(engine) as closer:
            try:
                lifecycle.close(session=closer, actor=family["worker"], capture=closer.get(CaptureSession, capture.id),
                                seen_version=seen, reason="Lost", keep_answers=True)
                closer.commit()
                outcome["closed"] = True
            except lifecycle.ConversationRefused as refusal:
                outcome["refused"] = str(refusal)

    with app.app_context(), Session(engine) as resumer:
        lifecycle.resume(session=resumer, actor=family["worker"], capture=resumer.get(CaptureSession, capture.id))
        closing = threading.Thread(target=close_at_once)
        closing.start()
        if backend == "postgresql":  # the closer is now waiting on the resumer's row lock
            with engine.connect() as watcher:
                waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                while not watcher.execute(text(waiting)).scalar() and closing.is_alive():
                    watcher.rollback()
        resumer.commit()
    closing.join(timeout=30)
    assert outcome.get("refused", "").startswith("This conversation changed after you opened this page"), outcome
    with Session(engine) as check:
        assert check.get(CaptureSession, capture.id).status == "in_progress"
