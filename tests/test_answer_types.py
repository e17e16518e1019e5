"""The answer-type registry: every answer type has an entry, and each can be written in the editor, previewed and
answered in child mode, through the real pages."""
from __future__ import annotations

import html
from pathlib import Path

import pytest
from sqlmodel import select
from test_capture import send
from test_editor import add_step, make_script, steps

from voice_capture.conversations.answer_types import (
    ANSWER_TYPES,
    CARDS,
    PICTURES,
    SORT_CARD,
    SORT_MAT,
    answer_type,
    editor_choices,
)
from voice_capture.models import AnswerType, CaptureSession, Respondent, View

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PICTURE_KEYS = ("school", "home", "teacher")


def test_every_answer_type_and_nothing_else_is_an_editor_choice():
    assert {name for name, _label in editor_choices()} == {member.value for member in AnswerType}
    assert set(ANSWER_TYPES) == {member.value for member in AnswerType} | {SORT_CARD, SORT_MAT}


@pytest.mark.parametrize("name", list(ANSWER_TYPES))
def test_each_entry_is_whole(name):
    kind = answer_type(name)
    assert kind.name == name
    assert kind.partial is None or (TEMPLATES / kind.partial).is_file(), kind.partial
    assert kind.answers in (None, PICTURES, CARDS)
    assert not (kind.answers and kind.fixed), "the editor chooses its answers, or they are fixed, not both"
    assert kind.follow_ups or kind.no_follow_ups is not None
    if kind.in_editor:
        # Drawn by its own partial, or (a sorting mat) shown as the kinds it becomes.
        assert kind.partial or kind.answers == CARDS
        assert kind.minimum == 0 or kind.answers, "only answers the editor chooses can be too few"


def test_an_unknown_answer_type_is_not_quietly_drawn_as_another():
    with pytest.raises(LookupError):
        answer_type("not_an_answer_type")


def _answer(step: dict) -> dict:
    """A valid answer to one step, from what the registry says about its kind."""
    kind = answer_type(step["answer_type"])
    if kind.own_words:
        return {"keys": [], "said": "I like the garden", "how": "typed"}
    keys = [choice["key"] for choice in step["choices"]]
    return {"keys": keys[:2] if kind.several else keys[:1]}


@pytest.mark.parametrize("member", list(AnswerType))
def test_each_answer_type_is_written_previewed_and_answered(member, logged_in, db, make_child, make_plan):
    kind = answer_type(member.value)
    client = logged_in
    script_id = make_script(client)

    # Written in the editor: offered on the step form, saved, shown with its label and its answers.
    form = client.get(f"/scripts/{script_id}/steps/new").get_data(as_text=True)
    assert f'value="{member.value}"' in form and html.escape(str(kind.label)) in form
    symbols = PICTURE_KEYS[:max(kind.minimum, 2)] if kind.answers else ()
    response = add_step(client, script_id, answer_type=member.value, symbols=symbols)
    assert response.status_code == 302, response.get_data(as_text=True)
    [step] = steps(db, script_id)
    assert step.answer_type == member.value
    script_page = client.get(f"/scripts/{script_id}").get_data(as_text=True)
    assert html.escape(str(kind.label)) in script_page
    for answer in kind.fixed:
        assert client.get(f"/scripts/{script_id}/steps/{step.id}/answers/{answer.key}").status_code == 200

    # Previewed: the child-mode page draws it.
    shown = [SORT_CARD] * len(symbols) + [SORT_MAT] if kind.answers == CARDS else [member.value]
    preview = client.get(f"/scripts/{script_id}/preview")
    assert preview.status_code == 200
    for shown_type in set(shown):
        assert f'class="step step--{shown_type}"' in preview.get_data(as_text=True)

    # Answered: each step it becomes takes an answer, saved as a view.
    child = make_child(team=client.user.team_id, worker=client.user)
    plan = make_plan(child)
    respondent = db.exec(select(Respondent).where(Respondent.child_id == child.id)).one()
    started = client.submit(f"/plans/{plan.id}/talk/new", {"conversation": f"{respondent.id}:{script_id}"})
    assert started.status_code == 302, started.get_data(as_text=True)
    capture = db.exec(select(CaptureSession).order_by(CaptureSession.id.desc())).first()
    assert [shown_step["answer_type"] for shown_step in capture.steps] == shown
    for shown_step in capture.steps:
        response = send(client, capture, shown_step["position"], **_answer(shown_step))
        assert response.status_code == 201, response.get_data(as_text=True)
    db.expire_all()
    views = db.exec(select(View).where(View.capture_session_id == capture.id)).all()
    assert sorted(view.position for view in views) == [shown_step["position"] for shown_step in capture.steps]


@pytest.mark.parametrize("member", [AnswerType.ONE_SYMBOL, AnswerType.SORT])
def test_the_script_page_says_own_photos_only_where_they_are_offered(member, logged_in):
    """Child mode adds the child's own photos beside pictures to choose from, never to a mat's cards."""
    script_id = make_script(logged_in)
    add_step(logged_in, script_id, answer_type=member.value, symbols=PICTURE_KEYS[:2], offer_photos="y")
    page = logged_in.get(f"/scripts/{script_id}").get_data(as_text=True)
    assert ("with the child's own photos" in page) is answer_type(member.value).offers_photos
