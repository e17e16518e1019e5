"""The script editor: making, changing, versioning and copying scripts; each rule that refuses bad scripts;
who may do what; and the audit trail."""
from __future__ import annotations

import re

import pytest
from sqlmodel import select

from voice_capture.models import (
    AuditEvent,
    CaptureSession,
    ConversationScript,
    Role,
    ScriptStep,
    SiteSetting,
    StepChoice,
)
from voice_capture.worries.services import PROCEDURE_KEY

# --- helpers ---------------------------------------------------------------------------------------

def make_script(client, title="Our school talk", language="en", audience="child") -> int:
    response = client.submit("/scripts/new", {"title": title, "language": language, "audience": audience})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/scripts/(\d+)$", response.headers["Location"]).group(1))


def step_data(prompt="What do you like at school?", simple="School. What do you like?", answer_type="one_symbol",
              symbols=("school", "teacher"), **flags) -> dict:
    data = {"prompt": prompt, "simple_prompt": simple, "answer_type": answer_type, "symbols": list(symbols),
            "save": "1"}
    for name, value in flags.items():
        if value:
            data[name] = "y"
    return data


def add_step(client, script_id: int, **kwargs):
    return client.submit(f"/scripts/{script_id}/steps/new", step_data(**kwargs))


def steps(db, script_id: int) -> list[ScriptStep]:
    db.expire_all()
    return list(db.exec(select(ScriptStep).where(ScriptStep.script_id == script_id).order_by(ScriptStep.position)))


def choices(db, step_id: int) -> list[StepChoice]:
    db.expire_all()
    return list(db.exec(select(StepChoice).where(StepChoice.step_id == step_id).order_by(StepChoice.position)))


def builtin(db, key="my-plan-meeting", language="en") -> ConversationScript:
    return db.exec(select(ConversationScript).where(ConversationScript.family_key == key,
                                                    ConversationScript.language == language)).one()


def set_procedure(db, text="Phone the duty team on 01234 567890 the same day."):
    db.merge(SiteSetting(key=PROCEDURE_KEY, value=text))
    db.commit()


def page(response) -> str:
    return response.get_data(as_text=True).replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")


def follow_up_script(client, db, count=3) -> tuple[int, list[ScriptStep]]:
    """A script with one main picture step, then `count` follow-up picture steps."""
    script_id = make_script(client)
    assert add_step(client, script_id).status_code == 302
    for number in range(count):
        response = add_step(client, script_id, prompt=f"Tell me more {number}", simple=f"More {number}",
                            symbols=("happy", "sad"), is_follow_up=True)
        assert response.status_code == 302
    return script_id, steps(db, script_id)


def lead(client, script_id: int, step: ScriptStep, choice: StepChoice, target: int | None, worry=False):
    url = f"/scripts/{script_id}/steps/{step.id}/choices/{choice.id}"
    data = {"label": choice.label, "follow_up_step_id": str(target or 0)}
    if worry:
        data["is_worry"] = "y"
    return client.submit(url, data)


# --- access ------------------------------------------------------------------------------------------

def test_admins_cannot_open_the_editor(client, db, make_user):
    admin = make_user(Role.ADMIN)
    client.login(admin)
    script = builtin(db)
    for url in ("/scripts", "/scripts/new", f"/scripts/{script.id}", f"/scripts/{script.id}/preview"):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SOCIAL_WORKER, Role.PRACTITIONER])
def test_every_case_role_can_write_a_script(client, db, make_user, role):
    client.login(make_user(role))
    script_id = make_script(client, title="Going to the dentist")
    assert add_step(client, script_id).status_code == 302
    assert "Going to the dentist" in page(client.get("/scripts"))


def test_another_teams_scripts_cannot_be_seen_or_changed(client, db, make_user, new_client):
    client.login(make_user())
    script_id = make_script(client, title="Our secret talk")
    assert add_step(client, script_id).status_code == 302
    step = steps(db, script_id)[0]
    other = new_client()
    other.login(make_user())
    assert "Our secret talk" not in page(other.get("/scripts"))
    for url in (f"/scripts/{script_id}", f"/scripts/{script_id}/steps/new", f"/scripts/{script_id}/steps/{step.id}",
                f"/scripts/{script_id}/preview", f"/scripts/{script_id}/details"):
        assert other.get(url).status_code == 403, url
    token = other.token("/scripts")
    response = other.post(f"/scripts/{script_id}/steps/{step.id}/move", data={"csrf_token": token,
                                                                              "direction": "up"})
    assert response.status_code == 403
    assert other.post(f"/scripts/{script_id}/copy", data={"csrf_token": token}).status_code == 403


def test_the_list_shows_ready_made_and_the_teams_current_scripts_with_language_and_audience(logged_in, db):
    script_id = make_script(logged_in, title="Sut wyt ti", language="cy", audience="sibling")
    text = page(logged_in.get("/scripts"))
    assert "My plan meeting" in text and "Sut wyt ti" in text
    assert "Cymraeg" in text and "Brother or sister" in text
    assert f"/scripts/{script_id}" in text


def test_unknown_steps_and_answers_are_not_found(logged_in, db):
    script_id = make_script(logged_in)
    other_id = make_script(logged_in, title="Another")
    add_step(logged_in, other_id)
    foreign = steps(db, other_id)[0]
    assert logged_in.get(f"/scripts/{script_id}/steps/{foreign.id}").status_code == 404
    assert logged_in.get(f"/scripts/{script_id}/steps/999999").status_code == 404
    assert logged_in.get("/scripts/999999").status_code == 404
    assert logged_in.get(f"/scripts/{other_id}/steps/{foreign.id}/answers/sad").status_code == 404
    assert logged_in.get(f"/scripts/{other_id}/steps/{foreign.id}/choices/999999").status_code == 404
    assert logged_in.get(f"/scripts/{other_id}/preview?respondent=abc").status_code == 404


# --- building a script -------------------------------------------------------------------------------

def test_a_picture_step_is_saved_with_its_pictures_in_the_scripts_language(logged_in, db):
    script_id = make_script(logged_in, language="cy")
    response = add_step(logged_in, script_id, prompt="Beth wyt ti'n hoffi?", simple="Hoffi?",
                        symbols=("school", "teacher"), offer_photos=True)
    assert response.status_code == 302
    [step] = steps(db, script_id)
    assert step.answer_type == "one_symbol" and step.offer_photos and not step.is_follow_up
    assert [(c.symbol_key, c.label) for c in choices(db, step.id)] == [("school", "ysgol"), ("teacher", "athro")]
    assert add_step(logged_in, script_id, answer_type="own_words", symbols=()).status_code == 302
    own = steps(db, script_id)[1]
    assert own.position == 2 and not own.offer_photos and choices(db, own.id) == []


def test_searching_for_pictures_shows_them_to_tick_and_keeps_what_was_typed(logged_in, db):
    script_id = make_script(logged_in)
    data = step_data(symbols=("teacher",))
    del data["save"]
    data.update(find="scho", find_pictures="1")
    response = logged_in.submit(f"/scripts/{script_id}/steps/new", data)
    text = page(response)
    assert response.status_code == 200
    assert 'value="school" id="symbol-school"' in text and 'value="teacher" id="symbol-teacher" checked' in text
    assert "What do you like at school?" in text
    assert steps(db, script_id) == []  # searching saves nothing
    assert 'data-readability-level="simple"' in text and 'data-readability-language="en"' in text
    assert 'id="simple_prompt-readability" aria-live="polite"' in text
    nothing = logged_in.submit(f"/scripts/{script_id}/steps/new", {**data, "find": "zzzzqq"})
    assert "No pictures found for “zzzzqq”" in page(nothing)


def test_a_plan_item_step_needs_the_placeholder_and_others_must_not_show_it(logged_in, db):
    script_id = make_script(logged_in)
    refused = add_step(logged_in, script_id, prompt="How do you feel about your plan?", simple="Plan?",
                       answer_type="feelings", symbols=(), about_plan_items=True)
    assert refused.status_code == 200 and "%(item)s" in page(refused)
    stray = add_step(logged_in, script_id, prompt="Your plan says %(item)s", simple="%(item)s", answer_type="feelings",
                     symbols=())
    assert stray.status_code == 200 and "Ask this about each plan item" in page(stray)
    assert steps(db, script_id) == []
    ok = add_step(logged_in, script_id, prompt="Your plan says: %(item)s How do you feel?", simple="%(item)s Feel?",
                  answer_type="feelings", symbols=(), about_plan_items=True)
    assert ok.status_code == 302 and steps(db, script_id)[0].about_plan_items


def test_steps_move_up_and_down_and_keep_unique_positions(logged_in, db):
    script_id = make_script(logged_in)
    for word in ("one", "two", "three"):
        add_step(logged_in, script_id, prompt=f"Question {word}", simple=word, answer_type="yes_no", symbols=())
    first, second, third = steps(db, script_id)
    token = logged_in.token(f"/scripts/{script_id}")
    response = logged_in.post(f"/scripts/{script_id}/steps/{third.id}/move",
                              data={"csrf_token": token, "direction": "up"})
    assert response.status_code == 302
    assert [s.simple_prompt for s in steps(db, script_id)] == ["one", "three", "two"]
    logged_in.post(f"/scripts/{script_id}/steps/{first.id}/move", data={"csrf_token": token, "direction": "down"})
    assert [s.simple_prompt for s in steps(db, script_id)] == ["three", "one", "two"]
    assert [s.position for s in steps(db, script_id)] == [1, 2, 3]
    top = logged_in.post(f"/scripts/{script_id}/steps/{third.id}/move", data={"csrf_token": token, "direction": "up"})
    assert top.status_code == 409 and "already first" in page(top)


def test_removing_a_step_asks_first_then_closes_the_gap(logged_in, db):
    script_id = make_script(logged_in)
    for word in ("one", "two", "three"):
        add_step(logged_in, script_id, prompt=f"Question {word}", simple=word, answer_type="yes_no", symbols=())
    middle = steps(db, script_id)[1]
    confirm = logged_in.get(f"/scripts/{script_id}/steps/{middle.id}/remove")
    assert "Yes, remove question 2" in page(confirm)
    assert logged_in.submit(f"/scripts/{script_id}/steps/{middle.id}/remove").status_code == 302
    assert [(s.simple_prompt, s.position) for s in steps(db, script_id)] == [("one", 1), ("three", 2)]


# --- bad scripts are refused ---------------------------------------------------------------------------

def test_a_picture_step_with_no_pictures_is_refused(logged_in, db):
    script_id = make_script(logged_in)
    response = add_step(logged_in, script_id, symbols=())
    assert response.status_code == 200
    assert "Choose at least one picture" in page(response)
    assert steps(db, script_id) == []


def test_a_sorting_mat_needs_two_cards_and_its_cards_have_no_worries_or_follow_ups(logged_in, db):
    set_procedure(db)
    script_id = make_script(logged_in)
    response = add_step(logged_in, script_id, answer_type="sort", symbols=("school",))
    assert "at least two cards" in page(response) and steps(db, script_id) == []
    assert add_step(logged_in, script_id, answer_type="sort", symbols=("school", "home")).status_code == 302
    [mat] = steps(db, script_id)
    card = choices(db, mat.id)[0]
    refused = lead(logged_in, script_id, mat, card, None, worry=True)
    assert "cards on a sorting mat cannot have follow-ups or worries" in page(refused)
    assert not choices(db, mat.id)[0].is_worry
    token = logged_in.token(f"/scripts/{script_id}")
    last = logged_in.post(f"/scripts/{script_id}/steps/{mat.id}/choices/{card.id}/remove", data={"csrf_token": token})
    assert last.status_code == 409 and "at least two cards" in page(last)
    assert len(choices(db, mat.id)) == 2


def test_the_last_picture_cannot_be_removed(logged_in, db):
    script_id = make_script(logged_in)
    add_step(logged_in, script_id, symbols=("school", "teacher"))
    [step] = steps(db, script_id)
    first, second = choices(db, step.id)
    token = logged_in.token(f"/scripts/{script_id}")
    assert logged_in.post(f"/scripts/{script_id}/steps/{step.id}/choices/{first.id}/remove",
                          data={"csrf_token": token}).status_code == 302
    refused = logged_in.post(f"/scripts/{script_id}/steps/{step.id}/choices/{second.id}/remove",
                             data={"csrf_token": token})
    assert refused.status_code == 409 and "Choose at least one picture" in page(refused)
    assert [c.id for c in choices(db, step.id)] == [second.id]
    unticked = logged_in.submit(f"/scripts/{script_id}/steps/{step.id}", step_data(symbols=()))
    assert "Choose at least one picture" in page(unticked) and len(choices(db, step.id)) == 1


def test_an_answer_can_lead_to_a_follow_up_and_a_follow_up_of_that(logged_in, db):
    script_id, (main, first, second, _third) = follow_up_script(logged_in, db)
    assert lead(logged_in, script_id, main, choices(db, main.id)[0], first.id).status_code == 302
    assert lead(logged_in, script_id, first, choices(db, first.id)[1], second.id).status_code == 302
    assert choices(db, main.id)[0].follow_up_step_id == first.id
    assert choices(db, first.id)[1].follow_up_step_id == second.id
    text = page(logged_in.get(f"/scripts/{script_id}"))
    assert "then question 2" in text and "then question 3" in text


def test_a_follow_up_loop_is_refused(logged_in, db):
    script_id, (_main, first, second, _third) = follow_up_script(logged_in, db)
    assert lead(logged_in, script_id, first, choices(db, first.id)[0], second.id).status_code == 302
    refused = lead(logged_in, script_id, second, choices(db, second.id)[0], first.id)
    assert refused.status_code == 200 and "This would make a loop" in page(refused)
    assert choices(db, second.id)[0].follow_up_step_id is None


def test_nesting_deeper_than_a_follow_up_of_a_follow_up_is_refused(logged_in, db):
    script_id, (main, first, second, third) = follow_up_script(logged_in, db)
    lead(logged_in, script_id, main, choices(db, main.id)[0], first.id)
    lead(logged_in, script_id, first, choices(db, first.id)[0], second.id)
    refused = lead(logged_in, script_id, second, choices(db, second.id)[0], third.id)
    assert "Follow-ups can only go two deep" in page(refused)
    assert choices(db, second.id)[0].follow_up_step_id is None


def test_a_follow_up_must_be_a_follow_up_step_of_this_script(logged_in, db, social_worker):
    from voice_capture.editor import services
    from voice_capture.editor.validation import EditRefused

    script_id, (main, first, _second, _third) = follow_up_script(logged_in, db)
    other_id = make_script(logged_in, title="Other")
    add_step(logged_in, other_id, symbols=("happy",), is_follow_up=True)
    foreign = steps(db, other_id)[0]
    for target in (foreign.id, 999999):
        refused = lead(logged_in, script_id, main, choices(db, main.id)[0], target)
        assert refused.status_code == 200 and "Not a valid choice" in page(refused), target
    script = db.get(ConversationScript, script_id)
    with logged_in.application.test_request_context():
        for target in (foreign.id, main.id, 999999):
            with pytest.raises(EditRefused, match="follow-up question of this conversation|lead back to itself"):
                services.update_choice(session=db, actor=social_worker, script=script,
                                       choice=choices(db, main.id)[0], label="x", is_worry=False,
                                       follow_up_step_id=target)
    db.rollback()
    assert choices(db, main.id)[0].follow_up_step_id is None


def test_a_step_that_an_answer_leads_to_cannot_be_removed_or_stop_being_a_follow_up(logged_in, db):
    script_id, (main, first, _second, _third) = follow_up_script(logged_in, db)
    lead(logged_in, script_id, main, choices(db, main.id)[0], first.id)
    refused = logged_in.submit(f"/scripts/{script_id}/steps/{first.id}/remove")
    assert refused.status_code == 409, page(refused)[-3000:]
    assert "“school” in question 1 leads to this question" in page(refused)
    assert first.id in [s.id for s in steps(db, script_id)]
    demoted = logged_in.submit(f"/scripts/{script_id}/steps/{first.id}",
                               step_data(prompt="Tell me more 0", simple="More 0", symbols=("happy", "sad")))
    assert "must stay a follow-up" in page(demoted) and steps(db, script_id)[1].is_follow_up
    lead(logged_in, script_id, main, choices(db, main.id)[0], None)
    assert logged_in.submit(f"/scripts/{script_id}/steps/{first.id}/remove").status_code == 302
    assert first.id not in [s.id for s in steps(db, script_id)]


def test_a_worry_needs_the_safeguarding_procedure_first(logged_in, db):
    script_id = make_script(logged_in)
    add_step(logged_in, script_id, symbols=("hurt", "safe"))
    [step] = steps(db, script_id)
    refused = lead(logged_in, script_id, step, choices(db, step.id)[0], None, worry=True)
    assert "Ask your administrator to add the local safeguarding procedure first" in page(refused)
    assert not choices(db, step.id)[0].is_worry
    set_procedure(db)
    assert lead(logged_in, script_id, step, choices(db, step.id)[0], None, worry=True).status_code == 302
    assert choices(db, step.id)[0].is_worry


def test_fixed_answers_take_a_follow_up_or_worry_stored_like_the_ready_made_ones(logged_in, db):
    set_procedure(db)
    script_id = make_script(logged_in)
    add_step(logged_in, script_id, prompt="How do you feel at home?", simple="Home?", answer_type="feelings", symbols=())
    add_step(logged_in, script_id, prompt="What makes you sad?", simple="Sad?", symbols=("noise", "tired"),
             is_follow_up=True)
    feelings, follow_up = steps(db, script_id)
    url = f"/scripts/{script_id}/steps/{feelings.id}/answers/very_sad"
    assert logged_in.get(url).status_code == 200
    response = logged_in.submit(url, {"is_worry": "y", "follow_up_step_id": str(follow_up.id)})
    assert response.status_code == 302
    [row] = choices(db, feelings.id)
    assert (row.answer_key, row.label, row.symbol_key, row.is_worry, row.follow_up_step_id) == \
        ("very_sad", "Very sad", "very_sad", True, follow_up.id)
    assert logged_in.get(f"/scripts/{script_id}/steps/{feelings.id}/answers/yes").status_code == 404
    logged_in.submit(url, {"follow_up_step_id": "0"})  # both taken off: the row goes
    assert choices(db, feelings.id) == []


def test_changing_the_kind_of_answer_does_not_drop_a_worry_unnoticed(logged_in, db):
    set_procedure(db)
    script_id = make_script(logged_in)
    add_step(logged_in, script_id, symbols=("hurt", "safe"))
    [step] = steps(db, script_id)
    lead(logged_in, script_id, step, choices(db, step.id)[0], None, worry=True)
    refused = logged_in.submit(f"/scripts/{script_id}/steps/{step.id}", step_data(answer_type="own_words", symbols=()))
    assert "has a follow-up or is marked as a worry" in page(refused)
    to_sort = logged_in.submit(f"/scripts/{script_id}/steps/{step.id}", step_data(answer_type="sort",
                                                                                  symbols=("hurt", "safe")))
    assert "cards on a sorting mat cannot have follow-ups or worries" in page(to_sort)
    assert steps(db, script_id)[0].answer_type == "one_symbol" and len(choices(db, step.id)) == 2


# --- versions and copies ---------------------------------------------------------------------------------

def use(db, script_id: int, user, make_child, make_plan) -> CaptureSession:
    """A conversation that has used this script version."""
    child = make_child(team=user.team_id, worker=user)
    plan = make_plan(child)
    capture = CaptureSession(respondent_id=_respondent(db, child), plan_id=plan.id, script_id=script_id,
                             started_by_id=user.id, steps=[])
    db.add(capture)
    db.commit()
    return capture


def _respondent(db, child) -> int:
    from voice_capture.models import Respondent

    return db.exec(select(Respondent.id).where(Respondent.child_id == child.id)).first()


def test_changing_a_script_in_use_makes_a_new_version_and_keeps_the_old_one(logged_in, db, make_child, make_plan):
    script_id, (main, first, _second, _third) = follow_up_script(logged_in, db)
    lead(logged_in, script_id, main, choices(db, main.id)[0], first.id)
    use(db, script_id, logged_in.user, make_child, make_plan)
    before = [(s.position, s.prompt) for s in steps(db, script_id)]
    response = logged_in.submit(f"/scripts/{script_id}/steps/{main.id}",
                                step_data(prompt="What do you love at school?", symbols=("school", "teacher")))
    assert response.status_code == 302
    db.expire_all()
    old = db.get(ConversationScript, script_id)
    new = db.exec(select(ConversationScript).where(ConversationScript.family_key == old.family_key,
                                                   ConversationScript.version == 2)).one()
    assert not old.is_current and new.is_current and new.language == old.language and new.team_id == old.team_id
    assert response.headers["Location"].endswith(f"/scripts/{new.id}")
    assert [(s.position, s.prompt) for s in steps(db, script_id)] == before
    assert choices(db, main.id)[0].follow_up_step_id == first.id
    new_steps = steps(db, new.id)
    assert new_steps[0].prompt == "What do you love at school?" and len(new_steps) == 4
    assert choices(db, new_steps[0].id)[0].follow_up_step_id == new_steps[1].id  # remapped to the copy
    # the old version can no longer be changed: its pages send people to the current one
    again = logged_in.get(f"/scripts/{script_id}/steps/{main.id}")
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/scripts/{new.id}")
    token = logged_in.token(f"/scripts/{new.id}")
    logged_in.post(f"/scripts/{script_id}/steps/{main.id}/remove", data={"csrf_token": token})
    assert len(steps(db, script_id)) == 4
    # the new version, not yet used, is changed in place
    logged_in.submit(f"/scripts/{new.id}/steps/{new_steps[3].id}/remove")
    assert len(steps(db, new.id)) == 3
    assert db.exec(select(ConversationScript).where(ConversationScript.family_key == old.family_key)).all().__len__() == 2


def test_a_refused_change_to_a_script_in_use_makes_no_new_version(logged_in, db, make_child, make_plan):
    script_id = make_script(logged_in)
    add_step(logged_in, script_id)
    [step] = steps(db, script_id)
    use(db, script_id, logged_in.user, make_child, make_plan)
    refused = logged_in.submit(f"/scripts/{script_id}/steps/{step.id}", step_data(symbols=()))
    assert "Choose at least one picture" in page(refused)
    db.expire_all()
    family = db.get(ConversationScript, script_id).family_key
    assert len(db.exec(select(ConversationScript).where(ConversationScript.family_key == family)).all()) == 1
    assert db.get(ConversationScript, script_id).is_current


def test_ready_made_scripts_are_copied_to_be_changed(logged_in, db):
    ready = builtin(db)
    assert logged_in.get(f"/scripts/{ready.id}/steps/new").status_code == 403
    ready_steps = steps(db, ready.id)
    response = logged_in.submit(f"/scripts/{ready.id}/copy", page=f"/scripts/{ready.id}")
    assert response.status_code == 302
    copy_id = int(response.headers["Location"].rsplit("/", 1)[1])
    copy = db.get(ConversationScript, copy_id)
    assert copy.title == "Copy of My plan meeting" and copy.team_id == logged_in.user.team_id
    assert not copy.is_builtin and copy.family_key != ready.family_key and copy.version == 1
    assert [(s.prompt, s.answer_type) for s in steps(db, copy_id)] == [(s.prompt, s.answer_type) for s in ready_steps]
    assert add_step(logged_in, copy_id).status_code == 302
    assert len(steps(db, ready.id)) == len(ready_steps)
    welsh = builtin(db, language="cy")
    response = logged_in.submit(f"/scripts/{welsh.id}/copy", page=f"/scripts/{welsh.id}")
    assert db.get(ConversationScript, int(response.headers["Location"].rsplit("/", 1)[1])).title.endswith(welsh.title)


def test_the_details_can_be_changed(logged_in, db):
    script_id = make_script(logged_in)
    response = logged_in.submit(f"/scripts/{script_id}/details", {"title": "Home talk", "audience": "parent"})
    assert response.status_code == 302
    db.expire_all()
    script = db.get(ConversationScript, script_id)
    assert (script.title, script.audience, script.language) == ("Home talk", "parent", "en")
    empty = logged_in.submit(f"/scripts/{script_id}/details", {"title": "", "audience": "parent"})
    assert "Enter a name for the conversation." in page(empty)


# --- preview and audit ------------------------------------------------------------------------------------

def test_the_preview_is_the_child_mode_page_and_saves_nothing(logged_in, db, make_child):
    script_id = make_script(logged_in)
    add_step(logged_in, script_id, prompt="What do you like at school?", simple="School. What do you like?")
    response = logged_in.get(f"/scripts/{script_id}/preview")
    assert response.status_code == 200
    text = page(response)
    assert "School. What do you like?" in text and 'data-preview="yes"' in text
    assert db.exec(select(CaptureSession)).all() == []
    stranger = make_child()
    assert logged_in.get(f"/scripts/{script_id}/preview?respondent={_respondent(db, stranger)}").status_code == 403
    mine = make_child(team=logged_in.user.team_id, worker=logged_in.user, reading_level="full")
    as_them = logged_in.get(f"/scripts/{script_id}/preview?respondent={_respondent(db, mine)}")
    assert as_them.status_code == 200 and "What do you like at school?" in page(as_them)


def test_changes_are_audited(logged_in, db):
    script_id = make_script(logged_in)
    add_step(logged_in, script_id)
    add_step(logged_in, script_id, answer_type="yes_no", symbols=())
    second = steps(db, script_id)[1]
    logged_in.submit(f"/scripts/{script_id}/steps/{second.id}/remove")
    events = db.exec(select(AuditEvent).where(AuditEvent.entity_type == "conversation_script",
                                              AuditEvent.entity_id == script_id).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["create", "update", "update", "delete"]
    assert all(e.user_id == logged_in.user.id and e.child_id is None for e in events)


def test_renaming_or_moving_in_a_script_in_use_also_makes_one_new_version(logged_in, db, make_child, make_plan):
    script_id = make_script(logged_in, title="First name")
    add_step(logged_in, script_id, prompt="One?", simple="One?", answer_type="yes_no", symbols=())
    add_step(logged_in, script_id, prompt="Two?", simple="Two?", answer_type="yes_no", symbols=())
    use(db, script_id, logged_in.user, make_child, make_plan)
    response = logged_in.submit(f"/scripts/{script_id}/details", {"title": "Second name", "audience": "child"})
    new_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert new_id != script_id
    second = steps(db, new_id)[1]
    token = logged_in.token(f"/scripts/{new_id}")
    logged_in.post(f"/scripts/{new_id}/steps/{second.id}/move", data={"csrf_token": token, "direction": "up"})
    db.expire_all()
    assert db.get(ConversationScript, script_id).title == "First name"
    assert [s.prompt for s in steps(db, script_id)] == ["One?", "Two?"]
    assert db.get(ConversationScript, new_id).title == "Second name"
    assert [s.prompt for s in steps(db, new_id)] == ["Two?", "One?"]
    family = db.get(ConversationScript, new_id).family_key
    versions = db.exec(select(ConversationScript.version, ConversationScript.is_current)
                       .where(ConversationScript.family_key == family).order_by(ConversationScript.version)).all()
    assert [tuple(v) for v in versions] == [(1, False), (2, True)]


def test_pictures_move_earlier_or_later_which_is_the_order_a_switch_scans_them(logged_in, db, make_child, make_plan):
    script_id = make_script(logged_in)
    assert add_step(logged_in, script_id, symbols=("school", "teacher", "maths")).status_code == 302
    [step] = steps(db, script_id)
    school, teacher, maths = choices(db, step.id)
    listing = page(logged_in.get(f"/scripts/{script_id}"))
    assert f"Move “{school.label}” down" in listing and f"Move “{school.label}” up" not in listing
    assert f"Move “{maths.label}” up" in listing and f"Move “{maths.label}” down" not in listing
    token = logged_in.token(f"/scripts/{script_id}")
    moved = logged_in.post(f"/scripts/{script_id}/steps/{step.id}/choices/{maths.id}/move",
                           data={"csrf_token": token, "direction": "up"})
    assert moved.status_code == 302
    assert [c.id for c in choices(db, step.id)] == [school.id, maths.id, teacher.id]
    assert [c.position for c in choices(db, step.id)] == [1, 2, 3]
    edge = logged_in.post(f"/scripts/{script_id}/steps/{step.id}/choices/{school.id}/move",
                          data={"csrf_token": token, "direction": "up"})
    assert edge.status_code == 409 and f"“{school.label}” is already first." in page(edge)
    assert logged_in.post(f"/scripts/{script_id}/steps/{step.id}/choices/{school.id}/move",
                          data={"csrf_token": token, "direction": "sideways"}).status_code == 400
    # Once a conversation has used it, moving makes version 2; the version used keeps its order.
    use(db, script_id, logged_in.user, make_child, make_plan)
    response = logged_in.post(f"/scripts/{script_id}/steps/{step.id}/choices/{school.id}/move",
                              data={"csrf_token": token, "direction": "down"})
    new_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert new_id != script_id
    assert [c.symbol_key for c in choices(db, step.id)] == ["school", "maths", "teacher"]
    [new_step] = steps(db, new_id)
    assert [c.symbol_key for c in choices(db, new_step.id)] == ["maths", "school", "teacher"]
    audit = db.exec(select(AuditEvent.detail).where(AuditEvent.entity_type == "conversation_script",
                                                    AuditEvent.entity_id == new_id)).all()
    assert any("moved down" in detail for detail in audit)
