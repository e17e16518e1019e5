"""A letter's life: started from the respondent's current views, worded line by line, brought up to date,
marked ready and sent. A sent letter is kept: a change to it becomes the next version."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlmodel import Session, select

from .. import db
from ..audit import services as audit
from ..conversations.answers import ALWAYS_KEYS
from ..models import FeedbackLetter, LetterStatus, Plan, Respondent, SentHow, User, utcnow
from ..readability import check
from ..views.asked import asked_about
from ..views.current import respondent_views
from .responses import MAX_WORDS, FeedbackRefused, responses_for_views


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
    """One line per current view of the respondent: what they were asked (as shown to them), what they chose
    and said, and what was done (the newest response, unless the worker's own wording for that view is kept)."""
    views = respondent_views(session=session, plan=plan, respondent=respondent)
    responses = responses_for_views(session=session, view_ids=[view.id for view in views])
    asked = asked_about(session=session, views=views)
    lines = []
    for view in views:
        answered = responses.get(view.id, [])
        newest = answered[-1] if answered else None
        first = view.chosen[0] if view.chosen else {}
        did = (keep or {}).get(view.id) or (newest.plain_words if newest else "")
        lines.append({
            "view_id": view.id, "plan_item_id": view.plan_item_id, **asked_fields(asked[view.id]),
            "labels": [choice.get("label", "") for choice in view.chosen], "said_text": view.said_text,
            "keys": [choice.get("key", "") for choice in view.chosen],
            "pictures": [{"symbol": choice.get("symbol"), "photo": choice.get("photo")} for choice in view.chosen
                         if choice.get("symbol") or choice.get("photo")],
            "symbol": first.get("symbol"), "photo": first.get("photo"),
            "did": did, "outcome": newest.outcome if newest else "",
            "response_ids": [response.id for response in answered],
        })
    return lines


def asked_fields(asked) -> dict:
    """What a letter line keeps of what was asked, so that a sent letter stays as it was."""
    return {"asked": asked.question, "asked_lang": asked.language, "card": asked.card, "follow_up": asked.follow_up}


def declined(line: dict) -> bool:
    """The respondent said "I don't know", "I don't want to say" or "Stop": nothing for the worker to answer."""
    keys = line.get("keys") or []
    return bool(keys) and all(key in ALWAYS_KEYS for key in keys) and not line.get("said_text")


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
            raise FeedbackRefused(_("Someone has just marked this letter as given. Open it again: a change now makes a "
                                    "new version and keeps the one that was given."))
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
        raise FeedbackRefused(_("Only a draft letter can be marked as ready."))
    respondent = session.get(Respondent, letter.respondent_id)
    if not letter.lines:
        raise FeedbackRefused(_("This letter has nothing in it yet."))
    if any(not line["did"] and not declined(line) for line in letter.lines):
        raise FeedbackRefused(_("Write what was done for every view before marking the letter as ready."))
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
        raise FeedbackRefused(_("Mark the letter as ready before marking it as given."))
    if how not in {member.value for member in SentHow}:
        raise FeedbackRefused(_("Choose how the letter was given."))
    if not db.claim(session, letter, FeedbackLetter.status == LetterStatus.READY.value,
                    status=LetterStatus.SENT.value, sent_how=how, sent_at=when or utcnow()):
        raise FeedbackRefused(_("Someone else has just changed this letter. Open it again to see their change."))
    audit.record(session=session, actor=actor, action="update", entity_type="feedback_letter", entity_id=letter.id,
                 child_id=plan.child_id, detail=f"sent: {how}")
