"""Writing and changing conversation scripts: their details, steps and answers.

Every change is checked first (see validation.py), so a refused change writes nothing at all, and is
made to the version `versions.writable` gives: a script a conversation has used is never changed.
Services never commit."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func
from sqlmodel import Session, select

from ..audit import services as audit
from ..auth.access import CASE_ROLES
from ..conversations.answer_types import answer_type
from ..models import ConversationScript, ScriptStep, StepChoice, User
from ..symbols.library import get_symbol
from ..worries.services import procedure_text
from .validation import (
    EditRefused,
    check_answer_settings,
    check_choice_count,
    check_item_placeholder,
    check_links,
    check_worry,
)
from .versions import (
    ENTITY,
    Edit,
    changed,
    choice_name,
    choices_of,
    mapped,
    numbers_of,
    steps_of,
    writable,
)

__all__ = ["EditRefused"]


@dataclass(frozen=True)
class StepData:
    prompt: str
    simple_prompt: str
    answer_type: str
    about_plan_items: bool = False
    offer_photos: bool = True
    is_follow_up: bool = False
    symbols: list[str] = field(default_factory=list)  # picture steps and sorting mats: the chosen symbol keys


# --- who may see and change what -----------------------------------------------------------------

def can_see(user: User, script: ConversationScript) -> bool:
    if user is None or user.role not in CASE_ROLES:
        return False
    if script.team_id is None:
        return script.is_builtin
    return script.team_id == user.team_id


def can_change(user: User, script: ConversationScript) -> bool:
    """Only a team's own scripts change; ready-made ones are copied first."""
    return can_see(user, script) and not script.is_builtin and script.team_id is not None


def listed(*, session: Session, user: User) -> tuple[list[ConversationScript], list[ConversationScript]]:
    """The current ready-made scripts, and the current scripts of the user's team."""
    order = (ConversationScript.title, ConversationScript.language)
    ready = session.exec(select(ConversationScript).where(ConversationScript.is_builtin, ConversationScript.is_current,
                                                          ConversationScript.team_id.is_(None)).order_by(*order)).all()
    ours = []
    if user.team_id is not None:
        ours = session.exec(select(ConversationScript).where(ConversationScript.team_id == user.team_id,
                                                             ConversationScript.is_current).order_by(*order)).all()
    return list(ready), list(ours)


# --- the script's own details ------------------------------------------------------------------------

def update_details(*, session: Session, actor: User, script: ConversationScript, title: str,
                   audience: str) -> Edit:
    target, step_map, _choices = writable(session, actor, script)
    target.title, target.audience = title, audience
    session.add(target)
    session.flush()
    return changed(session, actor, target, "title and audience", new_version=target is not script,
                    step_map=step_map)


# --- steps ---------------------------------------------------------------------------------------------

def _symbols_checked(keys: list[str]) -> list[str]:
    unique = list(dict.fromkeys(keys))
    if any(get_symbol(key) is None for key in unique):
        raise EditRefused(_("One of the pictures chosen is not in the symbol library. Search for it again."))
    return unique


def _check_step(data: StepData) -> None:
    check_item_placeholder(data.prompt, data.simple_prompt, data.about_plan_items)
    if answer_type(data.answer_type).answers:
        check_choice_count(data.answer_type, len(data.symbols))


def add_step(*, session: Session, actor: User, script: ConversationScript, data: StepData) -> Edit:
    """A new step at the end; a picture step comes with its pictures, so it is never without choices."""
    _check_step(data)
    symbols = _symbols_checked(data.symbols) if answer_type(data.answer_type).answers else []
    target, step_map, _choices = writable(session, actor, script)
    last = session.exec(select(func.max(ScriptStep.position)).where(ScriptStep.script_id == target.id)).one() or 0
    step = ScriptStep(script_id=target.id, position=last + 1, prompt=data.prompt, simple_prompt=data.simple_prompt,
                      answer_type=data.answer_type, about_plan_items=data.about_plan_items,
                      offer_photos=data.offer_photos, is_follow_up=data.is_follow_up)
    session.add(step)
    session.flush()
    for position, key in enumerate(symbols, start=1):
        session.add(StepChoice(step_id=step.id, position=position, label=get_symbol(key).label(target.language),
                               symbol_key=key))
    session.flush()
    audit.record(session=session, actor=actor, action="update", entity_type=ENTITY, entity_id=target.id,
                 detail=f"question {last + 1} added")
    return Edit(script=target, new_version=target is not script, step_ids=step_map, new_step_id=step.id)


def _leading_to(session: Session, script: ConversationScript, step: ScriptStep) -> list[tuple[StepChoice, int]]:
    """The answers that lead to this step, each with the number of the question it belongs to."""
    steps = steps_of(session=session, script=script)
    numbers = numbers_of(steps)
    return [(choice, numbers[step_id]) for step_id, rows in choices_of(session=session, steps=steps).items()
            for choice in rows if choice.follow_up_step_id == step.id]


def _refuse_links_to(leading: list[tuple[StepChoice, int]], message) -> None:
    if leading:
        choice, number = leading[0]
        raise EditRefused(message(choice_name(choice), number))


def update_step(*, session: Session, actor: User, script: ConversationScript, step: ScriptStep,
                data: StepData) -> Edit:
    _check_step(data)
    if not data.is_follow_up:
        _refuse_links_to(_leading_to(session, script, step), lambda answer, number: _(
            "“%(answer)s” in question %(number)d leads to this question, so it must stay a follow-up. Take that "
            "follow-up off first.", answer=answer, number=number))
    rows = choices_of(session=session, steps=[step])[step.id]
    symbols = _symbols_checked(data.symbols) if answer_type(data.answer_type).answers else []
    keep, drop = _sorted_rows(step.answer_type, data.answer_type, rows, symbols)
    for row in keep:
        check_answer_settings(data.answer_type, is_worry=row.is_worry, follow_up=row.follow_up_step_id is not None)
    target, step_map, choice_map = writable(session, actor, script)
    row = mapped(session, ScriptStep, step, step_map)
    row.prompt, row.simple_prompt, row.answer_type = data.prompt, data.simple_prompt, data.answer_type
    row.about_plan_items, row.offer_photos, row.is_follow_up = data.about_plan_items, data.offer_photos, \
        data.is_follow_up
    session.add(row)
    for old in drop:
        session.delete(mapped(session, StepChoice, old, choice_map))
    session.flush()
    if answer_type(data.answer_type).answers:
        kept = {choice.symbol_key for choice in keep}
        position = max([choice.position for choice in keep], default=0)
        for key in symbols:
            if key not in kept:
                position += 1
                session.add(StepChoice(step_id=row.id, position=position,
                                       label=get_symbol(key).label(target.language), symbol_key=key))
        session.flush()
    return changed(session, actor, target, f"question {numbers_of(steps_of(session=session, script=target))[row.id]} "
                    "changed", new_version=target is not script, step_map=step_map)


def _sorted_rows(old_type: str, new_type: str, rows: list[StepChoice],
                 symbols: list[str]) -> tuple[list[StepChoice], list[StepChoice]]:
    """Which of a step's answer rows stay and which go when it is saved. Pictures the user unticked simply
    go; answers that would only go because the kind of answer changed must not take a follow-up or a
    worry with them unnoticed."""
    if answer_type(new_type).answers and answer_type(old_type).answers:
        keep = [row for row in rows if row.symbol_key in symbols and not row.answer_key]
        return keep, [row for row in rows if row not in keep]
    if new_type == old_type:
        return rows, []
    for row in rows:
        if row.is_worry or row.follow_up_step_id:
            raise EditRefused(_("“%(answer)s” has a follow-up or is marked as a worry. Take those off before "
                                "changing the kind of answer.", answer=choice_name(row)))
    return [], rows


def move_step(*, session: Session, actor: User, script: ConversationScript, step: ScriptStep, up: bool) -> Edit:
    steps = steps_of(session=session, script=script)
    index, other = _neighbour(steps, step, up, _("This question is already first."), _("This question is already last."))
    target, step_map, _choices = writable(session, actor, script)
    _swap(session, ScriptStep.script_id, mapped(session, ScriptStep, step, step_map),
          mapped(session, ScriptStep, other, step_map))
    return changed(session, actor, target, f"question {index + 1} moved {'up' if up else 'down'}",
                   new_version=target is not script, step_map=step_map)


def _neighbour(rows: list, row, up: bool, already_first: str, already_last: str) -> tuple[int, object]:
    """Where row stands among rows, and the row it swaps with to move up (or down); refused at either end."""
    index = next(i for i, each in enumerate(rows) if each.id == row.id)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(rows):
        raise EditRefused(already_first if up else already_last)
    return index, rows[other_index]


def _swap(session: Session, parent, first, second) -> None:
    """Positions are unique within their script (or step, for answers), so one row waits at a free
    position while the other moves. `parent` is the column they share (ScriptStep.script_id, say)."""
    model = parent.class_
    spare = (session.exec(select(func.max(model.position)).where(parent == getattr(first, parent.key))).one()
             or 0) + 1
    a, b = first.position, second.position
    first.position = spare
    session.add(first)
    session.flush()
    second.position = a
    session.add(second)
    session.flush()
    first.position = b
    session.add(first)
    session.flush()


def remove_step(*, session: Session, actor: User, script: ConversationScript, step: ScriptStep) -> Edit:
    _refuse_links_to(_leading_to(session, script, step), lambda answer, number: _(
        "“%(answer)s” in question %(number)d leads to this question. Take that follow-up off before removing it.",
        answer=answer, number=number))
    number = numbers_of(steps_of(session=session, script=script))[step.id]
    target, step_map, choice_map = writable(session, actor, script)
    row = mapped(session, ScriptStep, step, step_map)
    for choice in choices_of(session=session, steps=[row])[row.id]:
        session.delete(choice)
    session.flush()
    session.delete(row)
    session.flush()
    for later in steps_of(session=session, script=target):  # close the gap, keeping positions unique
        if later.position > row.position:
            later.position -= 1
            session.add(later)
            session.flush()
    audit.record(session=session, actor=actor, action="delete", entity_type=ENTITY, entity_id=target.id,
                 detail=f"question {number} removed")
    return Edit(script=target, new_version=target is not script, step_ids=step_map)


# --- answers: pictures, cards, and settings on fixed answers ------------------------------------------

def follow_up_targets(*, session: Session, script: ConversationScript, step: ScriptStep) -> list[ScriptStep]:
    """The follow-up steps an answer in `step` may lead to."""
    return [s for s in steps_of(session=session, script=script) if s.is_follow_up and s.id != step.id]


def _check_answer(session: Session, script: ConversationScript, step: ScriptStep, changing: StepChoice | None, *,
                  is_worry: bool, follow_up_step_id: int | None, was_worry: bool) -> None:
    check_answer_settings(step.answer_type, is_worry=is_worry, follow_up=follow_up_step_id is not None)
    if is_worry and not was_worry:
        check_worry(procedure_text(session))
    steps = steps_of(session=session, script=script)
    choices = choices_of(session=session, steps=steps)
    edges: dict[int, set[int]] = {}
    for step_id, rows in choices.items():
        edges[step_id] = {row.follow_up_step_id for row in rows
                          if row.follow_up_step_id and (changing is None or row.id != changing.id)}
    if follow_up_step_id:
        if follow_up_step_id == step.id:
            raise EditRefused(_("This would make a loop: question %(number)d would lead back to itself. A "
                                "follow-up cannot lead to a question that leads to it.",
                                number=numbers_of(steps)[step.id]))
        edges.setdefault(step.id, set()).add(follow_up_step_id)
    check_links(edges, {s.id for s in steps if s.is_follow_up}, numbers_of(steps))


def update_choice(*, session: Session, actor: User, script: ConversationScript, choice: StepChoice, label: str,
                  is_worry: bool, follow_up_step_id: int | None) -> Edit:
    step = session.get(ScriptStep, choice.step_id)
    _check_answer(session, script, step, choice, is_worry=is_worry, follow_up_step_id=follow_up_step_id,
                  was_worry=choice.is_worry)
    target, step_map, choice_map = writable(session, actor, script)
    row = mapped(session, StepChoice, choice, choice_map)
    row.label, row.is_worry = label, is_worry
    row.follow_up_step_id = step_map.get(follow_up_step_id, follow_up_step_id) if follow_up_step_id else None
    session.add(row)
    session.flush()
    return changed(session, actor, target, f"answer {choice_name(row)!r} changed", new_version=target is not script,
                    step_map=step_map)


def move_choice(*, session: Session, actor: User, script: ConversationScript, choice: StepChoice, up: bool) -> Edit:
    """A picture (or card) earlier or later: the order the child sees them in, and a switch scans them in."""
    step = session.get(ScriptStep, choice.step_id)
    rows = [row for row in choices_of(session=session, steps=[step])[step.id] if not row.answer_key]
    _index, other = _neighbour(rows, choice, up, _("“%(answer)s” is already first.", answer=choice_name(choice)),
                               _("“%(answer)s” is already last.", answer=choice_name(choice)))
    target, step_map, choice_map = writable(session, actor, script)
    _swap(session, StepChoice.step_id, mapped(session, StepChoice, choice, choice_map),
          mapped(session, StepChoice, other, choice_map))
    return changed(session, actor, target, f"answer {choice_name(choice)!r} moved {'up' if up else 'down'}",
                   new_version=target is not script, step_map=step_map)


def set_fixed_answer(*, session: Session, actor: User, script: ConversationScript, step: ScriptStep, key: str,
                     is_worry: bool, follow_up_step_id: int | None) -> Edit:
    """A follow-up or worry on one of a fixed set's answers (such as "Sad"), kept as a row naming that answer."""
    answers = {answer.key: answer for answer in answer_type(step.answer_type).fixed}
    if key not in answers:
        raise EditRefused(_("That answer is not one of this question's answers."))
    existing = next((row for row in choices_of(session=session, steps=[step])[step.id] if row.answer_key == key), None)
    _check_answer(session, script, step, existing, is_worry=is_worry, follow_up_step_id=follow_up_step_id,
                  was_worry=bool(existing and existing.is_worry))
    target, step_map, choice_map = writable(session, actor, script)
    row_step = mapped(session, ScriptStep, step, step_map)
    row = mapped(session, StepChoice, existing, choice_map) if existing else None
    follow_up = step_map.get(follow_up_step_id, follow_up_step_id) if follow_up_step_id else None
    if not is_worry and follow_up is None:
        if row is not None:
            session.delete(row)
    else:
        if row is None:
            last = session.exec(select(func.max(StepChoice.position)).where(StepChoice.step_id == row_step.id)).one()
            with force_locale(target.language):
                row = StepChoice(step_id=row_step.id, position=(last or 0) + 1, label=str(answers[key].label),
                                 symbol_key=answers[key].symbol, answer_key=key)
        row.is_worry, row.follow_up_step_id = is_worry, follow_up
        session.add(row)
    session.flush()
    return changed(session, actor, target, f"answer {key!r} changed", new_version=target is not script,
                    step_map=step_map)


def remove_choice(*, session: Session, actor: User, script: ConversationScript, choice: StepChoice) -> Edit:
    step = session.get(ScriptStep, choice.step_id)
    rows = choices_of(session=session, steps=[step])[step.id]
    check_choice_count(step.answer_type, len([row for row in rows if row.id != choice.id and not row.answer_key]))
    target, step_map, choice_map = writable(session, actor, script)
    session.delete(mapped(session, StepChoice, choice, choice_map))
    session.flush()
    return changed(session, actor, target, f"answer {choice_name(choice)!r} removed", new_version=target is not script,
                    step_map=step_map)
