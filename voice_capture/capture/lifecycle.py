"""A plan's conversations: the list, carrying one on, closing one with a reason, starting again; first change wins."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, update
from sqlmodel import Session, select

from ..audit import services as audit
from ..auth.access import can_edit_child
from ..models import (
    CaptureSession,
    Child,
    ConversationScript,
    EnteredHow,
    Plan,
    Respondent,
    ResponseView,
    SessionStatus,
    User,
    View,
    utcnow,
)

MAX_REASON = 500
IN_PROGRESS = SessionStatus.IN_PROGRESS.value


class ConversationRefused(ValueError):
    """A change to a conversation that cannot be made; the message says why in plain words. Nothing was changed."""


@dataclass(frozen=True)
class ConversationRow:
    """One line of a plan's list of conversations."""

    capture: CaptureSession
    respondent: Respondent
    script: ConversationScript
    started_by: User
    answers: int


def answer_counts(*, session: Session, capture_ids: list[int]) -> dict[int, int]:
    """How many questions each conversation has an answer to (changed answers and observations not counted twice)."""
    if not capture_ids:
        return {}
    statement = (select(View.capture_session_id, func.count(func.distinct(View.position)))
                 .where(View.capture_session_id.in_(capture_ids), View.entered_how != EnteredHow.OBSERVED.value)
                 .group_by(View.capture_session_id))
    return dict(session.exec(statement).all())


def plan_conversations(*, session: Session, plan: Plan) -> list[ConversationRow]:
    """Every conversation on a plan, newest first, with who took part, the script, who ran it and how many answers."""
    statement = (select(CaptureSession, Respondent, ConversationScript, User)
                 .join(Respondent, Respondent.id == CaptureSession.respondent_id)
                 .join(ConversationScript, ConversationScript.id == CaptureSession.script_id)
                 .join(User, User.id == CaptureSession.started_by_id)
                 .where(CaptureSession.plan_id == plan.id)
                 .order_by(CaptureSession.started_at.desc(), CaptureSession.id.desc()))
    rows = session.exec(statement).all()
    counts = answer_counts(session=session, capture_ids=[capture.id for capture, *_rest in rows])
    return [ConversationRow(capture, respondent, script, user, counts.get(capture.id, 0))
            for capture, respondent, script, user in rows]


def plan_panel(*, session: Session, plan: Plan, user: User) -> dict:
    """The plan page's list of conversations."""
    return {"rows": plan_conversations(session=session, plan=plan)}


def conversation_row(*, session: Session, capture: CaptureSession) -> ConversationRow:
    """One conversation as the list shows it."""
    return ConversationRow(capture, session.get(Respondent, capture.respondent_id),
                           session.get(ConversationScript, capture.script_id), session.get(User, capture.started_by_id),
                           answer_counts(session=session, capture_ids=[capture.id]).get(capture.id, 0))


def unfinished(*, session: Session, plan: Plan, respondent: Respondent,
               script: ConversationScript) -> CaptureSession | None:
    """The newest conversation still in progress on this plan with this person and this script (any version or
    language of it), which a new one would repeat."""
    same_script = select(ConversationScript.id).where(ConversationScript.family_key == script.family_key)
    statement = (select(CaptureSession).where(CaptureSession.plan_id == plan.id,
                                              CaptureSession.respondent_id == respondent.id,
                                              CaptureSession.status == IN_PROGRESS,
                                              CaptureSession.script_id.in_(same_script))
                 .order_by(CaptureSession.started_at.desc(), CaptureSession.id.desc()))
    return session.exec(statement).first()


def may_resume(user: User, capture: CaptureSession) -> bool:
    """Only the person who ran a conversation carries it on: the respondent was talking to them."""
    return capture.status == IN_PROGRESS and capture.started_by_id == user.id


def may_close(session: Session, user: User, capture: CaptureSession) -> bool:
    """The person who ran it, or someone who may change the child's record, may close a conversation in progress."""
    if capture.status != IN_PROGRESS:
        return False
    child = session.get(Child, session.get(Respondent, capture.respondent_id).child_id)
    return capture.started_by_id == user.id or can_edit_child(session, user, child)


def resume(*, session: Session, actor: User, capture: CaptureSession) -> None:
    """Carry a conversation on: a change like any other, so a close from a page opened before it is refused."""
    if capture.started_by_id != actor.id:
        raise ConversationRefused(_("Only %(name)s, who started this conversation, can carry it on.",
                                    name=session.get(User, capture.started_by_id).display_name))
    if not _claim(session, capture, resumed_at=utcnow()):
        raise ConversationRefused(_("This conversation has ended, so it cannot be carried on. What was said is kept."))
    _audit(session, actor, capture, "resume", "")


def close(*, session: Session, actor: User, capture: CaptureSession, seen_version: int, reason: str,
          keep_answers: bool) -> None:
    """Close a conversation in progress, with a reason: its answers count (stopped) or are set aside (abandoned).
    Only if nothing changed it since the closer's page was drawn (compare and set on its version)."""
    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON:
        raise ConversationRefused(_("Say why you are closing it, in under %(count)d characters.", count=MAX_REASON))
    status = SessionStatus.STOPPED if keep_answers else SessionStatus.ABANDONED
    if status == SessionStatus.ABANDONED:
        _refuse_if_answered(session, capture)
    _close_or_refuse(session, capture, seen_version, status=status.value, closed_by_id=actor.id, closed_reason=reason)
    _audit(session, actor, capture, "close", f"{status.value}: {reason}")


def replace(*, session: Session, actor: User, earlier: CaptureSession, seen_version: int,
            replacement: CaptureSession) -> None:
    """"Start again": the unfinished conversation is abandoned and points at the one that replaces it."""
    if not may_close(session, actor, earlier):
        raise ConversationRefused(_("Only %(name)s, who started it, or the child's social worker can set it aside.",
                                    name=session.get(User, earlier.started_by_id).display_name))
    _refuse_if_answered(session, earlier)
    _close_or_refuse(session, earlier, seen_version, status=SessionStatus.ABANDONED.value, closed_by_id=actor.id,
                     replaced_by_id=replacement.id)
    _audit(session, actor, earlier, "close", f"abandoned: replaced by conversation {replacement.id}")


def _close_or_refuse(session: Session, capture: CaptureSession, seen_version: int, **values) -> None:
    if _claim(session, capture, seen_version=seen_version, ended_at=utcnow(), **values):
        return
    if capture.status != IN_PROGRESS:
        raise ConversationRefused(_("This conversation has already ended. Nothing was changed."))
    raise ConversationRefused(_("This conversation changed after you opened this page: %(name)s carried it on, or "
                                "an answer arrived. Nothing was closed. Look at it again first.",
                                name=session.get(User, capture.started_by_id).display_name))


def _claim(session: Session, capture: CaptureSession, *, seen_version: int | None = None, **values) -> bool:
    """Compare and set: change the conversation only while it is still in progress (and, when given, still at the
    version the person saw). One UPDATE decides, so of two changes at once the first wins and the other changes
    nothing."""
    statement = update(CaptureSession).where(CaptureSession.id == capture.id, CaptureSession.status == IN_PROGRESS)
    if seen_version is not None:
        statement = statement.where(CaptureSession.version == seen_version)
    result = session.execute(statement.values(version=CaptureSession.version + 1, **values)
                             .execution_options(synchronize_session=False))
    session.refresh(capture)
    return result.rowcount == 1


def _refuse_if_answered(session: Session, capture: CaptureSession) -> None:
    """Answers someone has already responded to stay in use: setting them aside would empty that response."""
    answered = (select(ResponseView.view_id).join(View, View.id == ResponseView.view_id)
                .where(View.capture_session_id == capture.id).limit(1))
    if session.exec(answered).first() is not None:
        raise ConversationRefused(_("Some of these answers already have a response, so they stay in use. "
                                    "Close it and keep the answers instead."))


def _audit(session: Session, actor: User, capture: CaptureSession, action: str, detail: str) -> None:
    child_id = session.get(Respondent, capture.respondent_id).child_id
    audit.record(session=session, actor=actor, action=action, entity_type="capture_session", entity_id=capture.id,
                 child_id=child_id, detail=detail[:500])
