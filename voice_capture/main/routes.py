"""The dashboard, the public health check and the about page."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import text

from .. import db, jobs
from ..errors import RETRY_AFTER_SECONDS
from ..feedback import panels as feedback
from ..models import ReadingLevel, Role
from ..readability import check
from ..readability_text import readability_message
from ..speech.engine import encoder_available, engine_available
from ..symbols.library import CREDIT
from ..worries import services as worries
from . import services

# Each feature's part of the dashboard, in the order shown: worries first, always.
PANELS = {"worries": worries, "feedback": feedback}

bp = Blueprint("main", __name__)


@bp.route("/")
def dashboard():
    if g.user.role == Role.ADMIN:
        return redirect(url_for("admin.users"))
    session = db.session()
    children = services.my_children(session=session, user=g.user)
    due = services.plans_due(session=session, user=g.user, within_days=current_app.config["REVIEW_DUE_DAYS"])
    panels = {name: feature.dashboard_panel(session=session, user=g.user) for name, feature in PANELS.items()}
    return render_template("main/dashboard.html", children=children, plans_due=due, today=date.today(), panels=panels)


@bp.route("/healthz")
def healthz():
    try:
        with db.engine().connect() as connection:
            connection.execute(text("SELECT 1"))
        database_ok = True
    except Exception:  # any failure here means "not reachable", which is what we report
        current_app.logger.exception("Health check: database unreachable")
        database_ok = False
    writable = database_ok and _database_writable()
    speech_ok = engine_available() and encoder_available()
    body = {
        "status": "ok" if writable else "unavailable",
        "database": "ok" if writable else ("read_only" if database_ok else "unavailable"),
        "speech": "ok" if speech_ok else "unavailable",
    }
    if database_ok:
        body["queue"] = _queue_check()
    if writable:
        return jsonify(body), 200
    return jsonify(body), 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def _database_writable() -> bool:
    """Whether the database takes a write; any failure to write means it cannot save answers."""
    try:
        return services.database_writable(engine=db.engine())
    except Exception:  # a read-only file, a full disk, no right to insert: it cannot save answers
        current_app.logger.exception("Health check: the database cannot be written")
        return False


def _queue_check() -> str:
    """"ok" while workers take jobs in time; "not served" when jobs wait with nobody taking them (start a worker)."""
    try:
        return "ok" if jobs.queue_served(current_app._get_current_object()) else "not served"
    except Exception:  # no job table yet, or the database went away since the check above
        current_app.logger.exception("Health check: the job queue could not be read")
        return "unavailable"


@bp.route("/about")
def about():
    return render_template("main/about.html", symbol_credit=CREDIT)


@bp.route("/readability", methods=["POST"])
def readability():
    """How easy some writing is to read for a reading level and language, for the hint shown as people type."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not isinstance(data.get("text", ""), str):
        return jsonify(error=_("That could not be read.")), 400
    text = data.get("text", "")[:5000]
    level = str(data.get("level") or ReadingLevel.SIMPLE.value)
    if level not in {member.value for member in ReadingLevel}:
        level = ReadingLevel.SIMPLE.value
    language = str(data.get("language") or "en")[:10]
    result = check(text, level, language)
    return jsonify(**result.as_dict(), message=readability_message(result))
