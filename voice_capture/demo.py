"""A realistic demo: one local authority's children's team, three families, their plans."""
from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from .auth.services import create_user
from .branding import services as branding
from .models import (
    AccessMethod,
    AgencyKind,
    Child,
    ChildPractitioner,
    Plan,
    PlanAgency,
    PlanItem,
    PlanType,
    ReadingLevel,
    Relationship,
    Respondent,
    Role,
    SiteSetting,
    Team,
    User,
)
from .worries.services import PROCEDURE_KEY

DEMO_PASSWORD = "demo-password-2026"
# Administrators need a code from an authenticator app too: the demo administrator's app key, printed by
# seed-demo and in the README (demo data never runs in production).
DEMO_ADMIN_TOTP_SECRET = "DEMOADMINVOICECAPTUREKEYFORTESTS"
DEMO_USERS = [
    # email, name, role, team
    ("admin@example.org", "Ada Okafor", Role.ADMIN, None),
    ("manager@example.org", "Maya Patel", Role.MANAGER, "Riverside children's team"),
    ("priya@example.org", "Priya Shah", Role.SOCIAL_WORKER, "Riverside children's team"),
    ("tom@example.org", "Tom Evans", Role.SOCIAL_WORKER, "Riverside children's team"),
    ("jordan@example.org", "Jordan Lee", Role.PRACTITIONER, "Riverside children's team"),
    ("nia@example.org", "Nia Roberts", Role.SOCIAL_WORKER, "Northgate children's team"),
]


def demo_present(session: Session) -> bool:
    return session.exec(select(User).where(User.email == DEMO_USERS[0][0])).first() is not None


# What a local authority's administrator might write under Safeguarding (demo wording, not advice).
DEMO_PROCEDURE = (
    "If a child may be at risk of harm, act today.\n"
    "1. Make sure the child is safe now. Do not ask leading questions.\n"
    "2. Phone the Riverside front door (MASH) on 0300 123 4567, or the emergency duty team out of hours.\n"
    "3. Tell your manager, and record what you did on the child's plan before you go home.\n"
    "If a child is in immediate danger, call 999."
)


def seed(session: Session, today: date | None = None) -> None:
    today = today or date.today()
    teams = {name: Team(name=name) for name in {t for *_, t in DEMO_USERS if t}}
    session.add_all(teams.values())
    session.flush()
    users = {
        email: create_user(session=session, email=email, display_name=name, password=DEMO_PASSWORD,
                           role=role, team=teams.get(team))
        for email, name, role, team in DEMO_USERS
    }
    users["admin@example.org"].totp_secret = DEMO_ADMIN_TOTP_SECRET
    _branding(session, users["admin@example.org"], users["priya@example.org"])
    riverside, northgate = teams["Riverside children's team"], teams["Northgate children's team"]
    ollie = _ollie(session, riverside, users["priya@example.org"], today)
    amira = _amira(session, riverside, users["tom@example.org"], today)
    _elis(session, riverside, users["priya@example.org"], today)
    _lily(session, northgate, users["nia@example.org"], today)
    for child in (ollie, amira):
        session.add(ChildPractitioner(child_id=child.id, user_id=users["jordan@example.org"].id))
    session.add(SiteSetting(key=PROCEDURE_KEY, value=DEMO_PROCEDURE,
                            updated_by_id=users["admin@example.org"].id))


# A made-up council's mark (a house in a circle): letters and the views summary show it with the service's name.
DEMO_LOGO = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">'
             b'<circle cx="32" cy="32" r="30" fill="#1d70b8"/>'
             b'<path d="M14 34 L32 16 L50 34 L45 34 L45 50 L19 50 L19 34 Z" fill="#ffffff"/>'
             b'<rect x="28" y="38" width="8" height="12" fill="#1d70b8"/></svg>')


def _branding(session, admin, worker) -> None:
    """The demo service's name, logo and contact line, and one worker's own contact (01632 960: drama numbers)."""
    branding.set_words(session=session, actor=admin, service_name="Riverside Children's Services (demo)",
                       contact="Children's services: 01632 960 000, Monday to Friday, 9am to 5pm.")
    branding.set_logo(session=session, actor=admin, data=DEMO_LOGO)
    worker.contact_phone, worker.contact_email = "01632 960 123", "priya@example.org"
    session.add(worker)


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _child(session, team, worker, given, family, born, **profile) -> Child:
    child = Child(given_name=given, family_name=family, date_of_birth=born, team_id=team.id,
                  allocated_worker_id=worker.id)
    session.add(child)
    session.flush()
    session.add(Respondent(child_id=child.id, relationship=Relationship.CHILD.value, name=f"{given} {family}",
                           date_of_birth=born, **profile))
    return child


def _relative(session, child, relationship, name, preferred, **profile) -> None:
    session.add(Respondent(child_id=child.id, relationship=relationship.value, name=name,
                           preferred_name=preferred, **profile))


def _plan(session, child, worker, plan_type, start, review, items, agencies) -> Plan:
    plan = Plan(child_id=child.id, plan_type=plan_type.value, start_date=start, review_date=review,
                allocated_worker_id=worker.id)
    session.add(plan)
    session.flush()
    for position, (text, simple) in enumerate(items, start=1):
        session.add(PlanItem(plan_id=plan.id, position=position, text=text, simple_text=simple))
    for kind, name in agencies:
        session.add(PlanAgency(plan_id=plan.id, kind=kind.value, name=name))
    return plan


def _ollie(session, team, worker, today) -> Child:
    ollie = _child(
        session, team, worker, "Oliver", "Bennett", _years_ago(today, 9) - timedelta(days=40),
        preferred_name="Ollie", reading_level=ReadingLevel.PICTURES.value,
        access_method=AccessMethod.ONE_SWITCH.value, scan_interval_ms=2000,
        how_i_communicate="I don't use words. I use symbols on my tablet and press my big red switch. "
                          "I flap my hands when I am happy and cover my ears when it is too loud.",
        disability_notes="I am autistic. New people and noisy rooms are hard for me. "
                         "I need time: wait for me to press my switch.",
    )
    _relative(session, ollie, Relationship.PARENT, "Claire Bennett", "Claire",
              reading_level=ReadingLevel.FULL.value)
    _plan(session, ollie, worker, PlanType.CHILD_IN_NEED, today - timedelta(days=150), today + timedelta(days=12), [
        ("Oliver has a sensory break in a quiet room every morning at school.", "Ollie has quiet time at school."),
        ("Oliver attends all appointments at the child development centre.", "Ollie goes to the doctor."),
        ("Claire has a short break every two weeks while Oliver goes to the play scheme.",
         "Ollie goes to play club. Mum has a rest."),
    ], [(AgencyKind.GP, "Riverside Surgery"), (AgencyKind.SCHOOL, "Meadow Primary School"),
        (AgencyKind.HEALTH, "Child Development Centre")])
    return ollie


def _amira(session, team, worker, today) -> Child:
    amira = _child(
        session, team, worker, "Amira", "Hassan", _years_ago(today, 11) - timedelta(days=100),
        preferred_name="Amira", reading_level=ReadingLevel.SIMPLE.value,
        access_method=AccessMethod.DWELL.value, dwell_ms=1200,
        how_i_communicate="I use a head pointer. Rest the pointer on a picture and I have chosen it. "
                          "I can say some words; give me time.",
        disability_notes="I have cerebral palsy. I use a wheelchair. I get tired in the afternoon.",
    )
    _relative(session, amira, Relationship.SIBLING, "Yusuf Hassan", "Yusuf",
              date_of_birth=_years_ago(today, 7), reading_level=ReadingLevel.PICTURES.value)
    _relative(session, amira, Relationship.PARENT, "Layla Hassan", "Layla", language="ar",
              reading_level=ReadingLevel.SIMPLE.value)
    _plan(session, amira, worker, PlanType.CHILD_PROTECTION, today - timedelta(days=80), today + timedelta(days=5), [
        ("Amira is moved and handled safely at home, with the hoist, every time.", "People help Amira move safely."),
        ("Amira's wheelchair is repaired and checked every three months.", "Amira's wheelchair gets fixed."),
        ("Amira is taken to every hospital and therapy appointment.", "Amira goes to all her appointments."),
        ("Yusuf has time with his mum on his own each week.", "Yusuf has special time with Mum."),
    ], [(AgencyKind.GP, "Hillside Medical Practice"), (AgencyKind.SCHOOL, "Oak Tree Special School"),
        (AgencyKind.HEALTH, "Children's Physiotherapy Service")])
    _plan(session, amira, worker, PlanType.EHCP, today - timedelta(days=300), today + timedelta(days=65), [
        ("Amira has her own communication aid in every lesson.", "Amira has her talker in class."),
        ("Amira has physiotherapy at school twice a week.", "Amira does exercises at school."),
    ], [(AgencyKind.SCHOOL, "Oak Tree Special School")])
    return amira


def _elis(session, team, worker, today) -> None:
    elis = _child(
        session, team, worker, "Elis", "Jones", _years_ago(today, 13) - timedelta(days=20),
        preferred_name="Elis", language="cy", reading_level=ReadingLevel.FULL.value,
        access_method=AccessMethod.KEYBOARD.value,
        how_i_communicate="Dw i'n siarad Cymraeg. I like to type my answers rather than talk.",
        disability_notes="I have dyspraxia. Typing is easier for me than writing.",
    )
    _relative(session, elis, Relationship.PARENT, "Siân Jones", "Siân", language="cy",
              reading_level=ReadingLevel.FULL.value)
    _plan(session, elis, worker, PlanType.EARLY_HELP, today - timedelta(days=40), today + timedelta(days=50), [
        ("Elis gets help with homework at the Tuesday club.", "Elis yn cael help gyda gwaith cartref."),
        ("Siân and Elis meet the family support worker every month.", "Elis a Mam yn cwrdd â'r gweithiwr."),
    ], [(AgencyKind.SCHOOL, "Ysgol Gyfun y Cwm"), (AgencyKind.GP, "Meddygfa'r Cwm")])


def _lily(session, team, worker, today) -> None:
    lily = _child(session, team, worker, "Lily", "Carter", _years_ago(today, 6),
                  preferred_name="Lily", reading_level=ReadingLevel.PICTURES.value)
    _plan(session, lily, worker, PlanType.CARE_PLAN, today - timedelta(days=200), today + timedelta(days=20), [
        ("Lily sees her brother every month.", "Lily sees her brother."),
    ], [(AgencyKind.HEALTH_VISITOR, "Northgate Health Visiting Team")])
