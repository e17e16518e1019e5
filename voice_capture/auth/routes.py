"""Sign in, sign out, and the signed-in user's own settings."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from .. import db
from ..audit import services as audit
from ..i18n import UI_LOCALES, language_choices
from ..sessions import end_session, password_fingerprint
from . import passwords, services, signin, sso, totp
from .forms import AccountForm, LoginForm

bp = Blueprint("auth", __name__)


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
            limits=services.Limits.from_config(current_app.config),
        )
        if result.throttled:
            form.form_errors.append(
                _("Too many tries to sign in. Wait one minute, then try again.")
            )
            return render_template("auth/login.html", form=form), 429
        if result.user is None:
            form.form_errors.append(_("The email address or password is not right. Check them and try again."))
        elif result.user.totp_secret or totp.must_enrol(result.user):
            # The password was right; the session starts only after the second factor.
            signin.await_code(result.user, signin.safe_next(request.args.get("next")))
            return redirect(url_for("totp.code" if result.user.totp_secret else "totp.enrol"))
        else:
            next_url = signin.safe_next(request.args.get("next"))
            signin.complete(result.user, how="password")
            return redirect(next_url)
    form.password.data = ""
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    id_token = session.get(signin.SSO_ID_TOKEN)
    end_session()
    flash(_("You have signed out."), "info")
    provider = sso.Provider.from_config(current_app.config)
    # Signed in through the council's provider: it signs them out too, then sends them back here.
    provider_logout = sso.logout_url(provider=provider, id_token=id_token, after=url_for("auth.login", _external=True)) \
        if provider and id_token else None
    # A page of our own leads there: the Content-Security-Policy (form-action 'self') stops a form's answer
    # from redirecting to another site.
    response = current_app.make_response(render_template("auth/signing_out.html", provider_logout=provider_logout)) \
        if provider_logout else redirect(url_for("auth.login"))
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
