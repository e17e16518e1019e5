"""Translated names for the domain's closed vocabularies, for forms and pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .models import (
    AccessMethod,
    AgencyKind,
    EnteredHow,
    Outcome,
    PlanStatus,
    PlanType,
    ReadingLevel,
    Relationship,
    Role,
    ScanPattern,
    SentHow,
    SessionStatus,
)

LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.MANAGER: _l("Team manager"),
    Role.SOCIAL_WORKER: _l("Social worker"),
    Role.PRACTITIONER: _l("Practitioner"),
    ReadingLevel.PICTURES: _l("Pictures only"),
    ReadingLevel.SIMPLE: _l("Simple words"),
    ReadingLevel.FULL: _l("Full text"),
    AccessMethod.TOUCH: _l("Touch"),
    AccessMethod.KEYBOARD: _l("Keyboard"),
    AccessMethod.ONE_SWITCH: _l("One switch (scanning)"),
    AccessMethod.TWO_SWITCH: _l("Two switches"),
    AccessMethod.DWELL: _l("Pointer dwell"),
    ScanPattern.LINEAR: _l("One choice at a time"),
    ScanPattern.ROWS: _l("A row at a time, then the choices in it"),
    Relationship.CHILD: _l("The child"),
    Relationship.SIBLING: _l("Brother or sister"),
    Relationship.PARENT: _l("Parent"),
    Relationship.CARER: _l("Carer"),
    PlanType.CHILD_PROTECTION: _l("Child protection plan"),
    PlanType.CHILD_IN_NEED: _l("Child in need plan"),
    PlanType.EARLY_HELP: _l("Early help plan"),
    PlanType.EHCP: _l("Education, health and care plan (EHCP)"),
    PlanType.CARE_PLAN: _l("Care plan"),
    PlanStatus.DRAFT: _l("Draft"),
    PlanStatus.ACTIVE: _l("Active"),
    PlanStatus.ENDED: _l("Ended"),
    AgencyKind.GP: _l("GP"),
    AgencyKind.SCHOOL: _l("School"),
    AgencyKind.HEALTH_VISITOR: _l("Health visitor"),
    AgencyKind.HEALTH: _l("Health (hospital or community)"),
    AgencyKind.CAMHS: _l("Child and adolescent mental health (CAMHS)"),
    AgencyKind.POLICE: _l("Police"),
    AgencyKind.HOUSING: _l("Housing"),
    AgencyKind.OTHER: _l("Other agency"),
    EnteredHow.TAPPED: _l("tapped by them"),
    EnteredHow.TYPED: _l("typed by them"),
    EnteredHow.KEYBOARD: _l("chosen by them with a keyboard"),
    EnteredHow.SWITCH: _l("chosen by them with a switch"),
    EnteredHow.DWELL: _l("chosen by them by pointing"),
    EnteredHow.ON_BEHALF: _l("chosen for them by the practitioner"),
    EnteredHow.OBSERVED: _l("noticed by the practitioner"),
    Outcome.DONE: _l("Done"),
    Outcome.PLAN_CHANGED: _l("The plan was changed"),
    Outcome.PASSED_ON: _l("Passed on to an agency"),
    Outcome.IN_PROGRESS: _l("Still working on it"),
    Outcome.COULD_NOT: _l("Could not be done"),
    SentHow.READ_TOGETHER: _l("Read together"),
    SentHow.BY_HAND: _l("Given by hand"),
    SentHow.POSTED: _l("Posted"),
    SentHow.EMAILED: _l("Emailed to a parent"),
}


# Apart from LABELS: "in_progress" is also an Outcome's value, and enum members are keys by their values.
SESSION_STATUSES = {
    SessionStatus.IN_PROGRESS: _l("In progress"),
    SessionStatus.FINISHED: _l("Finished"),
    SessionStatus.STOPPED: _l("Stopped"),
    SessionStatus.ABANDONED: _l("Abandoned"),
}


def session_status(value: str) -> str:
    """The translated name of a conversation's status."""
    text = SESSION_STATUSES.get(value)
    return str(text) if text is not None else str(value)


def label(value) -> str:
    """The translated name of an enum value; the raw value if it has none."""
    text = LABELS.get(value)  # StrEnum members hash and compare as their values
    return str(text) if text is not None else str(value)


def choices(enum_cls, exclude=()) -> list[tuple[str, object]]:
    return [(member.value, LABELS[member]) for member in enum_cls if member not in exclude]

AUDIT_ACTIONS = {
    "view": _l("looked at"),
    "create": _l("added"),
    "update": _l("changed"),
    "delete": _l("removed"),
    "login": _l("signed in"),
    "unlock": _l("unlocked the tablet"),
    "unlock_failed": _l("typed a wrong password to unlock the tablet"),
    "resume": _l("carried on"),
    "close": _l("closed"),
    "denied": _l("was refused"),
    "sso_refused": _l("was refused signing in with the council account"),
}
AUDIT_ENTITIES = {
    "child": _l("child's record"),
    "respondent": _l("family member or profile"),
    "plan": _l("plan"),
    "plan_item": _l("plan item"),
    "plan_agency": _l("agency on a plan"),
    "audit_trail": _l("audit trail"),
    "capture_session": _l("conversation"),
    "child_photo": _l("photo"),
    "user": _l("account"),
    "team": _l("team"),
    "conversation_script": _l("conversation script"),
    "worry": _l("worry"),
    "site_setting": _l("service setting"),
    "response": _l("response to a view"),
    "feedback_letter": _l("feedback letter"),
    "summary_share": _l("views summary shared with an agency"),
}


def audit_action(value: str) -> str:
    return str(AUDIT_ACTIONS.get(value, value))


def audit_entity(value: str) -> str:
    return str(AUDIT_ENTITIES.get(value, value))
