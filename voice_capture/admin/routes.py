"""Administrators' pages: accounts and teams."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from .. import db
from ..audit import services as audit
from ..auth.access import roles_required
from ..auth.services import AccountError, create_user
from ..models import Role, Team, User
from . import services
from .forms import EditUserForm, NewUserForm, TeamForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@roles_required(Role.ADMIN)
def admins_only():
    return None


def _team_choices(form) -> None:
    teams = services.all_teams(session=db.session())
    form.team_id.choices = [(0, _("No team (administrators only)"))] + [(t.id, t.name) for t in teams]


@bp.route("/users")
def users():
    return render_template("admin/users.html", users=services.all_users(session=db.session()))


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    form = NewUserForm()
    _team_choices(form)
    if form.validate_on_submit():
        session = db.session()
        try:
            user = create_user(session=session, email=form.email.data, display_name=form.display_name.data,
                               password=form.password.data, role=form.role.data,
                               team=session.get(Team, form.team_id.data) if form.team_id.data else None)
        except AccountError as error:
            form.form_errors.append(str(error))
        else:
            user.is_active = form.is_active.data
            audit.record(session=session, actor=g.user, action="create", entity_type="user", entity_id=user.id)
            flash(_("The account for %(name)s is ready.", name=user.display_name), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def edit_user(user_id: int):
    session = db.session()
    user = db.get_or_404(User, user_id)
    form = EditUserForm(obj=user)
    _team_choices(form)
    if not form.is_submitted():
        form.team_id.data = user.team_id or 0
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in ("display_name", "email", "role", "team_id", "is_active")}
        try:
            services.update_user(session=session, actor=g.user, user=user, data=data, password=form.password.data)
        except AccountError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("The changes are saved."), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user)


@bp.route("/teams", methods=["GET", "POST"])
def teams():
    form = TeamForm()
    if form.validate_on_submit():
        try:
            services.create_team(session=db.session(), actor=g.user, name=form.name.data)
        except AccountError as error:
            form.name.errors.append(str(error))
        else:
            flash(_("The team is added."), "success")
            return redirect(url_for("admin.teams"))
    return render_template("admin/teams.html", form=form, teams=services.all_teams(session=db.session()))
