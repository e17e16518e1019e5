"""The views summary for a plan review, and which agencies it was shared with."""
from __future__ import annotations

from flask import Blueprint, flash, g, make_response, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from .. import db
from ..auth.access import can_edit_child, get_plan_or_abort
from ..branding import services as branding
from ..labels import label
from . import pdf_jobs, services
from .forms import ShareForm

bp = Blueprint("summaries", __name__)
bp.add_app_template_filter(services.outcome_label, "summary_outcome")


@bp.route("/plans/<int:plan_id>/summary")
def summary(plan_id: int):
    session = db.session()
    plan, child = get_plan_or_abort(session, plan_id)
    pdf_jobs.prepare_after_commit(session=session, plan=plan)
    return render_template(
        "summaries/summary.html", summary=services.build_summary(session=session, plan=plan), plan=plan,
        child=child, sharing=services.sharing(session=session, plan=plan),
        can_edit=can_edit_child(session, g.user, child), **_branding(session, plan),
    )


def _branding(session, plan) -> dict:
    """The service's name, logo (its address; the PDF has it as a data: address) and contact, and the worker."""
    service = branding.branding(session=session)
    logo = url_for("branding.logo") if service.has_logo else ""
    return {"service": service, "logo_src": logo, "worker": services.worker(session=session, plan=plan)}


@bp.route("/plans/<int:plan_id>/summary.pdf")
def summary_pdf(plan_id: int):
    session = db.session()
    plan, _child = get_plan_or_abort(session, plan_id)
    response = make_response(pdf_jobs.summary_pdf(session=session, plan=plan))
    response.headers["Content-Type"] = "application/pdf"
    filename = f"views-summary-plan-{plan.id}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/plans/<int:plan_id>/summary/shared", methods=["GET", "POST"])
def record_share(plan_id: int):
    session = db.session()
    plan, child = get_plan_or_abort(session, plan_id, edit=True)
    agencies = [entry.agency for entry in services.sharing(session=session, plan=plan)]
    form = ShareForm()
    form.agency_id.choices = [(0, _("Choose an agency"))] + [
        (agency.id, _("%(name)s (%(kind)s)", name=agency.name, kind=label(agency.kind))) for agency in agencies]
    if form.validate_on_submit():
        try:
            share = services.record_share(session=session, actor=g.user, plan=plan, agency_id=form.agency_id.data,
                                          shared_on=form.shared_on.data, how=form.how.data or "")
        except services.ShareRefused as refused:
            getattr(form, refused.field).errors.append(str(refused))
        else:
            agency = next(a for a in agencies if a.id == share.agency_id)
            flash(_("The summary was shared with %(name)s on %(date)s. This is now recorded.",
                    name=agency.name, date=format_date(share.shared_on)), "success")
            return redirect(url_for("plans.plan", plan_id=plan.id, _anchor="summary-title"))
    return render_template("summaries/share_form.html", form=form, plan=plan, child=child, agencies=agencies)
