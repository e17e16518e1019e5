"""Signing in through the council's OpenID Connect provider: sending the browser there, and its answer."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from sqlmodel import Session

from .. import db
from ..audit import services as audit
from . import signin, sso

bp = Blueprint("sso", __name__)
# Only this browser's answer may finish its sign-in. Lax, not Strict like the session: the provider's answer
# arrives as a navigation from another site, which never carries a Strict cookie.
STATE_COOKIE = "vc_sso_state"


@bp.app_context_processor
def sso_context():
    return {"sso_enabled": bool(current_app.config.get("OIDC_ISSUER"))}


def _provider() -> sso.Provider:
    provider = sso.Provider.from_config(current_app.config)
    if provider is None:
        abort(404)
    return provider


def _unavailable():
    message = _("Your council's sign-in service cannot be reached just now. Try again in a few minutes, "
                "or sign in with your password if you have one.")
    return render_template("auth/sso_refused.html", message=message), 503


@bp.route("/login/sso")
def start():
    provider = _provider()
    try:
        url, state = sso.begin(session=db.session(), provider=provider, redirect_uri=_callback_url(),
                               next_url=signin.safe_next(request.args.get("next")))
    except sso.ProviderUnavailable:
        return _unavailable()
    response = current_app.redirect(url)
    response.set_cookie(STATE_COOKIE, state, max_age=int(sso.REQUEST_LIFETIME.total_seconds()), path="/login/sso",
                        secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax")
    return response


def _callback_url() -> str:
    return url_for("sso.callback", _external=True)


@bp.route("/login/sso/callback")
def callback():
    provider = _provider()
    # The waiting sign-in is used up in its own transaction, so even a refused answer cannot be sent again.
    with Session(db.engine()) as own:
        pending = sso.take_request(session=own, state=request.args.get("state"),
                                   browser_state=request.cookies.get(STATE_COOKIE))
        own.commit()
    if isinstance(pending, str):
        return _refuse(pending)
    if request.args.get("error"):
        return _refuse("provider_said_no")
    try:
        result = sso.finish(session=db.session(), provider=provider, pending=pending, code=request.args.get("code"),
                            redirect_uri=_callback_url())
    except sso.ProviderUnavailable:
        return _unavailable()
    if result.user is None:
        return _refuse(result.refusal, result.email)
    signin.complete(result.user, how="single sign-on", id_token=result.id_token)
    # A page of our own, not a redirect: the next request then comes from this site and carries the
    # SameSite=Strict session cookie just set.
    response = current_app.make_response(render_template("auth/signed_in.html", next_url=pending.next_url or "/"))
    response.delete_cookie(STATE_COOKIE, path="/login/sso")
    return response


def _refuse(reason: str, email: str = ""):
    """Refused plainly, and audited in its own transaction (the request's own work is rolled back)."""
    audit.record_apart(engine=db.engine(), actor=None, action="sso_refused", entity_type="user",
                       detail=f"{reason} {email}".strip())
    if reason == "unknown_email":
        message = _("There is no account here for %(email)s. Ask your administrator to make one for you, "
                    "then sign in again.", email=email)
    else:
        message = _("Signing in with your council account did not work. Please start again.")
    response = current_app.make_response((render_template("auth/sso_refused.html", message=message), 400))
    response.delete_cookie(STATE_COOKIE, path="/login/sso")
    return response
