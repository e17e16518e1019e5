"""The administrator's branding page, and the logo as letters and summaries show it."""
from __future__ import annotations

import io

from flask import Blueprint, abort, flash, g, redirect, render_template, send_file, url_for
from flask_babel import gettext as _

from .. import db
from ..auth.access import roles_required
from ..models import Role
from . import services
from .forms import BrandingForm
from .logo import LogoError

bp = Blueprint("branding", __name__)


@bp.route("/admin/branding", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def settings():
    session = db.session()
    current = services.branding(session=session)
    form = BrandingForm()
    if not form.is_submitted():
        form.service_name.data, form.contact.data = current.service_name, current.contact
    if form.validate_on_submit():
        upload = form.logo.data.read() if form.logo.data else b""
        try:
            if upload:
                services.set_logo(session=session, actor=g.user, data=upload)
            elif form.remove_logo.data:
                services.remove_logo(session=session, actor=g.user)
        except LogoError as refused:
            form.logo.errors = [str(refused)]  # nothing is saved: the words typed are shown again
        else:
            services.set_words(session=session, actor=g.user, service_name=form.service_name.data or "",
                               contact=form.contact.data or "")
            flash(_("The service's name, logo and contact line are saved."), "success")
            return redirect(url_for("branding.settings"))
    return render_template("branding/settings.html", form=form, branding=current), 422 if form.errors else 200


@bp.route("/branding/logo")
def logo():
    """The logo, for any signed-in page that shows it (letters, their print layout, summaries)."""
    current = services.branding(session=db.session())
    if not current.has_logo:
        abort(404)
    response = send_file(io.BytesIO(current.logo_bytes), mimetype=current.logo_mime, max_age=0)
    response.headers["Cache-Control"] = "private, no-cache"
    return response
