"""Who is signed in: login required by default, and signing out after a quiet spell."""
from __future__ import annotations

import time

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _

from . import db
from .models import User

# The only pages anyone may open without signing in.
PUBLIC_ENDPOINTS = frozenset({"auth.login", "main.healthz", "main.about", "static"})


def load_user():
    g.user = None
    uid = session.get("uid")
    if uid is None:
        return
    now = time.time()
    idle_limit = current_app.config["IDLE_TIMEOUT"].total_seconds()
    if now - session.get("seen", now) > idle_limit:
        session.clear()
        flash(_("You were signed out because nothing happened for a while. Please sign in again."), "info")
        return
    user = db.session().get(User, uid)
    if user is None or not user.is_active:
        session.clear()
        return
    session["seen"] = now
    g.user = user


def require_login():
    if g.user is not None or request.endpoint in PUBLIC_ENDPOINTS:
        return None
    next_path = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.login", next=next_path))


def init_app(app: Flask) -> None:
    app.before_request(load_user)
    app.before_request(require_login)

    @app.context_processor
    def user_context():
        return {"current_user": g.get("user")}
