"""Versions of conversation scripts: a script that a conversation has used is never changed.

The first change to such a script makes a copy (the next version, in the same family and language),
moves "current" to it, and the change is made to the copy; the version someone saw stays as it was.
Every change goes through `writable`, then `changed` (which audits it). Services never commit."""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func
from sqlmodel import Session, select

from .. import db
from ..audit import services as audit
from ..models import CaptureSession, ConversationScript, ScriptStep, StepChoice, User
from .validation import EditRefused

ENTITY = "conversation_script"


@dataclass(frozen=True)
class Edit:
    """The script version that now holds the change, and whether a new version was made for it."""

    script: ConversationScript
    new_version: bool
    step_ids: dict[int, int] = field(default_factory=dict)  # old step id -> its id in the version changed
    new_step_id: int | None = None


# --- reading a version ----------------------------------------------------------------------------

def in_use(*, session: Session, script: ConversationScript) -> bool:
    """Used by a conversation: what it showed someone must stay as it was."""
    return session.exec(select(CaptureSession.id).where(CaptureSession.script_id == script.id).limit(1)).first() \
        is not None


def current_version(*, session: Session, script: ConversationScript) -> ConversationScript | None:
    return session.exec(select(ConversationScript).where(ConversationScript.family_key == script.family_key,
                                                         ConversationScript.language == script.language,
                                                         ConversationScript.is_current)).first()


def steps_of(*, session: Session, script: ConversationScript) -> list[ScriptStep]:
    return list(session.exec(select(ScriptStep).where(ScriptStep.script_id == script.id)
                             .order_by(ScriptStep.position)).all())


def choices_of(*, session: Session, steps: list[ScriptStep]) -> dict[int, list[StepChoice]]:
    found: dict[int, list[StepChoice]] = {step.id: [] for step in steps}
    if steps:
        rows = session.exec(select(StepChoice).where(StepChoice.step_id.in_(list(found)))
                            .order_by(StepChoice.step_id, StepChoice.position)).all()
        for row in rows:
            found[row.step_id].append(row)
    return found


def numbers_of(steps: list[ScriptStep]) -> dict[int, int]:
    """Each step's number as people see it: 1, 2, 3… in order."""
    return {step.id: number for number, step in enumerate(steps, start=1)}


def choice_name(choice: StepChoice) -> str:
    return choice.label or choice.answer_key


# --- making scripts --------------------------------------------------------------------------------

def family_key(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:60] or "conversation"
    return f"{slug}-{secrets.token_hex(3)}"


def create_script(*, session: Session, actor: User, title: str, language: str, audience: str) -> ConversationScript:
    script = ConversationScript(family_key=family_key(title), language=language, title=title, audience=audience,
                                team_id=actor.team_id, created_by_id=actor.id)
    session.add(script)
    session.flush()
    audit.record(session=session, actor=actor, action="create", entity_type=ENTITY, entity_id=script.id,
                 detail=f"new conversation {script.family_key} ({script.language})")
    return script


def copy_script(*, session: Session, actor: User, source: ConversationScript) -> ConversationScript:
    """A team's own copy of a script (a ready-made one, usually), to change as they need."""
    with force_locale(source.language):
        title = _("Copy of %(title)s", title=source.title)[:160]
    script = ConversationScript(family_key=family_key(source.title), language=source.language, title=title,
                                audience=source.audience, team_id=actor.team_id, created_by_id=actor.id)
    session.add(script)
    session.flush()
    copy_rows(session, source, script)
    audit.record(session=session, actor=actor, action="create", entity_type=ENTITY, entity_id=script.id,
                 detail=f"copy of {source.family_key} version {source.version} ({source.language})")
    return script


def copy_rows(session: Session, source: ConversationScript, target: ConversationScript) -> tuple[dict, dict]:
    """Every step and choice of `source` into `target`, follow-ups pointing at the copies."""
    steps = steps_of(session=session, script=source)
    step_map: dict[int, int] = {}
    for step in steps:
        copy = ScriptStep(script_id=target.id, position=step.position, prompt=step.prompt,
                          simple_prompt=step.simple_prompt, answer_type=step.answer_type,
                          about_plan_items=step.about_plan_items, is_follow_up=step.is_follow_up,
                          offer_photos=step.offer_photos)
        session.add(copy)
        session.flush()
        step_map[step.id] = copy.id
    choice_map: dict[int, int] = {}
    for step_id, rows in choices_of(session=session, steps=steps).items():
        for row in rows:
            copy = StepChoice(step_id=step_map[step_id], position=row.position, label=row.label,
                              symbol_key=row.symbol_key, answer_key=row.answer_key, is_worry=row.is_worry,
                              follow_up_step_id=step_map.get(row.follow_up_step_id) if row.follow_up_step_id else None)
            session.add(copy)
            session.flush()
            choice_map[row.id] = copy.id
    return step_map, choice_map


def writable(session: Session, actor: User, script: ConversationScript) -> tuple[ConversationScript, dict, dict]:
    """The version to change: this one, or (when a conversation has used it) a new copy made current."""
    if not script.is_current:
        raise EditRefused(_("This is an older version of the conversation, kept as someone saw it. Change the "
                            "current version instead."))
    if not in_use(session=session, script=script):
        return script, {}, {}
    latest = session.exec(select(func.max(ConversationScript.version)).where(
        ConversationScript.family_key == script.family_key, ConversationScript.language == script.language)).one()
    copy = ConversationScript(family_key=script.family_key, version=(latest or script.version) + 1,
                              language=script.language, title=script.title, audience=script.audience,
                              team_id=script.team_id, created_by_id=actor.id)
    if not db.claim(session, script, ConversationScript.is_current.is_(True), is_current=False):
        raise EditRefused(_("Someone else has just changed this conversation. Open it again to see their change, "
                            "then make yours."))
    session.add(copy)
    session.flush()
    step_map, choice_map = copy_rows(session, script, copy)
    audit.record(session=session, actor=actor, action="create", entity_type=ENTITY, entity_id=copy.id,
                 detail=f"version {copy.version} of {copy.family_key}: version {script.version} is in use")
    return copy, step_map, choice_map


def changed(session: Session, actor: User, script: ConversationScript, detail: str, *, new_version: bool,
             step_map: dict | None = None) -> Edit:
    audit.record(session=session, actor=actor, action="update", entity_type=ENTITY, entity_id=script.id,
                 detail=detail)
    return Edit(script=script, new_version=new_version, step_ids=step_map or {})


def mapped(session: Session, model, row, mapping: dict):
    return session.get(model, mapping[row.id]) if mapping else row
