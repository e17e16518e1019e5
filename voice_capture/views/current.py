"""Which views are current: the newest version of a respondent's own answer, on the path the conversation
took, not a whole sorting mat, not a "Did we listen?" answer, not from an abandoned conversation; a plan's and
a respondent's current views, and those still waiting for a response."""
from __future__ import annotations

from sqlalchemy import or_
from sqlmodel import Session, select

from ..auth.access import caseload_child_ids
from ..conversations.answer_types import SORT_MAT
from ..conversations.builtin import DID_WE_LISTEN_KEY
from ..models import (
    CaptureSession,
    Child,
    ConversationScript,
    EnteredHow,
    Plan,
    PlanItem,
    Respondent,
    ResponseView,
    SessionStatus,
    User,
    View,
)
from .conversation import answers_by_capture
from .paths import answer_keys, reachable


def listen_sessions():
    """A SELECT of the "Did we listen?" conversations: answers about a letter, shown with the letter, not as views."""
    return (select(CaptureSession.id).join(ConversationScript, ConversationScript.id == CaptureSession.script_id)
            .where(ConversationScript.family_key == DID_WE_LISTEN_KEY))


def not_superseded():
    """A view no later version replaces."""
    return View.id.not_in(select(View.replaces_id).where(View.replaces_id.is_not(None)))


def not_observed():
    """A respondent's own answer, not the practitioner's note of what they noticed."""
    return View.entered_how != EnteredHow.OBSERVED.value


def not_listen_answer():
    """Not an answer to "Did we listen?" (shown with its letter instead)."""
    return or_(View.capture_session_id.is_(None), View.capture_session_id.not_in(listen_sessions()))


def abandoned_sessions():
    """A SELECT of the abandoned conversations: closed without using their answers, or replaced by a newer
    one ("Start again"). Their answers are kept, and shown on the conversation's own page, but never count."""
    return select(CaptureSession.id).where(CaptureSession.status == SessionStatus.ABANDONED.value)


def not_abandoned():
    """Not an answer from an abandoned conversation, so an answer given again in its replacement counts once."""
    return or_(View.capture_session_id.is_(None), View.capture_session_id.not_in(abandoned_sessions()))


def current_view_conditions() -> list:
    """Conditions for a current view given by a respondent (not an observation, not superseded,
    not a "Did we listen?" answer, not from an abandoned conversation)."""
    return [not_superseded(), not_observed(), not_listen_answer(), not_abandoned()]


def current_views():
    """A SELECT of the current views (see current_view_conditions); on_path then leaves out the rest."""
    return select(View).where(*current_view_conditions())


def off_path_view_ids(*, session: Session, plan_ids: list[int]) -> set[int]:
    """Answers to follow-ups whose trigger was later changed (school: "sad", then "happy"). They are
    kept, like every answer, but are no longer on the path the conversation took, so they are not
    counted as the respondent's current views. Two queries, however many conversations."""
    if not plan_ids:
        return set()
    captures = [capture for capture in session.exec(select(CaptureSession).where(CaptureSession.plan_id.in_(plan_ids))).all()
                if any(step.get("after") for step in capture.steps)]
    by_capture = answers_by_capture(session=session, capture_ids=[capture.id for capture in captures])
    found: set[int] = set()
    for capture in captures:
        answers = by_capture.get(capture.id, {})
        keys = answer_keys(answers)
        found |= {view.id for position, view in answers.items()
                  if position and position <= len(capture.steps) and not reachable(capture.steps, keys, position)}
    return found


def whole_mat_view_ids(*, session: Session, plan_ids: list[int]) -> set[int]:
    """The views that hold a whole sorting mat. Each card is also its own view, so the whole mat is
    not answered (or written back about) a second time. Two queries, however many conversations."""
    if not plan_ids:
        return set()
    mats = {capture.id: {step["position"] for step in capture.steps if step["answer_type"] == SORT_MAT}
            for capture in session.exec(select(CaptureSession).where(CaptureSession.plan_id.in_(plan_ids))).all()}
    mats = {capture_id: positions for capture_id, positions in mats.items() if positions}
    if not mats:
        return set()
    rows = session.exec(select(View.id, View.capture_session_id, View.position)
                        .where(View.capture_session_id.in_(list(mats)))).all()
    return {view_id for view_id, capture_id, position in rows if position in mats[capture_id]}


def on_path(*, session: Session, rows: list, plan_ids: list[int]) -> list:
    """Leave out answers to follow-ups whose trigger was changed afterwards (see off_path_view_ids), and
    whole sorting mats, whose cards are views of their own. Each row is a view, or a tuple starting with one."""
    off_path = (off_path_view_ids(session=session, plan_ids=plan_ids)
                | whole_mat_view_ids(session=session, plan_ids=plan_ids))
    return [row for row in rows if (row if isinstance(row, View) else row[0]).id not in off_path]


def views_for_plan(*, session: Session, plan: Plan) -> list[tuple[View, Respondent]]:
    """Every current view on a plan, with who gave it: superseded versions, "Did we listen?" answers, answers
    from abandoned conversations and answers left off the path left out; the practitioner's observations and
    whole mats are kept, since the plan page and the summary show them (marked as such)."""
    statement = (select(View, Respondent).join(Respondent, Respondent.id == View.respondent_id)
                 .where(View.plan_id == plan.id, not_superseded(), not_listen_answer(), not_abandoned())
                 .order_by(View.plan_item_id, Respondent.id, View.created_at))
    off_path = off_path_view_ids(session=session, plan_ids=[plan.id])
    return [(view, respondent) for view, respondent in session.exec(statement).all() if view.id not in off_path]


def views_by_item(*, session: Session, plan: Plan, items: list[PlanItem]) -> list[tuple[PlanItem | None, list]]:
    """Current views grouped by plan item (general views last), then by who gave them."""
    grouped: dict[int | None, dict[int, tuple[Respondent, list[View]]]] = {}
    for view, respondent in views_for_plan(session=session, plan=plan):
        by_person = grouped.setdefault(view.plan_item_id, {})
        by_person.setdefault(respondent.id, (respondent, []))[1].append(view)
    order = [(item, item.id) for item in items] + [(None, None)]
    return [(item, list(grouped[key].values())) for item, key in order if key in grouped]


def respondent_views(*, session: Session, plan: Plan, respondent: Respondent | None = None) -> list[View]:
    """The current views on a plan (of one respondent), in the plan's order: item by item, general ones last."""
    statement = (select(View, PlanItem.position).outerjoin(PlanItem, PlanItem.id == View.plan_item_id)
                 .where(View.plan_id == plan.id, *current_view_conditions()))
    if respondent is not None:
        statement = statement.where(View.respondent_id == respondent.id)
    rows = on_path(session=session, rows=list(session.exec(statement).all()), plan_ids=[plan.id])
    rows = sorted(rows, key=lambda row: (row[1] is None, row[1] or 0, row[0].created_at, row[0].id))
    return [view for view, _position in rows]


def waiting_views(*, session: Session, user: User, limit: int = 200) -> list[tuple[View, Respondent, Plan, Child]]:
    """Views nobody has answered yet, oldest first, on the children this user looks after."""
    children = caseload_child_ids(user)
    if children is None:
        return []
    answered = select(ResponseView.view_id)
    statement = (select(View, Respondent, Plan, Child)
                 .join(Respondent, Respondent.id == View.respondent_id)
                 .join(Plan, Plan.id == View.plan_id).join(Child, Child.id == Plan.child_id)
                 .where(*current_view_conditions(), View.id.not_in(answered), Child.id.in_(children))
                 .order_by(View.created_at, View.id).limit(limit))
    rows = list(session.exec(statement).all())
    return on_path(session=session, rows=rows, plan_ids=sorted({plan.id for _view, _who, plan, _child in rows}))
