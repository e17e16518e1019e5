"""Which steps are on the path a conversation took: a follow-up is on it only while its trigger is chosen."""
from __future__ import annotations

from ..conversations.step_types import Step
from ..models import View


def answer_keys(answers: dict[int, View]) -> dict[int, list[str]]:
    """The chosen keys of each answer by position: what decides which follow-ups are on the path."""
    return {position: [choice["key"] for choice in view.chosen] for position, view in answers.items()}


def reachable(steps: list[Step], answers: dict[int, list[str]], position: int) -> bool:
    """Whether a step is on the path the conversation took: not a follow-up, or its trigger was chosen."""
    step = steps[position - 1]
    after = step.get("after")
    while after:
        if not set(answers.get(after["position"], ())) & set(after["keys"]):
            return False
        after = steps[after["position"] - 1].get("after")
    return True


def next_position(steps: list[Step], answers: dict[int, list[str]], after: int) -> int:
    """The next step on the path after this position; len(steps) + 1 means the review screen."""
    for position in range(after + 1, len(steps) + 1):
        if reachable(steps, answers, position):
            return position
    return len(steps) + 1
