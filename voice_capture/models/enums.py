"""The closed vocabularies of the domain, stored as short text values."""
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    SOCIAL_WORKER = "social_worker"
    PRACTITIONER = "practitioner"


class ReadingLevel(StrEnum):
    PICTURES = "pictures"
    SIMPLE = "simple"
    FULL = "full"


class AccessMethod(StrEnum):
    TOUCH = "touch"
    KEYBOARD = "keyboard"
    ONE_SWITCH = "switch1"
    TWO_SWITCH = "switch2"
    DWELL = "dwell"


class ScanPattern(StrEnum):
    """How switch scanning moves over a screen with many targets: one at a time, or a row and then its items."""

    LINEAR = "linear"
    ROWS = "rows"


class Relationship(StrEnum):
    CHILD = "child"
    SIBLING = "sibling"
    PARENT = "parent"
    CARER = "carer"


class PlanType(StrEnum):
    CHILD_PROTECTION = "child_protection"
    CHILD_IN_NEED = "child_in_need"
    EARLY_HELP = "early_help"
    EHCP = "ehcp"
    CARE_PLAN = "care_plan"


class PlanStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ENDED = "ended"


class AgencyKind(StrEnum):
    GP = "gp"
    SCHOOL = "school"
    HEALTH_VISITOR = "health_visitor"
    HEALTH = "health"
    CAMHS = "camhs"
    POLICE = "police"
    HOUSING = "housing"
    OTHER = "other"


class AnswerType(StrEnum):
    ONE_SYMBOL = "one_symbol"
    SEVERAL_SYMBOLS = "several_symbols"
    YES_NO = "yes_no"
    FEELINGS = "feelings"
    OWN_WORDS = "own_words"
    HOW_MUCH = "how_much"
    SORT = "sort"


class SessionStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"
    STOPPED = "stopped"
    # Closed without using its answers, or replaced by a newer one ("Start again"): answers kept, never current.
    ABANDONED = "abandoned"


class EnteredHow(StrEnum):
    TAPPED = "tapped"
    TYPED = "typed"
    KEYBOARD = "keyboard"
    SWITCH = "switch"
    DWELL = "dwell"
    ON_BEHALF = "on_behalf"
    OBSERVED = "observed"


# The ways a respondent's own answer is entered; an observation is the practitioner's note, not a view.
RESPONDENT_WAYS = frozenset({EnteredHow.TAPPED, EnteredHow.TYPED, EnteredHow.KEYBOARD, EnteredHow.SWITCH,
                             EnteredHow.DWELL, EnteredHow.ON_BEHALF})


class Outcome(StrEnum):
    DONE = "done"
    PLAN_CHANGED = "plan_changed"
    PASSED_ON = "passed_on"
    IN_PROGRESS = "in_progress"
    COULD_NOT = "could_not"


class SentHow(StrEnum):
    READ_TOGETHER = "read_together"
    BY_HAND = "by_hand"
    POSTED = "posted"
    EMAILED = "emailed"


class LetterStatus(StrEnum):
    DRAFT = "draft"
    READY = "ready"
    SENT = "sent"
