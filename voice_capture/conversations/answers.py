"""The fixed answer sets: yes / no / not sure, five feelings faces, and the answers always offered."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from ..models import AnswerType


@dataclass(frozen=True)
class FixedAnswer:
    key: str
    label: object  # a lazy string, translated when the session's steps are built
    symbol: str


# Never hidden, never a trick: every step offers these.
ALWAYS = (
    FixedAnswer("i_dont_know", _l("I don't know"), "i_dont_know"),
    FixedAnswer("dont_want_to_say", _l("I don't want to say"), "dont_want_to_say"),
    FixedAnswer("stop", _l("Stop"), "stop"),
)
YES_NO = (
    # Translators: an answer button a child presses; a one-word answer that fits any question.
    FixedAnswer("yes", lazy_pgettext("answer button", "Yes"), "yes"),
    # Translators: an answer button a child presses; a one-word answer that fits any question.
    FixedAnswer("no", lazy_pgettext("answer button", "No"), "no"),
    FixedAnswer("not_sure", _l("Not sure"), "not_sure"),
)
FEELINGS = (
    FixedAnswer("very_happy", _l("Very happy"), "very_happy"),
    FixedAnswer("happy", _l("Happy"), "happy"),
    FixedAnswer("okay", _l("Okay"), "okay"),
    FixedAnswer("sad", _l("Sad"), "sad"),
    FixedAnswer("very_sad", _l("Very sad"), "very_sad"),
)
FIXED = {AnswerType.YES_NO.value: YES_NO, AnswerType.FEELINGS.value: FEELINGS}
ALWAYS_KEYS = frozenset(answer.key for answer in ALWAYS)
STOP = "stop"
