"""Two people doing the same thing at once: the first change wins, the second is refused in plain
words, and nothing already saved (a sent letter, what was done about a worry, a script version a
child saw) is overwritten. Each test holds two database sessions, as two requests would."""
from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select
from test_capture import page_token

from voice_capture.editor import services as editor
from voice_capture.editor import versions as editor_versions
from voice_capture.feedback import lifecycle
from voice_capture.feedback.responses import FeedbackRefused
from voice_capture.models import (
    CaptureSession,
    ConversationScript,
    FeedbackLetter,
    Respondent,
    Role,
    View,
    Worry,
)
from voice_capture.worries import services as worries


@pytest.fixture
def case(db, make_team, make_user, make_child, make_plan):
    team = make_team()
    worker = make_user(Role.SOCIAL_WORKER, team)
    child = make_child(team=team, worker=worker)
    plan = make_plan(child)
    me = db.exec(select(Respondent).where(Respondent.child_id == child.id)).one()
    view = View(respondent_id=me.id, plan_id=plan.id, shown_text="Who hurts you?", entered_how="tapped",
                entered_by_id=worker.id, chosen=[{"key": "c1", "label": "someone at home", "symbol": "hurt_me"}])
    db.add(view)
    db.commit()
    return {"team": team, "worker": worker, "child": child, "plan": plan, "me": me, "view": view}


@pytest.fixture
def two(app):
    """Two sessions, as two requests at the same moment."""
    engine = app.extensions["vc_engine"]
    with app.test_request_context(), Session(engine, expire_on_commit=False) as first, \
            Session(engine, expire_on_commit=False) as second:
        yield first, second


def test_what_was_done_about_a_worry_is_never_overwritten(db, case, two):
    worry = Worry(view_id=case["view"].id, child_id=case["child"].id, plan_id=case["plan"].id,
                  respondent_id=case["me"].id, shown_text="Who hurts you?", chosen_label="someone at home")
    db.add(worry)
    db.commit()
    first, second = two
    mine, theirs = first.get(Worry, worry.id), second.get(Worry, worry.id)  # both see it open
    worries.record_action(session=first, actor=case["worker"], worry=mine, text="Referred to the MASH at 15:20.")
    first.commit()
    with pytest.raises(worries.WorryError, match="already recorded"):
        worries.record_action(session=second, actor=case["worker"], worry=theirs, text="ok")
    second.rollback()
    db.expire_all()
    assert db.get(Worry, worry.id).action_taken == "Referred to the MASH at 15:20."


def test_a_letter_sent_while_someone_edits_it_is_kept(db, case, two):
    line = {"view_id": case["view"].id, "did": "We talked to your mum.", "labels": ["someone at home"],
            "said_text": "", "symbol": "hurt_me", "photo": None, "outcome": "done", "response_ids": [],
            "plan_item_id": None}
    letter = FeedbackLetter(respondent_id=case["me"].id, plan_id=case["plan"].id, status="ready", lines=[line],
                            created_by_id=case["worker"].id)
    db.add(letter)
    db.commit()
    first, second = two
    sending, editing = first.get(FeedbackLetter, letter.id), second.get(FeedbackLetter, letter.id)
    lifecycle.mark_sent(session=first, actor=case["worker"], plan=first.get(type(case["plan"]), case["plan"].id),
                        letter=sending, how="posted")
    first.commit()
    with pytest.raises(FeedbackRefused, match="just marked this letter as given"):
        lifecycle.change_lines(session=second, actor=case["worker"], plan=second.get(type(case["plan"]), case["plan"].id),
                               letter=editing, wording={case["view"].id: "Changed after sending"})
    second.rollback()
    db.expire_all()
    kept = db.get(FeedbackLetter, letter.id)
    assert (kept.status, kept.sent_how, kept.lines[0]["did"]) == ("sent", "posted", "We talked to your mum.")


def test_two_changes_to_a_script_in_use_make_one_new_version(db, case, two):
    script = editor_versions.create_script(session=db, actor=case["worker"], title="Ours", language="en", audience="child")
    db.commit()
    db.add(CaptureSession(respondent_id=case["me"].id, plan_id=case["plan"].id, script_id=script.id,
                          started_by_id=case["worker"].id, steps=[]))
    db.commit()
    first, second = two
    mine, theirs = first.get(ConversationScript, script.id), second.get(ConversationScript, script.id)
    editor.update_details(session=first, actor=case["worker"], script=mine, title="Ours, v2", audience="child")
    first.commit()
    with pytest.raises(editor.EditRefused, match="Someone else has just changed"):
        editor.update_details(session=second, actor=case["worker"], script=theirs, title="Ours, v3", audience="child")
    second.rollback()
    rows = db.exec(select(ConversationScript.version, ConversationScript.is_current, ConversationScript.title)
                   .where(ConversationScript.family_key == script.family_key)
                   .order_by(ConversationScript.version)).all()
    assert [tuple(row) for row in rows] == [(1, False, "Ours"), (2, True, "Ours, v2")]


def test_a_clash_the_database_refuses_is_a_plain_409_not_a_500(app, client, case, monkeypatch):
    from voice_capture.people import services as people

    def clash(**_kwargs):
        raise IntegrityError("INSERT …", {}, Exception("duplicate key"))

    monkeypatch.setattr(people, "self_respondent", clash)
    client.login(case["worker"])
    response = client.get(f"/plans/{case['plan'].id}/talk/new")
    assert response.status_code == 409
    assert "Someone else changed this at the same moment" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/scripts/1/preview?respondent=²", "/scripts/1/preview?respondent=99999999999999999999999"])
def test_odd_numbers_in_addresses_are_not_found_not_a_crash(client, case, url):
    client.login(case["worker"])
    assert client.get(url).status_code in (403, 404)


def test_an_agency_number_too_big_for_the_database_is_refused_plainly(client, case):
    client.login(case["worker"])
    response = client.submit(f"/plans/{case['plan'].id}/summary/shared",
                             {"agency_id": "99999999999999999999", "shared_on": "2026-11-01", "how": "Email"})
    assert response.status_code in (200, 422)
    assert "Choose the agency you shared the summary with." in response.get_data(as_text=True)


def test_many_changes_to_one_answer_at_once_are_all_kept_as_consecutive_versions(app, client, db, case):
    """Real threads, one database connection each: nothing refused, nothing lost, no two answers
    sharing a version, each version pointing at the one before."""
    script = db.exec(select(ConversationScript).where(ConversationScript.family_key == "my-plan-meeting",
                                                      ConversationScript.language == "en")).one()
    client.login(case["worker"])
    started = client.submit(f"/plans/{case['plan'].id}/talk/new", {"conversation": f"{case['me'].id}:{script.id}"})
    talk = started.headers["Location"]
    token = page_token(client.get(talk).get_data(as_text=True))
    cookie = client.get_cookie("vc_session")
    statuses: list[int] = []

    def tablet(number: int) -> None:
        mine = app.test_client()
        mine.set_cookie("vc_session", cookie.value, domain=cookie.domain)
        for answer in range(3):
            body = {"position": 1, "keys": ["happy" if answer % 2 else "sad"], "how": "tapped",
                    "idempotency_key": f"t{number}-{answer}"}
            response = mine.post(f"{talk}/answer", data=json.dumps(body),
                                 headers={"Content-Type": "application/json", "X-CSRFToken": token})
            statuses.append(response.status_code)

    threads = [threading.Thread(target=tablet, args=(number,)) for number in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [201] * 18
    views = db.exec(select(View).where(View.position == 1).order_by(View.version)).all()
    assert [view.version for view in views] == list(range(1, 19))
    assert all(later.replaces_id == earlier.id for earlier, later in zip(views, views[1:]))
