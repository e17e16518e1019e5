"""Asking "Did we listen?" when a letter is read together: the conversation, its answer, and the counts."""
from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _
from sqlmodel import Session, select

from ..audit import services as audit
from ..auth.access import caseload_child_ids
from ..capture import services as capture_services
from ..conversations.builtin import DID_WE_LISTEN_KEY
from ..models import (
    CaptureSession,
    ConversationScript,
    FeedbackLetter,
    LetterStatus,
    Plan,
    Respondent,
    User,
    View,
)
from ..views.current import not_observed, not_superseded
from .responses import FeedbackRefused

LISTEN_ANSWERS = ("yes", "a_bit", "no")


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
    views = session.exec(select(View).where(View.capture_session_id == letter.listen_session_id,
                                            not_observed(), not_superseded()).order_by(View.position)).all()
    answer = next((v.chosen[0].get("symbol") or v.chosen[0].get("key") for v in views
                   if v.position == 1 and v.chosen), None)
    said = " ".join(v.said_text for v in views if v.position != 1 and v.said_text)
    return (answer if answer in LISTEN_ANSWERS else None), said


def listen_counts(*, session: Session, user: User) -> dict[str, int]:
    """How many children said yes, a bit or no to "Did we listen?", across this user's children."""
    children = caseload_child_ids(user)
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


def start_listening(*, session: Session, actor: User, plan: Plan, letter: FeedbackLetter) -> CaptureSession:
    """Start the "Did we listen?" conversation about a letter that has been given, once per letter."""
    respondent = session.get(Respondent, letter.respondent_id)
    script = listen_script(session=session, respondent=respondent)
    if letter.status != LetterStatus.SENT.value or script is None:
        raise FeedbackRefused(_("Ask “Did we listen?” once the letter has been given."))
    if listen_answer(session=session, letter=letter)[0] is not None:
        # One answer per letter: asking again would hide the first from the plan and the counts.
        raise FeedbackRefused(_("%(name)s has already answered “Did we listen?” for this letter.",
                                name=respondent.preferred_name))
    capture = capture_services.start(session=session, actor=actor, plan=plan, respondent=respondent, script=script)
    letter.listen_session_id = capture.id
    session.add(letter)
    audit.record(session=session, actor=actor, action="update", entity_type="feedback_letter", entity_id=letter.id,
                 child_id=plan.child_id, detail=f"did we listen: conversation {capture.id}")
    return capture
