"""What each view was asked: the question exactly as the respondent was shown it (at their reading level), in
the conversation's language, with a sorting mat's card, and whether it was a follow-up."""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from ..models import CaptureSession, View


@dataclass(frozen=True)
class Asked:
    question: str            # the prompt or its simple version, as shown
    language: str            # the conversation's language ("" when the view came from no conversation)
    card: dict | None        # a mat's card ({"label", "symbol"}), or None
    follow_up: bool


def asked_about(*, session: Session, views: list[View]) -> dict[int, Asked]:
    """For each view, what it answered. One query for the conversations, however many views."""
    capture_ids = sorted({view.capture_session_id for view in views if view.capture_session_id})
    captures = ({capture.id: capture for capture in
                 session.exec(select(CaptureSession).where(CaptureSession.id.in_(capture_ids))).all()}
                if capture_ids else {})
    found = {}
    for view in views:
        capture = captures.get(view.capture_session_id)
        steps = capture.steps if capture else []
        step = steps[view.position - 1] if view.position and view.position <= len(steps) else None
        if step is None:
            found[view.id] = Asked(question=view.shown_text, language=capture.locale if capture else "", card=None,
                                   follow_up=False)
            continue
        card = step.get("card")
        found[view.id] = Asked(question=step.get("shown") or view.shown_text, language=capture.locale,
                               card={"label": card.get("label", ""), "symbol": card.get("symbol")} if card else None,
                               follow_up=bool(step.get("depth")))
    return found
