"""What the plan page and the dashboard show of this feature: views waiting for a response, letters due
(overdue first), and the "Did we listen?" counts."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from ..auth.access import can_edit_child, caseload_child_ids
from ..models import Child, FeedbackLetter, LetterStatus, Plan, Respondent, Role, User, View
from ..people import services as people
from ..views.current import current_views, on_path, respondent_views, waiting_views
from .deadlines import add_working_days, holiday_region, overdue_after
from .lifecycle import latest_letter, letter_versions
from .listening import listen_answer, listen_counts
from .responses import answered_view_ids, responses_for_views


@dataclass
class LetterDue:
    plan: Plan
    child: Child
    respondent: Respondent
    waiting: int            # answered views not yet in a sent letter
    due_on: date | None
    overdue: bool
    letter: FeedbackLetter | None


def letters_due(*, session: Session, user: User, plans: list[Plan] | None = None,
                today: date | None = None) -> list[LetterDue]:
    """Respondents with views answered but not yet fed back in a sent letter; overdue first."""
    today = today or date.today()
    if plans is None:
        children = caseload_child_ids(user)
        if children is None:
            return []
        plans = list(session.exec(select(Plan).where(Plan.child_id.in_(children))).all())
    if not plans:
        return []
    plan_ids = [plan.id for plan in plans]
    views = on_path(session=session, rows=list(session.exec(current_views().where(View.plan_id.in_(plan_ids))).all()),
                    plan_ids=plan_ids)
    answered = answered_view_ids(session=session, view_ids=[view.id for view in views])
    letters = session.exec(select(FeedbackLetter).where(FeedbackLetter.plan_id.in_(plan_ids))
                           .order_by(FeedbackLetter.version)).all()
    fed_back: dict[tuple[int, int], set[int]] = {}
    newest: dict[tuple[int, int], FeedbackLetter] = {}
    for letter in letters:
        key = (letter.plan_id, letter.respondent_id)
        newest[key] = letter
        if letter.status == LetterStatus.SENT.value:
            fed_back.setdefault(key, set()).update(line["view_id"] for line in letter.lines if line.get("did"))
    waiting: Counter = Counter()
    for view in views:
        key = (view.plan_id, view.respondent_id)
        if view.id in answered and view.id not in fed_back.get(key, set()):
            waiting[key] += 1
    by_id = {plan.id: plan for plan in plans}
    days, region = overdue_after(), holiday_region()
    found = []
    for (plan_id, respondent_id), count in waiting.items():
        plan = by_id[plan_id]
        due_on = add_working_days(plan.review_date, days, region) if plan.review_date else None
        found.append(LetterDue(plan=plan, child=session.get(Child, plan.child_id),
                               respondent=session.get(Respondent, respondent_id), waiting=count, due_on=due_on,
                               overdue=due_on is not None and today > due_on,
                               letter=newest.get((plan_id, respondent_id))))
    found.sort(key=lambda due: (not due.overdue, due.due_on or date.max, due.respondent.id))
    return found


def plan_panel(*, session: Session, plan: Plan, user: User) -> dict:
    """What the plan page shows for this feature."""
    child = session.get(Child, plan.child_id)
    views = respondent_views(session=session, plan=plan)
    responses = responses_for_views(session=session, view_ids=[view.id for view in views])
    respondents = [people.self_respondent(session=session, child=child)] + people.family(session=session, child=child)
    letters = []
    for respondent in respondents:
        letter = latest_letter(session=session, plan=plan, respondent=respondent)
        mine = [view for view in views if view.respondent_id == respondent.id]
        given, answer, said = _given_and_listened(session, letter)
        letters.append({"respondent": respondent, "letter": letter, "views": len(mine),
                        "answered": sum(1 for view in mine if view.id in responses),
                        "given": given, "listen": answer, "listen_said": said})
    names = {respondent.id: respondent for respondent in respondents}
    return {
        "waiting": [(view, names.get(view.respondent_id)) for view in views if view.id not in responses],
        "answered": [(view, names.get(view.respondent_id), responses[view.id]) for view in views
                     if view.id in responses],
        "letters": letters,
        "due": {due.respondent.id: due for due in letters_due(session=session, user=user, plans=[plan])},
        "can_edit": can_edit_child(session, user, child),
    }


def _given_and_listened(session: Session, letter: FeedbackLetter | None) -> tuple[FeedbackLetter | None, str | None, str]:
    """The version the person was given and their "Did we listen?" answer about it, while a newer version may be a
    draft: the newest given version that was answered, else the newest given version."""
    if letter is None:
        return None, None, ""
    given = [version for version in letter_versions(session=session, letter=letter)
             if version.status == LetterStatus.SENT.value]
    for version in given:
        answer, said = listen_answer(session=session, letter=version)
        if answer is not None:
            return version, answer, said
    return (given[0] if given else None), None, ""


def dashboard_panel(*, session: Session, user: User) -> dict:
    """What the dashboard shows for this feature."""
    if user.role not in (Role.SOCIAL_WORKER, Role.MANAGER):
        return {}
    return {
        "waiting": waiting_views(session=session, user=user),
        "due": letters_due(session=session, user=user),
        "listen": listen_counts(session=session, user=user) if user.role == Role.MANAGER else None,
        "overdue_days": overdue_after(),
    }
