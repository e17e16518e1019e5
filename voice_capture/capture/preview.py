"""A script shown exactly as a respondent will see and hear it, with nothing saved."""
from __future__ import annotations

import hashlib
import hmac

from flask import current_app, g, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import Session

from ..models import CaptureSession, ConversationScript, PlanItem, Respondent
from ..speech import service as speech
from ..views.paths import reachable
from .screen_words import screen_words
from .services import clips_to_speak
from .steps import build_steps


def preview_signature(key: str) -> str:
    """Only the person shown a preview can fetch its audio: the clip's key, signed for them."""
    message = f"preview-speech:{g.user.id}:{key}".encode()
    return hmac.new(current_app.secret_key.encode(), message, hashlib.sha256).hexdigest()[:32]


def signature_ok(key: str, signature: str) -> bool:
    return hmac.compare_digest(preview_signature(key), signature)


def sample_respondent() -> Respondent:
    """Who a preview is for when no one is chosen: simple words, touch."""
    return Respondent(id=0, child_id=0, relationship="child", name="", preferred_name=_("Sam"))


def sample_items(language: str) -> list[PlanItem]:
    with force_locale(language):
        return [PlanItem(id=None, plan_id=0, position=1, text=_("Sam goes to all his appointments."),
                         simple_text=_("Going to the doctor"))]


def preview_page(*, session: Session, script: ConversationScript, respondent: Respondent | None = None,
                 items: list[PlanItem] | None = None, exit_url: str | None = None) -> str:
    """The child-mode page for this script, in preview: answers move through the steps on the
    screen only, and the speech is the same recorded voice (made in the background; until it is
    ready, the browser's own voice reads)."""
    respondent = respondent or sample_respondent()
    steps = build_steps(session=session, script=script, respondent=respondent,
                        items=items if items is not None else sample_items(script.language))
    capture = CaptureSession(id=0, respondent_id=respondent.id or 0, plan_id=0, script_id=script.id,
                             started_by_id=0, locale=script.language, steps=steps)
    clips = clips_to_speak(capture)
    speech.pregenerate_after_commit(clips)
    audio = speech.audio_urls(clips, lambda key: url_for("capture.preview_speech", key=key,
                                                         signature=preview_signature(key)))
    with force_locale(script.language):
        return render_template(
            "capture/talk.html", capture=capture, respondent=respondent, answers={}, visible=1, changing=False,
            ended=False, audio=audio, choosing_for_them=False, preview=True, answer_keys={}, answer_versions={},
            reached={step["position"] for step in steps if reachable(steps, {}, step["position"])},
            exit_url=exit_url or url_for("editor.scripts"), words=screen_words(script.language),
        )
