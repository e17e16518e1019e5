"""Who may see and change what: by role, for children by allocation, and for a tablet in child mode by its lock."""
from __future__ import annotations

from functools import wraps

from flask import abort, g, request
from sqlalchemy import or_
from sqlmodel import Session, select

from ..audit import services as audit
from ..models import CaptureSession, Child, ChildPractitioner, Plan, Respondent, Role, User
from . import lock

CASE_ROLES = (Role.MANAGER, Role.SOCIAL_WORKER, Role.PRACTITIONER)
EDITOR_ROLES = (Role.MANAGER, Role.SOCIAL_WORKER)


def roles_required(*roles: Role):
    """Let only these roles through; everyone else gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if g.user is None or g.user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def visible_children(user: User):
    """A SELECT of the children this user may see. Admins manage accounts, not cases."""
    statement = select(Child)
    if user.role in (Role.MANAGER, Role.SOCIAL_WORKER):
        return statement.where(or_(Child.team_id == user.team_id, Child.allocated_worker_id == user.id))
    if user.role == Role.PRACTITIONER:
        allocated = select(ChildPractitioner.child_id).where(ChildPractitioner.user_id == user.id)
        return statement.where(Child.id.in_(allocated))
    return statement.where(Child.id.is_(None))


def visible_child_ids(user: User):
    """A SELECT of the ids of the children this user may see (for `Child.id.in_(...)`)."""
    return visible_children(user).with_only_columns(Child.id)


def caseload_child_ids(user: User):
    """A SELECT of the ids of the children whose lists this user keeps (letters due, views waiting):
    a worker's own allocation (child or plan); a manager's whole team; None for anyone else. Never a
    child they may no longer see (moved to another team, say)."""
    if user.role == Role.SOCIAL_WORKER:
        mine = select(Plan.child_id).where(Plan.allocated_worker_id == user.id)
        return select(Child.id).where(or_(Child.allocated_worker_id == user.id, Child.id.in_(mine)),
                                      Child.id.in_(visible_child_ids(user)))
    if user.role == Role.MANAGER:
        return select(Child.id).where(Child.team_id == user.team_id)
    return None


def can_view_child(session: Session, user: User, child: Child) -> bool:
    if user.role in (Role.MANAGER, Role.SOCIAL_WORKER):
        return child.team_id == user.team_id or child.allocated_worker_id == user.id
    if user.role == Role.PRACTITIONER:
        return session.get(ChildPractitioner, (child.id, user.id)) is not None
    return False


def can_edit_child(session: Session, user: User, child: Child) -> bool:
    return user.role in EDITOR_ROLES and can_view_child(session, user, child)


def can_edit_profile(session: Session, user: User, child: Child) -> bool:
    """Practitioners who know the child may keep how the child communicates up to date."""
    return can_view_child(session, user, child)


def can_view_audit(user: User, child: Child) -> bool:
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.MANAGER and child.team_id == user.team_id


def get_child_or_abort(session: Session, child_id: int, *, edit: bool = False,
                       seen: tuple[str, int | None] | None = None) -> Child:
    """The child, if this user may see (or change) their record; every page that shows it is audited.
    `seen` names what the page shows of the child's record, when it is more than the child."""
    child = session.get(Child, child_id)
    if child is None:
        abort(404)
    allowed = can_edit_child if edit else can_view_child
    if not allowed(session, g.user, child):
        g.refused_child_id = child.id  # so the refusal is in this child's audit trail, whatever the URL names
        abort(403)
    if request.method == "GET":
        entity_type, entity_id = seen or ("child", child.id)
        audit.record(session=session, actor=g.user, action="view", entity_type=entity_type, entity_id=entity_id,
                     child_id=child.id, detail=request.endpoint or "")
    return child


def get_plan_or_abort(session: Session, plan_id: int, *, edit: bool = False) -> tuple[Plan, Child]:
    plan = session.get(Plan, plan_id)
    if plan is None:
        abort(404)
    child = get_child_or_abort(session, plan.child_id, edit=edit, seen=("plan", plan.id))
    return plan, child


def conversation_child_id(session: Session, capture: CaptureSession) -> int:
    return session.get(Respondent, capture.respondent_id).child_id


def media_or_abort(session: Session, child_id: int, *, conversation_id: int | None = None,
                   seen: tuple[str, int | None] | None = None) -> Child | None:
    """May this request see a child's media: one conversation's audio (`conversation_id`), or the child's photos?
    A tablet in child mode may see its own conversation's, and the photos of that conversation's child, and
    nothing else (403). Anyone else must be allowed to see the child, and a page that shows it is audited
    (`get_child_or_abort`). The child comes back when the signed-in user's access let the request through;
    None when the lock did."""
    locked = lock.locked_session_id()
    if locked is None:
        return get_child_or_abort(session, child_id, seen=seen)
    if conversation_id not in (None, locked):
        abort(403)
    if conversation_child_id(session, session.get(CaptureSession, locked)) != child_id:
        abort(403)
    return None


def locked_conversation_or_abort(capture: CaptureSession) -> CaptureSession:
    """Child mode's own pages (the conversation, its answers, finishing, unlocking): only the tablet locked
    to this conversation reaches them. Anyone else gets 403, whatever they may see of the child."""
    if lock.locked_session_id() != capture.id:
        abort(403)
    return capture


def conversation_or_abort(session: Session, capture: CaptureSession, *,
                          seen: tuple[str, int | None] | None = None) -> Child | None:
    """May this request see this conversation's media (`media_or_abort`): the tablet locked to it may;
    otherwise the signed-in user must be allowed to see the child."""
    if lock.locked_session_id() == capture.id:
        return None  # the tablet's own conversation (media_or_abort would only compare its child with itself)
    return media_or_abort(session, conversation_child_id(session, capture), conversation_id=capture.id, seen=seen)
