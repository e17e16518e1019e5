"""A conversation's speech made ahead by a background job that names the conversation (not its words)."""
from __future__ import annotations

from .. import jobs
from ..models import CaptureSession
from ..speech import service as speech
from .services import clips_to_speak


def speak_after_commit(capture: CaptureSession) -> None:
    """Once the request is committed, a job makes every clip this conversation will play."""
    jobs.enqueue_after_commit("conversation-speech", jobs.job_key("conversation-speech", capture.id),
                              {"conversation_id": capture.id})


@jobs.handler("conversation-speech")
def _speak(*, session, payload) -> None:
    capture = session.get(CaptureSession, payload.get("conversation_id"))
    if capture is None:
        raise jobs.Gone  # the conversation was removed before its speech was made: nothing to do
    speech.pregenerate(clips_to_speak(capture))
