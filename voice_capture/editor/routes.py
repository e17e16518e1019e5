"""The script editor: list, create, change and preview conversation scripts."""
from __future__ import annotations

import re

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlmodel import select

from .. import db
from ..auth.access import CASE_ROLES, get_child_or_abort, roles_required, visible_children
from ..capture.preview import preview_page
from ..conversations.answer_types import answer_type
from ..models import ConversationScript, Plan, PlanItem, Respondent, ScriptStep, StepChoice
from ..symbols import library
from . import services, versions
from .forms import AnswerForm, FixedAnswerForm, ScriptDetailsForm, ScriptForm, StepForm
from .validation import EditRefused

bp = Blueprint("editor", __name__)
SEARCH_LIMIT = 24


# --- finding what the address names ---------------------------------------------------------------

def _script(script_id: int) -> ConversationScript:
    script = db.get_or_404(ConversationScript, script_id)
    if not services.can_see(g.user, script):
        abort(403)
    return script


def _changeable(script_id: int) -> ConversationScript:
    """A script this user may change, in its current version (an older version sends them to the current one)."""
    script = _script(script_id)
    if not services.can_change(g.user, script):
        abort(403)
    if not script.is_current:
        current = versions.current_version(session=db.session(), script=script)
        flash(_("That was an older version of the conversation, kept as someone saw it. This is the current "
                "version: make your change here."), "success")
        abort(redirect(url_for("editor.script", script_id=current.id) if current else url_for("editor.scripts")))
    return script


def _step(script: ConversationScript, step_id: int) -> ScriptStep:
    step = db.session().get(ScriptStep, step_id)
    if step is None or step.script_id != script.id:
        abort(404)
    return step


def _choice(step: ScriptStep, choice_id: int) -> StepChoice:
    choice = db.session().get(StepChoice, choice_id)
    if choice is None or choice.step_id != step.id or choice.answer_key:
        abort(404)
    return choice


def _done(edit: versions.Edit, message: str):
    if edit.new_version:
        flash(_("This conversation has been used, so your change is saved as version %(number)d. Whoever answered "
                "an earlier version keeps what they saw.", number=edit.script.version), "success")
    else:
        flash(message, "success")
    return redirect(url_for("editor.script", script_id=edit.script.id))


def _refused(script: ConversationScript, error: EditRefused):
    """A change that was refused: say why, with the way back. The error status keeps nothing of the request."""
    return render_template("editor/refused.html", script=script, message=str(error)), 409


def _edit(script: ConversationScript, change, message: str):
    """Make a change from a button (no form to show again): done, or refused with the reason."""
    try:
        return _done(change(), message)
    except EditRefused as error:
        return _refused(script, error)


# --- the list and a new script ----------------------------------------------------------------------

@bp.route("/scripts")
@roles_required(*CASE_ROLES)
def scripts():
    ready, ours = services.listed(session=db.session(), user=g.user)
    return render_template("editor/scripts.html", ready=ready, ours=ours)


@bp.route("/scripts/new", methods=["GET", "POST"])
@roles_required(*CASE_ROLES)
def new_script():
    if g.user.team_id is None:
        abort(403)
    form = ScriptForm()
    if form.validate_on_submit():
        script = versions.create_script(session=db.session(), actor=g.user, title=form.title.data,
                                        language=form.language.data, audience=form.audience.data)
        flash(_("“%(title)s” is made. Now add its questions.", title=script.title), "success")
        return redirect(url_for("editor.script", script_id=script.id))
    return render_template("editor/script_form.html", form=form, script=None)


@bp.route("/scripts/<int:script_id>")
@roles_required(*CASE_ROLES)
def script(script_id: int):
    session = db.session()
    record = _script(script_id)
    steps = versions.steps_of(session=session, script=record)
    return render_template(
        "editor/script.html", script=record, steps=steps, numbers=versions.numbers_of(steps),
        choices=versions.choices_of(session=session, steps=steps),
        can_change=services.can_change(g.user, record) and record.is_current,
        in_use=versions.in_use(session=session, script=record),
        current=None if record.is_current else versions.current_version(session=session, script=record),
        respondents=_preview_respondents(),
    )


@bp.route("/scripts/<int:script_id>/copy", methods=["POST"])
@roles_required(*CASE_ROLES)
def copy(script_id: int):
    source = _script(script_id)
    if g.user.team_id is None or not FlaskForm().validate_on_submit():
        abort(400)
    made = versions.copy_script(session=db.session(), actor=g.user, source=source)
    flash(_("This is your team's copy. Change it as you need."), "success")
    return redirect(url_for("editor.script", script_id=made.id))


@bp.route("/scripts/<int:script_id>/details", methods=["GET", "POST"])
@roles_required(*CASE_ROLES)
def details(script_id: int):
    record = _changeable(script_id)
    form = ScriptDetailsForm(obj=record)
    if form.validate_on_submit():
        edit = services.update_details(session=db.session(), actor=g.user, script=record, title=form.title.data,
                                       audience=form.audience.data)
        return _done(edit, _("The changes are saved."))
    return render_template("editor/script_form.html", form=form, script=record)


# --- steps ---------------------------------------------------------------------------------------------

@bp.route("/scripts/<int:script_id>/steps/new", methods=["GET", "POST"])
@roles_required(*CASE_ROLES)
def new_step(script_id: int):
    return _step_form(_changeable(script_id), None)


@bp.route("/scripts/<int:script_id>/steps/<int:step_id>", methods=["GET", "POST"])
@roles_required(*CASE_ROLES)
def edit_step(script_id: int, step_id: int):
    record = _changeable(script_id)
    return _step_form(record, _step(record, step_id))


def _step_form(record: ConversationScript, step: ScriptStep | None):
    session = db.session()
    rows = versions.choices_of(session=session, steps=[step])[step.id] if step else []
    form = StepForm(obj=step)
    if step is not None and not form.is_submitted():
        form.symbols.data = [row.symbol_key for row in rows if row.symbol_key and not row.answer_key]
    searching = form.is_submitted() and "find_pictures" in request.form
    pictures = _pictures(record, rows, form.symbols.data or [], form.find.data if form.find.data else "")
    if not searching and form.validate_on_submit():
        data = services.StepData(
            prompt=form.prompt.data, simple_prompt=form.simple_prompt.data, answer_type=form.answer_type.data,
            about_plan_items=form.about_plan_items.data, offer_photos=form.offer_photos.data,
            is_follow_up=form.is_follow_up.data, symbols=list(form.symbols.data or []),
        )
        try:
            if step is None:
                edit = services.add_step(session=session, actor=g.user, script=record, data=data)
                return _done(edit, _("The question is added."))
            edit = services.update_step(session=session, actor=g.user, script=record, step=step, data=data)
            return _done(edit, _("The question is saved."))
        except EditRefused as error:
            form.form_errors.append(str(error))
    numbers = versions.numbers_of(versions.steps_of(session=session, script=record))
    return render_template("editor/step_form.html", form=form, script=record, step=step,
                           number=numbers.get(step.id) if step else None, pictures=pictures,
                           searched=form.find.data if searching else None)


def _pictures(record: ConversationScript, rows: list[StepChoice], chosen: list[str], query: str) -> list[dict]:
    """The pictures to tick: those already chosen (ticked), then what the search found."""
    labels = {row.symbol_key: row.label for row in rows if row.symbol_key}
    pictures, seen = [], set()
    for key in chosen:
        symbol = library.get_symbol(key) if library.KEY_PATTERN.fullmatch(key or "") else None
        if symbol is not None and key not in seen:
            seen.add(key)
            pictures.append({"key": key, "label": labels.get(key) or symbol.label(record.language), "chosen": True})
    for symbol in library.search(query, record.language, limit=SEARCH_LIMIT) if query else []:
        if symbol.key not in seen:
            seen.add(symbol.key)
            pictures.append({"key": symbol.key, "label": symbol.label(record.language), "chosen": False})
    return pictures


def _moving_up() -> bool:
    """The "move up" / "move down" forms' direction; anything else is a request not made by them."""
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    return direction == "up"


@bp.route("/scripts/<int:script_id>/steps/<int:step_id>/move", methods=["POST"])
@roles_required(*CASE_ROLES)
def move_step(script_id: int, step_id: int):
    record = _changeable(script_id)
    step = _step(record, step_id)
    return _edit(record, lambda: services.move_step(session=db.session(), actor=g.user, script=record, step=step,
                                                    up=_moving_up()), _("The question is moved."))


@bp.route("/scripts/<int:script_id>/steps/<int:step_id>/choices/<int:choice_id>/move", methods=["POST"])
@roles_required(*CASE_ROLES)
def move_choice(script_id: int, step_id: int, choice_id: int):
    record = _changeable(script_id)
    choice = _choice(_step(record, step_id), choice_id)
    return _edit(record, lambda: services.move_choice(session=db.session(), actor=g.user, script=record, choice=choice,
                                                      up=_moving_up()), _("The answer is moved."))


@bp.route("/scripts/<int:script_id>/steps/<int:step_id>/remove", methods=["GET", "POST"])
@roles_required(*CASE_ROLES)
def remove_step(script_id: int, step_id: int):
    session = db.session()
    record = _changeable(script_id)
    step = _step(record, step_id)
    form = FlaskForm()
    if form.validate_on_submit():
        return _edit(record, lambda: services.remove_step(session=session, actor=g.user, script=record, step=step),
                     _("The question is removed."))
    number = versions.numbers_of(versions.steps_of(session=session, script=record))[step.id]
    return render_template("editor/remove_step.html", form=form, script=record, step=step, number=number)


# --- answers -------------------------------------------------------------------------------------------

def _follow_up_choices(record: ConversationScript, step: ScriptStep) -> list[tuple[int, str]]:
    session = db.session()
    numbers = versions.numbers_of(versions.steps_of(session=session, script=record))
    return [(0, _("Nothing more: go on to the next question"))] + [
        (target.id, _("Follow-up question %(number)d: %(question)s", number=numbers[target.id],
                      question=target.simple_prompt))
        for target in services.follow_up_targets(session=session, script=record, step=step)
    ]


@bp.route("/scripts/<int:script_id>/steps/<int:step_id>/choices/<int:choice_id>", methods=["GET", "POST"])
@roles_required(*CASE_ROLES)
def edit_choice(script_id: int, step_id: int, choice_id: int):
    record = _changeable(script_id)
    step = _step(record, step_id)
    choice = _choice(step, choice_id)
    form = AnswerForm(obj=choice)
    form.follow_up_step_id.choices = _follow_up_choices(record, step)
    if not form.is_submitted():
        form.follow_up_step_id.data = choice.follow_up_step_id or 0
    if form.validate_on_submit():
        try:
            edit = services.update_choice(session=db.session(), actor=g.user, script=record, choice=choice,
                                          label=form.label.data, is_worry=form.is_worry.data,
                                          follow_up_step_id=form.follow_up_step_id.data or None)
            return _done(edit, _("The answer is saved."))
        except EditRefused as error:
            form.form_errors.append(str(error))
    return render_template("editor/answer_form.html", form=form, script=record, step=step, choice=choice,
                           answer_label=choice.label, symbol=choice.symbol_key,
                           settings=answer_type(step.answer_type).follow_ups, remove_form=True)


@bp.route("/scripts/<int:script_id>/steps/<int:step_id>/choices/<int:choice_id>/remove", methods=["POST"])
@roles_required(*CASE_ROLES)
def remove_choice(script_id: int, step_id: int, choice_id: int):
    record = _changeable(script_id)
    step = _step(record, step_id)
    choice = _choice(step, choice_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    return _edit(record, lambda: services.remove_choice(session=db.session(), actor=g.user, script=record, choice=choice),
                 _("The answer is removed."))


@bp.route("/scripts/<int:script_id>/steps/<int:step_id>/answers/<key>", methods=["GET", "POST"])
@roles_required(*CASE_ROLES)
def fixed_answer(script_id: int, step_id: int, key: str):
    session = db.session()
    record = _changeable(script_id)
    step = _step(record, step_id)
    answer = next((a for a in answer_type(step.answer_type).fixed if a.key == key), None)
    if answer is None:
        abort(404)
    existing = next((row for row in versions.choices_of(session=session, steps=[step])[step.id]
                     if row.answer_key == key), None)
    form = FixedAnswerForm(obj=existing)
    form.follow_up_step_id.choices = _follow_up_choices(record, step)
    if not form.is_submitted():
        form.follow_up_step_id.data = existing.follow_up_step_id or 0 if existing else 0
    if form.validate_on_submit():
        try:
            edit = services.set_fixed_answer(session=session, actor=g.user, script=record, step=step, key=key,
                                             is_worry=form.is_worry.data,
                                             follow_up_step_id=form.follow_up_step_id.data or None)
            return _done(edit, _("The answer is saved."))
        except EditRefused as error:
            form.form_errors.append(str(error))
    return render_template("editor/answer_form.html", form=form, script=record, step=step, choice=None,
                           answer_label=str(answer.label), symbol=answer.symbol, settings=True, remove_form=None)


# --- preview -------------------------------------------------------------------------------------------

def _preview_respondents() -> list[tuple[Respondent, str]]:
    """Family members of the children this user may see, to preview a script as one of them."""
    session = db.session()
    children = {child.id: child for child in session.exec(visible_children(g.user)).all()}
    if not children:
        return []
    rows = session.exec(select(Respondent).where(Respondent.child_id.in_(list(children)))
                        .order_by(Respondent.child_id, Respondent.id).limit(200)).all()
    return [(row, children[row.child_id].given_name) for row in rows]


@bp.route("/scripts/<int:script_id>/preview")
@roles_required(*CASE_ROLES)
def preview(script_id: int):
    session = db.session()
    record = _script(script_id)
    respondent, items = None, None
    wanted = request.args.get("respondent", "")
    if wanted:
        if not re.fullmatch(r"[0-9]{1,18}", wanted):
            abort(404)
        respondent = db.get_or_404(Respondent, int(wanted))
        get_child_or_abort(session, respondent.child_id, seen=("respondent", respondent.id))
        plan = session.exec(select(Plan).where(Plan.child_id == respondent.child_id)
                            .order_by(Plan.start_date.desc(), Plan.id.desc())).first()
        if plan is not None:
            items = list(session.exec(select(PlanItem).where(PlanItem.plan_id == plan.id)
                                      .order_by(PlanItem.position)).all()) or None
    return preview_page(session=session, script=record, respondent=respondent, items=items,
                        exit_url=url_for("editor.script", script_id=record.id))
