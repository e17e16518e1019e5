"""What was done with each view: responses in plain words, one view or several about the same plan item."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlmodel import Session, select

from ..audit import services as audit
from ..models import Outcome, Plan, Response, ResponseView, User, View

MAX_WORDS = 2000
# A picture for each kind of response, from the symbol set, so that a pictures-only letter shows what was done.
OUTCOME_SYMBOLS = {
    Outcome.DONE.value: "yes",
    Outcome.PLAN_CHANGED.value: "different",
    Outcome.PASSED_ON.value: "tell",
    Outcome.IN_PROGRESS.value: "waiting",
    Outcome.COULD_NOT.value: "no",
}


class FeedbackRefused(ValueError):
    """Something that cannot be done, with the reason in plain words. Nothing was changed."""


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


def answered_view_ids(*, session: Session, view_ids: list[int]) -> set[int]:
    """The views among these that have at least one response."""
    if not view_ids:
        return set()
    return set(session.exec(select(ResponseView.view_id).where(ResponseView.view_id.in_(view_ids))).all())
