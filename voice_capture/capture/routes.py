"""Child mode: start a conversation, show one step at a time, save answers, review, lock and unlock."""
from __future__ import annotations

import secrets

from flask import Blueprint, abort, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from .. import db
from ..audit import services as audit
from ..auth import lock
from ..auth import services as auth_services
from ..auth.access import (
    CASE_ROLES,
    can_edit_child,
    conversation_child_id,
    conversation_or_abort,
    get_child_or_abort,
    get_plan_or_abort,
    locked_conversation_or_abort,
    roles_required,
)
from ..conversations.step_types import Step
from ..i18n import language_name
from ..models import CaptureSession, ConversationScript, Respondent, SessionStatus, User
from ..people import services as people
from ..speech import service as speech
from ..views import conversation as conversation_views
from ..views.paths import answer_keys, reachable
from ..worries import services as worries
from . import lifecycle, services, speech_jobs
from .forms import CloseForm, StartForm, UnlockForm
from .preview import signature_ok
from .screen_words import screen_words

bp = Blueprint("capture", __name__)


def _locked_capture(session_id: int) -> CaptureSession:
    """The conversation this tablet is locked to; anyone else's gets 403."""
    return locked_conversation_or_abort(db.get_or_404(CaptureSession, session_id))


@bp.route("/plans/<int:plan_id>/talk/new", methods=["GET", "POST"])
def start(plan_id: int):
    session = db.session()
    plan, child = get_plan_or_abort(session, plan_id)
    respondents = [people.self_respondent(session=session, child=child)] + people.family(session=session, child=child)
    options = {f"{r.id}:{s.id}": (r, s) for r in respondents for s in services.scripts_for(session=session, respondent=r)}
    earlier = {key: lifecycle.unfinished(session=session, plan=plan, respondent=r, script=s)
               for key, (r, s) in options.items()}
    form = StartForm()
    form.conversation.choices = [
        (key, _("%(name)s: %(title)s (not finished yet)", name=r.preferred_name, title=s.title) if earlier[key]
         else _("%(name)s: %(title)s", name=r.preferred_name, title=s.title)) for key, (r, s) in options.items()
    ]
    if form.validate_on_submit():
        unfinished = earlier[form.conversation.data]
        if unfinished is not None and request.form.get("again") != str(unfinished.id):
            return _start_page(form, plan, child, options, pending=unfinished)  # offer to continue it first
        respondent, script = options[form.conversation.data]
        capture = services.start(session=session, actor=g.user, plan=plan, respondent=respondent, script=script)
        if unfinished is not None:
            try:
                lifecycle.replace(session=session, actor=g.user, earlier=unfinished, replacement=capture,
                                  seen_version=_version(request.form.get("version")))
            except lifecycle.ConversationRefused as refusal:  # 409: nothing of this request is kept
                return _start_page(form, plan, child, options, pending=unfinished, refusal=str(refusal), status=409)
        lock.lock(capture.id)
        speech_jobs.speak_after_commit(capture)
        return redirect(url_for("capture.talk", session_id=capture.id))
    return _start_page(form, plan, child, options)


def _start_page(form, plan, child, options, *, pending=None, refusal: str = "", status: int = 200):
    session = db.session()
    row = lifecycle.conversation_row(session=session, capture=pending) if pending is not None else None
    return render_template("capture/start.html", form=form, plan=plan, child=child, notes=_language_notes(options.values()),
                           pending=row, refusal=refusal,
                           may_resume=pending is not None and lifecycle.may_resume(g.user, pending),
                           may_close=pending is not None and lifecycle.may_close(session, g.user, pending)), status


def _version(value) -> int:
    """The conversation's version as a page sent it back; anything else matches no version."""
    return int(value) if isinstance(value, str) and value.strip().isdigit() else 0


def _language_notes(options) -> list[str]:
    """Tell the practitioner, before the tablet is handed over, what will not be in the family's language."""
    notes = []
    for respondent, script in {r.id: (r, s) for r, s in options}.values():
        if script.language != respondent.language:
            notes.append(_("There is no conversation in %(language)s yet, so %(name)s's will be in %(script)s.",
                           language=language_name(respondent.language), name=respondent.preferred_name,
                           script=language_name(script.language)))
    if not all(speech.speech_ready(s.language) for _r, s in options):
        notes.append(_("Recorded speech is not available on this service just now. The tablet's own voice will "
                       "read the questions if it has one."))
    return notes


@bp.route("/talk/<int:session_id>")
def talk(session_id: int):
    capture = _locked_capture(session_id)
    return _conversation_page(capture, visible=conversation_views.visible_position(session=db.session(), capture=capture))


@bp.route("/talk/<int:session_id>/change/<int:position>")
def change(session_id: int, position: int):
    capture = _locked_capture(session_id)
    if not 1 <= position <= len(capture.steps):
        abort(404)
    return _conversation_page(capture, visible=position, changing=True)


def _conversation_page(capture: CaptureSession, *, visible: int, changing: bool = False):
    session = db.session()
    respondent = session.get(Respondent, capture.respondent_id)
    answers = conversation_views.latest_answers(session=session, capture=capture)
    with force_locale(capture.locale):  # the child's page speaks the conversation's language
        return render_template(
            "capture/talk.html", capture=capture, respondent=respondent, answers=answers, visible=visible,
            changing=changing, ended=capture.status != SessionStatus.IN_PROGRESS.value,
            audio=audio_urls(capture), choosing_for_them=lock.choosing_for_them(), words=screen_words(capture.locale),
            **talk_context(capture.steps, answers),
        )


def audio_urls(capture: CaptureSession) -> dict[str, str]:
    """Each text the conversation shows, to its audio at this conversation's own address."""
    return speech.audio_urls(services.clips_to_speak(capture),
                             lambda key: url_for("capture.speech_audio", session_id=capture.id, key=key))


def talk_context(steps: list[Step], answers: dict) -> dict:
    """What the child's page needs beyond the steps: which steps are on the path so far, the keys
    answered at each position (the script decides follow-ups with them as answers arrive), and the
    newest version there (so the script knows which answers it saved that this page cannot show)."""
    keys = answer_keys(answers)
    return {"answer_keys": keys, "answer_versions": {position: view.version for position, view in answers.items()},
            "reached": {step["position"] for step in steps if reachable(steps, keys, step["position"])}}


def _capture_for_answers(session_id: int) -> tuple[CaptureSession, int | None]:
    """The locked tablet's own conversation; or, after unlocking, one this user ran (and whose child
    they may still see), so that answers still waiting on the tablet can be sent from the summary
    page. Returns the conversation, and the child's id when it came by that second way."""
    capture = db.get_or_404(CaptureSession, session_id)
    child = conversation_or_abort(db.session(), capture)
    if child is None:
        return capture, None
    if capture.started_by_id != g.user.id:
        abort(403)  # a colleague cannot add answers, as the child's own, to someone else's conversation
    return capture, child.id


def _position(value) -> int | None:
    """A step number as sent: a whole number, or a string of digits; anything else is refused."""
    if isinstance(value, bool):
        raise ValueError("not a position")
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        return int(value)
    if value in (None, ""):
        return None
    raise ValueError("not a position")


@bp.route("/talk/<int:session_id>/answer", methods=["POST"])
def answer(session_id: int):
    capture, unlocked_child_id = _capture_for_answers(session_id)
    data = _payload()
    if data is None:
        return _refused(_("That answer could not be read."), capture)
    try:
        keys = data.get("keys") if request.is_json else data.getlist("keys")
        if not isinstance(keys, list):
            raise ValueError("keys must be a list")
        saved = services.record_answer(
            session=db.session(), actor=g.user, capture=capture, position=_position(data.get("position")) or 0,
            keys=[str(key) for key in keys][:50], said=str(data.get("said") or "")[:services.MAX_SAID + 1],
            how=_how(data), idempotency_key=str(data.get("idempotency_key") or "")[:64] or _server_key(),
        )
    except (ValueError, TypeError) as error:
        if isinstance(error, services.AnswerRefused):
            return _refused(str(error), capture, code=error.code)
        return _refused(_("That answer could not be read."), capture)
    if unlocked_child_id is not None and not saved.duplicate:
        # Not from the locked tablet itself: kept in the child's audit trail as well as on the view.
        audit.record(session=db.session(), actor=g.user, action="create", entity_type="view", entity_id=saved.view.id,
                     child_id=unlocked_child_id, detail="answer waiting on the tablet, sent after unlocking")
    if request.is_json:
        return jsonify(saved=True, duplicate=saved.duplicate, view_id=saved.view.id, version=saved.view.version,
                       position=saved.view.position), 200 if saved.duplicate else 201
    return redirect(url_for("capture.talk", session_id=capture.id))


def _payload():
    """The answer as sent: a JSON object from the script, or the form without it."""
    if not request.is_json:
        return request.form
    data = request.get_json(silent=True)
    return data if isinstance(data, dict) else None


def _server_key() -> str:
    return "server-" + secrets.token_hex(16)


def _how(data) -> str:
    """How the answer was given. Without JavaScript, the adult's "choosing for them" switch says."""
    if not request.is_json and lock.choosing_for_them():
        return "on_behalf"
    return str(data.get("how") or "tapped")


def _refused(message: str, capture: CaptureSession, *, code: str = "invalid"):
    """422, with a code the answer queue acts on: "retry" (a clash; the same answer sent again will be
    stored, so it stays on the tablet) or "invalid" (the answer itself cannot be stored)."""
    if request.is_json:
        response = jsonify(saved=False, code=code, error=message)
        if code == "retry":
            response.headers["Retry-After"] = "1"
        return response, 422
    with force_locale(capture.locale):
        return render_template("capture/refused.html", message=message, capture=capture), 422


@bp.route("/talk/<int:session_id>/observe", methods=["POST"])
def observe(session_id: int):
    capture = _locked_capture(session_id)
    data = _payload()
    if data is None:
        return _refused(_("That could not be read."), capture)
    try:
        services.add_observation(session=db.session(), actor=g.user, capture=capture,
                                 position=_position(data.get("position")), text=str(data.get("text") or ""),
                                 idempotency_key=str(data.get("idempotency_key") or "")[:64] or None)
    except (ValueError, TypeError) as error:
        message = str(error) if isinstance(error, services.AnswerRefused) else _("That could not be read.")
        return _refused(message, capture)
    if request.is_json:
        return jsonify(saved=True), 201
    return redirect(url_for("capture.talk", session_id=capture.id))


@bp.route("/talk/<int:session_id>/helping", methods=["POST"])
def helping(session_id: int):
    """The adult's switch: from now on, answers on this tablet are chosen for the respondent."""
    _locked_capture(session_id)
    lock.set_choosing_for_them(request.form.get("on") == "1")
    if request.is_json or request.accept_mimetypes.best == "application/json":
        return jsonify(on=lock.choosing_for_them())
    return redirect(url_for("capture.talk", session_id=session_id))


@bp.route("/talk/<int:session_id>/finish", methods=["POST"])
def finish(session_id: int):
    capture = _locked_capture(session_id)
    services.finish(session=db.session(), actor=g.user, capture=capture)
    return redirect(url_for("capture.talk", session_id=capture.id))


@bp.route("/talk/<int:session_id>/unlock", methods=["GET", "POST"])
def unlock(session_id: int):
    capture = _locked_capture(session_id)
    form = UnlockForm()
    if form.validate_on_submit():
        result = auth_services.recheck_password(
            session=db.session(), user=g.user, password=form.password.data, remote_addr=request.remote_addr or "",
            limit=current_app.config["LOGIN_FAILURE_LIMIT"], window=current_app.config["LOGIN_FAILURE_WINDOW"])
        child_id = db.session().get(Respondent, capture.respondent_id).child_id
        if result.throttled:
            # The request's own work is rolled back (429), so the refusal is kept in its own transaction.
            audit.record_apart(engine=db.engine(), actor=g.user, action="unlock_failed", entity_type="capture_session",
                               entity_id=capture.id, child_id=child_id, detail="throttled")
            form.form_errors.append(_("Too many tries to sign in. Wait one minute, then try again."))
            return render_template("capture/unlock.html", form=form, capture=capture), 429
        audit.record(session=db.session(), actor=g.user, action="unlock" if result.user else "unlock_failed",
                     entity_type="capture_session", entity_id=capture.id, child_id=child_id)
        if result.user:
            lock.unlock()
            response = redirect(url_for("capture.summary", session_id=capture.id))
            # The conversation's speech kept by the browser goes with child mode (answers still waiting stay).
            response.headers["Clear-Site-Data"] = '"cache"'
            return response
        form.password.errors.append(_("That password is not right."))
    return render_template("capture/unlock.html", form=form, capture=capture)


@bp.route("/talk/<int:session_id>/speech/<key>.mp3")
def speech_audio(session_id: int, key: str):
    capture = db.get_or_404(CaptureSession, session_id)
    conversation_or_abort(db.session(), capture, seen=("capture_session", capture.id))
    return speech.send_clip(key, services.clips_to_speak(capture), private=True)


@bp.route("/preview/speech/<key>/<signature>.mp3")
@roles_required(*CASE_ROLES)
def preview_speech(key: str, signature: str):
    """Audio for a script preview, only for the person the preview was shown to (the address is
    signed for them), and only clips already made."""
    if not signature_ok(key, signature):
        abort(404)
    return speech.send_cached(key)


@bp.route("/conversations/<int:session_id>")
def summary(session_id: int):
    capture = db.get_or_404(CaptureSession, session_id)
    child = get_child_or_abort(db.session(), conversation_child_id(db.session(), capture),
                               seen=("capture_session", capture.id))
    return _summary_page(capture, child)


def _summary_page(capture: CaptureSession, child, *, close_form: CloseForm | None = None, refusal: str = "",
                  status: int = 200):
    session = db.session()
    respondent = session.get(Respondent, capture.respondent_id)
    views = conversation_views.session_views(session=session, capture=capture)
    script = session.get(ConversationScript, capture.script_id)
    if close_form is None:
        close_form = CloseForm(formdata=None, version=str(capture.version))
    return render_template("capture/summary.html", capture=capture, respondent=respondent, child=child,
                           views=views, script=script,
                           worries=worries.for_session(session=session, capture_id=capture.id),
                           procedure=worries.procedure_text(session),
                           can_record=can_edit_child(session, g.user, child),
                           started_by=session.get(User, capture.started_by_id),
                           replaced_by=session.get(CaptureSession, capture.replaced_by_id) if capture.replaced_by_id else None,
                           may_resume=lifecycle.may_resume(g.user, capture),
                           may_close=lifecycle.may_close(session, g.user, capture),
                           close_form=close_form, refusal=refusal), status


@bp.route("/conversations/<int:session_id>/resume", methods=["POST"])
def resume(session_id: int):
    """Carry on a conversation in progress on this tablet, where it was, with the tablet locked to it again."""
    session = db.session()
    capture = db.get_or_404(CaptureSession, session_id)
    child = get_child_or_abort(session, conversation_child_id(session, capture))
    try:
        lifecycle.resume(session=session, actor=g.user, capture=capture)
    except lifecycle.ConversationRefused as refusal:
        if capture.started_by_id != g.user.id:
            audit.record_refusal(engine=db.engine(), actor=g.user, child_id=child.id)
        return _summary_page(capture, child, refusal=str(refusal), status=403 if capture.started_by_id != g.user.id else 409)
    lock.lock(capture.id)
    speech_jobs.speak_after_commit(capture)
    return redirect(url_for("capture.talk", session_id=capture.id))


@bp.route("/conversations/<int:session_id>/close", methods=["POST"])
def close(session_id: int):
    """Close a conversation still in progress, with a reason; refused if anything changed it since the page was drawn."""
    session = db.session()
    capture = db.get_or_404(CaptureSession, session_id)
    child = get_child_or_abort(session, conversation_child_id(session, capture))
    if capture.status == SessionStatus.IN_PROGRESS.value and not lifecycle.may_close(session, g.user, capture):
        abort(403)
    form = CloseForm()
    if not form.validate_on_submit():
        return _summary_page(capture, child, close_form=form, status=422)
    try:
        lifecycle.close(session=session, actor=g.user, capture=capture, seen_version=_version(form.version.data),
                        reason=form.reason.data, keep_answers=form.answers.data == "keep")
    except lifecycle.ConversationRefused as refusal:
        return _summary_page(capture, child, close_form=form, refusal=str(refusal), status=409)
    flash(_("The conversation is closed. Its answers are kept.") if capture.status == SessionStatus.STOPPED.value
          else _("The conversation is closed and abandoned. Its answers are kept on its page but not used."), "success")
    return redirect(url_for("capture.summary", session_id=capture.id))
