"""Starting a conversation, saving each answer exactly once, and ending it with everything kept."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, case, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ..audit import services as audit
from ..conversations.answer_types import SORT_MAT, answer_type
from ..conversations.answers import ALWAYS_KEYS, MAT_OK, STOP
from ..conversations.builtin import DID_WE_LISTEN_KEY
from ..conversations.step_types import Chosen, PlacedCard, Step
from ..i18n import words_list
from ..models import (
    RESPONDENT_WAYS,
    CaptureSession,
    Child,
    ConversationScript,
    EnteredHow,
    Plan,
    PlanItem,
    Respondent,
    SessionStatus,
    User,
    View,
    Worry,
    utcnow,
)
from ..views.conversation import latest_keys
from ..views.paths import reachable
from .screen_words import screen_words
from .steps import build_steps, offered_keys

MAX_SAID = 2000
ATTEMPTS = 5  # changes to one answer arriving at once each become the next version, one after another


class AnswerRefused(ValueError):
    """An answer that cannot be stored; the message says why in plain words. Nothing was changed."""

    code = "invalid"  # the answer itself is wrong: sending it again cannot help


class AnswerClashed(AnswerRefused):
    """Too many changes to one answer at once: nothing was stored, and the same answer sent again will be."""

    code = "retry"


@dataclass(frozen=True)
class SavedAnswer:
    view: View
    duplicate: bool


def scripts_for(*, session: Session, respondent: Respondent) -> list[ConversationScript]:
    """Current scripts written for this kind of respondent (ready-made ones and the child's team's own),
    in their language when there is one."""
    audience = "parent" if respondent.relationship == "carer" else respondent.relationship
    team_id = session.get(Child, respondent.child_id).team_id
    statement = select(ConversationScript).where(
        ConversationScript.is_current, ConversationScript.audience == audience,
        or_(ConversationScript.team_id.is_(None), ConversationScript.team_id == team_id))
    # "Did we listen?" is asked when a letter is read together, from the letter's page.
    statement = statement.where(ConversationScript.family_key != DID_WE_LISTEN_KEY)
    scripts = session.exec(statement.order_by(ConversationScript.title)).all()
    mine = [s for s in scripts if s.language == respondent.language]
    return mine or [s for s in scripts if s.language == "en"]


def start(*, session: Session, actor: User, plan: Plan, respondent: Respondent,
          script: ConversationScript) -> CaptureSession:
    items = list(session.exec(select(PlanItem).where(PlanItem.plan_id == plan.id).order_by(PlanItem.position)).all())
    steps = build_steps(session=session, script=script, respondent=respondent, items=items)
    capture = CaptureSession(respondent_id=respondent.id, plan_id=plan.id, script_id=script.id,
                             started_by_id=actor.id, locale=script.language, steps=steps)
    session.add(capture)
    session.flush()
    audit.record(session=session, actor=actor, action="create", entity_type="capture_session",
                 entity_id=capture.id, child_id=respondent.child_id)
    return capture


def record_answer(*, session: Session, actor: User, capture: CaptureSession, position: int, keys: list[str],
                  said: str, how: str, idempotency_key: str) -> SavedAnswer:
    """Store one answer. The same idempotency key again returns the first result and stores nothing.
    A change is a new version; two changes at once both become versions, one after the other."""
    locks_first = session.get_bind().dialect.name == "postgresql"
    # One query: an answer sent before with this key, or else (where no lock is taken first, SQLite)
    # the newest version at this position. PostgreSQL reads the newest version after its row lock.
    found = _answer_with_key(session, idempotency_key) if locks_first else _answer_or_latest(
        session, capture, position, idempotency_key)
    if found is not None and found.idempotency_key == idempotency_key:
        return _duplicate(found, capture)
    previous = found
    step = _step_at(capture, position)
    if step.get("after") and not reachable(capture.steps, latest_keys(session=session, capture=capture), position):
        raise AnswerRefused(_("That question is not part of this conversation."))
    chosen = _validated_choices(step, keys, said, how)
    if step["answer_type"] == SORT_MAT and keys == [MAT_OK]:
        chosen = _whole_mat(session, capture, step)
    stopped = STOP in keys
    advanced = locks_first
    if advanced:
        # The row lock, taken by moving the conversation on: answers to this one conversation wait for
        # each other (one UPDATE, where holding and then moving on took two).
        _advance(capture, position, stopped=stopped)
        session.add(capture)
        session.flush()
    for attempt in range(ATTEMPTS):
        if locks_first or attempt:
            previous = _latest_at(session, capture, position)
        view = View(
            respondent_id=capture.respondent_id, plan_id=capture.plan_id, plan_item_id=step["plan_item_id"],
            capture_session_id=capture.id, step_id=step["step_id"], position=position,
            shown_text=step.get("shown_card", step["shown"]),
            shown_choices=[c["label"] for c in step["choices"] + step["always"]], chosen=chosen, said_text=said,
            entered_how=how, entered_by_id=actor.id, idempotency_key=idempotency_key,
            version=previous.version + 1 if previous else 1, replaces_id=previous.id if previous else None,
        )
        session.add(view)
        try:
            session.flush()
            break
        except IntegrityError:  # sent twice at once (same key), or another version won the race
            session.rollback()  # moving the conversation on is undone too: done again below
            advanced = False
            _hold(session, capture)
            existing = _answer_with_key(session, idempotency_key)
            if existing is not None:
                return _duplicate(existing, capture)
            if attempt == ATTEMPTS - 1:
                raise AnswerClashed(_("That answer could not be saved just now. Please try again.")) from None
    if not advanced:
        _advance(capture, position, stopped=stopped)
        session.add(capture)
    _note_worry(session, capture, step, view)
    session.flush()
    return SavedAnswer(view, duplicate=False)


def _whole_mat(session: Session, capture: CaptureSession, step: Step) -> list[PlacedCard]:
    """The finished mat, from the cards as placed (their latest answers): one entry per card."""
    headings = {heading["key"]: heading for heading in step["headings"]}
    mat = []
    for card_position in step["cards"]:
        card = capture.steps[card_position - 1]["card"]
        placed = _latest_at(session, capture, card_position)
        heading = headings.get(placed.chosen[0]["key"]) if placed and placed.chosen else None
        if heading is None:
            continue  # skipped, or "I don't know": not on the mat
        mat.append({"key": card["key"], "symbol": card["symbol"], "heading": heading["key"],
                    "label": _("%(card)s: %(heading)s", card=card["label"], heading=heading["label"])})
    if not mat:
        raise AnswerRefused(_("There are no cards on the mat yet."))
    return mat


def _note_worry(session: Session, capture: CaptureSession, step: Step, view: View) -> None:
    """A chosen answer the script marks as a worry goes in front of the worker (never shown to the child)."""
    offered = offered_keys(step)
    worrying = [choice["label"] for choice in view.chosen if offered.get(choice["key"], {}).get("worry")]
    if not worrying:
        return
    respondent = session.get(Respondent, capture.respondent_id)
    session.add(Worry(view_id=view.id, child_id=respondent.child_id, plan_id=capture.plan_id,
                      respondent_id=respondent.id, capture_session_id=capture.id, shown_text=view.shown_text,
                      chosen_label=_in_language(capture.locale, worrying)))


def _in_language(locale: str, words: list[str]) -> str:
    with force_locale(locale):
        return words_list(words)


def _hold(session: Session, capture: CaptureSession) -> None:
    """Take this conversation's row lock (a write that changes nothing) before reading the newest
    version, so that answers to one conversation arriving at once are stored one after another,
    each seeing the one before. PostgreSQL takes it first (by moving the conversation on, in
    record_answer), so every answer takes its locks in the same order (no deadlock). SQLite has one
    write lock for the whole file: holding it for the whole request would slow every answer, so
    there it is taken only after losing a race, and the retry then cannot lose again."""
    session.execute(update(CaptureSession).where(CaptureSession.id == capture.id)
                    .values(current_position=CaptureSession.current_position)
                    .execution_options(synchronize_session=False))


def _answer_with_key(session: Session, idempotency_key: str) -> View | None:
    return session.exec(select(View).where(View.idempotency_key == idempotency_key)).first()


def _answer_or_latest(session: Session, capture: CaptureSession, position: int, idempotency_key: str) -> View | None:
    """The answer with this key if there is one, else the newest version at this position (as _latest_at)."""
    with_key = View.idempotency_key == idempotency_key
    statement = (select(View).where(or_(with_key, and_(*_at_position(capture, position))))
                 .order_by(case((with_key, 0), else_=1), View.version.desc()).limit(1))
    return session.exec(statement).first()


def _at_position(capture: CaptureSession, position: int) -> tuple:
    return (View.capture_session_id == capture.id, View.position == position,
            View.entered_how != EnteredHow.OBSERVED.value)


def _duplicate(existing: View, capture: CaptureSession) -> SavedAnswer:
    if existing.capture_session_id != capture.id:
        raise AnswerRefused(_("This answer does not belong to this conversation."))
    return SavedAnswer(existing, duplicate=True)


def _latest_at(session: Session, capture: CaptureSession, position: int) -> View | None:
    statement = select(View).where(*_at_position(capture, position)).order_by(View.version.desc()).limit(1)
    return session.exec(statement).first()


def _step_at(capture: CaptureSession, position: int) -> Step:
    if capture.status != SessionStatus.IN_PROGRESS.value:
        raise AnswerRefused(_("This conversation has ended. What was said is kept."))
    if not 1 <= position <= len(capture.steps):
        raise AnswerRefused(_("That question is not part of this conversation."))
    return capture.steps[position - 1]


def _validated_choices(step: Step, keys: list[str], said: str, how: str) -> list[Chosen]:
    kind = answer_type(step["answer_type"])
    offered = offered_keys(step)
    if any(key not in offered for key in keys) or len(set(keys)) != len(keys):
        raise AnswerRefused(_("That answer was not one of the choices offered."))
    if how not in {way.value for way in RESPONDENT_WAYS}:
        raise AnswerRefused(_("It is not clear who gave this answer."))
    if len(said) > MAX_SAID:
        raise AnswerRefused(_("That is too long to save. Please keep it under %(count)d characters.", count=MAX_SAID))
    always = [key for key in keys if key in ALWAYS_KEYS]
    if always and len(keys) > 1:
        raise AnswerRefused(_("That answer was not one of the choices offered."))
    if not keys and not (kind.own_words and said.strip()):
        raise AnswerRefused(_("Nothing was chosen or said."))
    if not (kind.several or kind.own_words) and len(keys) != 1:
        raise AnswerRefused(_("Choose one answer for this question."))
    return [{"key": key, "label": offered[key]["label"], "symbol": offered[key]["symbol"],
             **({"photo": offered[key]["photo"]} if offered[key].get("photo") else {})} for key in keys]


def _advance(capture: CaptureSession, position: int, *, stopped: bool) -> None:
    capture.current_position = max(capture.current_position, position + 1)
    capture.version = CaptureSession.version + 1  # in SQL: a close from a page drawn before this answer is refused
    if stopped:
        capture.status = SessionStatus.STOPPED.value
        capture.ended_at = utcnow()


def add_observation(*, session: Session, actor: User, capture: CaptureSession, position: int | None, text: str,
                    idempotency_key: str | None = None) -> View:
    """The practitioner's note of what they noticed, about one step or (with no position) the whole talk."""
    if idempotency_key and (existing := _answer_with_key(session, idempotency_key)) is not None:
        return _duplicate(existing, capture).view
    step = None
    if position is not None:
        if not 1 <= position <= len(capture.steps):
            raise AnswerRefused(_("That question is not part of this conversation."))
        step = capture.steps[position - 1]
    if not text.strip() or len(text) > MAX_SAID:
        raise AnswerRefused(_("Write what you noticed, in under %(count)d characters.", count=MAX_SAID))
    view = View(respondent_id=capture.respondent_id, plan_id=capture.plan_id,
                plan_item_id=step["plan_item_id"] if step else None, capture_session_id=capture.id,
                step_id=step["step_id"] if step else None, position=position,
                shown_text=step["shown"] if step else "", shown_choices=[], chosen=[], said_text=text.strip(),
                entered_how=EnteredHow.OBSERVED.value, entered_by_id=actor.id, idempotency_key=idempotency_key)
    session.add(view)
    session.flush()
    return view


def finish(*, session: Session, actor: User, capture: CaptureSession) -> None:
    if capture.status == SessionStatus.IN_PROGRESS.value:
        capture.status = SessionStatus.FINISHED.value
        capture.ended_at = utcnow()
        capture.version = CaptureSession.version + 1
        session.add(capture)
    respondent = session.get(Respondent, capture.respondent_id)
    audit.record(session=session, actor=actor, action="update", entity_type="capture_session",
                 entity_id=capture.id, child_id=respondent.child_id, detail=capture.status)


def texts_to_speak(capture: CaptureSession) -> list[str]:
    """Every text the session shows the respondent, once each: the screens' own words (hello, review,
    thanks, the buttons), then every prompt, card and choice label."""
    texts: dict[str, None] = dict.fromkeys(screen_words(capture.locale).values())
    for step in capture.steps:
        texts[step["shown"]] = None
        if step.get("card"):
            texts[step["card"]["label"]] = None
        for choice in step["choices"] + step["always"]:
            texts[choice["label"]] = None
    return list(texts)


def clips_to_speak(capture: CaptureSession) -> list[tuple[str, str]]:
    """Every text the session shows, with the language it is spoken in (for the speech service)."""
    return [(text, capture.locale) for text in texts_to_speak(capture)]
