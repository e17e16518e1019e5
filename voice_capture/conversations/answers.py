"""The fixed answer sets: yes / no / not sure, five feelings faces, how much, the sorting mat's headings,
and the answers always offered."""
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
HOW_MUCH = (
    FixedAnswer("not_at_all", _l("Not at all"), "no"),
    FixedAnswer("a_little", _l("A little"), "a_bit"),
    FixedAnswer("quite_a_lot", _l("Quite a lot"), "more"),
    FixedAnswer("a_lot", _l("A lot"), "a_lot"),
)
# The three headings of a sorting mat (in the manner of Talking Mats): each card goes under one.
SORT_HEADINGS = (
    FixedAnswer("sort_good", _l("Good"), "good"),
    FixedAnswer("sort_not_sure", _l("Not sure"), "not_sure"),
    FixedAnswer("sort_not_good", _l("Not good"), "bad"),
)
# A sorting mat becomes one step per card, then one step that shows the finished mat back,
# answered with MAT_OK ("Yes, that is my mat").
SORT_CARD = "sort_card"
SORT_MAT = "sort_mat"
MAT_OK = "mat_ok"
FIXED = {AnswerType.YES_NO.value: YES_NO, AnswerType.FEELINGS.value: FEELINGS, AnswerType.HOW_MUCH.value: HOW_MUCH}
ALWAYS_KEYS = frozenset(answer.key for answer in ALWAYS)
STOP = "stop"
