"""Children, their communication profiles and their families, including what bad input does."""
from datetime import date, timedelta

import pytest
from sqlmodel import select

from voice_capture.models import AuditEvent, Child, ChildPractitioner, Relationship, Respondent, Role

VALID_CHILD = {
    "given_name": "Ruby", "family_name": "Green", "date_of_birth": "2017-02-03", "allocated_worker_id": "0",
    "preferred_name": "Ruby", "language": "en", "reading_level": "pictures", "access_method": "switch1",
    "scan_interval_ms": "2000", "dwell_ms": "1000", "how_i_communicate": "I point and smile.",
    "disability_notes": "",
}


def test_create_a_child_with_their_own_profile(logged_in, db):
    response = logged_in.submit("/children/new", VALID_CHILD)
    assert response.status_code == 302
    child = db.exec(select(Child).where(Child.given_name == "Ruby")).one()
    assert child.team_id == logged_in.user.team_id
    me = db.exec(select(Respondent).where(Respondent.child_id == child.id)).one()
    assert me.relationship == Relationship.CHILD.value
    assert (me.access_method, me.scan_interval_ms, me.reading_level) == ("switch1", 2000, "pictures")
    assert db.exec(select(AuditEvent).where(AuditEvent.child_id == child.id, AuditEvent.action == "create")).one()
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "I point and smile." in page and "One switch (scanning)" in page


def _problems(response) -> str:
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    return page


@pytest.mark.parametrize("field, value, message", [
    ("given_name", "", "Enter the child's first name."),
    ("given_name", "   ", "Enter the child's first name."),
    ("family_name", "x" * 81, "at most 80 characters"),
    ("date_of_birth", "", "Enter the date of birth."),
    ("date_of_birth", "not a date", "Enter a real date"),
    ("date_of_birth", (date.today() + timedelta(days=3)).isoformat(), "cannot be in the future"),
    ("date_of_birth", "1850-01-01", "after 1900"),
    ("scan_interval_ms", "5", "between 250 and 10,000"),
    ("scan_interval_ms", "fast", "Enter a whole number"),
    ("how_i_communicate", "y" * 5001, "at most 5000 characters"),
    ("reading_level", "telepathy", "Not a valid choice"),
    ("allocated_worker_id", "987654", "Not a valid choice"),
])
def test_bad_child_input_is_explained_and_nothing_is_saved(logged_in, db, field, value, message):
    data = dict(VALID_CHILD, **{field: value})
    page = _problems(logged_in.submit("/children/new", data))
    assert message in page
    assert f'href="#{field}"' in page  # the summary links to the field
    assert 'aria-invalid="true"' in page and f'aria-describedby="{field}-error"' in page or \
        f'{field}-error' in page
    assert db.exec(select(Child)).first() is None


def test_what_was_typed_is_kept_when_validation_fails(logged_in):
    data = dict(VALID_CHILD, given_name="", family_name="Keep-me", how_i_communicate="Keep these notes")
    page = _problems(logged_in.submit("/children/new", data))
    assert 'value="Keep-me"' in page and "Keep these notes" in page


def test_markup_in_every_text_field_is_shown_escaped(logged_in, db):
    attack = '<script>alert("x")</script><b>bold</b>'
    data = dict(VALID_CHILD, given_name=attack[:80], family_name="<img src=x>", preferred_name=attack[:80],
                how_i_communicate=attack, disability_notes=attack)
    response = logged_in.submit("/children/new", data)
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x>" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;" in page
    child = db.exec(select(Child)).one()
    assert child.family_name == "<img src=x>"  # stored exactly as typed


def test_edit_a_child_keeps_their_identity_and_updates_their_profile(logged_in, make_child, make_user, db):
    practitioner = make_user(Role.PRACTITIONER, team=None)
    practitioner.team_id = logged_in.user.team_id
    db.add(practitioner)
    db.commit()
    child = make_child(team=logged_in.user.team_id)
    data = dict(VALID_CHILD, given_name="Samuel", language="cy", practitioner_ids=str(practitioner.id))
    response = logged_in.submit(f"/children/{child.id}/edit", data)
    assert response.status_code == 302
    db.expire_all()
    assert db.get(Child, child.id).given_name == "Samuel"
    me = db.exec(select(Respondent).where(Respondent.child_id == child.id)).one()
    assert me.language == "cy" and me.name == "Samuel Green"
    assert db.get(ChildPractitioner, (child.id, practitioner.id)) is not None


def test_a_practitioner_can_update_the_communication_profile_only(client, make_user, make_child, make_team, db):
    team = make_team()
    practitioner = make_user(Role.PRACTITIONER, team)
    child = make_child(team=team, practitioners=[practitioner])
    client.login(practitioner)
    profile = {k: VALID_CHILD[k] for k in ("preferred_name", "language", "reading_level", "access_method",
                                           "scan_interval_ms", "dwell_ms", "how_i_communicate", "disability_notes")}
    profile.update(access_method="dwell", dwell_ms="1400")
    assert client.submit(f"/children/{child.id}/profile", profile).status_code == 302
    me = db.exec(select(Respondent).where(Respondent.child_id == child.id)).one()
    db.refresh(me)
    assert (me.access_method, me.dwell_ms) == ("dwell", 1400)
    assert client.get(f"/children/{child.id}/edit").status_code == 403


def test_add_and_edit_a_sibling(logged_in, make_child, db):
    child = make_child(team=logged_in.user.team_id)
    data = {"name": "Yusuf Hassan", "relationship": "sibling", "date_of_birth": "2019-01-01",
            "preferred_name": "Yusuf", "language": "ar", "reading_level": "pictures", "access_method": "touch",
            "scan_interval_ms": "1500", "dwell_ms": "1000"}
    assert logged_in.submit(f"/children/{child.id}/family/new", data).status_code == 302
    sibling = db.exec(select(Respondent).where(Respondent.name == "Yusuf Hassan")).one()
    assert (sibling.relationship, sibling.language) == ("sibling", "ar")
    data.update(language="ur")
    assert logged_in.submit(f"/children/{child.id}/family/{sibling.id}/edit", data).status_code == 302
    db.refresh(sibling)
    assert sibling.language == "ur"
    page = logged_in.get(f"/children/{child.id}").get_data(as_text=True)
    assert "Yusuf Hassan" in page and "Brother or sister" in page


def test_a_family_member_cannot_be_made_a_second_child(logged_in, make_child, db):
    child = make_child(team=logged_in.user.team_id)
    data = {"name": "Impostor", "relationship": "child", "preferred_name": "I", "language": "en",
            "reading_level": "full", "access_method": "touch", "scan_interval_ms": "1500", "dwell_ms": "1000"}
    page = _problems(logged_in.submit(f"/children/{child.id}/family/new", data))
    assert "Not a valid choice" in page


def test_the_childs_own_respondent_is_not_edited_as_family(logged_in, make_child, db):
    child = make_child(team=logged_in.user.team_id)
    me = db.exec(select(Respondent).where(Respondent.child_id == child.id)).one()
    assert logged_in.get(f"/children/{child.id}/family/{me.id}/edit").status_code == 404


def test_viewing_a_child_is_audited(logged_in, make_child, db):
    child = make_child(team=logged_in.user.team_id)
    logged_in.get(f"/children/{child.id}")
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "view", AuditEvent.child_id == child.id)).one()
    assert event.user_id == logged_in.user.id and event.entity_type == "child"


def test_the_scanning_pattern_is_kept_on_the_profile_and_audited(logged_in, make_child, db):
    child = make_child(team=logged_in.user.team_id)
    data = dict(VALID_CHILD, scan_pattern="rows", scan_group_cues="y")
    assert logged_in.submit(f"/children/{child.id}/edit", data).status_code == 302
    me = db.exec(select(Respondent).where(Respondent.child_id == child.id)).one()
    db.refresh(me)
    assert (me.scan_pattern, me.scan_group_cues) == ("rows", True)
    page = logged_in.get(f"/children/{child.id}").get_data(as_text=True)
    assert "A row at a time, then the choices in it" in page
    assert db.exec(select(AuditEvent).where(AuditEvent.child_id == child.id, AuditEvent.action == "update")).first()
    # an unknown pattern is refused in plain words and nothing changes
    page = _problems(logged_in.submit(f"/children/{child.id}/edit", dict(data, scan_pattern="diagonal")))
    assert "Not a valid choice" in page
    db.refresh(me)
    assert me.scan_pattern == "rows"
