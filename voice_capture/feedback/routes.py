"""Closing the loop: responses to views, "You said … We did …" letters, and "Did we listen?"."""
from __future__ import annotations

import io
from datetime import datetime, time, timezone

from flask import Blueprint, abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from sqlmodel import select

from .. import db
from ..auth import lock
from ..auth.access import can_edit_child, get_child_or_abort, get_plan_or_abort
from ..capture import speech_jobs as capture_speech
from ..i18n import words_list
from ..models import Child, FeedbackLetter, Plan, Respondent, View
from ..readability_text import readability_message
from ..speech import service as speech
from ..views.current import respondent_views
from . import letters, lifecycle, listening, responses, speech_jobs
from .forms import (
    LISTEN_LABELS,
    OUTCOME_LABELS,
    SENT_LABELS,
    STATUS_LABELS,
    ReadyForm,
    ResponseForm,
    SentForm,
    SimpleForm,
    StartLetterForm,
    lines_form,
)

bp = Blueprint("feedback", __name__)


@bp.app_context_processor
def _labels():
    return {"outcome_labels": OUTCOME_LABELS, "sent_labels": SENT_LABELS, "listen_labels": LISTEN_LABELS,
            "letter_status_labels": STATUS_LABELS}


def _respondent_on_plan(session, plan: Plan, respondent_id: int) -> Respondent:
    respondent = session.get(Respondent, respondent_id)
    if respondent is None or respondent.child_id != plan.child_id:
        abort(404)
    return respondent


def _letter(session, letter_id: int, *, edit: bool = False) -> tuple[FeedbackLetter, Plan]:
    """The letter, if this user may see (or change) the child's record; each look is audited."""
    letter = db.get_or_404(FeedbackLetter, letter_id)
    plan = session.get(Plan, letter.plan_id)
    get_child_or_abort(session, plan.child_id, edit=edit, seen=("feedback_letter", letter.id))
    return letter, plan


# --- responses ----------------------------------------------------------------------------------

@bp.route("/plans/<int:plan_id>/responses/new", methods=["GET", "POST"])
def new_response(plan_id: int):
    session = db.session()
    plan, child = get_plan_or_abort(session, plan_id, edit=True)
    views = respondent_views(session=session, plan=plan)
    people = {r.id: r for r in session.exec(select(Respondent).where(Respondent.child_id == child.id)).all()}
    form = ResponseForm()
    form.views.choices = [(view.id, _view_choice(view, people)) for view in views]
    if not form.is_submitted():
        wanted = set(request.args.getlist("view", type=int))
        form.views.data = [view.id for view in views if view.id in wanted]
    if form.validate_on_submit():
        chosen = [view for view in views if view.id in set(form.views.data)]
        try:
            responses.record_response(session=session, actor=g.user, plan=plan, views=chosen,
                                     outcome=form.outcome.data, plain_words=form.plain_words.data,
                                     reason=form.reason.data or "", responded_on=form.responded_on.data)
        except responses.FeedbackRefused as refused:
            form.form_errors.append(str(refused))
        else:
            flash(_("What was done is saved."), "success")
            return redirect(url_for("plans.plan", plan_id=plan.id, _anchor="feedback-title"))
    selected = [view for view in views if view.id in set(form.views.data or [])]
    reader = people.get(selected[0].respondent_id) if selected else None
    given = responses.responses_for_views(session=session, view_ids=[view.id for view in views])
    return render_template("feedback/response_form.html", form=form, plan=plan, child=child, reader=reader,
                           responses=given, views=views, people=people)


def _view_choice(view: View, people: dict[int, Respondent]) -> str:
    respondent = people.get(view.respondent_id)
    said = words_list([choice.get("label", "") for choice in view.chosen])
    if view.said_text:
        said = _("%(chosen)s “%(said)s”", chosen=said, said=view.said_text) if said else view.said_text
    return _("%(name)s, asked “%(question)s”: %(said)s", name=respondent.preferred_name if respondent else "",
             question=view.shown_text, said=said)


# --- letters -------------------------------------------------------------------------------------

@bp.route("/plans/<int:plan_id>/letters/<int:respondent_id>", methods=["GET", "POST"])
def start_letter(plan_id: int, respondent_id: int):
    """The respondent's newest letter, or the start of one."""
    session = db.session()
    plan, child = get_plan_or_abort(session, plan_id, edit=request.method == "POST")
    respondent = _respondent_on_plan(session, plan, respondent_id)
    letter = lifecycle.latest_letter(session=session, plan=plan, respondent=respondent)
    if letter is not None:
        return redirect(url_for("feedback.letter", letter_id=letter.id))
    form = StartLetterForm()
    if not form.is_submitted():
        form.language.data = letters.letter_language(respondent.language).code
    asked = respondent.language
    language = letters.letter_language(respondent.language)
    views = respondent_views(session=session, plan=plan, respondent=respondent)
    if form.validate_on_submit():
        try:
            letter = lifecycle.start_letter(session=session, actor=g.user, plan=plan, respondent=respondent,
                                            language=letters.letter_language(form.language.data).code)
        except responses.FeedbackRefused as refused:
            form.form_errors.append(str(refused))
        else:
            flash(_("The letter is started."), "success")
            return redirect(url_for("feedback.letter", letter_id=letter.id))
    return render_template("feedback/letter_start.html", form=form, plan=plan, child=child, respondent=respondent,
                           views=views, notes=letters.language_notes(language, asked),
                           can_edit=can_edit_child(session, g.user, child))


@bp.route("/letters/<int:letter_id>", methods=["GET", "POST"])
def letter(letter_id: int):
    """The worker's page for one letter: its lines, how easy each is to read, ready, sent, versions."""
    session = db.session()
    record, plan = _letter(session, letter_id, edit=request.method == "POST")
    respondent = session.get(Respondent, record.respondent_id)
    form = lines_form(record.lines)
    if form.validate_on_submit():
        wording = {line["view_id"]: getattr(form, f"line_{line['view_id']}").data or "" for line in record.lines}
        try:
            saved = lifecycle.change_lines(session=session, actor=g.user, plan=plan, letter=record, wording=wording)
        except responses.FeedbackRefused as refused:
            form.form_errors.append(str(refused))
        else:
            if saved.id != record.id:
                flash(_("The letter had been given, so your changes are version %(number)d. The letter that was given is kept.",
                        number=saved.version), "success")
            else:
                flash(_("The letter is saved."), "success")
            return redirect(url_for("feedback.letter", letter_id=saved.id))
    return _letter_page(session, record, plan, respondent, form)


def _letter_page(session, record, plan, respondent, form, ready_form=None, sent_form=None, status=200):
    child = session.get(Child, plan.child_id)
    language = letters.letter_language(record.language)
    checks = lifecycle.line_checks(letter=record, respondent=respondent)
    versions = lifecycle.letter_versions(session=session, letter=record)
    answer, said = listening.listen_answer(session=session, letter=record)
    page = render_template(
        "feedback/letter.html", letter=record, plan=plan, child=child, respondent=respondent, form=form,
        ready_form=ready_form or ReadyForm(prefix="ready"), sent_form=sent_form or SentForm(prefix="sent"),
        simple_form=SimpleForm(), language=language, notes=letters.language_notes(language, record.language),
        checks=checks, messages={key: readability_message(result) for key, result in checks.items()},
        versions=versions, newest=versions[0].id == record.id, listen=answer, listen_said=said,
        can_edit=can_edit_child(session, g.user, child), built=letters.build(session=session, letter=record),
        language_name=letters.display_language,
    )
    return page, status


def _posted_letter(letter_id: int) -> tuple:
    """A letter the user may change, for a button that posts nothing but its CSRF token."""
    session = db.session()
    record, plan = _letter(session, letter_id, edit=True)
    if not SimpleForm().validate_on_submit():
        abort(400)
    return session, record, plan


def _refused(refused: responses.FeedbackRefused, record: FeedbackLetter):
    flash(str(refused), "error")
    return redirect(url_for("feedback.letter", letter_id=record.id))


@bp.route("/letters/<int:letter_id>/refresh", methods=["POST"])
def refresh(letter_id: int):
    session, record, plan = _posted_letter(letter_id)
    try:
        saved = lifecycle.refresh_lines(session=session, actor=g.user, plan=plan, letter=record)
    except responses.FeedbackRefused as refused:
        return _refused(refused, record)
    flash(_("The letter is up to date with the newest responses.") if saved.id == record.id else
          _("The letter had been given, so the update is version %(number)d. The letter that was given is kept.",
            number=saved.version), "success")
    return redirect(url_for("feedback.letter", letter_id=saved.id))


@bp.route("/letters/<int:letter_id>/ready", methods=["POST"])
def ready(letter_id: int):
    session = db.session()
    record, plan = _letter(session, letter_id, edit=True)
    respondent = session.get(Respondent, record.respondent_id)
    ready_form = ReadyForm(prefix="ready")
    if ready_form.validate_on_submit():
        try:
            lifecycle.mark_ready(session=session, actor=g.user, plan=plan, letter=record,
                                 reason=ready_form.ready_reason.data or "")
        except responses.FeedbackRefused as refused:
            ready_form.ready_reason.errors = [str(refused)]
        else:
            flash(_("The letter is marked as ready."), "success")
            return redirect(url_for("feedback.letter", letter_id=record.id))
    return _letter_page(session, record, plan, respondent, lines_form(record.lines, data={}),
                        ready_form=ready_form, status=422)


@bp.route("/letters/<int:letter_id>/sent", methods=["POST"])
def sent(letter_id: int):
    session = db.session()
    record, plan = _letter(session, letter_id, edit=True)
    respondent = session.get(Respondent, record.respondent_id)
    sent_form = SentForm(prefix="sent")
    if sent_form.validate_on_submit():
        when = datetime.combine(sent_form.sent_on.data, time(12, 0), tzinfo=timezone.utc)
        try:
            lifecycle.mark_sent(session=session, actor=g.user, plan=plan, letter=record,
                                how=sent_form.sent_how.data, when=when)
        except responses.FeedbackRefused as refused:
            sent_form.sent_how.errors = [str(refused)]
        else:
            flash(_("The letter is marked as given."), "success")
            return redirect(url_for("feedback.letter", letter_id=record.id))
    return _letter_page(session, record, plan, respondent, lines_form(record.lines, data={}),
                        sent_form=sent_form, status=422)


@bp.route("/letters/<int:letter_id>/read")
def read_aloud(letter_id: int):
    """The letter as the respondent sees it, reading itself aloud line by line or all at once."""
    session = db.session()
    record, plan = _letter(session, letter_id)
    built = letters.build(session=session, letter=record)
    speech_jobs.speak_after_commit(record, built)
    return render_template("feedback/letter_read.html", built=built, plan=plan, audio=letters.audio_plan(built),
                           notes=letters.language_notes(built.language, record.language))


@bp.route("/letters/<int:letter_id>/print")
def print_layout(letter_id: int):
    session = db.session()
    record, _plan = _letter(session, letter_id)
    return letters.print_html(letters.build(session=session, letter=record), for_pdf=False)


@bp.route("/letters/<int:letter_id>/letter.pdf")
def pdf(letter_id: int):
    session = db.session()
    record, plan = _letter(session, letter_id)
    data = letters.pdf_bytes(session=session, letter=record)
    response = send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=False,
                         download_name=letters.pdf_filename(plan, record), max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/letters/<int:letter_id>/speech/<key>.mp3")
def letter_audio(letter_id: int, key: str):
    """The audio of one text of this letter; no other text, even if it is cached."""
    session = db.session()
    record = db.get_or_404(FeedbackLetter, letter_id)
    plan = session.get(Plan, record.plan_id)
    get_child_or_abort(session, plan.child_id, seen=("feedback_letter", record.id))
    if not speech.SPEECH_KEY.fullmatch(key):
        abort(404)  # before the letter is built for nothing
    return speech.send_clip(key, letters.texts_to_speak(letters.build(session=session, letter=record)), private=True)


@bp.route("/letters/<int:letter_id>/listen", methods=["POST"])
def listen(letter_id: int):
    """Read together: hand over the tablet for "Did we listen?"."""
    session, record, plan = _posted_letter(letter_id)
    try:
        capture = listening.start_listening(session=session, actor=g.user, plan=plan, letter=record)
    except responses.FeedbackRefused as refused:
        return _refused(refused, record)
    lock.lock(capture.id)
    capture_speech.speak_after_commit(capture)
    return redirect(url_for("capture.talk", session_id=capture.id))
