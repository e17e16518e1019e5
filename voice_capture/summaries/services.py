"""The views summary for a plan review: every current view, whose words it is and how it was given,
with what was done about it, grouped by plan item; and which of the plan's agencies received it."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlmodel import Session, select

from ..audit import services as audit
from ..labels import LABELS
from ..models import (
    RESPONDENT_WAYS,
    Child,
    EnteredHow,
    Outcome,
    Plan,
    PlanAgency,
    PlanItem,
    Respondent,
    Response,
    ResponseView,
    SummaryShare,
    User,
    View,
)
from ..views.current import views_for_plan

HOW_MAX = 160

# The same words as the response form (feedback.forms.OUTCOME_LABELS), until labels.py holds them.
OUTCOMES = {
    Outcome.DONE: _l("Done"),
    Outcome.PLAN_CHANGED: _l("The plan was changed"),
    Outcome.PASSED_ON: _l("Passed on to an agency"),
    Outcome.IN_PROGRESS: _l("Still working on it"),
    Outcome.COULD_NOT: _l("Could not be done"),
}
OWN_WAYS = {way.value for way in RESPONDENT_WAYS} - {EnteredHow.ON_BEHALF.value}


def outcome_label(value: str) -> str:
    text = LABELS.get(value) or OUTCOMES.get(value)
    return str(text) if text is not None else str(value)


class ShareRefused(ValueError):
    """Sharing that cannot be recorded; the message says why in plain words, `field` says which answer."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


@dataclass
class SummaryView:
    view: View
    respondent: Respondent
    entered_by: User | None
    responses: list[Response]

    @property
    def whose(self) -> str:
        """"own" (the respondent gave it), "on_behalf" (chosen for them) or "observed" (not their words)."""
        if self.view.entered_how in OWN_WAYS:
            return "own"
        return "on_behalf" if self.view.entered_how == EnteredHow.ON_BEHALF.value else "observed"


@dataclass
class SummaryGroup:
    item: PlanItem | None
    views: list[SummaryView] = field(default_factory=list)
    # Responses about this item that answer no current view.
    other_responses: list[Response] = field(default_factory=list)


@dataclass
class Summary:
    plan: Plan
    child: Child
    groups: list[SummaryGroup]
    heard: list[Respondent]
    not_heard: list[Respondent]
    users: dict[int, User]
    produced_on: date

    @property
    def view_count(self) -> int:
        return sum(len(group.views) for group in self.groups)


def build_summary(*, session: Session, plan: Plan) -> Summary:
    child = session.get(Child, plan.child_id)
    items = list(session.exec(select(PlanItem).where(PlanItem.plan_id == plan.id).order_by(PlanItem.position)).all())
    groups = {item.id: SummaryGroup(item) for item in items}
    general = SummaryGroup(None)
    current = views_for_plan(session=session, plan=plan)
    responses, linked = _responses(session, plan)
    users = _users(session, [view.entered_by_id for view, _r in current] + [r.written_by_id for r in responses])
    answered: set[int] = set()
    for view, respondent in current:
        beside = linked.get(view.id, [])
        answered.update(response.id for response in beside)
        groups.get(view.plan_item_id, general).views.append(
            SummaryView(view, respondent, users.get(view.entered_by_id), beside))
    for response in responses:
        if response.id not in answered:
            groups.get(response.plan_item_id, general).other_responses.append(response)
    everyone = session.exec(select(Respondent).where(Respondent.child_id == plan.child_id)
                            .order_by(Respondent.id)).all()
    heard_ids = {respondent.id for _v, respondent in current}
    ordered = [groups[item.id] for item in items]
    if general.views or general.other_responses:
        ordered.append(general)
    return Summary(plan=plan, child=child, groups=ordered, users=users, produced_on=date.today(),
                   heard=[r for r in everyone if r.id in heard_ids],
                   not_heard=[r for r in everyone if r.id not in heard_ids])


def worker(*, session: Session, plan: Plan) -> User | None:
    """Who the agencies reach about this plan: its allocated worker, else the child's."""
    child = session.get(Child, plan.child_id)
    worker_id = plan.allocated_worker_id or (child.allocated_worker_id if child else None)
    return session.get(User, worker_id) if worker_id else None


def _responses(session: Session, plan: Plan) -> tuple[list[Response], dict[int, list[Response]]]:
    """Every response on the plan in the order written, and the responses beside each view."""
    responses = list(session.exec(select(Response).where(Response.plan_id == plan.id)
                                  .order_by(Response.created_at, Response.id)).all())
    by_id = {response.id: response for response in responses}
    linked: dict[int, list[Response]] = {}
    if by_id:
        links = session.exec(select(ResponseView).where(ResponseView.response_id.in_(list(by_id)))).all()
        for link in sorted(links, key=lambda link: responses.index(by_id[link.response_id])):
            linked.setdefault(link.view_id, []).append(by_id[link.response_id])
    return responses, linked


def _users(session: Session, ids: list[int]) -> dict[int, User]:
    wanted = {user_id for user_id in ids if user_id is not None}
    if not wanted:
        return {}
    return {user.id: user for user in session.exec(select(User).where(User.id.in_(wanted))).all()}


# --- sharing with the plan's agencies -------------------------------------------------------------

def record_share(*, session: Session, actor: User, plan: Plan, agency_id: int | None, shared_on: date | None,
                 how: str = "") -> SummaryShare:
    """Record that the summary went to one of this plan's agencies on a day that has already come."""
    agency = session.get(PlanAgency, agency_id) if agency_id else None
    if agency is None or agency.plan_id != plan.id:
        raise ShareRefused(_("Choose one of the agencies listed on this plan."), "agency_id")
    if shared_on is None:
        raise ShareRefused(_("Enter the date you shared the summary."), "shared_on")
    if shared_on > date.today():
        raise ShareRefused(_("The date you shared the summary cannot be in the future."), "shared_on")
    how = (how or "").strip()
    if len(how) > HOW_MAX:
        raise ShareRefused(_("This can be at most %(max)d characters long.", max=HOW_MAX), "how")
    share = SummaryShare(plan_id=plan.id, agency_id=agency.id, agency_name=agency.name, shared_on=shared_on, how=how,
                         recorded_by_id=actor.id)
    session.add(share)
    session.flush()
    audit.record(session=session, actor=actor, action="create", entity_type="summary_share", entity_id=share.id,
                 child_id=plan.child_id, detail=f"{agency.name} ({agency.kind}), {shared_on.isoformat()}")
    return share


@dataclass
class AgencySharing:
    agency: PlanAgency
    latest: SummaryShare | None
    count: int
    # New views or responses were added after the day it was last shared.
    out_of_date: bool


def sharing(*, session: Session, plan: Plan) -> list[AgencySharing]:
    """Each agency on the plan, with the last time it received the summary (if it has)."""
    agencies = session.exec(select(PlanAgency).where(PlanAgency.plan_id == plan.id)
                            .order_by(PlanAgency.kind, PlanAgency.name)).all()
    shares = session.exec(select(SummaryShare).where(SummaryShare.plan_id == plan.id)
                          .order_by(SummaryShare.shared_on, SummaryShare.id)).all()
    latest: dict[int, SummaryShare] = {}
    counts: dict[int, int] = {}
    for share in shares:
        latest[share.agency_id] = share
        counts[share.agency_id] = counts.get(share.agency_id, 0) + 1
    changed = _last_change(session, plan)
    return [AgencySharing(agency, latest.get(agency.id), counts.get(agency.id, 0),
                          bool(agency.id in latest and changed and changed > latest[agency.id].shared_on))
            for agency in agencies]


def _last_change(session: Session, plan: Plan) -> date | None:
    """The day the newest view or response on the plan was added."""
    newest = [session.exec(select(func.max(model.created_at)).where(model.plan_id == plan.id)).one()
              for model in (View, Response)]
    newest = [moment for moment in newest if moment is not None]
    return max(newest).date() if newest else None


def plan_panel(*, session: Session, plan: Plan, user: User) -> dict:
    """What the plan page shows for this feature: which agencies have and have not received the summary."""
    return {"sharing": sharing(session=session, plan=plan)}


def dashboard_panel(*, session: Session, user: User) -> dict:
    """What the dashboard shows for this feature."""
    return {}
