"""Sign in, sign out, and the signed-in user's own settings."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from .. import db
from ..audit import services as audit
from ..i18n import UI_LOCALES, language_choices
from ..sessions import end_session, password_fingerprint, start_session
from . import passwords, services
from .forms import AccountForm, LoginForm

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only a path on this site; anything else (another host, control characters) goes to the start."""
    if target and not any(ord(c) < 0x20 or ord(c) == 0x7F or c == "\\" for c in target):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("main.dashboard")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if g.user is not None:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        result = services.authenticate(
            session=db.session(),
            email=form.email.data,
            password=form.password.data,
            remote_addr=request.remote_addr or "",
            limit=current_app.config["LOGIN_FAILURE_LIMIT"],
            window=current_app.config["LOGIN_FAILURE_WINDOW"],
        )
        if result.throttled:
            form.form_errors.append(
                _("Too many tries to sign in. Wait one minute, then try again.")
            )
            return render_template("auth/login.html", form=form), 429
        if result.user is None:
            form.form_errors.append(_("The email address or password is not right. Check them and try again."))
        else:
            next_url = _safe_next(request.args.get("next"))
            start_session(result.user)
            audit.record(session=db.session(), actor=result.user, action="login", entity_type="user",
                         entity_id=result.user.id)
            return redirect(next_url)
    form.password.data = ""
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    end_session()
    flash(_("You have signed out."), "info")
    response = redirect(url_for("auth.login"))
    # Answers waiting on a tablet belong to the signed-in session: none outlive it.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/account", methods=["GET", "POST"])
def account():
    form = AccountForm(locale=g.user.locale or "", contact_phone=g.user.contact_phone,
                       contact_email=g.user.contact_email)
    form.locale.choices = [("", _("Same as my browser"))] + language_choices(UI_LOCALES)
    if form.validate_on_submit():
        if form.new_password.data:
            if not passwords.verify_password(g.user.password_hash, form.current_password.data or ""):
                form.current_password.errors.append(_("Your current password is not right."))
                return render_template("auth/account.html", form=form)
            g.user.password_hash = passwords.hash_password(form.new_password.data)
            session["pw"] = password_fingerprint(g.user)  # this session goes on; every other one ends
        g.user.locale = form.locale.data or None
        g.user.contact_phone, g.user.contact_email = form.contact_phone.data or "", form.contact_email.data or ""
        db.session().add(g.user)
        audit.record(session=db.session(), actor=g.user, action="update", entity_type="user", entity_id=g.user.id,
                     detail="account settings")
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form)
