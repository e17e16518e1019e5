"""One conversation's answers: the newest at each position, where a reopened conversation carries on,
and everything it holds."""
from __future__ import annotations

from sqlmodel import Session, select

from ..models import CaptureSession, EnteredHow, View
from .paths import answer_keys, next_position, reachable


def latest_answers(*, session: Session, capture: CaptureSession) -> dict[int, View]:
    """The newest version of the respondent's answer at each position (observations aside)."""
    return answers_by_capture(session=session, capture_ids=[capture.id]).get(capture.id, {})


def latest_keys(*, session: Session, capture: CaptureSession) -> dict[int, list[str]]:
    """The keys of the newest answer at each position: what decides which follow-ups appear."""
    return answer_keys(latest_answers(session=session, capture=capture))


def answers_by_capture(*, session: Session, capture_ids: list[int]) -> dict[int, dict[int, View]]:
    """latest_answers for many conversations in one query."""
    if not capture_ids:
        return {}
    statement = (select(View).where(View.capture_session_id.in_(capture_ids),
                                    View.entered_how != EnteredHow.OBSERVED.value)
                 .order_by(View.capture_session_id, View.version, View.id))
    found: dict[int, dict[int, View]] = {}
    for view in session.exec(statement).all():
        found.setdefault(view.capture_session_id, {})[view.position] = view
    return found


def visible_position(*, session: Session, capture: CaptureSession) -> int:
    """Where a reopened conversation carries on: the first step on its path not yet passed."""
    answers = latest_keys(session=session, capture=capture)
    start = min(capture.current_position, len(capture.steps) + 1)
    if start <= len(capture.steps) and reachable(capture.steps, answers, start):
        return start
    return next_position(capture.steps, answers, start)


def session_views(*, session: Session, capture: CaptureSession) -> list[View]:
    """Everything stored in one conversation, every version and observation, in the order given."""
    statement = select(View).where(View.capture_session_id == capture.id).order_by(View.position, View.id)
    return list(session.exec(statement).all())
