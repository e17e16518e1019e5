"""What was done with each view: responses in plain words, and the views still waiting for one."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_
from sqlmodel import Session, select

from ..audit import services as audit
from ..auth.access import visible_child_ids
from ..capture import services as capture_services
from ..models import (
    Child,
    EnteredHow,
    Outcome,
    Plan,
    PlanItem,
    Respondent,
    Response,
    ResponseView,
    Role,
    User,
    View,
)

MAX_WORDS = 2000


class FeedbackRefused(ValueError):
    """Something that cannot be done, with the reason in plain words. Nothing was changed."""


# --- views and responses ----------------------------------------------------------------------

def _listen_sessions():
    """A SELECT of the conversations that were "Did we listen?": their answers are not views to answer."""
    return capture_services.listen_sessions()


def _on_path(session: Session, rows: list, plan_ids: list[int]) -> list:
    """Leave out answers to follow-ups whose trigger was changed afterwards (see off_path_view_ids), and
    whole sorting mats, whose cards are views of their own."""
    off_path = (capture_services.off_path_view_ids(session=session, plan_ids=plan_ids)
                | capture_services.whole_mat_view_ids(session=session, plan_ids=plan_ids))
    return [row for row in rows if (row if isinstance(row, View) else row[0]).id not in off_path]


def _is_current_view() -> list:
    """Conditions for a current view given by a respondent (not an observation, not superseded,
    not a "Did we listen?" answer)."""
    replaced = select(View.replaces_id).where(View.replaces_id.is_not(None))
    return [View.id.not_in(replaced), View.entered_how != EnteredHow.OBSERVED.value,
            or_(View.capture_session_id.is_(None), View.capture_session_id.not_in(_listen_sessions()))]


def _current_views():
    return select(View).where(*_is_current_view())


def respondent_views(*, session: Session, plan: Plan, respondent: Respondent | None = None) -> list[View]:
    """The current views on a plan (of one respondent), in the plan's order: item by item, general ones last."""
    statement = (select(View, PlanItem.position).outerjoin(PlanItem, PlanItem.id == View.plan_item_id)
                 .where(View.plan_id == plan.id, *_is_current_view()))
    if respondent is not None:
        statement = statement.where(View.respondent_id == respondent.id)
    rows = _on_path(session, list(session.exec(statement).all()), [plan.id])
    rows = sorted(rows, key=lambda row: (row[1] is None, row[1] or 0, row[0].created_at, row[0].id))
    return [view for view, _position in rows]


def responses_for_views(*, session: Session, view_ids: list[int]) -> dict[int, list[Response]]:
    """Each view's responses, newest last."""
    if not view_ids:
        return {}
    statement = (select(ResponseView.view_id, Response).join(Response, Response.id == ResponseView.response_id)
                 .where(ResponseView.view_id.in_(view_ids))
                 .order_by(Response.responded_on, Response.created_at, Response.id))
    found: dict[int, list[Response]] = {}
    for view_id, response in session.exec(statement).all():
        found.setdefault(view_id, []).append(response)
    return found


def record_response(*, session: Session, actor: User, plan: Plan, views: list[View], outcome: str,
                    plain_words: str, reason: str = "", responded_on: date | None = None) -> Response:
    """What was done with one view, or with several views about the same plan item."""
    if not views:
        raise FeedbackRefused(_("Choose at least one view to answer."))
    if any(view.plan_id != plan.id for view in views):
        raise FeedbackRefused(_("That view is not part of this plan."))
    if len({view.plan_item_id for view in views}) > 1:
        raise FeedbackRefused(_("Answer views about one plan item at a time."))
    if outcome not in {member.value for member in Outcome}:
        raise FeedbackRefused(_("Choose what was done."))
    plain_words, reason = (plain_words or "").strip(), (reason or "").strip()
    if not plain_words or len(plain_words) > MAX_WORDS:
        raise FeedbackRefused(_("Write what was done, in plain words, in under %(count)d characters.",
                                count=MAX_WORDS))
    if outcome == Outcome.COULD_NOT.value and not reason:
        raise FeedbackRefused(_("Say why it could not be done."))
    if len(reason) > MAX_WORDS:
        raise FeedbackRefused(_("The reason can be at most %(count)d characters long.", count=MAX_WORDS))
    people = {view.respondent_id for view in views}
    response = Response(plan_id=plan.id, plan_item_id=views[0].plan_item_id, outcome=outcome,
                        plain_words=plain_words, reason=reason,
                        respondent_id=people.pop() if len(people) == 1 else None,
                        responded_on=responded_on or date.today(), written_by_id=actor.id)
    session.add(response)
    session.flush()
    for view in views:
        session.add(ResponseView(response_id=response.id, view_id=view.id))
    session.flush()
    audit.record(session=session, actor=actor, action="create", entity_type="response", entity_id=response.id,
                 child_id=plan.child_id, detail=f"{outcome}; views {', '.join(str(v.id) for v in views)}")
    return response


def _answered_view_ids(session: Session, view_ids: list[int]) -> set[int]:
    if not view_ids:
        return set()
    return set(session.exec(select(ResponseView.view_id).where(ResponseView.view_id.in_(view_ids))).all())


def _my_children(user: User):
    """The children whose lists this user keeps: a worker's own allocation (child or plan); a manager's
    whole team. Never a child they may no longer see (moved to another team, say)."""
    if user.role == Role.SOCIAL_WORKER:
        mine = select(Plan.child_id).where(Plan.allocated_worker_id == user.id)
        return select(Child.id).where(or_(Child.allocated_worker_id == user.id, Child.id.in_(mine)),
                                      Child.id.in_(visible_child_ids(user)))
    if user.role == Role.MANAGER:
        return select(Child.id).where(Child.team_id == user.team_id)
    return None


def waiting_views(*, session: Session, user: User, limit: int = 200) -> list[tuple[View, Respondent, Plan, Child]]:
    """Views nobody has answered yet, oldest first, on the children this user looks after."""
    children = _my_children(user)
    if children is None:
        return []
    answered = select(ResponseView.view_id)
    statement = (select(View, Respondent, Plan, Child)
                 .join(Respondent, Respondent.id == View.respondent_id)
                 .join(Plan, Plan.id == View.plan_id).join(Child, Child.id == Plan.child_id)
                 .where(*_is_current_view(), View.id.not_in(answered), Child.id.in_(children))
                 .order_by(View.created_at, View.id).limit(limit))
    rows = list(session.exec(statement).all())
    return _on_path(session, rows, sorted({plan.id for _view, _who, plan, _child in rows}))


