"""The access matrix: every route, every role, a child of their own team and of another team."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlmodel import select

from helpers import FormClient
from voice_capture.models import CaptureSession, ConversationScript, PlanAgency, Relationship, Respondent, Role

ROLES = ("admin", "manager", "social_worker", "other_social_worker", "practitioner", "unallocated_practitioner")


@dataclass
class World:
    users: dict
    own: dict   # ids of the child in team A and their records
    other: dict  # ids of the child in team B


@pytest.fixture
def world(make_team, make_user, make_child, make_plan, db) -> World:
    team_a, team_b = make_team("Team A"), make_team("Team B")
    users = {
        "admin": make_user(Role.ADMIN),
        "manager": make_user(Role.MANAGER, team_a),
        "social_worker": make_user(Role.SOCIAL_WORKER, team_a),
        "other_social_worker": make_user(Role.SOCIAL_WORKER, team_b),
        "practitioner": make_user(Role.PRACTITIONER, team_a),
        "unallocated_practitioner": make_user(Role.PRACTITIONER, team_a),
    }
    records = {}
    for key, team, worker in (("own", team_a, users["social_worker"]), ("other", team_b, users["other_social_worker"])):
        child = make_child(team=team, worker=worker, practitioners=[users["practitioner"]] if key == "own" else [])
        plan = make_plan(child)
        sibling = Respondent(child_id=child.id, relationship=Relationship.SIBLING.value, name="Kit", preferred_name="Kit")
        db.add(sibling)
        db.commit()
        agency = db.exec(select(PlanAgency).where(PlanAgency.plan_id == plan.id)).one()
        from voice_capture.models import PlanItem
        item = db.exec(select(PlanItem).where(PlanItem.plan_id == plan.id)).first()
        script = db.exec(select(ConversationScript).where(ConversationScript.audience == "sibling")).first()
        conversation = CaptureSession(respondent_id=sibling.id, plan_id=plan.id, script_id=script.id, steps=[],
                                      started_by_id=(users["social_worker"] if key == "own" else users["other_social_worker"]).id)
        db.add(conversation)
        db.commit()
        records[key] = {"child": child.id, "plan": plan.id, "respondent": sibling.id, "agency": agency.id, "item": item.id,
                        "conversation": conversation.id}
    return World(users=users, own=records["own"], other=records["other"])


VIEW = {"admin": 403, "manager": 200, "social_worker": 200, "other_social_worker": 403,
        "practitioner": 200, "unallocated_practitioner": 403}
EDIT = {**VIEW, "practitioner": 403}
AUDIT = {"admin": 200, "manager": 200, "social_worker": 403, "other_social_worker": 403,
         "practitioner": 403, "unallocated_practitioner": 403}


def expected(table: dict, role: str, which: str) -> int:
    """Tables are written for team A's child; team B's child is the other social worker's own."""
    if which == "own":
        return table[role]
    if role == "other_social_worker":
        return table["social_worker"]
    return table["admin"] if role == "admin" else 403

CHILD_ROUTES = [
    ("/children/{child}", VIEW),
    ("/children/{child}/edit", EDIT),
    ("/children/{child}/profile", VIEW),
    ("/children/{child}/family/new", EDIT),
    ("/children/{child}/family/{respondent}/edit", EDIT),
    ("/children/{child}/plans/new", EDIT),
    ("/plans/{plan}", VIEW),
    ("/plans/{plan}/edit", EDIT),
    ("/plans/{plan}/items/new", EDIT),
    ("/plans/{plan}/items/{item}/edit", EDIT),
    ("/plans/{plan}/agencies/new", EDIT),
    ("/plans/{plan}/agencies/{agency}/edit", EDIT),
    ("/children/{child}/audit", AUDIT),
    ("/plans/{plan}/summary", VIEW),
    ("/plans/{plan}/summary.pdf", VIEW),
    ("/plans/{plan}/summary/shared", EDIT),
    ("/plans/{plan}/responses/new", EDIT),
    ("/plans/{plan}/letters/{respondent}", VIEW),
    ("/plans/{plan}/talk/new", VIEW),
    ("/conversations/{conversation}", VIEW),
]

STAFF = {role: 200 for role in ROLES} | {"admin": 302}
ADMIN_ONLY = {role: (200 if role == "admin" else 403) for role in ROLES}
CASE_WORK = {role: (403 if role == "admin" else 200) for role in ROLES}
CREATORS = {role: (200 if role in ("manager", "social_worker", "other_social_worker") else 403) for role in ROLES}
PLAIN_ROUTES = [
    ("/", STAFF),
    ("/account", {role: 200 for role in ROLES}),
    ("/children/new", CREATORS),
    ("/admin/users", ADMIN_ONLY),
    ("/admin/users/new", ADMIN_ONLY),
    ("/admin/users/{admin_id}/edit", ADMIN_ONLY),
    ("/admin/teams", ADMIN_ONLY),
    ("/admin/safeguarding", ADMIN_ONLY),
    ("/admin/branding", ADMIN_ONLY),
    ("/branding/logo", {role: 404 for role in ROLES}),  # no logo set yet; signed out, it is the login page
    ("/scripts", CASE_WORK),
    ("/scripts/new", CASE_WORK),
    ("/login/enrol", {role: 200 for role in ROLES}),  # anyone may add an authenticator app to their account
    ("/login/code", {role: 302 for role in ROLES}),  # only between a right password and its code
]


def _signed_in(app, user) -> FormClient:
    client = FormClient(app.test_client())
    client.login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_every_child_route_for_own_and_other_team(app, world, role):
    client = _signed_in(app, world.users[role])
    failures = []
    for template, table in CHILD_ROUTES:
        for which, ids in (("own", world.own), ("other", world.other)):
            want = expected(table, role, which)
            url = template.format(**ids)
            got = client.get(url).status_code
            if got != want:
                failures.append(f"{role} GET {url} ({which} team): {got}, expected {want}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_every_plain_route(app, world, role):
    client = _signed_in(app, world.users[role])
    failures = []
    for template, expected in PLAIN_ROUTES:
        url = template.format(admin_id=world.users["admin"].id)
        got = client.get(url).status_code
        if got != expected[role]:
            failures.append(f"{role} GET {url}: {got}, expected {expected[role]}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "other_social_worker"])  # B is theirs
def test_posting_to_another_teams_records_is_forbidden(app, world, role, db):
    client = _signed_in(app, world.users[role])
    token = client.token("/account")
    urls = [
        "/children/{child}/edit", "/children/{child}/family/new", "/plans/{plan}/edit",
        "/plans/{plan}/items/new", "/plans/{plan}/agencies/{agency}/remove",
    ]
    for template in urls:
        response = client.post(template.format(**world.other), data={"csrf_token": token, "given_name": "Changed"})
        assert response.status_code == 403, template
    assert db.get(PlanAgency, world.other["agency"]) is not None


# A conversation in progress, run by each team's social worker: only they carry it on; they, or anyone who may
# change the child's record, may close it (a redirect means it was done).
CONVERSATION_POSTS = [
    ("/conversations/{conversation}/resume", {}, {role: 403 for role in ROLES} | {"social_worker": 302}),
    ("/conversations/{conversation}/close", {"reason": "The tablet was lost.", "answers": "keep"},
     {**{role: 403 for role in ROLES}, "manager": 302, "social_worker": 302}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("template, data, table", CONVERSATION_POSTS, ids=["resume", "close"])
def test_carrying_on_and_closing_a_conversation_by_role(app, world, role, template, data, table, db):
    client = _signed_in(app, world.users[role])
    token = client.token("/account")
    failures = []
    for which, ids in (("own", world.own), ("other", world.other)):
        want = expected(table, role, which)
        url = template.format(**ids)
        got = client.post(url, data={"csrf_token": token, "version": "1", **data}).status_code
        if got != want:
            failures.append(f"{role} POST {url} ({which} team): {got}, expected {want}")
        client = _signed_in(app, world.users[role])  # a resumed conversation locks the tablet to it
        token = client.token("/account")
    assert not failures, "\n".join(failures)
    db.expire_all()
    closed = [db.get(CaptureSession, ids["conversation"]).status for ids in (world.own, world.other)]
    assert closed.count("stopped") == sum(1 for which in ("own", "other") if template.endswith("close")
                                          and expected(table, role, which) == 302)


# Open to anyone, signed in or not (and to a locked tablet): nothing of a child's in them.
PUBLIC_ROUTES = ["/favicon.ico"]


@pytest.mark.parametrize("role", (None, *ROLES))
def test_every_public_route(app, world, role):
    client = _signed_in(app, world.users[role]) if role else FormClient(app.test_client())
    for url in PUBLIC_ROUTES:
        assert client.get(url).status_code == 200, f"{role} GET {url}"


def test_anonymous_visitors_are_sent_to_login_everywhere(client, world):
    for template, _expected in CHILD_ROUTES + PLAIN_ROUTES:
        url = template.format(**world.own, admin_id=world.users["admin"].id)
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), url


@pytest.mark.parametrize("url", [
    "/children/999999", "/children/999999/edit", "/plans/999999", "/plans/999999/items/999999/edit",
    "/admin/users/999999/edit", "/children/{child}/family/999999/edit", "/plans/{plan}/agencies/999999/edit",
])
def test_unknown_ids_are_404(app, world, url):
    client = _signed_in(app, world.users["admin" if "admin" in url else "social_worker"])
    assert client.get(url.format(**world.own)).status_code == 404


def test_records_of_another_child_cannot_be_reached_through_this_childs_url(app, world):
    client = _signed_in(app, world.users["social_worker"])
    url = f"/children/{world.own['child']}/family/{world.other['respondent']}/edit"
    assert client.get(url).status_code == 404
    url = f"/plans/{world.own['plan']}/agencies/{world.other['agency']}/edit"
    assert client.get(url).status_code == 404


def test_dashboard_lists_only_children_the_user_may_see(app, world, db):
    from voice_capture.models import Child

    own = db.get(Child, world.own["child"])
    other = db.get(Child, world.other["child"])
    other.given_name = "Zebedee"
    db.add(other)
    db.commit()
    page = _signed_in(app, world.users["social_worker"]).get("/").get_data(as_text=True)
    assert f"/children/{own.id}" in page and "Zebedee" not in page
    page = _signed_in(app, world.users["unallocated_practitioner"]).get("/").get_data(as_text=True)
    assert f"/children/{own.id}" not in page


def test_a_worker_moved_to_another_team_no_longer_sees_the_childs_views_or_worries(
        client, db, make_team, make_user, make_child, make_plan):
    """Named on a plan, then moved to another team while the child is someone else's: the
    dashboard must not keep what every page of the child now refuses."""
    from voice_capture.models import PlanItem, View, Worry

    team, elsewhere = make_team(), make_team()
    worker, colleague = make_user(Role.SOCIAL_WORKER, team), make_user(Role.SOCIAL_WORKER, team)
    child = make_child(team, worker=colleague, family_name="Zebedee")
    plan = make_plan(child)
    plan.allocated_worker_id = worker.id
    sam = db.exec(select(Respondent).where(Respondent.child_id == child.id)).one()
    item = db.exec(select(PlanItem).where(PlanItem.plan_id == plan.id)).first()
    view = View(respondent_id=sam.id, plan_id=plan.id, plan_item_id=item.id, shown_text="Question?", chosen=[],
                said_text="Words waiting for a response", entered_how="typed", entered_by_id=colleague.id)
    db.add_all([plan, view])
    db.flush()
    db.add(Worry(view_id=view.id, child_id=child.id, plan_id=plan.id, respondent_id=sam.id,
                 shown_text="Worrying question?", chosen_label="Someone hurts me"))
    db.commit()
    client.login(worker)
    page = client.get("/").get_data(as_text=True)
    assert "Words waiting for a response" in page and "Worrying question?" in page  # while still in the team
    worker.team_id = elsewhere.id
    db.add(worker)
    db.commit()
    assert client.get(f"/plans/{plan.id}").status_code == 403
    page = client.get("/").get_data(as_text=True)
    for private in ("Words waiting for a response", "Worrying question?", "Someone hurts me", "Zebedee"):
        assert private not in page, private


def test_sign_in_steps_are_open_only_where_they_should_be(client, app):
    """The second-factor pages need a right password first; single sign-on exists only when configured."""
    assert client.get("/login/code").headers["Location"] == "/login"
    assert client.get("/login/enrol").headers["Location"] == "/login"
    assert client.get("/login/sso").status_code == 404
    assert client.get("/login/sso/callback?state=x&code=y").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_metrics_from_outside_the_local_network_only_for_administrators(app, world, role):
    """/metrics is open to the local network (the scraper) and, from anywhere else, to administrators only."""
    client = _signed_in(app, world.users[role])
    got = client.get("/metrics", environ_base={"REMOTE_ADDR": "198.51.100.20"}).status_code
    assert got == (200 if role == "admin" else 403)
