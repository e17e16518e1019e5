"""The one answer-type registry: for every way of answering, what the editor calls it and lets you choose, how
many answers a respondent gives, whether its answers take follow-ups, and which partial draws it in child mode.

Adding an answer type: a member of `AnswerType` (models/enums.py, with a migration for its CHECK constraint), an
entry here, and, if it is drawn in a new way, a partial under templates/capture/answers/."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..models import AnswerType
from .answers import FEELINGS, HOW_MUCH, MAT_RIGHT, SORT_HEADINGS, YES_NO, FixedAnswer

# What the editor's "answers" of a step are, when it chooses them.
PICTURES = "pictures"  # pictures ticked in the editor; the child chooses among them (and their own photos)
CARDS = "cards"  # pictures ticked in the editor as cards; the child puts each under a heading
# A sorting mat is shown as one step per card, then the whole mat: two kinds the editor never offers.
SORT_CARD = "sort_card"
SORT_MAT = "sort_mat"


@dataclass(frozen=True)
class AnswerKind:
    name: str
    label: object = None  # lazy; None for the kinds child mode makes from another (not an editor choice)
    partial: str | None = None  # the template that draws its answers in child mode; None: shown as other kinds
    fixed: tuple[FixedAnswer, ...] = ()  # the answers it always offers, or none (the editor chooses them)
    several: bool = False  # several answers at once; otherwise one (or, in their own words, none)
    own_words: bool = False  # answered in the respondent's own words
    answers: str | None = None  # PICTURES or CARDS when the editor chooses its answers
    minimum: int = 0  # answers the editor must choose
    too_few: object = None  # why fewer than `minimum` is refused
    no_follow_ups: object = None  # why its answers can have no follow-ups or worries; None: they can
    in_review: bool = True  # listed on the review screen ("This is what you told us"); a whole mat is its cards

    def __post_init__(self):
        if self.minimum and self.too_few is None:
            raise ValueError(f"answer type {self.name!r} needs a reason for refusing fewer than {self.minimum}")

    @property
    def follow_ups(self) -> bool:
        """Whether its answers can lead to a follow-up or be marked as a worry."""
        return self.no_follow_ups is None

    @property
    def offers_photos(self) -> bool:
        """Whether the child's own photos can be offered beside its pictures (not on a mat's cards)."""
        return self.answers == PICTURES

    @property
    def in_editor(self) -> bool:
        return self.label is not None


def _partial(name: str) -> str:
    return f"capture/answers/_{name}.html"


_PICTURES_TOO_FEW = _l("Choose at least one picture for them to choose from.")
_CARDS_NO_FOLLOW_UPS = _l("The cards on a sorting mat cannot have follow-ups or worries.")

# In the order the editor offers them; a sorting mat's two kinds last.
ANSWER_TYPES: dict[str, AnswerKind] = {kind.name: kind for kind in (
    AnswerKind(AnswerType.ONE_SYMBOL.value, _l("Choose one picture"), _partial("buttons"),
               answers=PICTURES, minimum=1, too_few=_PICTURES_TOO_FEW),
    AnswerKind(AnswerType.SEVERAL_SYMBOLS.value, _l("Choose as many pictures as they like"), _partial("toggles"),
               several=True, answers=PICTURES, minimum=1, too_few=_PICTURES_TOO_FEW),
    AnswerKind(AnswerType.YES_NO.value, _l("Yes, no or not sure"), _partial("buttons"), fixed=YES_NO),
    AnswerKind(AnswerType.FEELINGS.value, _l("Five feelings faces"), _partial("buttons"), fixed=FEELINGS),
    AnswerKind(AnswerType.HOW_MUCH.value, _l("How much: not at all, a little, quite a lot, a lot"),
               _partial("buttons"), fixed=HOW_MUCH),
    # Shown as one SORT_CARD step per card, then the SORT_MAT step (capture/steps.py).
    AnswerKind(AnswerType.SORT.value, _l("Sorting mat: sort cards under good, not sure and not good"),
               answers=CARDS, minimum=2, too_few=_l("A sorting mat needs at least two cards to sort."),
               no_follow_ups=_CARDS_NO_FOLLOW_UPS),
    AnswerKind(AnswerType.OWN_WORDS.value, _l("In their own words"), _partial("own_words"), own_words=True,
               no_follow_ups=_l("An answer in their own words cannot have follow-ups or worries.")),
    AnswerKind(SORT_CARD, partial=_partial("sort_card"), fixed=SORT_HEADINGS, no_follow_ups=_CARDS_NO_FOLLOW_UPS),
    AnswerKind(SORT_MAT, partial=_partial("sort_mat"), fixed=MAT_RIGHT, no_follow_ups=_CARDS_NO_FOLLOW_UPS,
               in_review=False),
)}


def answer_type(name: str) -> AnswerKind:
    """The registry's entry for an answer type (or a sorting mat's card or whole mat)."""
    try:
        return ANSWER_TYPES[name]
    except KeyError:
        raise LookupError(f"no answer type {name!r} in the registry") from None


def editor_choices() -> list[tuple[str, object]]:
    """The answer types a script's author chooses from, with their labels, in the order offered."""
    return [(kind.name, kind.label) for kind in ANSWER_TYPES.values() if kind.in_editor]


def scale_levels() -> dict[str, int]:
    """The answers on a scale (such as "how much"), each with how many bars it is drawn with."""
    return {answer.key: answer.level for kind in ANSWER_TYPES.values() for answer in kind.fixed
            if answer.level is not None}
