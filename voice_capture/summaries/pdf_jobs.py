"""The views summary's PDF made by a background job and kept in the shared media store for a day.

WeasyPrint takes a second or more: opening the summary page asks a worker for its PDF, and every app server then
serves that file. The key is a digest of the summary's HTML, so a changed summary is a new PDF and an unchanged
one is made once."""
from __future__ import annotations

import hashlib

from flask import current_app, render_template
from flask_babel import force_locale, get_locale

from .. import db, jobs
from ..branding import services as branding
from ..media import media_store
from ..models import Plan
from ..pdf import render_pdf
from . import services

PREFIX = "summaries/"
KEEP_SECONDS = 24 * 3600  # a summary names children and their words: kept only as long as it is useful


def summary_html(*, session, plan: Plan) -> str:
    """The summary as the PDF draws it: with the service's name, its logo as a data: address, and the worker."""
    service = branding.branding(session=session)
    return render_template("summaries/summary_pdf.html", summary=services.build_summary(session=session, plan=plan),
                           service=service, logo_src=service.logo_uri, worker=services.worker(session=session, plan=plan))


def _media_key(plan_id: int, html: str) -> str:
    return f"{PREFIX}plan{plan_id}-{hashlib.sha256(html.encode()).hexdigest()[:40]}.pdf"


def prepare_after_commit(*, session, plan: Plan) -> None:
    """Once the request is committed, a job makes the PDF of the summary as it is now (when it is not kept yet),
    so that the download a moment later is served from the store by whichever server gets it."""
    key = _media_key(plan.id, summary_html(session=session, plan=plan))
    jobs.enqueue_after_commit("summary-pdf", jobs.job_key("summary-pdf", key),
                              {"plan_id": plan.id, "locale": str(get_locale() or "en")})


def summary_pdf(*, session, plan: Plan) -> bytes:
    """The PDF of the summary as it is now: from the store when a job made it, or made here (and then kept)."""
    html = summary_html(session=session, plan=plan)
    store, key = media_store(current_app._get_current_object()), _media_key(plan.id, html)
    data = store.get(key)
    if data is None:
        data = render_pdf(html)
        db.after_commit(lambda: store.put(key, data))
    return data


@jobs.handler("summary-pdf")
def _make(*, session, payload) -> None:
    plan = session.get(Plan, payload.get("plan_id"))
    if plan is None:
        raise jobs.Gone
    store = media_store(current_app._get_current_object())
    store.prune(PREFIX, KEEP_SECONDS)
    with force_locale(payload.get("locale") or "en"):
        html = summary_html(session=session, plan=plan)
        store.put(_media_key(plan.id, html), render_pdf(html))
