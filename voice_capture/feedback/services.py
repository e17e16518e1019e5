"""Closing the loop: what was done with each view (responses), "You said … We did …" letters, their
versions and sending, and the "Did we listen?" answers given when a letter is read together."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from flask import current_app, has_app_context
from flask_babel import gettext as _
from sqlmodel import Session, select

from .. import db
from ..audit import services as audit
from ..auth.access import can_edit_child
from ..conversations.builtin import DID_WE_LISTEN_KEY
from ..models import (
    Child,
    ConversationScript,
    EnteredHow,
    FeedbackLetter,
    LetterStatus,
    Plan,
    Respondent,
    Role,
    SentHow,
    User,
    View,
    utcnow,
)
from ..readability import check
from .responses import (
    MAX_WORDS,
    FeedbackRefused,
    _answered_view_ids,
    _current_views,
    _my_children,
    _on_path,
    respondent_views,
    responses_for_views,
    waiting_views,
)

LISTEN_ANSWERS = ("yes", "a_bit", "no")


# --- letters --------------------------------------------------------------------------------------

def latest_letter(*, session: Session, plan: Plan, respondent: Respondent) -> FeedbackLetter | None:
    statement = (select(FeedbackLetter).where(FeedbackLetter.plan_id == plan.id,
                                              FeedbackLetter.respondent_id == respondent.id)
                 .order_by(FeedbackLetter.version.desc()).limit(1))
    return session.exec(statement).first()


def letter_versions(*, session: Session, letter: FeedbackLetter) -> list[FeedbackLetter]:
    statement = (select(FeedbackLetter).where(FeedbackLetter.plan_id == letter.plan_id,
                                              FeedbackLetter.respondent_id == letter.respondent_id)
                 .order_by(FeedbackLetter.version.desc()))
    return list(session.exec(statement).all())


def build_lines(*, session: Session, plan: Plan, respondent: Respondent,
                keep: dict[int, str] | None = None) -> list[dict]:
    """One line per current view of the respondent: what they chose and said, and what was done
    (the newest response, unless the worker's own wording for that view is kept)."""
    views = respondent_views(session=session, plan=plan, respondent=respondent)
    responses = responses_for_views(session=session, view_ids=[view.id for view in views])
    lines = []
    for view in views:
        answered = responses.get(view.id, [])
        newest = answered[-1] if answered else None
        first = view.chosen[0] if view.chosen else {}
        did = (keep or {}).get(view.id) or (newest.plain_words if newest else "")
        lines.append({
            "view_id": view.id, "plan_item_id": view.plan_item_id,
            "labels": [choice.get("label", "") for choice in view.chosen], "said_text": view.said_text,
            "symbol": first.get("symbol"), "photo": first.get("photo"),
            "did": did, "outcome": newest.outcome if newest else "",
            "response_ids": [response.id for response in answered],
        })
    return lines


def start_letter(*, session: Session, actor: User, plan: Plan, respondent: Respondent,
                 language: str) -> FeedbackLetter:
    if respondent.child_id != plan.child_id:
        raise FeedbackRefused(_("That person is not part of this child's family."))
    if latest_letter(session=session, plan=plan, respondent=respondent) is not None:
        raise FeedbackRefused(_("There is already a letter for %(name)s about this plan.",
                                name=respondent.preferred_name))
    lines = build_lines(session=session, plan=plan, respondent=respondent)
    if not lines:
        raise FeedbackRefused(_("%(name)s has not given any views on this plan yet, so there is nothing to write "
                                "back about.", name=respondent.preferred_name))
    letter = FeedbackLetter(respondent_id=respondent.id, plan_id=plan.id, version=1, language=language,
                            lines=lines, created_by_id=actor.id)
    session.add(letter)
    session.flush()
    audit.record(session=session, actor=actor, action="create", entity_type="feedback_letter",
                 entity_id=letter.id, child_id=plan.child_id, detail="version 1")
    return letter


def _editable(session: Session, actor: User, letter: FeedbackLetter, plan: Plan) -> FeedbackLetter:
    """The letter to change: itself while a draft or ready (back to draft); a new version once sent."""
    if letter.status != LetterStatus.SENT.value:
        latest = latest_letter(session=session, plan=plan, respondent=session.get(Respondent, letter.respondent_id))
        if latest is not None and latest.id != letter.id:
            raise FeedbackRefused(_("This is an old version of the letter. Change the newest one."))
        if not db.claim(session, letter, FeedbackLetter.status != LetterStatus.SENT.value,
                        status=LetterStatus.DRAFT.value, ready_reason=""):
            raise FeedbackRefused(_("Someone has just marked this letter sent. Open it again: a change now makes a "
                                    "new version and keeps the one that was sent."))
        return letter
    latest = latest_letter(session=session, plan=plan, respondent=session.get(Respondent, letter.respondent_id))
    if latest.id != letter.id:
        raise FeedbackRefused(_("This is an old version of the letter. Change the newest one."))
    new = FeedbackLetter(respondent_id=letter.respondent_id, plan_id=letter.plan_id, version=letter.version + 1,
                         language=letter.language, lines=[dict(line) for line in letter.lines],
                         replaces_id=letter.id, created_by_id=actor.id)
    session.add(new)
    session.flush()
    audit.record(session=session, actor=actor, action="create", entity_type="feedback_letter", entity_id=new.id,
                 child_id=plan.child_id, detail=f"version {new.version}, replaces sent version {letter.version}")
    return new


def change_lines(*, session: Session, actor: User, plan: Plan, letter: FeedbackLetter,
                 wording: dict[int, str], language: str | None = None) -> FeedbackLetter:
    """Save the worker's wording of what was done, line by line. A sent letter is kept; the change
    becomes the next version."""
    for text in wording.values():
        if len(text) > MAX_WORDS:
            raise FeedbackRefused(_("Each line can be at most %(count)d characters long.", count=MAX_WORDS))
    new_lines = [dict(line, did=wording.get(line["view_id"], line["did"]).strip()) for line in letter.lines]
    new_language = language or letter.language
    if new_lines == letter.lines and new_language == letter.language:
        return letter
    return _save_lines(session, actor, plan, letter, new_lines, "lines changed", language=new_language)


def _save_lines(session: Session, actor: User, plan: Plan, letter: FeedbackLetter, lines: list[dict], detail: str,
                *, language: str | None = None) -> FeedbackLetter:
    """New lines on the letter, or on its next version when it was sent; audited."""
    target = _editable(session, actor, letter, plan)
    target.lines = lines
    target.language = language or target.language
    session.add(target)
    session.flush()
    audit.record(session=session, actor=actor, action="update", entity_type="feedback_letter", entity_id=target.id,
                 child_id=plan.child_id, detail=f"{detail}, version {target.version}")
    return target


def refresh_lines(*, session: Session, actor: User, plan: Plan, letter: FeedbackLetter) -> FeedbackLetter:
    """Bring the letter up to date with the respondent's views and the newest responses. Wording the
    worker changed by hand is kept for views whose response has not changed."""
    respondent = session.get(Respondent, letter.respondent_id)
    keep = {line["view_id"]: line["did"] for line in letter.lines}
    fresh = build_lines(session=session, plan=plan, respondent=respondent)
    old = {line["view_id"]: line for line in letter.lines}
    for line in fresh:
        before = old.get(line["view_id"])
        if before is not None and before.get("response_ids") == line["response_ids"] and keep[line["view_id"]]:
            line["did"] = keep[line["view_id"]]
    if fresh == letter.lines:
        return letter
    return _save_lines(session, actor, plan, letter, fresh, "brought up to date")


def line_checks(*, letter: FeedbackLetter, respondent: Respondent) -> dict[int, object]:
    """How easy each "we did" line is to read for this respondent, in the letter's language."""
    return {line["view_id"]: check(line["did"], respondent.reading_level, letter.language)
            for line in letter.lines if line["did"]}


def mark_ready(*, session: Session, actor: User, plan: Plan, letter: FeedbackLetter, reason: str = "") -> None:
    if letter.status != LetterStatus.DRAFT.value:
        raise FeedbackRefused(_("Only a draft letter can be marked ready."))
    respondent = session.get(Respondent, letter.respondent_id)
    if not letter.lines:
        raise FeedbackRefused(_("This letter has nothing in it yet."))
    if any(not line["did"] for line in letter.lines):
        raise FeedbackRefused(_("Write what was done for every view before marking the letter ready."))
    reason = (reason or "").strip()[:MAX_WORDS]
    hard = [view_id for view_id, result in line_checks(letter=letter, respondent=respondent).items()
            if result.far_above]
    if hard and not reason:
        raise FeedbackRefused(_("Some lines are much too hard for %(name)s to read. Make them simpler, or say why "
                                "they must stay as they are.", name=respondent.preferred_name))
    if not db.claim(session, letter, FeedbackLetter.status == LetterStatus.DRAFT.value,
                    status=LetterStatus.READY.value, ready_reason=reason if hard else ""):
        raise FeedbackRefused(_("Someone else has just changed this letter. Open it again to see their change."))
    detail = "ready" + (f"; hard lines kept ({', '.join(map(str, hard))}): {reason}" if hard else "")
    audit.record(session=session, actor=actor, action="update", entity_type="feedback_letter", entity_id=letter.id,
                 child_id=plan.child_id, detail=detail)


def mark_sent(*, session: Session, actor: User, plan: Plan, letter: FeedbackLetter, how: str,
              when: datetime | None = None) -> None:
    if letter.status != LetterStatus.READY.value:
        raise FeedbackRefused(_("Mark the letter ready before saying it was sent."))
    if how not in {member.value for member in SentHow}:
        raise FeedbackRefused(_("Choose how the letter was given."))
    if not db.claim(session, letter, FeedbackLetter.status == LetterStatus.READY.value,
                    status=LetterStatus.SENT.value, sent_how=how, sent_at=when or utcnow()):
        raise FeedbackRefused(_("Someone else has just changed this letter. Open it again to see their change."))
    audit.record(session=session, actor=actor, action="update", entity_type="feedback_letter", entity_id=letter.id,
                 child_id=plan.child_id, detail=f"sent: {how}")


def listen_script(*, session: Session, respondent: Respondent) -> ConversationScript | None:
    """The "Did we listen?" conversation in the respondent's language, else English."""
    statement = select(ConversationScript).where(ConversationScript.family_key == DID_WE_LISTEN_KEY,
                                                 ConversationScript.is_current)
    scripts = session.exec(statement.order_by(ConversationScript.version.desc())).all()
    return (next((s for s in scripts if s.language == respondent.language), None)
            or next((s for s in scripts if s.language == "en"), None))


def listen_answer(*, session: Session, letter: FeedbackLetter) -> tuple[str | None, str]:
    """The "Did we listen?" answer given for this letter: (yes / a_bit / no or None, what else they said)."""
    if letter.listen_session_id is None:
        return None, ""
    replaced = select(View.replaces_id).where(View.replaces_id.is_not(None))
    views = session.exec(select(View).where(View.capture_session_id == letter.listen_session_id,
                                            View.entered_how != EnteredHow.OBSERVED.value,
                                            View.id.not_in(replaced)).order_by(View.position)).all()
    answer = next((v.chosen[0].get("symbol") or v.chosen[0].get("key") for v in views
                   if v.position == 1 and v.chosen), None)
    said = " ".join(v.said_text for v in views if v.position != 1 and v.said_text)
    return (answer if answer in LISTEN_ANSWERS else None), said


def listen_counts(*, session: Session, user: User) -> dict[str, int]:
    """How many children said yes, a bit or no to "Did we listen?", across this user's children."""
    children = _my_children(user)
    if children is None:
        return {}
    letters = session.exec(select(FeedbackLetter).join(Plan, Plan.id == FeedbackLetter.plan_id)
                           .where(FeedbackLetter.listen_session_id.is_not(None), Plan.child_id.in_(children))).all()
    counts = Counter({answer: 0 for answer in LISTEN_ANSWERS})
    for letter in letters:
        answer, _said = listen_answer(session=session, letter=letter)
        if answer:
            counts[answer] += 1
    return dict(counts)


# --- due and overdue ---------------------------------------------------------------------------

_SUBDIVISIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}


@lru_cache(maxsize=64)
def bank_holidays(region: str, year: int) -> frozenset[date]:
    """The bank holidays of one year in one part of the UK (none for "none"), from the `holidays`
    package's rules, so no download is needed; substitute days after a weekend holiday included."""
    subdivision = _SUBDIVISIONS.get(region)
    if subdivision is None:
        return frozenset()
    return frozenset(holidays.country_holidays("GB", subdiv=subdivision, years=year))


def add_working_days(start: date, days: int, region: str = "england-and-wales") -> date:
    """`days` working days after `start`: Monday to Friday, not counting the region's bank holidays."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in bank_holidays(region, current.year):
            days -= 1
    return current


def overdue_after() -> int:
    return int(current_app.config.get("LETTER_OVERDUE_WORKING_DAYS", 20)) if has_app_context() else 20


def holiday_region() -> str:
    return current_app.config.get("BANK_HOLIDAYS", "england-and-wales") if has_app_context() else "england-and-wales"


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
        children = _my_children(user)
        if children is None:
            return []
        plans = list(session.exec(select(Plan).where(Plan.child_id.in_(children))).all())
    if not plans:
        return []
    plan_ids = [plan.id for plan in plans]
    views = _on_path(session, list(session.exec(_current_views().where(View.plan_id.in_(plan_ids))).all()), plan_ids)
    answered = _answered_view_ids(session, [view.id for view in views])
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


# --- panels ---------------------------------------------------------------------------------------

def plan_panel(*, session: Session, plan: Plan, user: User) -> dict:
    """What the plan page shows for this feature."""
    from ..people import services as people

    child = session.get(Child, plan.child_id)
    views = respondent_views(session=session, plan=plan)
    responses = responses_for_views(session=session, view_ids=[view.id for view in views])
    respondents = [people.self_respondent(session=session, child=child)] + people.family(session=session, child=child)
    letters = []
    for respondent in respondents:
        letter = latest_letter(session=session, plan=plan, respondent=respondent)
        mine = [view for view in views if view.respondent_id == respondent.id]
        answer, said = listen_answer(session=session, letter=letter) if letter else (None, "")
        letters.append({"respondent": respondent, "letter": letter, "views": len(mine),
                        "answered": sum(1 for view in mine if view.id in responses),
                        "listen": answer, "listen_said": said})
    names = {respondent.id: respondent for respondent in respondents}
    return {
        "waiting": [(view, names.get(view.respondent_id)) for view in views if view.id not in responses],
        "answered": [(view, names.get(view.respondent_id), responses[view.id]) for view in views
                     if view.id in responses],
        "letters": letters,
        "due": {due.respondent.id: due for due in letters_due(session=session, user=user, plans=[plan])},
        "can_edit": can_edit_child(session, user, child),
    }


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
