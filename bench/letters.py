"""Benchmark: how long a "You said … We did …" letter takes to build, as HTML and as PDF, beside
baselines measured in the same run.

Run with `.venv/bin/python bench/letters.py`. For letters of 10, 40 and 100 views it prints the
median and 95th-percentile time of:
  - html:  voice_capture's print layout through the whole app (session, access check, audit, the
           letter built from its lines, pictures and Babel headings, the template rendered);
  - pdf:   the same letter as a PDF (WeasyPrint, with symbols and Noto fonts);
  - arabic pdf: a 40-view letter in Arabic, right to left (Arabic questions, answers and words);
and the baselines:
  - bare html: a bare Flask app rendering a minimal template with the same number of lines;
  - bare pdf:  WeasyPrint rendering a one-line page;
then each figure as a ratio of its baseline, and the targets for 40 views: HTML at most 50 ms and
PDF at most 1.5 s, in English and in Arabic (PASS or FAIL).
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from flask import Flask, render_template_string
from sqlmodel import Session, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from voice_capture import create_app, migrate  # noqa: E402
from voice_capture.auth.passwords import hash_password  # noqa: E402
from voice_capture.db import make_engine  # noqa: E402
from voice_capture.feedback.lifecycle import build_lines  # noqa: E402
from voice_capture.models import (  # noqa: E402
    Child,
    FeedbackLetter,
    Plan,
    PlanItem,
    Respondent,
    Response,
    ResponseView,
    Team,
    User,
    View,
)

SIZES = (10, 40, 100)
HTML_RUNS, PDF_RUNS = 60, 5
TARGET_HTML_MS, TARGET_PDF_S = 50.0, 1.5
PASSWORD = "bench-password-2026"
SYMBOLS = ("happy", "sad", "park", "school", "nan", "football", "music", "worried")
BARE_TEMPLATE = ("<html><body><h1>{{ title }}</h1><ol>{% for line in lines %}<li>{{ line.said }} – {{ line.did }}"
                 "</li>{% endfor %}</ol></body></html>")


def timed(call, runs: int) -> dict:
    call()  # warm up: templates compiled, fonts loaded
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        timings.append(time.perf_counter() - began)
    timings.sort()
    return {"p50": statistics.median(timings), "p95": timings[min(len(timings) - 1, int(len(timings) * 0.95))]}


ARABIC = {"shown": "كيف تشعر حيال هذا؟", "label": "سعيد", "said": "أحب أن نخرج معا.",
          "did": "فعلنا الشيء رقم {number} الذي طلبته."}


def seed(session: Session, sizes, *, language: str = "en", label: str = "") -> tuple[str, dict[int, int]]:
    team = session.exec(select(Team).where(Team.name == "Bench team")).first()
    if team is None:
        team = Team(name="Bench team")
        session.add(team)
        session.flush()
    worker = session.exec(select(User).where(User.email == "bench@example.org")).first()
    if worker is None:
        worker = User(email="bench@example.org", display_name="Bench Worker", password_hash=hash_password(PASSWORD),
                      role="social_worker", team_id=team.id)
        session.add(worker)
        session.flush()
    arabic = language == "ar"
    letters = {}
    for size in sizes:
        child = Child(given_name="Sam", family_name=f"Bench{label}{size}", date_of_birth=date(2015, 1, 1), team_id=team.id,
                      allocated_worker_id=worker.id)
        session.add(child)
        session.flush()
        sam = Respondent(child_id=child.id, relationship="child", name="Sam", preferred_name="Sam", language=language)
        plan = Plan(child_id=child.id, plan_type="child_in_need", start_date=date.today() - timedelta(days=30),
                    review_date=date.today(), allocated_worker_id=worker.id)
        session.add_all([sam, plan])
        session.flush()
        items = [PlanItem(plan_id=plan.id, position=n, text=f"Plan item {n}.") for n in range(1, 11)]
        session.add_all(items)
        session.flush()
        for number in range(size):
            symbol = SYMBOLS[number % len(SYMBOLS)]
            view = View(respondent_id=sam.id, plan_id=plan.id, plan_item_id=items[number % 10].id,
                        shown_text=ARABIC["shown"] if arabic else "How do you feel about this?", entered_how="tapped",
                        entered_by_id=worker.id,
                        chosen=[{"key": symbol, "label": ARABIC["label"] if arabic else symbol.title(), "symbol": symbol}],
                        said_text=(ARABIC["said"] if arabic else "I like it when we go out together.")
                        if number % 3 == 0 else "")
            session.add(view)
            session.flush()
            response = Response(plan_id=plan.id, plan_item_id=view.plan_item_id, outcome="done",
                                plain_words=ARABIC["did"].format(number=number + 1) if arabic else
                                f"We did thing number {number + 1} that you asked for.",
                                respondent_id=sam.id, responded_on=date.today(), written_by_id=worker.id)
            session.add(response)
            session.flush()
            session.add(ResponseView(response_id=response.id, view_id=view.id))
        letter = FeedbackLetter(respondent_id=sam.id, plan_id=plan.id, language=language, created_by_id=worker.id,
                                lines=build_lines(session=session, plan=plan, respondent=sam))
        session.add(letter)
        session.flush()
        letters[size] = letter.id
    return worker.email, letters


def bare_html_app() -> Flask:
    bare = Flask("bare")

    @bare.route("/<int:size>")
    def page(size: int):
        lines = [{"said": "Happy", "did": f"We did thing number {n + 1} that you asked for."} for n in range(size)]
        return render_template_string(BARE_TEMPLATE, title="Letter", lines=lines)

    return bare


def bare_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<html><body><p>Hello.</p></body></html>").write_pdf()


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="vc-bench-letters-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with Session(engine) as session:
        email, letter_ids = seed(session, SIZES)
        _email, arabic_ids = seed(session, (40,), language="ar", label="Arabic")
        session.commit()
    engine.dispose()

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-" + "x" * 40, "WTF_CSRF_ENABLED": False,
                      "MEDIA_URL": f"file://{folder / 'media'}", "JOBS": "inline"})
    client = app.test_client()
    login = client.post("/login", data={"email": email, "password": PASSWORD})
    assert login.status_code == 302, login.status_code
    bare = bare_html_app().test_client()

    def get(path: str, wanted: str):
        def call():
            response = client.get(path)
            assert response.status_code == 200 and response.mimetype == wanted, (path, response.status_code)
        return call

    baseline_pdf = timed(bare_pdf, PDF_RUNS)
    rows = []
    for size in SIZES:
        letter_id = letter_ids[size]
        baseline_html = timed(lambda s=size: bare.get(f"/{s}"), HTML_RUNS)
        html = timed(get(f"/letters/{letter_id}/print", "text/html"), HTML_RUNS)
        pdf = timed(get(f"/letters/{letter_id}/letter.pdf", "application/pdf"), PDF_RUNS)
        rows.append((size, html, baseline_html, pdf, baseline_pdf))
    arabic = timed(get(f"/letters/{arabic_ids[40]}/letter.pdf", "application/pdf"), PDF_RUNS)

    print(f"{'views':>6}{'html p50 ms':>13}{'p95':>8}{'bare ms':>9}{'ratio':>8}"
          f"{'pdf p50 s':>11}{'p95':>8}{'bare s':>8}{'ratio':>8}")
    for size, html, base_html, pdf, base_pdf in rows:
        print(f"{size:>6}{html['p50'] * 1000:>13.2f}{html['p95'] * 1000:>8.2f}{base_html['p50'] * 1000:>9.2f}"
              f"{html['p50'] / base_html['p50']:>8.1f}{pdf['p50']:>11.3f}{pdf['p95']:>8.3f}{base_pdf['p50']:>8.3f}"
              f"{pdf['p50'] / base_pdf['p50']:>8.1f}")
    forty = next(row for row in rows if row[0] == 40)
    html_ms, pdf_s = forty[1]["p50"] * 1000, forty[3]["p50"]
    print(f"arabic, 40 views: pdf p50 {arabic['p50']:.3f} s, p95 {arabic['p95']:.3f} s, "
          f"ratio {arabic['p50'] / baseline_pdf['p50']:.1f} to the bare pdf, {arabic['p50'] / pdf_s:.2f} to English")
    html_ok, pdf_ok, arabic_ok = html_ms <= TARGET_HTML_MS, pdf_s <= TARGET_PDF_S, arabic["p50"] <= TARGET_PDF_S
    print(f"target, 40 views: HTML <= {TARGET_HTML_MS:.0f} ms: {html_ms:.1f} ms {'PASS' if html_ok else 'FAIL'}")
    print(f"target, 40 views: PDF <= {TARGET_PDF_S:.1f} s: {pdf_s:.3f} s {'PASS' if pdf_ok else 'FAIL'}")
    print(f"target, 40 views: Arabic PDF <= {TARGET_PDF_S:.1f} s: {arabic['p50']:.3f} s {'PASS' if arabic_ok else 'FAIL'}")
    sys.exit(0 if html_ok and pdf_ok and arabic_ok else 1)


if __name__ == "__main__":
    main()
