"""The rules a script must keep: follow-ups that end, one level of follow-up below a follow-up, targets that
are this script's follow-up steps, enough choices, and worries only once the safeguarding procedure is known.

Every check runs before anything is written, so a refused change saves nothing (not even a new version)."""
from __future__ import annotations

from flask_babel import gettext as _

from ..conversations.answer_types import answer_type as kind_of
from ..conversations.builtin import ITEM

MAX_DEPTH = 2  # a follow-up, and a follow-up of that follow-up


class EditRefused(ValueError):
    """A change the editor will not make; the message says why in plain words. Nothing was changed."""


def check_choice_count(answer_type: str, count: int) -> None:
    """Enough pictures or cards for the answer type (see its `minimum` in the registry)."""
    kind = kind_of(answer_type)
    if count < kind.minimum:
        raise EditRefused(str(kind.too_few))


def check_item_placeholder(prompt: str, simple_prompt: str, about_plan_items: bool) -> None:
    """A plan-item step names where the item's words go; any other step must not show the marker."""
    has = [ITEM in prompt, ITEM in simple_prompt]
    if about_plan_items and not all(has):
        raise EditRefused(_("A question asked about each plan item must have %(placeholder)s in both the question "
                            "and its simple version, where the plan item's words go.", placeholder=ITEM))
    if not about_plan_items and any(has):
        raise EditRefused(_("Tick “Ask this about each plan item”, or take %(placeholder)s out of the question.",
                            placeholder=ITEM))


def check_worry(procedure: str) -> None:
    if not procedure:
        raise EditRefused(_("Ask your administrator to add the local safeguarding procedure first, so whoever sees "
                            "this worry knows what to do."))


def check_answer_settings(answer_type: str, *, is_worry: bool, follow_up: bool) -> None:
    """Follow-ups and worries belong to answers a child chooses; sorting cards and their own words have neither."""
    kind = kind_of(answer_type)
    if not kind.follow_ups and (is_worry or follow_up):
        raise EditRefused(str(kind.no_follow_ups))


def check_links(edges: dict[int, set[int]], follow_up_steps: set[int], numbers: dict[int, int]) -> None:
    """`edges` maps each step to the steps its answers lead to. Every target must be one of this script's
    follow-up steps; no chain may come back to where it started; a chain is at most two follow-ups long."""
    for targets in edges.values():
        for target in targets:
            if target not in follow_up_steps:
                raise EditRefused(_("An answer can only lead to a follow-up question of this conversation."))
    state: dict[int, str] = {}

    def visit(step: int) -> int:
        """How many follow-ups deep the longest chain from this step goes."""
        if state.get(step) == "open":
            raise EditRefused(_("This would make a loop: question %(number)d would lead back to itself. A "
                                "follow-up cannot lead to a question that leads to it.",
                                number=numbers.get(step, 0)))
        state[step] = "open"
        deepest = 0
        for target in edges.get(step, ()):
            deepest = max(deepest, 1 + visit(target))
        state[step] = "done"
        return deepest

    for step in list(edges):
        state.clear()
        if visit(step) > MAX_DEPTH:
            raise EditRefused(_("Follow-ups can only go two deep: a follow-up, and one follow-up of that. "
                                "Question %(number)d would start a longer chain.", number=numbers.get(step, 0)))
