"""The views summary for a plan review: every current view grouped by plan item, whose words it is and
how it was given, with the responses beside them, as a page and a PDF; and recording who it was shared with."""
from __future__ import annotations

import io
import re
from datetime import date, timedelta
from html import unescape

import pytest
from pypdf import PdfReader
from sqlmodel import select

from voice_capture.models import (
    AuditEvent,
    ChildPractitioner,
    PlanAgency,
    PlanItem,
    Relationship,
    Respondent,
    Response,
    ResponseView,
    Role,
    SummaryShare,
    View,
)

SCRIPT = "<script>alert('views')</script>"
MARKUP = "<b>bold</b> & <i>more</i>"


@pytest.fixture
def family_plan(db, logged_in, make_child, make_plan):
    """A plan with two items, two agencies, the child and their mum, and views of every kind."""
    child = make_child(team=logged_in.user.team_id)
    plan = make_plan(child, items=("Sam goes to all his appointments.", "Sam goes to school every day."))
    db.add(PlanAgency(plan_id=plan.id, kind="school", name="Meadow Primary School"))
    sam = db.exec(select(Respondent).where(Respondent.child_id == child.id)).one()
    mum = Respondent(child_id=child.id, relationship=Relationship.PARENT.value, name="Claire Taylor",
                     preferred_name="Claire")
    brother = Respondent(child_id=child.id, relationship=Relationship.SIBLING.value, name="Jo Taylor",
                         preferred_name="Jo")
    db.add_all([mum, brother])
    db.flush()
    first, second = db.exec(select(PlanItem).where(PlanItem.plan_id == plan.id).order_by(PlanItem.position)).all()
    me = logged_in.user.id

    def view(who, item, how, *, shown="", chosen=(), said="", **extra):
        record = View(respondent_id=who.id, plan_id=plan.id, plan_item_id=item.id if item else None,
                      shown_text=shown, chosen=[{"key": c.lower(), "label": c, "symbol": None} for c in chosen],
                      said_text=said, entered_how=how, entered_by_id=me, **extra)
        db.add(record)
        db.flush()
        return record

    old = view(sam, first, "tapped", shown="How do you feel about your appointments?", chosen=["Sad"])
    views = {
        "sam_tapped": view(sam, first, "tapped", shown="How do you feel about your appointments?",
                           chosen=["Worried"], version=2, replaces_id=old.id),
        "observed": view(sam, first, "observed", said="Sam covered his ears when the doctor was mentioned."),
        "mum_typed": view(mum, first, "typed", shown="What do you think?", said="The bus journey is too long."),
        "sam_school": view(sam, second, "on_behalf", shown="How is school?", chosen=["Happy"]),
        "sam_general": view(sam, None, "keyboard", shown="Anything else?", said="I want a dog."),
    }
    moved = Response(plan_id=plan.id, plan_item_id=first.id, outcome="plan_changed",
                     plain_words="Appointments are now at the school nurse's room.", reason="Less travel.",
                     written_by_id=me, responded_on=date.today())
    told = Response(plan_id=plan.id, plan_item_id=second.id, outcome="done",
                    plain_words="School was told Sam is happy there.", written_by_id=me)
    db.add_all([moved, told])
    db.flush()
    db.add(ResponseView(response_id=moved.id, view_id=views["sam_tapped"].id))
    db.add(ResponseView(response_id=moved.id, view_id=views["mum_typed"].id))
    db.commit()
    return {"plan": plan, "child": child, "views": views, "old": old, "responses": (moved, told),
            "items": (first, second)}


def _text(html: str) -> str:
    """The page's visible words in order, with markup removed and whitespace collapsed."""
    body = html.split('id="main"', 1)[-1]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    return re.sub(r" ([,.;:])", r"\1", text)  # kerning can come out as a space before punctuation


def _in_order(text: str, parts: list[str]) -> None:
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} missing or out of order after position {position}"
        position = found + len(part)


EXPECTED_ORDER = [
    "Plan item 1: Sam goes to all his appointments.",
    "Sam Taylor (The child)", "Their own answer: tapped by them.", "changed answer, version 2",
    "Asked: How do you feel about your appointments?", "Chose: Worried",
    "The plan was changed", "Appointments are now at the school nurse's room.", "Why: Less travel.",
    "Sam Taylor (The child)", "Not their words: what", "Noticed: Sam covered his ears when the doctor was mentioned.",
    "Claire Taylor (Parent)", "Their own answer: typed by them.", "Said: “The bus journey is too long.”",
    "Appointments are now at the school nurse's room.",
    "Plan item 2: Sam goes to school every day.",
    "Sam Taylor (The child)", "Chosen for them by", "on their behalf.", "Chose: Happy",
    "Other things done about this", "School was told Sam is happy there.",
    "About other things", "Sam Taylor (The child)", "Their own answer: chosen by them with a keyboard.",
    "Said: “I want a dog.”",
]


def test_the_summary_page_lists_every_current_view_by_item_with_who_how_and_responses(logged_in, family_plan):
    plan = family_plan["plan"]
    page = logged_in.get(f"/plans/{plan.id}/summary")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    text = _text(html)
    _in_order(text, EXPECTED_ORDER)
    assert "Sad" not in text  # the superseded answer is left out
    assert "Child in need plan" in text and "Summary produced" in text and "Review date" in text
    assert "Sam Taylor" in text and "Not yet heard from" in text and "Jo Taylor (Brother or sister)" in text
    assert re.search(r'href="/static/v/[0-9a-f]{12}/css/summary.css"', html)
    assert f'href="/plans/{plan.id}/summary.pdf"' in html


def test_the_pdf_holds_every_view_and_response_in_order(logged_in, family_plan):
    plan = family_plan["plan"]
    response = logged_in.get(f"/plans/{plan.id}/summary.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response.headers["Cache-Control"]
    text = _pdf_text(response.data)
    _in_order(text, EXPECTED_ORDER)
    assert "Sad" not in text
    assert "Views summary for the plan review" in text and "Sam Taylor" in text


def test_opening_the_summary_is_audited(db, logged_in, family_plan):
    plan = family_plan["plan"]
    logged_in.get(f"/plans/{plan.id}/summary")
    logged_in.get(f"/plans/{plan.id}/summary.pdf")
    seen = db.exec(select(AuditEvent).where(AuditEvent.entity_type == "plan", AuditEvent.entity_id == plan.id,
                                            AuditEvent.action == "view")).all()
    assert {event.detail for event in seen} >= {"summaries.summary", "summaries.summary_pdf"}


def test_script_and_markup_show_escaped_on_the_page_and_in_the_pdf(db, logged_in, family_plan):
    plan, child = family_plan["plan"], family_plan["child"]
    sam = db.exec(select(Respondent).where(Respondent.child_id == child.id,
                                           Respondent.relationship == "child")).one()
    view = View(respondent_id=sam.id, plan_id=plan.id, plan_item_id=family_plan["items"][0].id,
                shown_text=MARKUP, said_text=SCRIPT, entered_how="typed", entered_by_id=logged_in.user.id,
                chosen=[{"key": "x", "label": "<img src=x onerror=alert(1)>", "symbol": None}])
    db.add(view)
    db.flush()
    response = Response(plan_id=plan.id, plan_item_id=view.plan_item_id, outcome="done", plain_words=SCRIPT,
                        reason=MARKUP, written_by_id=logged_in.user.id)
    db.add(response)
    db.flush()
    db.add(ResponseView(response_id=response.id, view_id=view.id))
    db.commit()

    html = logged_in.get(f"/plans/{plan.id}/summary").get_data(as_text=True)
    assert "<script>alert" not in html and "<b>bold</b>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;views&#39;)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;more&lt;/i&gt;" in html
    # Compared without spaces: the PDF may break a line after "/", which comes out as a space.
    text = _pdf_text(logged_in.get(f"/plans/{plan.id}/summary.pdf").data).replace(" ", "")
    for shown in (f"Said:“{SCRIPT}”", f"Done:{SCRIPT}", f"Why:{MARKUP}", f"Asked:{MARKUP}",
                  "Chose:<imgsrc=xonerror=alert(1)>"):
        assert shown.replace(" ", "") in text


def test_a_plan_with_nothing_said_yet_still_has_a_summary(logged_in, make_child, make_plan):
    plan = make_plan(make_child(team=logged_in.user.team_id))
    text = _text(logged_in.get(f"/plans/{plan.id}/summary").get_data(as_text=True))
    assert "Nobody has given their views on this plan yet." in text
    assert "Nobody has given a view about this yet." in text
    assert logged_in.get(f"/plans/{plan.id}/summary.pdf").status_code == 200


# --- sharing with the agencies ---------------------------------------------------------------------

def _agencies(db, plan) -> dict[str, PlanAgency]:
    return {a.name: a for a in db.exec(select(PlanAgency).where(PlanAgency.plan_id == plan.id)).all()}


def _panel(client, plan) -> str:
    html = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    return _text(html.split('id="summary-title"', 1)[1])


def test_sharing_is_recorded_audited_and_shown_on_the_plan(db, logged_in, family_plan):
    plan = family_plan["plan"]
    agencies = _agencies(db, plan)
    before = _panel(logged_in, plan)
    _in_order(before, ["Not yet received", "Riverside Surgery (GP)"])
    assert "Meadow Primary School (School)" in before and "Record who you shared the summary with" in before

    url = f"/plans/{plan.id}/summary/shared"
    day = date.today() - timedelta(days=2)
    response = logged_in.submit(url, {"agency_id": agencies["Riverside Surgery"].id, "shared_on": day.isoformat(),
                                      "how": "Secure email to the practice manager"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/plans/{plan.id}#summary-title")

    share = db.exec(select(SummaryShare).where(SummaryShare.plan_id == plan.id)).one()
    assert (share.agency_id, share.shared_on, share.how, share.recorded_by_id) == (
        agencies["Riverside Surgery"].id, day, "Secure email to the practice manager", logged_in.user.id)
    event = db.exec(select(AuditEvent).where(AuditEvent.entity_type == "summary_share")).one()
    assert (event.action, event.entity_id, event.child_id, event.user_id) == (
        "create", share.id, plan.child_id, logged_in.user.id)

    after = _panel(logged_in, plan)
    not_yet, received = after.split("Received", 1)
    assert "Meadow Primary School (School)" in not_yet and "Riverside Surgery" not in not_yet
    assert "Riverside Surgery (GP)" in received and "Secure email to the practice manager" in received
    assert "views or responses were added after this" in received  # views are newer than the day it was shared
    summary_page = _text(logged_in.get(f"/plans/{plan.id}/summary").get_data(as_text=True))
    assert "Who has received this summary" in summary_page and "Meadow Primary School (School)" in summary_page

    # Renaming the agency later does not rewrite who received it.
    surgery = agencies["Riverside Surgery"]
    surgery.name = "Riverside Health Centre"
    db.add(surgery)
    db.commit()
    assert db.get(SummaryShare, share.id).agency_name == "Riverside Surgery"
    assert "(it was called Riverside Surgery then)" in _panel(logged_in, plan)


def test_when_every_agency_has_it_the_plan_says_so(db, logged_in, family_plan):
    plan = family_plan["plan"]
    for agency in _agencies(db, plan).values():
        response = logged_in.submit(f"/plans/{plan.id}/summary/shared",
                                    {"agency_id": agency.id, "shared_on": date.today().isoformat()})
        assert response.status_code == 302
    panel = _panel(logged_in, plan)
    assert "Every agency on this plan has received the summary." in panel
    assert "views or responses were added after this" not in panel


@pytest.mark.parametrize("change, message", [
    ({"shared_on": (date.today() + timedelta(days=1)).isoformat()},
     "The date you shared the summary cannot be in the future."),
    ({"agency_id": "other plan"}, "Choose one of the agencies listed on this plan."),
    ({"agency_id": "99999"}, "Choose one of the agencies listed on this plan."),
    ({"agency_id": "not a number"}, "Choose the agency you shared the summary with."),
    ({"agency_id": ""}, "Choose the agency you shared the summary with."),
    ({"shared_on": ""}, "Enter the date you shared the summary."),
    ({"shared_on": "31/02/2026"}, "Enter a real date, for example 27 March 2015."),
    ({"how": "x" * 161}, "This can be at most 160 characters long."),
])
def test_bad_sharing_is_refused_with_a_plain_message(db, logged_in, family_plan, make_child, make_plan,
                                                     change, message):
    plan = family_plan["plan"]
    data = {"agency_id": _agencies(db, plan)["Riverside Surgery"].id, "shared_on": date.today().isoformat()}
    data.update(change)
    if data["agency_id"] == "other plan":  # an agency on another child's plan, in the same team
        other = make_plan(make_child(team=logged_in.user.team_id))
        data["agency_id"] = _agencies(db, other)["Riverside Surgery"].id
    response = logged_in.submit(f"/plans/{plan.id}/summary/shared", data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in unescape(html) and "There is a problem" in html
    assert db.exec(select(SummaryShare)).all() == []
    assert db.exec(select(AuditEvent).where(AuditEvent.entity_type == "summary_share")).all() == []


def test_a_plan_without_agencies_says_so(logged_in, db, make_child, make_plan):
    plan = make_plan(make_child(team=logged_in.user.team_id))
    for agency in _agencies(db, plan).values():
        db.delete(agency)
    db.commit()
    assert "No agencies are listed on this plan yet" in _panel(logged_in, plan)
    page = logged_in.get(f"/plans/{plan.id}/summary/shared").get_data(as_text=True)
    assert "No agencies are listed on this plan yet." in page and "<select" not in page


# --- who may open it -------------------------------------------------------------------------------

def test_a_social_worker_of_another_team_cannot_open_the_summary_or_record_sharing(
        db, family_plan, make_user, new_client):
    plan = family_plan["plan"]
    outsider = make_user(Role.SOCIAL_WORKER)
    client = new_client()
    client.login(outsider)
    for url in (f"/plans/{plan.id}/summary", f"/plans/{plan.id}/summary.pdf", f"/plans/{plan.id}/summary/shared"):
        assert client.get(url).status_code == 403, url
    agency = _agencies(db, plan)["Riverside Surgery"]
    refused = client.submit(f"/plans/{plan.id}/summary/shared",
                            {"agency_id": agency.id, "shared_on": date.today().isoformat()}, page="/account")
    assert refused.status_code == 403
    assert db.exec(select(SummaryShare)).all() == []
    assert "You cannot open this page" in refused.get_data(as_text=True)


def test_a_practitioner_may_read_the_summary_but_not_record_sharing(db, new_client, family_plan, make_user):
    plan, child = family_plan["plan"], family_plan["child"]
    practitioner = make_user(Role.PRACTITIONER)
    db.add(ChildPractitioner(child_id=child.id, user_id=practitioner.id))
    db.commit()
    client = new_client()
    client.login(practitioner)
    assert client.get(f"/plans/{plan.id}/summary").status_code == 200
    assert client.get(f"/plans/{plan.id}/summary/shared").status_code == 403
    panel = _panel(client, plan)
    assert "Read the views summary" in panel and "Record who you shared the summary with" not in panel


def test_unknown_plans_are_not_found(logged_in):
    for url in ("/plans/99999/summary", "/plans/99999/summary.pdf", "/plans/99999/summary/shared"):
        assert logged_in.get(url).status_code == 404


# --- the service on its own ------------------------------------------------------------------------

def test_the_service_refuses_a_future_date_and_another_plans_agency(app, db, family_plan, make_child, make_plan,
                                                                      social_worker):
    from voice_capture.summaries import services

    plan = family_plan["plan"]
    other = make_plan(make_child())
    with app.test_request_context():
        with pytest.raises(services.ShareRefused) as refused:
            services.record_share(session=db, actor=social_worker, plan=plan,
                                  agency_id=_agencies(db, plan)["Riverside Surgery"].id,
                                  shared_on=date.today() + timedelta(days=1))
        assert refused.value.field == "shared_on"
        with pytest.raises(services.ShareRefused) as refused:
            services.record_share(session=db, actor=social_worker, plan=plan,
                                  agency_id=_agencies(db, other)["Riverside Surgery"].id, shared_on=date.today())
        assert refused.value.field == "agency_id"
    assert db.exec(select(SummaryShare)).all() == []
