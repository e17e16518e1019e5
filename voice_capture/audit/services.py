"""Writing and reading audit events. Every look at or change of a child's record is one."""
from __future__ import annotations

from flask import has_request_context, request
from sqlmodel import Session, select

from ..models import AuditEvent, Child, User


def record(
    *,
    session: Session,
    actor: User | None,
    action: str,
    entity_type: str,
    entity_id: int | None = None,
    child_id: int | None = None,
    detail: str = "",
) -> AuditEvent:
    event = AuditEvent(
        user_id=actor.id if actor else None,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        child_id=child_id,
        detail=detail[:500],
        remote_addr=(request.remote_addr or "")[:64] if has_request_context() else "",
    )
    session.add(event)
    return event


def trail_for_child(*, session: Session, child_id: int, limit: int = 500) -> list[tuple[AuditEvent, User | None]]:
    statement = (
        select(AuditEvent, User)
        .join(User, User.id == AuditEvent.user_id, isouter=True)
        .where(AuditEvent.child_id == child_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return list(session.exec(statement).all())


def record_apart(*, engine, actor: User | None, action: str, entity_type: str, entity_id: int | None = None,
                 child_id: int | None = None, detail: str = "") -> None:
    """An event kept in its own committed transaction, for a request whose own work is rolled back
    (a throttled unlock answers 429, yet the guess must still be in the child's trail)."""
    with Session(engine) as session:
        record(session=session, actor=actor, action=action, entity_type=entity_type, entity_id=entity_id,
               child_id=child_id, detail=detail)
        session.commit()


def record_refusal(*, engine, actor: User | None, child_id: int | None) -> None:
    """A refused attempt to open a page, kept in its own transaction: the request's own work is rolled
    back, but a data protection officer still needs to see who tried."""
    event = AuditEvent(user_id=actor.id if actor else None, action="denied", entity_type="page",
                       child_id=child_id, detail=(request.path if has_request_context() else "")[:500],
                       remote_addr=(request.remote_addr or "")[:64] if has_request_context() else "")
    with Session(engine) as session:
        if child_id is not None and session.get(Child, child_id) is None:
            event.child_id = None
        session.add(event)
        session.commit()
