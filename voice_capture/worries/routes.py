"""Recording what was done about a worry, and the admin's safeguarding procedure words."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from .. import db
from ..auth.access import get_plan_or_abort, roles_required
from ..models import Role, Worry
from . import services
from .forms import ActionForm, ProcedureForm

bp = Blueprint("worries", __name__)


@bp.route("/worries/<int:worry_id>/done", methods=["GET", "POST"])
def record(worry_id: int):
    session = db.session()
    worry = db.get_or_404(Worry, worry_id)
    plan, child = get_plan_or_abort(session, worry.plan_id, edit=True)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            services.record_action(session=session, actor=g.user, worry=worry, text=form.action_taken.data)
        except services.WorryError as error:
            form.action_taken.errors.append(str(error))
        else:
            flash(_("What was done is recorded."), "success")
            return redirect(url_for("plans.plan", plan_id=plan.id))
    return render_template("worries/record.html", form=form, worry=worry, plan=plan, child=child,
                           procedure=services.procedure_text(session)), 200 if not form.errors else 422


@bp.route("/admin/safeguarding", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def procedure():
    session = db.session()
    form = ProcedureForm()
    if not form.is_submitted():
        form.text.data = services.procedure_text(session)
    if form.validate_on_submit():
        services.set_procedure(session=session, actor=g.user, text=form.text.data)
        flash(_("The safeguarding procedure is saved."), "success")
        return redirect(url_for("worries.procedure"))
    return render_template("worries/procedure.html", form=form), 200 if not form.errors else 422
