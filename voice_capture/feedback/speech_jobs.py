"""A letter's speech made ahead by a background job that names the letter (not its words)."""
from __future__ import annotations

from .. import jobs
from ..models import FeedbackLetter
from ..speech import service as speech
from . import letters


def speak_after_commit(letter: FeedbackLetter, built: letters.Letter) -> None:
    """Once the request is committed, a job makes the letter's clips; the same words asked again are one job."""
    jobs.enqueue_after_commit("letter-speech", jobs.job_key("letter-speech", letter.id, letters.texts_to_speak(built)),
                              {"letter_id": letter.id})


@jobs.handler("letter-speech")
def _speak(*, session, payload) -> None:
    letter = session.get(FeedbackLetter, payload.get("letter_id"))
    if letter is None:
        raise jobs.Gone
    speech.pregenerate(letters.texts_to_speak(letters.build(session=session, letter=letter)))
