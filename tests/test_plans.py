"""Plans, plan items and agencies: creating, changing, bad input and the audit of each change."""
from datetime import date, timedelta

import pytest
from sqlmodel import select

from voice_capture.models import AuditEvent, Plan, PlanAgency, PlanItem


@pytest.fixture
def child(logged_in, make_child, db):
    record = make_child(team=logged_in.user.team_id)
    return record


def plan_data(**changes):
    data = {"plan_type": "child_protection", "status": "active", "start_date": date.today().isoformat(),
            "review_date": (date.today() + timedelta(days=90)).isoformat(), "end_date": "",
            "allocated_worker_id": "0"}
    data.update(changes)
    return data


def test_create_a_plan_with_items_and_agencies(logged_in, child, db):
    response = logged_in.submit(f"/children/{child.id}/plans/new", plan_data())
    assert response.status_code == 302
    plan = db.exec(select(Plan).where(Plan.child_id == child.id)).one()
    for text in ("Sam is moved safely with the hoist.", "Sam goes to all his appointments."):
        response = logged_in.submit(f"/plans/{plan.id}/items/new", {"text": text, "simple_text": "Sam is safe."})
        assert response.status_code == 302
    items = db.exec(select(PlanItem).where(PlanItem.plan_id == plan.id).order_by(PlanItem.position)).all()
    assert [(i.position, i.text) for i in items] == [
        (1, "Sam is moved safely with the hoist."), (2, "Sam goes to all his appointments.")]
    agency = {"kind": "gp", "name": "Hillside Surgery", "contact": ""}
    assert logged_in.submit(f"/plans/{plan.id}/agencies/new", agency).status_code == 302
    page = logged_in.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "Child protection plan" in page and "Hillside Surgery" in page and "Sam is safe." in page
    actions = db.exec(select(AuditEvent.entity_type).where(AuditEvent.child_id == child.id, AuditEvent.action == "create")).all()
    assert sorted(actions) == ["plan", "plan_agency", "plan_item", "plan_item"]


def test_edit_a_plan_and_an_item(logged_in, child, make_plan, db):
    plan = make_plan(child)
    item = db.exec(select(PlanItem).where(PlanItem.plan_id == plan.id)).one()
    assert logged_in.submit(f"/plans/{plan.id}/edit", plan_data(plan_type="ehcp", status="ended",
                                                                 start_date=plan.start_date.isoformat(),
                                                                 end_date=date.today().isoformat())).status_code == 302
    response = logged_in.submit(f"/plans/{plan.id}/items/{item.id}/edit", {"text": "Changed words", "simple_text": ""})
    assert response.status_code == 302
    db.refresh(plan)
    db.refresh(item)
    assert (plan.plan_type, plan.status, item.text) == ("ehcp", "ended", "Changed words")


def test_remove_an_agency_needs_a_post_and_is_audited(logged_in, child, make_plan, db):
    plan = make_plan(child)
    agency_id = db.exec(select(PlanAgency.id).where(PlanAgency.plan_id == plan.id)).one()
    assert logged_in.get(f"/plans/{plan.id}/agencies/{agency_id}/remove").status_code == 405
    response = logged_in.submit(f"/plans/{plan.id}/agencies/{agency_id}/remove", page=f"/plans/{plan.id}")
    assert response.status_code == 302
    db.expire_all()
    assert db.get(PlanAgency, agency_id) is None
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "delete", AuditEvent.entity_type == "plan_agency")).one()


@pytest.mark.parametrize("changes, message", [
    ({"start_date": ""}, "Enter the start date."),
    ({"start_date": "31/31/2020"}, "Enter a real date"),
    ({"start_date": (date.today() + timedelta(days=400)).isoformat()}, "at most a year from today"),
    ({"review_date": (date.today() - timedelta(days=1)).isoformat()}, "cannot be before the start date"),
    ({"end_date": "1999-01-01"}, "cannot be before the start date"),
    ({"plan_type": "secret_plan"}, "Not a valid choice"),
])
def test_bad_plan_input_is_explained_and_nothing_saved(logged_in, child, db, changes, message):
    response = logged_in.submit(f"/children/{child.id}/plans/new", plan_data(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in page and message in page
    assert db.exec(select(Plan)).first() is None


@pytest.mark.parametrize("data, message", [
    ({"text": "", "simple_text": ""}, "Enter what the plan says will happen."),
    ({"text": "x" * 2001, "simple_text": ""}, "at most 2000 characters"),
    ({"text": "ok", "simple_text": "y" * 501}, "at most 500 characters"),
])
def test_bad_item_input_keeps_existing_items(logged_in, child, make_plan, db, data, message):
    plan = make_plan(child)
    page = logged_in.submit(f"/plans/{plan.id}/items/new", data).get_data(as_text=True)
    assert message in page
    assert len(db.exec(select(PlanItem).where(PlanItem.plan_id == plan.id)).all()) == 1


def test_markup_in_plan_text_is_escaped(logged_in, child, make_plan):
    plan = make_plan(child)
    logged_in.submit(f"/plans/{plan.id}/items/new", {"text": "<script>alert(1)</script>", "simple_text": ""})
    logged_in.submit(f"/plans/{plan.id}/agencies/new", {"kind": "school", "name": "<i>School</i>", "contact": ""})
    page = logged_in.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<i>School</i>" not in page


def test_dashboard_shows_plans_due_for_review(logged_in, child, make_plan, db):
    soon = make_plan(child, review_in_days=3)
    later = make_plan(child, review_in_days=200)
    page = logged_in.get("/").get_data(as_text=True)
    assert f"/plans/{soon.id}" in page and f"/plans/{later.id}" not in page
    overdue = make_plan(child, review_in_days=-2)
    overdue.start_date = date.today() - timedelta(days=60)
    db.add(overdue)
    db.commit()
    assert "overdue" in logged_in.get("/").get_data(as_text=True)
