"""Pages for plans, plan items and the agencies involved."""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlmodel import select

from .. import db
from ..auth.access import EDITOR_ROLES, can_edit_child, get_child_or_abort, get_plan_or_abort
from ..capture import lifecycle as conversations
from ..feedback import panels as feedback
from ..models import PlanAgency, PlanItem, SummaryShare
from ..people import services as people
from ..summaries import services as summaries
from ..views import current as current_views
from ..worries import services as worries
from . import services
from .forms import AgencyForm, PlanForm, PlanItemForm

# Each feature's part of the plan page: worries first, then letters and responses, then sharing; and the conversations.
PANELS = {"worries": worries, "feedback": feedback, "summaries": summaries, "conversations": conversations}

bp = Blueprint("plans", __name__)


def _worker_choices(form: PlanForm, team_id: int) -> None:
    workers = people.team_members(session=db.session(), team_id=team_id, roles=EDITOR_ROLES)
    form.allocated_worker_id.choices = [(0, _("Not allocated yet"))] + [(u.id, u.display_name) for u in workers]


@bp.route("/children/<int:child_id>/plans/new", methods=["GET", "POST"])
def new_plan(child_id: int):
    session = db.session()
    child = get_child_or_abort(session, child_id, edit=True)
    form = PlanForm()
    _worker_choices(form, child.team_id)
    if not form.is_submitted():
        form.allocated_worker_id.data = child.allocated_worker_id or 0
    if form.validate_on_submit():
        plan = services.create_plan(session=session, actor=g.user, child=child, data=form.plan_data())
        flash(_("The plan is saved. Now add what the plan says will happen."), "success")
        return redirect(url_for("plans.plan", plan_id=plan.id))
    return render_template("plans/plan_form.html", form=form, child=child, plan=None)


@bp.route("/plans/<int:plan_id>")
def plan(plan_id: int):
    session = db.session()
    record, child = get_plan_or_abort(session, plan_id)
    items = services.items(session=session, plan=record)
    return render_template(
        "plans/plan.html", plan=record, child=child, items=items,
        views=current_views.views_by_item(session=session, plan=record, items=items),
        agencies=services.agencies(session=session, plan=record),
        can_edit=can_edit_child(session, g.user, child),
        panels={name: feature.plan_panel(session=session, plan=record, user=g.user) for name, feature in PANELS.items()},
    )


@bp.route("/plans/<int:plan_id>/edit", methods=["GET", "POST"])
def edit_plan(plan_id: int):
    session = db.session()
    record, child = get_plan_or_abort(session, plan_id, edit=True)
    form = PlanForm(obj=record)
    _worker_choices(form, child.team_id)
    if not form.is_submitted():
        form.allocated_worker_id.data = record.allocated_worker_id or 0
    if form.validate_on_submit():
        services.update_plan(session=session, actor=g.user, plan=record, data=form.plan_data())
        flash(_("The changes are saved."), "success")
        return redirect(url_for("plans.plan", plan_id=record.id))
    return render_template("plans/plan_form.html", form=form, child=child, plan=record)


@bp.route("/plans/<int:plan_id>/items/new", methods=["GET", "POST"])
@bp.route("/plans/<int:plan_id>/items/<int:item_id>/edit", methods=["GET", "POST"])
def item_form(plan_id: int, item_id: int | None = None):
    session = db.session()
    record, child = get_plan_or_abort(session, plan_id, edit=True)
    item = _owned(session.get(PlanItem, item_id), record.id) if item_id else None
    form = PlanItemForm(obj=item)
    if form.validate_on_submit():
        if item:
            services.update_item(session=session, actor=g.user, plan=record, item=item,
                                 text=form.text.data, simple_text=form.simple_text.data or "")
        else:
            services.add_item(session=session, actor=g.user, plan=record,
                              text=form.text.data, simple_text=form.simple_text.data or "")
        flash(_("The plan item is saved."), "success")
        return redirect(url_for("plans.plan", plan_id=record.id))
    return render_template("plans/item_form.html", form=form, child=child, plan=record, item=item)


@bp.route("/plans/<int:plan_id>/agencies/new", methods=["GET", "POST"])
@bp.route("/plans/<int:plan_id>/agencies/<int:agency_id>/edit", methods=["GET", "POST"])
def agency_form(plan_id: int, agency_id: int | None = None):
    session = db.session()
    record, child = get_plan_or_abort(session, plan_id, edit=True)
    agency = _owned(session.get(PlanAgency, agency_id), record.id) if agency_id else None
    form = AgencyForm(obj=agency)
    if form.validate_on_submit():
        data = {"kind": form.kind.data, "name": form.name.data, "contact": form.contact.data or ""}
        services.save_agency(session=session, actor=g.user, plan=record, agency=agency, data=data)
        flash(_("The agency is saved."), "success")
        return redirect(url_for("plans.plan", plan_id=record.id))
    return render_template("plans/agency_form.html", form=form, child=child, plan=record, agency=agency)


@bp.route("/plans/<int:plan_id>/agencies/<int:agency_id>/remove", methods=["POST"])
def remove_agency(plan_id: int, agency_id: int):
    session = db.session()
    record, _child = get_plan_or_abort(session, plan_id, edit=True)
    agency = _owned(session.get(PlanAgency, agency_id), record.id)
    if session.exec(select(SummaryShare.id).where(SummaryShare.agency_id == agency.id)).first() is not None:
        # The record of what was shared with whom is kept: the agency stays on the plan.
        flash(_("%(name)s has received the views summary, so it stays on this plan to keep that record. "
                "You can change its details instead.", name=agency.name), "error")
        return redirect(url_for("plans.plan", plan_id=record.id))
    services.remove_agency(session=session, actor=g.user, plan=record, agency=agency)
    flash(_("%(name)s is no longer listed on this plan.", name=agency.name), "success")
    return redirect(url_for("plans.plan", plan_id=record.id))


def _owned(thing, plan_id: int):
    """The item or agency, if it belongs to this plan; 404 otherwise."""
    if thing is None or thing.plan_id != plan_id:
        abort(404)
    return thing
