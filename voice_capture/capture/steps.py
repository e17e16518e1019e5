"""Building the fixed list of steps a session shows, at the respondent's reading level and language.

A session's steps are fixed when it starts, so every view records exactly what was shown. Besides
the script's own steps, the list holds:
- follow-ups, each straight after the step that leads to it, with `after` = the position and the
  answer keys that make it appear (a follow-up of a follow-up needs both answers);
- for a sorting mat, one "sort_card" step per topic card and then one "sort_mat" step that shows
  the finished mat back (its `cards` are the card steps' positions).
Whether a choice is a worry is kept in the steps but never sent to the child's page. Every key is in
conversations/step_types.py; what each answer type offers, in conversations/answer_types.py.
"""
from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import Session, select

from ..conversations.answer_types import CARDS, SORT_CARD, SORT_MAT, answer_type
from ..conversations.answers import ALWAYS, FixedAnswer
from ..conversations.builtin import ITEM
from ..conversations.step_types import Choice, Step, Trigger
from ..models import (
    ChildPhoto,
    ConversationScript,
    PlanItem,
    ReadingLevel,
    Respondent,
    ScriptStep,
    StepChoice,
)

MAX_FOLLOW_UP_DEPTH = 2  # a follow-up, and a follow-up of that follow-up


def build_steps(*, session: Session, script: ConversationScript, respondent: Respondent,
                items: list[PlanItem]) -> list[Step]:
    """Every step as it will be shown: plan-item steps become one step per item."""
    rows = session.exec(select(ScriptStep).where(ScriptStep.script_id == script.id)
                        .order_by(ScriptStep.position)).all()
    builder = _Builder(rows=rows, choices=_choices_by_step(session, [row.id for row in rows]),
                       photos=_own_photos(session, respondent.child_id),
                       simple=respondent.reading_level != ReadingLevel.FULL.value)
    with force_locale(script.language):
        builder.always = [_fixed(answer) for answer in ALWAYS]
        for row in rows:
            if row.is_follow_up:
                continue
            for item in (items if row.about_plan_items else [None]):
                builder.add(row, item, after=None, depth=0)
    return builder.steps


class _Builder:
    def __init__(self, *, rows, choices, photos, simple):
        self.by_id = {row.id: row for row in rows}
        self.choices = choices
        self.photos = photos
        self.simple = simple
        self.always: list[Choice] = []
        self.steps: list[Step] = []

    def add(self, row: ScriptStep, item: PlanItem | None, *, after: Trigger | None, depth: int) -> None:
        kind = answer_type(row.answer_type)
        if kind.answers == CARDS:
            self._add_mat(row, item, after=after)
            return
        step = _step(row, self.choices.get(row.id, []), item, self.simple, self.always, len(self.steps) + 1,
                     after=after, depth=depth)
        if kind.offers_photos and row.offer_photos:
            step["choices"] += self.photos
        self.steps.append(step)
        if depth >= MAX_FOLLOW_UP_DEPTH:
            return
        for target_id, keys in _follow_ups(row, self.choices.get(row.id, [])).items():
            target = self.by_id.get(target_id)
            if target is not None and target.is_follow_up and target.id != row.id:
                self.add(target, item, after={"position": step["position"], "keys": keys}, depth=depth + 1)

    def _add_mat(self, row: ScriptStep, item: PlanItem | None, *, after: Trigger | None) -> None:
        """A sorting mat: each card is its own step (so each is saved the moment it is placed), then the mat."""
        prompt, simple_prompt = _words(row, item)
        headings = [_fixed(answer) for answer in answer_type(SORT_CARD).fixed]
        cards: list[Choice] = [{"key": f"c{choice.id}", "label": choice.label, "symbol": choice.symbol_key or None}
                               for choice in self.choices.get(row.id, [])]
        first = len(self.steps) + 1
        for card in cards:
            shown = simple_prompt if self.simple else prompt
            self.steps.append({
                "position": len(self.steps) + 1, "step_id": row.id, "plan_item_id": item.id if item else None,
                "answer_type": SORT_CARD, "prompt": prompt, "simple_prompt": simple_prompt, "shown": shown,
                # What the view records as shown: the question and the card, in one translated sentence.
                "shown_card": _("%(question)s Card: %(card)s", question=shown, card=card["label"]),
                "card": card, "group": first, "choices": headings, "always": self.always, "after": after, "depth": 0,
            })
        shown = _("This is your mat. Is it right?")
        self.steps.append({
            "position": len(self.steps) + 1, "step_id": row.id, "plan_item_id": item.id if item else None,
            "answer_type": SORT_MAT, "prompt": shown, "simple_prompt": shown, "shown": shown, "group": first,
            "cards": list(range(first, first + len(cards))), "headings": headings,
            "choices": [_fixed(answer) for answer in answer_type(SORT_MAT).fixed],
            "always": self.always, "after": after, "depth": 0,
        })


def _follow_ups(row: ScriptStep, choices: list[StepChoice]) -> dict[int, list[str]]:
    """Follow-up step id → the answer keys of this step that lead to it, in choice order."""
    leads: dict[int, list[str]] = {}
    for choice in choices:
        if choice.follow_up_step_id:
            leads.setdefault(choice.follow_up_step_id, []).append(_choice_key(row, choice))
    return leads


def _choice_key(row: ScriptStep, choice: StepChoice) -> str:
    return choice.answer_key if answer_type(row.answer_type).fixed and choice.answer_key else f"c{choice.id}"


def _own_photos(session: Session, child_id: int) -> list[Choice]:
    """The child's own photos, offered beside the symbols wherever pictures are chosen."""
    rows = session.exec(select(ChildPhoto.id, ChildPhoto.label).where(ChildPhoto.child_id == child_id)
                        .order_by(ChildPhoto.id)).all()
    return [{"key": f"p{photo_id}", "label": label, "symbol": None, "photo": photo_id} for photo_id, label in rows]


def _choices_by_step(session: Session, step_ids: list[int]) -> dict[int, list[StepChoice]]:
    found: dict[int, list[StepChoice]] = {}
    if not step_ids:
        return found
    statement = select(StepChoice).where(StepChoice.step_id.in_(step_ids)).order_by(StepChoice.position)
    for choice in session.exec(statement).all():
        found.setdefault(choice.step_id, []).append(choice)
    return found


def _fixed(answer: FixedAnswer) -> Choice:
    return {"key": answer.key, "label": str(answer.label), "symbol": answer.symbol}


def _words(row: ScriptStep, item: PlanItem | None) -> tuple[str, str]:
    prompt, simple_prompt = row.prompt, row.simple_prompt
    if item is not None:
        # The item's simple words are written for the child, in their language: prefer them at every level.
        words = item.simple_text or item.text
        prompt, simple_prompt = prompt.replace(ITEM, words), simple_prompt.replace(ITEM, words)
    return prompt, simple_prompt


def _step(row: ScriptStep, choices: list[StepChoice], item: PlanItem | None, simple: bool,
          always: list[Choice], position: int, *, after: Trigger | None, depth: int) -> Step:
    prompt, simple_prompt = _words(row, item)
    fixed = answer_type(row.answer_type).fixed
    if fixed:
        worries = {choice.answer_key for choice in choices if choice.is_worry and choice.answer_key}
        offered = [{**_fixed(answer), **({"worry": True} if answer.key in worries else {})} for answer in fixed]
    else:
        offered = [{"key": f"c{choice.id}", "label": choice.label, "symbol": choice.symbol_key or None,
                    **({"worry": True} if choice.is_worry else {})} for choice in choices]
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
        "after": after,
        "depth": depth,
    }


def offered_keys(step: Step) -> dict[str, Choice]:
    return {choice["key"]: choice for choice in step["choices"] + step["always"]}
