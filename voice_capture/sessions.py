"""Who is signed in: login required by default, and signing out after a quiet spell."""
from __future__ import annotations

import hashlib
import secrets
import time
from datetime import timedelta

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from sqlalchemy import delete
from sqlmodel import select

from . import db
from .auth.lock import CHILD_MODE
from .models import EndedSession, User, utcnow
from .security import PUBLIC_ASSETS

# The only pages anyone may open without signing in.
PUBLIC_ENDPOINTS = frozenset({"auth.login", "main.healthz", "main.about", "static", "favicon",
                              "totp.code", "totp.enrol", "sso.start", "sso.callback",
                              "metrics"})  # /metrics checks for itself: an administrator or the local network


def password_fingerprint(user: User) -> str:
    """Changes whenever the password does, so a password change ends every other session."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def start_session(user: User) -> None:
    """A new session at every login: nothing from before it survives."""
    session.clear()
    session.permanent = True
    session["uid"] = user.id
    session["sid"] = secrets.token_urlsafe(24)  # names this session, so signing out can end it for good
    session["pw"] = password_fingerprint(user)
    session["login_at"] = session["seen"] = time.time()


def load_user():
    g.user = None
    uid = session.get("uid")
    if uid is None:
        return
    now = time.time()
    config = current_app.config
    # A tablet in child mode is locked to its conversation, so a quiet spell there (an upset child,
    # a break) must not end it: only the absolute limit applies.
    idle = now - session.get("seen", now) > config["IDLE_TIMEOUT"].total_seconds()
    expired = now - session.get("login_at", 0) > config["SESSION_MAX_AGE"].total_seconds()
    if expired or (idle and session.get(CHILD_MODE) is None):
        session.clear()
        flash(_("You were signed out because nothing happened for a while. Please sign in again."), "info")
        return
    sid = session.get("sid")
    # One query: the user, and whether this session was signed out of (a copied cookie).
    found = db.session().exec(select(User, EndedSession.sid).outerjoin(EndedSession, EndedSession.sid == sid)
                              .where(User.id == uid)).first() if sid else None
    user, ended = found if found else (None, None)
    if user is None or ended is not None or not user.is_active or session.get("pw") != password_fingerprint(user):
        session.clear()
        return
    if request.endpoint not in PUBLIC_ASSETS and now - session.get("seen", 0) >= config["IDLE_STAMP_EVERY"].total_seconds():
        session["seen"] = now  # at most once a minute, never for a picture or a file: no Set-Cookie on those
    g.user = user


def end_session() -> None:
    """Sign out: this session's cookie stops working everywhere, copies included. Records older than
    the longest a session can last are no longer needed, and go."""
    sid = session.get("sid")
    if sid and db.session().get(EndedSession, sid) is None:
        db.session().add(EndedSession(sid=sid))
        oldest = utcnow() - current_app.config["SESSION_MAX_AGE"] - timedelta(hours=1)
        db.session().execute(delete(EndedSession).where(EndedSession.ended_at < oldest))
    session.clear()


def require_login():
    if g.user is not None or request.endpoint in PUBLIC_ENDPOINTS:
        return None
    next_path = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.login", next=next_path))


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, except that a public file (a symbol, a static file) neither sends
    the cookie nor says it varies by cookie: the browser then keeps one copy whoever is signed in."""

    def save_session(self, app, session, response):
        if request.endpoint in PUBLIC_ASSETS and not session.modified:
            return
        super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    app.session_interface = CookieSessions()
    app.before_request(load_user)
    app.before_request(require_login)

    @app.context_processor
    def user_context():
        return {"current_user": g.get("user")}
