"""The second factor's pages: the code after the password, and setting up an authenticator app."""
from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, render_template, session, url_for
from flask_babel import gettext as _

from .. import db
from ..audit import services as audit
from . import services, signin, totp
from .forms import CodeForm, EnrolForm

bp = Blueprint("totp", __name__)
NEW_SECRET = "totp_new_secret"  # the secret being set up, kept until the app proves it holds it


@bp.route("/login/code", methods=["GET", "POST"])
def code():
    pending = signin.pending_user()
    if pending is None or not pending[0].totp_secret:
        return redirect(url_for("auth.login"))
    user, next_url = pending
    form = CodeForm()
    if form.validate_on_submit():
        result = services.check_second_factor(session=db.session(), user=user, code=form.code.data,
                                              limits=services.Limits.from_config(current_app.config))
        if result.throttled:
            form.form_errors.append(_("Too many wrong codes. Wait one minute, then try again."))
            return render_template("auth/code.html", form=form), 429
        if result.user is not None:
            signin.complete(user, how="password and code")
            return redirect(next_url)
        form.code.errors.append(_("That code is not right. Type the numbers your app shows now, "
                                  "or a recovery code you have not used before."))
    form.code.data = ""
    return render_template("auth/code.html", form=form)


@bp.route("/login/enrol", methods=["GET", "POST"])
def enrol():
    """For a signed-in user (from My account), or for an administrator whose password was just right and
    who has no authenticator app yet: they are not signed in until it is set up."""
    if g.user is not None:
        user, next_url = g.user, url_for("auth.account")
    else:
        pending = signin.pending_user()
        if pending is None or not totp.must_enrol(pending[0]):
            return redirect(url_for("auth.login"))
        user, next_url = pending
    secret = session.get(NEW_SECRET) or totp.new_secret()
    session[NEW_SECRET] = secret
    form = EnrolForm()
    replacing = user.totp_secret is not None
    if form.validate_on_submit():
        if replacing and not totp.use_code(session=db.session(), user=user, code=form.current_code.data or ""):
            form.current_code.errors.append(_("Type a code from your old app, or a recovery code, to show it is you."))
            return _enrol_page(form, secret, user, replacing)
        codes = totp.enrol(session=db.session(), user=user, secret=secret, code=form.code.data)
        if codes is not None:
            return _enrolled(user, codes, next_url)
        form.code.errors.append(_("That code is not right. Check the app shows voice_capture, then type the "
                                  "numbers it shows now."))
    return _enrol_page(form, secret, user, replacing)


def _enrol_page(form, secret: str, user, replacing: bool):
    uri = totp.provisioning_uri(secret=secret, email=user.email)
    return render_template("auth/enrol.html", form=form, secret=secret, replacing=replacing,
                           qr_code=totp.qr_code_svg(uri, _("QR code for your authenticator app")),
                           spaced_secret=" ".join(secret[i:i + 4] for i in range(0, len(secret), 4)))


def _enrolled(user, codes: list[str], next_url: str):
    session.pop(NEW_SECRET, None)
    if g.user is None:
        signin.complete(user, how="password and code (set up now)")
    audit.record(session=db.session(), actor=user, action="update", entity_type="user", entity_id=user.id,
                 detail="second factor set up")
    # Shown once, in this answer only (pages are never cached): only their hashes are kept.
    return render_template("auth/recovery_codes.html", codes=codes, next_url=next_url)
