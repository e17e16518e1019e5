"""Conversations that follow the child: follow-ups that appear only after their answer, sorting
mats saved card by card and as a whole, the "how much" scale, and worries that reach the worker."""
from __future__ import annotations

import pytest
from sqlmodel import select
from test_capture import family as _family
from test_capture import page_token, post_json, send

from voice_capture.conversations.builtin import ScriptDefinition, StepDefinition, _store
from voice_capture.models import (
    AnswerType,
    AuditEvent,
    CaptureSession,
    ConversationScript,
    Relationship,
    Role,
    SiteSetting,
    View,
    Worry,
)
from voice_capture.views.paths import next_position, reachable

family = _family  # the same family fixture as the child-mode tests

HARD = StepDefinition("What makes school hard?", "What is hard?", AnswerType.SEVERAL_SYMBOLS,
                      ("maths", "noise", "hurt_me"), worries=("hurt_me",),
                      follow_ups=(("noise", StepDefinition("How much does the noise bother you?", "Noise?",
                                                           AnswerType.HOW_MUCH)),))
SCHOOL = ScriptDefinition("test-school", "School test", Relationship.CHILD, (
    StepDefinition("How do you feel about school?", "School?", AnswerType.FEELINGS,
                   follow_ups=(("sad", HARD),), worries=("very_sad",)),
    StepDefinition("Put each card where it goes.", "Where does it go?", AnswerType.SORT, ("lessons", "lunch", "pe")),
    StepDefinition("Anything else?", "Anything else?", AnswerType.OWN_WORDS),
))


@pytest.fixture
def school(db, family):
    _store(db, SCHOOL, "en")
    db.commit()
    return db.exec(select(ConversationScript).where(ConversationScript.family_key == "test-school")).one()


@pytest.fixture
def talk(client, db, family, school):
    client.login(family["worker"])
    chosen = f"{family['me'].id}:{school.id}"
    assert client.submit(f"/plans/{family['plan'].id}/talk/new", {"conversation": chosen}).status_code == 302
    capture = db.exec(select(CaptureSession).order_by(CaptureSession.id.desc())).first()
    return client, capture


def kinds(capture):
    return [(step["answer_type"], (step.get("after") or {}).get("position")) for step in capture.steps]


def key_of(step, label):
    return next(choice["key"] for choice in step["choices"] if choice["symbol"] == label)


def test_follow_ups_sit_after_their_step_and_a_mat_becomes_one_step_per_card(talk):
    _client, capture = talk
    assert kinds(capture) == [
        ("feelings", None), ("several_symbols", 1), ("how_much", 2),
        ("sort_card", None), ("sort_card", None), ("sort_card", None), ("sort_mat", None), ("own_words", None),
    ]
    assert capture.steps[1]["after"]["keys"] == ["sad"]
    assert capture.steps[6]["cards"] == [4, 5, 6]


def test_a_follow_up_appears_only_after_its_answer(talk, db):
    client, capture = talk
    steps = capture.steps
    assert next_position(steps, {1: ["happy"]}, 1) == 4  # no follow-up for a happy child
    assert next_position(steps, {1: ["sad"]}, 1) == 2
    assert not reachable(steps, {1: ["sad"], 2: ["c1"]}, 3)  # the noise question needs "noise"
    assert send(client, capture, 1, ["happy"]).status_code == 201
    refused = send(client, capture, 2, [key_of(steps[1], "maths")])
    assert refused.status_code == 422 and "not part of this conversation" in refused.get_json()["error"]
    page = client.get(f"/talk/{capture.id}").get_data(as_text=True)
    assert 'id="step-4"' in page and 'data-visible="4"' in page  # carries on at the mat, past the follow-ups


def test_changing_an_answer_opens_its_follow_up_and_the_review_shows_the_path(talk, db):
    client, capture = talk
    steps = capture.steps
    send(client, capture, 1, ["happy"])
    send(client, capture, 1, ["sad"], key="changed")
    assert send(client, capture, 2, [key_of(steps[1], "noise")]).status_code == 201
    assert send(client, capture, 3, ["a_lot"]).status_code == 201
    page = client.get(f"/talk/{capture.id}").get_data(as_text=True)
    assert 'review__item review__item--depth1" data-position="2"' in page
    assert 'review__item review__item--depth2" data-position="3"' in page


def test_the_mat_is_saved_card_by_card_and_as_a_whole(talk, db):
    client, capture = talk
    send(client, capture, 1, ["happy"])
    for position, heading in ((4, "sort_good"), (5, "sort_not_good"), (6, "sort_not_sure")):
        assert send(client, capture, position, [heading]).status_code == 201
    assert send(client, capture, 7, ["mat_ok"]).status_code == 201
    views = {view.position: view for view in db.exec(select(View).where(View.capture_session_id == capture.id))}
    assert views[4].shown_text == "Where does it go? Card: lessons"
    assert views[5].chosen[0]["key"] == "sort_not_good"
    mat = views[7].chosen
    assert [(entry["label"], entry["heading"]) for entry in mat] == [
        ("lessons: Good", "sort_good"), ("lunch: Not good", "sort_not_good"), ("PE: Not sure", "sort_not_sure")]
    page = client.get(f"/talk/{capture.id}").get_data(as_text=True)
    assert 'data-mat="4"' in page and "Print my mat" in page


def test_a_card_can_only_go_under_a_heading(talk):
    client, capture = talk
    send(client, capture, 1, ["happy"])
    assert send(client, capture, 4, ["happy"]).status_code == 422
    assert send(client, capture, 7, ["mat_ok"]).status_code == 422  # nothing on the mat yet


def test_a_worry_reaches_the_worker_the_manager_and_the_plan_until_someone_acts(talk, db, family, make_user):
    client, capture = talk
    db.add(SiteSetting(key="safeguarding_procedure", value="Ring the MASH on 01234 567890 straight away."))
    db.commit()
    steps = capture.steps
    send(client, capture, 1, ["sad"])
    send(client, capture, 2, [key_of(steps[1], "hurt_me"), key_of(steps[1], "maths")])
    worry = db.exec(select(Worry)).one()
    assert worry.chosen_label == "hurt me" and worry.child_id == family["child"].id
    # Never shown to the child: the child's page has no trace of it.
    page = client.get(f"/talk/{capture.id}").get_data(as_text=True)
    assert "worry" not in page.lower() and "MASH" not in page
    client.post(f"/talk/{capture.id}/unlock", data={"password": "", "csrf_token": ""})
    from helpers import TEST_PASSWORD

    client.submit(f"/talk/{capture.id}/unlock", {"password": TEST_PASSWORD})
    summary = client.get(f"/conversations/{capture.id}").get_data(as_text=True)
    assert "hurt me" in summary and "Ring the MASH on 01234 567890" in summary
    assert "1 worry needs action" in client.get("/").get_data(as_text=True)  # the allocated worker's dashboard
    manager = make_user(Role.MANAGER, family["team"])
    other = client.__class__(client.application.test_client())
    other.login(manager)
    assert "1 worry needs action" in other.get("/").get_data(as_text=True)
    plan_page = client.get(f"/plans/{family['plan'].id}").get_data(as_text=True)
    assert "Record what was done about this worry" in plan_page
    empty = client.submit(f"/worries/{worry.id}/done", {"action_taken": "  "})
    assert empty.status_code == 422 and "Write what was done" in empty.get_data(as_text=True)
    done = client.submit(f"/worries/{worry.id}/done", {"action_taken": "Spoke to Sam and mum; MASH referral."})
    assert done.status_code == 302
    assert "worry needs action" not in client.get("/").get_data(as_text=True)
    assert "MASH referral" in client.get(f"/plans/{family['plan'].id}").get_data(as_text=True)
    assert db.exec(select(AuditEvent).where(AuditEvent.entity_type == "worry")).one().entity_id == worry.id


def test_a_fixed_answer_can_be_a_worry(talk, db):
    client, capture = talk
    send(client, capture, 1, ["very_sad"])
    assert db.exec(select(Worry)).one().chosen_label == "Very sad"


def test_only_the_admin_sets_the_safeguarding_procedure(client, make_user, db):
    client.login(make_user(Role.SOCIAL_WORKER))
    assert client.get("/admin/safeguarding").status_code == 403
    admin_client = client.__class__(client.application.test_client())
    admin_client.login(make_user(Role.ADMIN))
    assert admin_client.submit("/admin/safeguarding", {"text": ""}).status_code == 422
    assert admin_client.submit("/admin/safeguarding", {"text": "Tell the duty manager."}).status_code == 302
    assert db.get(SiteSetting, "safeguarding_procedure").value == "Tell the duty manager."


def test_another_teams_worker_cannot_record_what_was_done(talk, db, make_user, make_team):
    client, capture = talk
    send(client, capture, 1, ["very_sad"])
    worry = db.exec(select(Worry)).one()
    stranger = client.__class__(client.application.test_client())
    stranger.login(make_user(Role.SOCIAL_WORKER, make_team()))
    assert stranger.get(f"/worries/{worry.id}/done").status_code == 403


def test_a_teams_own_script_is_offered_only_for_that_teams_children(client, db, family, school, make_team):
    from voice_capture.capture.services import scripts_for

    school.team_id = make_team().id
    db.add(school)
    db.commit()
    assert school.id not in {s.id for s in scripts_for(session=db, respondent=family["me"])}
    school.team_id = family["team"].id
    db.add(school)
    db.commit()
    assert school.id in {s.id for s in scripts_for(session=db, respondent=family["me"])}
    assert all(s.family_key != "did-we-listen" for s in scripts_for(session=db, respondent=family["me"]))


def test_the_profile_keeps_the_scanning_settings(client, db, family):
    client.login(family["worker"])
    page = client.get(f"/children/{family['child'].id}").get_data(as_text=True)
    assert page
    me = family["me"]
    me.access_method, me.scan_loops, me.scan_start_delay_ms, me.scan_speak = "switch2", 5, 250, True
    db.add(me)
    db.commit()
    capture_page = None
    chosen = f"{me.id}:{db.exec(select(ConversationScript).where(ConversationScript.family_key == 'my-plan-meeting', ConversationScript.language == 'en')).one().id}"  # noqa: E501
    client.submit(f"/plans/{family['plan'].id}/talk/new", {"conversation": chosen})
    capture = db.exec(select(CaptureSession).order_by(CaptureSession.id.desc())).first()
    capture_page = client.get(f"/talk/{capture.id}").get_data(as_text=True)
    for expected in ('data-access="switch2"', 'data-scan-loops="5"', 'data-scan-delay="250"', 'data-scan-speak="yes"'):
        assert expected in capture_page
    assert page_token(capture_page)
    assert post_json  # the shared helper stays importable for the browser tests


def test_a_follow_up_answer_left_off_the_path_is_kept_but_not_a_current_view(talk, db, family):
    from voice_capture.views.current import views_for_plan

    client, capture = talk
    steps = capture.steps
    send(client, capture, 1, ["sad"])
    send(client, capture, 2, [key_of(steps[1], "maths")])
    assert 2 in {view.position for view, _who in views_for_plan(session=db, plan=family["plan"])}
    send(client, capture, 1, ["happy"], key="changed-mind")
    current = {view.position for view, _who in views_for_plan(session=db, plan=family["plan"])}
    assert 2 not in current and 1 in current
    kept = db.exec(select(View).where(View.capture_session_id == capture.id, View.position == 2)).one()
    assert kept.chosen[0]["label"] == "maths"  # kept, never deleted
    plan_page = client.get(f"/plans/{family['plan'].id}")
    assert plan_page.status_code == 403 or "maths" not in plan_page.get_data(as_text=True)


def test_progress_counts_the_questions_on_this_childs_path(talk):
    client, capture = talk
    page = client.get(f"/talk/{capture.id}").get_data(as_text=True)
    assert "Question 1 of 6" in page  # the two follow-ups are not on the path yet
    send(client, capture, 1, ["sad"])
    page = client.get(f"/talk/{capture.id}").get_data(as_text=True)
    assert "Question 2 of 7" in page  # "What makes school hard?" now is


def test_a_whole_mat_is_not_a_second_view_waiting_for_a_response(talk, db, family):
    from voice_capture.views.current import waiting_views

    client, capture = talk
    send(client, capture, 1, ["happy"])
    for position in (4, 5, 6):
        send(client, capture, position, ["sort_good"])
    send(client, capture, 7, ["mat_ok"])
    waiting = {view.position for view, *_ in waiting_views(session=db, user=family["worker"])}
    assert waiting == {1, 4, 5, 6}  # each card once, the mat not again


def test_left_off_answers_and_whole_mats_are_found_in_two_queries_for_many_conversations(talk, db, family):
    from sqlalchemy import event

    from voice_capture.capture import services
    from voice_capture.views.current import off_path_view_ids, whole_mat_view_ids

    client, first = talk
    send(client, first, 1, ["sad"])
    send(client, first, 2, [key_of(first.steps[1], "maths")])
    send(client, first, 1, ["happy"], key="changed-mind")  # leaves "maths" off the path
    script, worker = db.get(ConversationScript, first.script_id), family["worker"]
    for number in range(3):  # three more conversations, answered straight through the service
        capture = services.start(session=db, actor=worker, plan=family["plan"], respondent=family["me"], script=script)
        answers = [(1, ["sad"]), (2, [key_of(capture.steps[1], "maths")])]  # on the path: "sad" still stands
        answers += [(4, ["sort_good"]), (5, ["sort_good"]), (6, ["sort_good"]), (7, ["mat_ok"])]
        for position, keys in answers:
            services.record_answer(session=db, actor=worker, capture=capture, position=position, keys=keys, said="",
                                   how="tapped", idempotency_key=f"many-{number}-{position}")
        db.commit()
    views = db.exec(select(View).where(View.plan_id == family["plan"].id)).all()
    expected_off = {view.id for view in views if view.capture_session_id == first.id and view.position == 2}
    expected_mats = {view.id for view in views if view.position == 7}
    assert len(expected_off) == 1 and len(expected_mats) == 3
    statements = []
    engine = db.get_bind()
    counting = lambda *args: statements.append(args[2])  # noqa: E731 - (conn, cursor, statement, ...)
    event.listen(engine, "before_cursor_execute", counting)
    try:
        assert off_path_view_ids(session=db, plan_ids=[family["plan"].id]) == expected_off
        assert len(statements) == 2
        statements.clear()
        assert whole_mat_view_ids(session=db, plan_ids=[family["plan"].id]) == expected_mats
        assert len(statements) == 2
    finally:
        event.remove(engine, "before_cursor_execute", counting)
