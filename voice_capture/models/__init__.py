"""All tables, imported together so that SQLModel.metadata knows every one."""
from .audit import AuditEvent
from .base import utcnow
from .conversations import CaptureSession, ConversationScript, ScriptStep, StepChoice
from .enums import (
    RESPONDENT_WAYS,
    AccessMethod,
    AgencyKind,
    AnswerType,
    EnteredHow,
    LetterStatus,
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
from .jobs import HueyCounter, HueyKV, HueySchedule, HueyTask, Job, JobState
from .letters import FeedbackLetter
from .media import MediaObject
from .people import Child, ChildPhoto, ChildPractitioner, Respondent
from .plans import Plan, PlanAgency, PlanItem
from .responses import Response, ResponseView
from .settings import SiteSetting
from .sharing import SummaryShare
from .users import EndedSession, LoginFailure, RecoveryCode, SignInRequest, Team, User
from .views import View
from .worries import Worry

__all__ = [
    "AccessMethod", "AgencyKind", "AnswerType", "AuditEvent", "CaptureSession", "Child", "ChildPhoto",
    "ChildPractitioner", "ConversationScript", "EndedSession", "EnteredHow", "FeedbackLetter",
    "HueyCounter", "HueyKV", "HueySchedule", "HueyTask", "Job", "JobState", "LetterStatus",
    "LoginFailure", "MediaObject", "Outcome", "Plan", "PlanAgency", "PlanItem", "PlanStatus", "PlanType",
    "RESPONDENT_WAYS", "ReadingLevel", "RecoveryCode", "Relationship", "Respondent", "Response", "ResponseView", "Role",
    "ScanPattern",
    "ScriptStep", "SentHow", "SessionStatus", "SignInRequest", "SiteSetting", "StepChoice", "SummaryShare", "Team",
    "User", "View", "Worry", "utcnow",
]
