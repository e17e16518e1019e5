"""Building the fixed list of steps a session shows, at the respondent's reading level and language."""
from __future__ import annotations

from flask_babel import force_locale
from sqlmodel import Session, select

from ..conversations.answers import ALWAYS, FIXED
from ..conversations.builtin import ITEM
from ..models import (
    AnswerType,
    ChildPhoto,
    ConversationScript,
    PlanItem,
    ReadingLevel,
    Respondent,
    ScriptStep,
    StepChoice,
)

PICTURE_CHOICES = {AnswerType.ONE_SYMBOL.value, AnswerType.SEVERAL_SYMBOLS.value}


def build_steps(*, session: Session, script: ConversationScript, respondent: Respondent,
                items: list[PlanItem]) -> list[dict]:
    """Every step as it will be shown: plan-item steps become one step per item."""
    rows = session.exec(select(ScriptStep).where(ScriptStep.script_id == script.id)
                        .order_by(ScriptStep.position)).all()
    choices = _choices_by_step(session, [row.id for row in rows])
    photos = _own_photos(session, respondent.child_id)
    simple = respondent.reading_level != ReadingLevel.FULL.value
    steps: list[dict] = []
    with force_locale(script.language):
        always = [_fixed(answer) for answer in ALWAYS]
        for row in rows:
            for item in (items if row.about_plan_items else [None]):
                step = _step(row, choices.get(row.id, []), item, simple, always, len(steps) + 1)
                if row.answer_type in PICTURE_CHOICES:
                    step["choices"] += photos
                steps.append(step)
    return steps


def _own_photos(session: Session, child_id: int) -> list[dict]:
    """The child's own photos, offered beside the symbols wherever pictures are chosen."""
    rows = session.exec(select(ChildPhoto.id, ChildPhoto.label).where(ChildPhoto.child_id == child_id)
                        .order_by(ChildPhoto.id)).all()
    return [{"key": f"p{photo_id}", "label": label, "symbol": None, "photo": photo_id} for photo_id, label in rows]


def _choices_by_step(session: Session, step_ids: list[int]) -> dict[int, list[StepChoice]]:
    found: dict[int, list[StepChoice]] = {}
    statement = select(StepChoice).where(StepChoice.step_id.in_(step_ids)).order_by(StepChoice.position)
    for choice in session.exec(statement).all():
        found.setdefault(choice.step_id, []).append(choice)
    return found


def _fixed(answer) -> dict:
    return {"key": answer.key, "label": str(answer.label), "symbol": answer.symbol}


def _step(row: ScriptStep, choices: list[StepChoice], item: PlanItem | None, simple: bool,
          always: list[dict], position: int) -> dict:
    prompt, simple_prompt = row.prompt, row.simple_prompt
    if item is not None:
        # The item's simple words are written for the child, in their language: prefer them at every level.
        words = item.simple_text or item.text
        prompt, simple_prompt = prompt.replace(ITEM, words), simple_prompt.replace(ITEM, words)
    fixed = FIXED.get(row.answer_type)
    offered = [_fixed(answer) for answer in fixed] if fixed else [
        {"key": f"c{choice.id}", "label": choice.label, "symbol": choice.symbol_key or None} for choice in choices
    ]
    return {
        "position": position,
        "step_id": row.id,
        "plan_item_id": item.id if item else None,
        "answer_type": row.answer_type,
        "prompt": prompt,
        "simple_prompt": simple_prompt,
        "shown": simple_prompt if simple else prompt,
        "choices": offered,
        "always": always,
    }


def offered_keys(step: dict) -> dict[str, dict]:
    return {choice["key"]: choice for choice in step["choices"] + step["always"]}
