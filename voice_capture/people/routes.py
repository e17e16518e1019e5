"""Pages for a child, their communication profile and their family."""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from .. import db
from ..auth.access import EDITOR_ROLES, can_edit_child, can_edit_profile, can_view_audit, get_child_or_abort, roles_required
from ..models import Child, Respondent, Role
from . import services
from .forms import ChildForm, CommunicationProfileForm, RespondentForm

bp = Blueprint("people", __name__, url_prefix="/children")


def _allocation_choices(form: ChildForm, team_id: int) -> None:
    session = db.session()
    workers = services.team_members(session=session, team_id=team_id, roles=EDITOR_ROLES)
    form.allocated_worker_id.choices = [(0, _("Not allocated yet"))] + [(u.id, u.display_name) for u in workers]
    practitioners = services.team_members(session=session, team_id=team_id, roles=(Role.PRACTITIONER,))
    form.practitioner_ids.choices = [(u.id, u.display_name) for u in practitioners]


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*EDITOR_ROLES)
def new_child():
    form = ChildForm()
    _allocation_choices(form, g.user.team_id)
    if not form.is_submitted():
        form.allocated_worker_id.data = g.user.id
    if form.validate_on_submit():
        child = services.create_child(
            session=db.session(), actor=g.user, team_id=g.user.team_id, child_data=form.child_data(),
            profile=form.profile_data(), practitioners=form.practitioner_ids.data or [],
        )
        flash(_("%(name)s has been added.", name=child.given_name), "success")
        return redirect(url_for("people.child", child_id=child.id))
    return render_template("people/child_form.html", form=form, child=None)


@bp.route("/<int:child_id>")
def child(child_id: int):
    session = db.session()
    record = get_child_or_abort(session, child_id)
    return render_template(
        "people/child.html",
        child=record,
        me=services.self_respondent(session=session, child=record),
        family=services.family(session=session, child=record),
        plans=services.plans_for(session=session, child=record),
        can_edit=can_edit_child(session, g.user, record),
        can_edit_profile=can_edit_profile(session, g.user, record),
        can_audit=can_view_audit(g.user, record),
    )


@bp.route("/<int:child_id>/edit", methods=["GET", "POST"])
def edit_child(child_id: int):
    session = db.session()
    record = get_child_or_abort(session, child_id, edit=True)
    me = services.self_respondent(session=session, child=record)
    form = ChildForm(obj=_FormSource(record, me))
    _allocation_choices(form, record.team_id)
    if not form.is_submitted():
        form.allocated_worker_id.data = record.allocated_worker_id or 0
        form.practitioner_ids.data = services.practitioner_ids(session=session, child=record)
    if form.validate_on_submit():
        services.update_child(
            session=session, actor=g.user, child=record, child_data=form.child_data(),
            profile=form.profile_data(), practitioners=form.practitioner_ids.data or [],
        )
        flash(_("The changes are saved."), "success")
        return redirect(url_for("people.child", child_id=record.id))
    return render_template("people/child_form.html", form=form, child=record)


@bp.route("/<int:child_id>/profile", methods=["GET", "POST"])
def edit_profile(child_id: int):
    session = db.session()
    record = get_child_or_abort(session, child_id)
    if not can_edit_profile(session, g.user, record):
        abort(403)
    me = services.self_respondent(session=session, child=record)
    form = CommunicationProfileForm(obj=me)
    if form.validate_on_submit():
        services.update_profile(session=session, actor=g.user, respondent=me, profile=form.profile_data())
        flash(_("The communication profile is saved."), "success")
        return redirect(url_for("people.child", child_id=record.id))
    return render_template("people/profile_form.html", form=form, child=record, respondent=me)


@bp.route("/<int:child_id>/family/new", methods=["GET", "POST"])
def new_respondent(child_id: int):
    session = db.session()
    record = get_child_or_abort(session, child_id, edit=True)
    form = RespondentForm()
    if form.validate_on_submit():
        services.add_respondent(session=session, actor=g.user, child=record, data=form.respondent_data())
        flash(_("%(name)s has been added to the family.", name=form.preferred_name.data), "success")
        return redirect(url_for("people.child", child_id=record.id))
    return render_template("people/respondent_form.html", form=form, child=record, respondent=None)


@bp.route("/<int:child_id>/family/<int:respondent_id>/edit", methods=["GET", "POST"])
def edit_respondent(child_id: int, respondent_id: int):
    session = db.session()
    record = get_child_or_abort(session, child_id, edit=True)
    respondent = session.get(Respondent, respondent_id)
    if respondent is None or respondent.child_id != record.id or respondent.relationship == "child":
        abort(404)
    form = RespondentForm(obj=respondent)
    if form.validate_on_submit():
        services.update_profile(session=session, actor=g.user, respondent=respondent, profile=form.respondent_data())
        flash(_("The changes are saved."), "success")
        return redirect(url_for("people.child", child_id=record.id))
    return render_template("people/respondent_form.html", form=form, child=record, respondent=respondent)


class _FormSource:
    """Fills the child form from the child's record and their own communication profile."""

    def __init__(self, child: Child, me: Respondent):
        self._child, self._me = child, me

    def __getattr__(self, name):
        if hasattr(self._child, name) and name not in CommunicationProfileForm.PROFILE_FIELDS:
            return getattr(self._child, name)
        return getattr(self._me, name)
