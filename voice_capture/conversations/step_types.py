"""The shape of a conversation's steps as a session stores them (`CaptureSession.steps`, JSON) and of the answers
a view keeps: typed dicts, so nothing changes at run time or in the database."""
from __future__ import annotations

from typing import NotRequired, TypedDict


class Choice(TypedDict):
    """One answer offered (a picture, a fixed answer, a heading, an answer always offered), or a mat's card."""

    key: str  # "c<choice id>", "p<photo id>", or a fixed answer's key ("sad", "sort_good", "stop")
    label: str  # in the script's language, as shown
    symbol: str | None  # a symbol library key
    photo: NotRequired[int]  # one of the child's own photos, instead of a symbol
    worry: NotRequired[bool]  # the script marks this answer as a worry; never sent to the child's page


class Trigger(TypedDict):
    """What makes a follow-up appear: one of these answers at that position."""

    position: int
    keys: list[str]


class Step(TypedDict):
    """One step as shown. Sorting mat cards (`sort_card`) and the whole mat (`sort_mat`) carry more."""

    position: int  # from 1, in the order asked
    step_id: int  # the ScriptStep it comes from
    plan_item_id: int | None  # the plan item it asks about
    answer_type: str  # an AnswerType, or "sort_card" / "sort_mat" (see conversations/answer_types.py)
    prompt: str
    simple_prompt: str
    shown: str  # the prompt or its simple version, at the respondent's reading level
    choices: list[Choice]
    always: list[Choice]  # I don't know, I don't want to say, stop
    after: Trigger | None  # a follow-up's trigger (a follow-up of a follow-up needs its own trigger too)
    depth: int  # 0, or how deep a follow-up it is
    group: NotRequired[int]  # a mat's card or whole mat: the position of the mat's first card
    card: NotRequired[Choice]  # a mat's card: the card to place; its `choices` are the headings
    shown_card: NotRequired[str]  # a mat's card: what a view records as shown, the question and the card
    cards: NotRequired[list[int]]  # a whole mat: its cards' positions
    headings: NotRequired[list[Choice]]  # a whole mat: its headings


class Chosen(TypedDict):
    """One answer a view records as chosen (`View.chosen`)."""

    key: str
    label: str
    symbol: str | None
    photo: NotRequired[int]


class PlacedCard(TypedDict):
    """One card on a whole mat as a view records it: the card under the heading it was put under."""

    key: str
    symbol: str | None
    heading: str  # the heading's key
    label: str  # "card: heading", in the script's language
