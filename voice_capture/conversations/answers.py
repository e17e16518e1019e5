"""The fixed answer sets: yes / no / not sure, five feelings faces, how much, the sorting mat's headings
and its "that is my mat", and the answers always offered. Which answer type offers which is in answer_types.py."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext


@dataclass(frozen=True)
class FixedAnswer:
    key: str
    label: object  # a lazy string, translated when the session's steps are built
    symbol: str
    level: int | None = None  # on a scale: how far along it is, drawn as that many filled bars (of four)


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
    FixedAnswer("not_at_all", _l("Not at all"), "no", level=0),
    FixedAnswer("a_little", _l("A little"), "a_bit", level=1),
    FixedAnswer("quite_a_lot", _l("Quite a lot"), "more", level=2),
    FixedAnswer("a_lot", _l("A lot"), "a_lot", level=3),
)
# The three headings of a sorting mat (in the manner of Talking Mats): each card goes under one.
SORT_HEADINGS = (
    FixedAnswer("sort_good", _l("Good"), "good"),
    FixedAnswer("sort_not_sure", _l("Not sure"), "not_sure"),
    FixedAnswer("sort_not_good", _l("Not good"), "bad"),
)
# The one answer on a finished mat shown back: the child says it is right.
MAT_OK = "mat_ok"
MAT_RIGHT = (FixedAnswer(MAT_OK, _l("Yes, that is my mat"), "yes"),)
ALWAYS_KEYS = frozenset(answer.key for answer in ALWAYS)
STOP = "stop"
