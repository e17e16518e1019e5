"""The ready-made conversation scripts: stored once per language, follow-ups wired to the answers
that lead to them, worries marked, plan-item steps carrying the item placeholder, Welsh really Welsh."""
from __future__ import annotations

import pytest
from sqlmodel import select

from voice_capture.capture.steps import build_steps
from voice_capture.conversations.builtin import BUILTIN_SCRIPTS, ITEM, ScriptDefinition, StepDefinition
from voice_capture.i18n import UI_LOCALES
from voice_capture.models import AnswerType, ConversationScript, PlanItem, Respondent, ScriptStep, StepChoice

DEFINITIONS = pytest.mark.parametrize("definition", BUILTIN_SCRIPTS, ids=lambda d: d.family_key)


def _count(step: StepDefinition) -> int:
    """A step and, stored straight after it, one step per answer that leads to a follow-up."""
    return 1 + sum(_count(target) for _key, target in step.follow_ups)


def _script(db, definition: ScriptDefinition, language: str) -> ConversationScript:
    return db.exec(select(ConversationScript).where(ConversationScript.family_key == definition.family_key,
                                                    ConversationScript.language == language)).one()


def _steps(db, script: ConversationScript) -> list[ScriptStep]:
    return list(db.exec(select(ScriptStep).where(ScriptStep.script_id == script.id).order_by(ScriptStep.position)))


def _choices(db, steps: list[ScriptStep]) -> list[StepChoice]:
    return list(db.exec(select(StepChoice).where(StepChoice.step_id.in_([step.id for step in steps]))))


def _by_title(title: str) -> ScriptDefinition:
    return next(definition for definition in BUILTIN_SCRIPTS if str(definition.title) == title)


def test_family_keys_are_unique():
    keys = [definition.family_key for definition in BUILTIN_SCRIPTS]
    assert len(keys) == len(set(keys))


@DEFINITIONS
def test_each_script_is_stored_once_in_each_language_with_the_same_steps(db, definition):
    counts = {}
    for language in UI_LOCALES:
        rows = db.exec(select(ConversationScript).where(ConversationScript.family_key == definition.family_key,
                                                        ConversationScript.language == language)).all()
        assert len(rows) == 1, language
        script = rows[0]
        assert script.is_builtin and script.is_current and script.team_id is None
        assert script.audience == definition.audience.value
        counts[language] = len(_steps(db, script))
    assert set(counts.values()) == {sum(_count(step) for step in definition.steps)}


@DEFINITIONS
def test_follow_ups_are_reached_from_a_choice_of_their_parent_and_go_two_deep_at_most(db, definition):
    for language in UI_LOCALES:
        steps = _steps(db, _script(db, definition, language))
        by_id = {step.id: step for step in steps}
        parent_of = {}
        for choice in _choices(db, steps):
            if choice.follow_up_step_id is not None:
                assert choice.follow_up_step_id in by_id  # within the same script
                assert choice.follow_up_step_id not in parent_of  # one answer leads to each follow-up
                parent_of[choice.follow_up_step_id] = choice.step_id
        for step in steps:
            assert step.is_follow_up == (step.id in parent_of), step.prompt
            depth, at = 0, step.id
            while at in parent_of:
                at, depth = parent_of[at], depth + 1
                assert by_id[at].position < by_id[step.id].position  # asked after the step it follows
            assert depth <= 2, step.prompt
        for step_id, parent_id in parent_of.items():
            assert by_id[parent_id].answer_type not in (AnswerType.SORT.value, AnswerType.OWN_WORDS.value)
            assert not by_id[step_id].about_plan_items


@pytest.mark.parametrize("title", ["Three houses", "My family and home", "School"])
def test_the_child_scripts_about_life_mark_worries(db, title):
    definition = _by_title(title)
    for language in UI_LOCALES:
        choices = _choices(db, _steps(db, _script(db, definition, language)))
        assert any(choice.is_worry for choice in choices), language


def test_school_has_a_sorting_mat_with_cards(db):
    definition = _by_title("School")
    for language in UI_LOCALES:
        steps = _steps(db, _script(db, definition, language))
        mats = [step for step in steps if step.answer_type == AnswerType.SORT.value]
        assert mats, language
        for mat in mats:
            cards = _choices(db, [mat])
            assert len(cards) >= 4
            assert all(card.symbol_key and card.follow_up_step_id is None and not card.is_worry for card in cards)


def test_bullying_alone_is_not_a_worry_but_being_hurt_is(db):
    steps = _steps(db, _script(db, _by_title("School"), "en"))
    worries = {choice.symbol_key for choice in _choices(db, steps) if choice.is_worry and choice.symbol_key}
    assert "bullying" not in worries
    assert {"hurt_me", "not_safe"} <= worries


def test_health_asks_about_plan_items_and_being_brought_to_appointments(db):
    steps = _steps(db, _script(db, _by_title("Health and appointments"), "en"))
    assert any(step.about_plan_items for step in steps)
    assert any("appointments" in step.prompt and step.answer_type == AnswerType.YES_NO.value for step in steps)
    takes_me = [step for step in steps if step.prompt == "Who takes you to your appointments?"]
    assert takes_me and takes_me[0].answer_type == AnswerType.ONE_SYMBOL.value


@DEFINITIONS
def test_plan_item_steps_carry_the_item_placeholder(db, definition):
    for language in UI_LOCALES:
        for step in _steps(db, _script(db, definition, language)):
            if step.about_plan_items:
                assert ITEM in step.prompt and ITEM in step.simple_prompt, (language, step.prompt)


@DEFINITIONS
def test_the_welsh_script_is_translated(db, definition):
    english, welsh = _script(db, definition, "en"), _script(db, definition, "cy")
    assert welsh.title != english.title
    for en_step, cy_step in zip(_steps(db, english), _steps(db, welsh), strict=True):
        assert cy_step.answer_type == en_step.answer_type
        assert cy_step.prompt != en_step.prompt
        assert cy_step.simple_prompt != en_step.simple_prompt


@DEFINITIONS
def test_each_script_builds_the_steps_a_session_shows(app, db, make_child, make_plan, definition):
    """Plan-item steps become one step per item, with the item's words in place of the placeholder."""
    child = make_child()
    plan = make_plan(child, items=("Sam goes to all his appointments.", "Sam has a quiet room at school."))
    items = list(db.exec(select(PlanItem).where(PlanItem.plan_id == plan.id).order_by(PlanItem.position)))
    respondent = db.exec(select(Respondent).where(Respondent.child_id == child.id,
                                                  Respondent.relationship == definition.audience.value)).first()
    if respondent is None:
        respondent = Respondent(child_id=child.id, relationship=definition.audience.value, name="Someone",
                                preferred_name="Someone")
        db.add(respondent)
        db.commit()
    per_item = sum(1 for step in definition.steps if step.about_plan_items)
    for language in UI_LOCALES:
        with app.app_context():
            shown = build_steps(session=db, script=_script(db, definition, language), respondent=respondent,
                                items=items)
        assert shown
        assert all(ITEM not in step["prompt"] and ITEM not in step["simple_prompt"] for step in shown)
        with_items = [step for step in shown if step.get("plan_item_id") and step["depth"] == 0]
        assert len({(step["step_id"], step["plan_item_id"]) for step in with_items}) == per_item * len(items)
