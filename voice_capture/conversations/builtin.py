"""The ready-made scripts, written in simple words and stored once per interface language."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from ..i18n import UI_LOCALES
from ..models import AnswerType, ConversationScript, Relationship, ScriptStep, StepChoice
from ..symbols.library import get_symbol
from .answer_types import answer_type

# In a plan-item step, this stands for the item's words (the simple words when there are some).
ITEM = "%(item)s"


@dataclass(frozen=True)
class StepDefinition:
    """One step. For picture and sort steps, `symbols` are the choices (or cards). `follow_ups` pairs
    an answer (a symbol key, or a fixed answer key such as "sad") with the step it leads to; a
    follow-up may have follow-ups of its own, one level deeper. `worries` are answers that mean
    the child may be at risk."""

    prompt: object
    simple_prompt: object
    answer_type: AnswerType
    symbols: tuple[str, ...] = ()
    about_plan_items: bool = False
    follow_ups: tuple[tuple[str, StepDefinition], ...] = ()
    worries: tuple[str, ...] = ()
    offer_photos: bool = True  # the child's own photos beside the symbols on picture steps


@dataclass(frozen=True)
class ScriptDefinition:
    family_key: str
    title: object
    audience: Relationship
    steps: tuple[StepDefinition, ...] = field(default_factory=tuple)


MY_PLAN_MEETING = ScriptDefinition(
    "my-plan-meeting", _l("My plan meeting"), Relationship.CHILD, (
        StepDefinition(_l("Hello! We are going to talk about your plan. How are you feeling today?"),
                       _l("How do you feel today?"), AnswerType.FEELINGS),
        StepDefinition(_l("Your plan says: %(item)s How do you feel about this?"),
                       _l("%(item)s How do you feel?"), AnswerType.FEELINGS, about_plan_items=True),
        StepDefinition(_l("Who helps you the most?"), _l("Who helps you?"), AnswerType.ONE_SYMBOL,
                       ("mum", "dad", "brother", "sister", "nan", "foster_carer", "teacher", "friend",
                        "social_worker")),
        StepDefinition(_l("What do you like doing?"), _l("What do you like?"), AnswerType.SEVERAL_SYMBOLS,
                       ("playing", "tv", "football", "drawing", "music", "swimming", "games", "park")),
        StepDefinition(_l("Do people listen to you?"), _l("Do people listen?"), AnswerType.YES_NO),
        StepDefinition(_l("Is there anything else you want to tell us?"), _l("Anything else?"),
                       AnswerType.OWN_WORDS),
    ),
)

WHAT_IT_IS_LIKE_FOR_ME = ScriptDefinition(
    "what-it-is-like-for-me", _l("What it is like for me"), Relationship.SIBLING, (
        StepDefinition(_l("How do you feel at home?"), _l("Home. How do you feel?"), AnswerType.FEELINGS),
        StepDefinition(_l("Do you get time on your own with your mum or dad?"), _l("Time with Mum or Dad?"),
                       AnswerType.YES_NO),
        StepDefinition(_l("What is hard for you at home?"), _l("What is hard?"), AnswerType.SEVERAL_SYMBOLS,
                       ("noise", "waiting", "sharing", "worried", "tired", "sleep", "school", "friend")),
        StepDefinition(_l("Who can you talk to when you are worried?"), _l("Who do you talk to?"),
                       AnswerType.ONE_SYMBOL,
                       ("mum", "dad", "nan", "teacher", "friend", "social_worker", "someone_else")),
        StepDefinition(_l("What would help your brother or sister?"), _l("What would help?"),
                       AnswerType.OWN_WORDS),
    ),
)

# Asked when a "You said … We did …" letter is read together. The first step's keys are what the
# manager's counts read: yes, a_bit, no.
DID_WE_LISTEN_KEY = "did-we-listen"
DID_WE_LISTEN = ScriptDefinition(
    DID_WE_LISTEN_KEY, _l("Did we listen?"), Relationship.CHILD, (
        StepDefinition(_l("We read your letter together. Did we listen to you?"), _l("Did we listen?"),
                       AnswerType.ONE_SYMBOL, ("yes", "a_bit", "no"), offer_photos=False),
        StepDefinition(_l("Is there anything else you want us to know?"), _l("Anything else?"), AnswerType.OWN_WORDS),
    ),
)

# A gentle, open follow-up after a child has chosen a worry: it asks for more without putting words
# in the child's mouth. Each choice that leads to it is stored as its own step, so a step where
# several pictures can be chosen gives it to one worry only (the child is not asked the same thing
# twice); every worry is still marked.
_TELL_US_MORE = StepDefinition(_l("Thank you for telling us. Do you want to tell us more about it?"),
                               _l("Tell us more?"), AnswerType.OWN_WORDS)

THREE_HOUSES = ScriptDefinition(
    # Translators: the name of a well-known way of talking with children: three houses, one for
    # worries, one for good things and one for dreams.
    "three-houses", _l("Three houses"), Relationship.CHILD, (
        StepDefinition(_l("We are going to fill three houses. The first one is the house of worries. "
                          "What worries you?"),
                       _l("House of worries. What worries you?"), AnswerType.SEVERAL_SYMBOLS,
                       ("school", "home", "noise", "bedtime", "nightmare", "arguing", "shout", "bullying",
                        "lonely", "moving_house", "poorly", "scared_at_home", "hurt_me", "hit", "not_safe",
                        "secret"),
                       follow_ups=(("hurt_me", _TELL_US_MORE),),
                       worries=("scared_at_home", "hurt_me", "hit", "not_safe", "secret")),
        StepDefinition(_l("How much do your worries bother you?"), _l("How big are your worries?"),
                       AnswerType.HOW_MUCH),
        StepDefinition(_l("The next one is the house of good things. What is good in your life?"),
                       _l("House of good things. What is good?"), AnswerType.SEVERAL_SYMBOLS,
                       ("family", "friend", "home", "school", "pet", "playing", "park", "games", "music",
                        "swimming", "treat", "holiday")),
        StepDefinition(_l("Who helps you to feel safe and happy?"), _l("Who helps you feel safe?"),
                       AnswerType.SEVERAL_SYMBOLS,
                       ("mum", "dad", "brother", "sister", "nan", "grandad", "foster_carer", "teacher", "friend",
                        "social_worker", "someone_else", "nobody")),
        StepDefinition(_l("The last one is the house of dreams. What would you like to happen?"),
                       _l("House of dreams. What would you like?"), AnswerType.SEVERAL_SYMBOLS,
                       ("family", "friend", "home", "pet", "school", "day_out", "holiday", "party", "football",
                        "swimming", "talk", "help")),
        StepDefinition(_l("If you could have one wish, what would it be?"), _l("One wish?"), AnswerType.OWN_WORDS),
    ),
)

_HOME_IS_HARD = StepDefinition(
    _l("What makes home hard for you?"), _l("What makes home hard?"), AnswerType.SEVERAL_SYMBOLS,
    ("noise", "arguing", "shout", "sharing", "rules", "bedtime", "lonely", "missing_someone", "not_allowed",
     "scared_at_home", "hurt_me", "hit", "not_safe"),
    follow_ups=(("scared_at_home", _TELL_US_MORE),),
    worries=("scared_at_home", "hurt_me", "hit", "not_safe"),
)
_NIGHT_IS_HARD = StepDefinition(
    _l("What makes night time hard?"), _l("What is hard at night?"), AnswerType.SEVERAL_SYMBOLS,
    ("dark", "noise", "nightmare", "sharing", "cold", "hot", "lonely", "scared", "scared_at_home",
     "someone_touches_me"),
    follow_ups=(("someone_touches_me", _TELL_US_MORE),),
    worries=("scared_at_home", "someone_touches_me"),
)

MY_FAMILY_AND_HOME = ScriptDefinition(
    "my-family-and-home", _l("My family and home"), Relationship.CHILD, (
        StepDefinition(_l("Who lives in your home with you?"), _l("Who lives with you?"), AnswerType.SEVERAL_SYMBOLS,
                       ("mum", "dad", "stepmum", "stepdad", "brother", "sister", "baby", "nan", "grandad",
                        "foster_carer", "pet", "someone_else")),
        StepDefinition(_l("How do you feel when you are at home?"), _l("Home. How do you feel?"),
                       AnswerType.FEELINGS, follow_ups=(("sad", _HOME_IS_HARD), ("very_sad", _HOME_IS_HARD))),
        StepDefinition(_l("Do you feel safe in your bedroom at night?"), _l("Safe in bed at night?"),
                       AnswerType.YES_NO, follow_ups=(("no", _NIGHT_IS_HARD),), worries=("no",)),
        StepDefinition(_l("What do you like doing at home?"), _l("What do you like at home?"),
                       AnswerType.SEVERAL_SYMBOLS,
                       ("playing", "tv", "games", "tablet", "drawing", "building_blocks", "board_games", "cooking",
                        "garden", "pet", "music", "bath")),
        StepDefinition(_l("Who do you go to at home when you need help?"), _l("Who helps you at home?"),
                       AnswerType.ONE_SYMBOL,
                       ("mum", "dad", "stepmum", "stepdad", "foster_carer", "nan", "grandad", "brother", "sister",
                        "someone_else", "nobody")),
        StepDefinition(_l("What would make home better for you?"), _l("What would make home better?"),
                       AnswerType.OWN_WORDS),
    ),
)

# Chosen from "What makes school hard?": what happens when someone is unkind.
_UNKIND_AT_SCHOOL = StepDefinition(
    _l("Someone is unkind to you. What happens?"), _l("What happens?"), AnswerType.SEVERAL_SYMBOLS,
    ("shout", "swearing", "go_away", "online", "secret", "hit", "hurt_me"),
    worries=("hit", "hurt_me"),
)
_SCHOOL_IS_HARD = StepDefinition(
    _l("What makes school hard for you?"), _l("What makes school hard?"), AnswerType.SEVERAL_SYMBOLS,
    ("lessons", "reading", "writing", "maths", "homework", "noise", "playtime", "lunch", "friend", "teacher",
     "lonely", "bullying", "hurt_me", "not_safe"),
    follow_ups=(("bullying", _UNKIND_AT_SCHOOL),),
    worries=("hurt_me", "not_safe"),
)

SCHOOL = ScriptDefinition(
    "school", _l("School"), Relationship.CHILD, (
        StepDefinition(_l("How do you feel about school?"), _l("School. How do you feel?"), AnswerType.FEELINGS,
                       follow_ups=(("sad", _SCHOOL_IS_HARD), ("very_sad", _SCHOOL_IS_HARD))),
        # Translators: a sorting mat: the child puts each picture card under "Good", "Not sure" or "Not good".
        StepDefinition(_l("Here are some things about school. Put each card under good, not sure or not good."),
                       _l("Good or not good?"), AnswerType.SORT,
                       ("lessons", "playtime", "lunch", "teacher", "friend", "homework", "pe", "bus", "uniform")),
        StepDefinition(_l("Who helps you at school?"), _l("Who helps you?"), AnswerType.SEVERAL_SYMBOLS,
                       ("teacher", "teaching_assistant", "headteacher", "friend", "someone_else", "nobody")),
        StepDefinition(_l("Do you feel safe at school?"), _l("Safe at school?"), AnswerType.YES_NO,
                       follow_ups=(("no", StepDefinition(
                           _l("Can you tell us what makes you feel not safe at school?"),
                           _l("What makes you feel not safe?"), AnswerType.OWN_WORDS)),),
                       worries=("no",)),
        StepDefinition(_l("What would make school better for you?"), _l("What would make school better?"),
                       AnswerType.OWN_WORDS),
    ),
)

HEALTH_AND_APPOINTMENTS = ScriptDefinition(
    "health-and-appointments", _l("Health and appointments"), Relationship.CHILD, (
        StepDefinition(_l("Do you feel well at the moment?"), _l("Do you feel well?"), AnswerType.YES_NO,
                       follow_ups=(("no", StepDefinition(
                           _l("What does not feel right? Show us."), _l("What is not right?"),
                           AnswerType.SEVERAL_SYMBOLS,
                           ("head", "tummy", "teeth", "ears", "eyes", "arm", "leg", "foot", "private_parts", "pain",
                            "sick", "tired", "sleep", "dizzy"),
                           # A child showing pain in their private parts needs someone to check, always.
                           worries=("private_parts",))),)),
        StepDefinition(_l("Your plan says: %(item)s Is this happening?"), _l("%(item)s Is this happening?"),
                       AnswerType.YES_NO, about_plan_items=True),
        StepDefinition(_l("Who do you see to help you stay well?"), _l("Who do you see?"),
                       AnswerType.SEVERAL_SYMBOLS,
                       ("doctor", "nurse", "dentist", "therapist", "hospital", "check_up", "medicine", "injection",
                        "glasses", "hearing_aid")),
        StepDefinition(_l("How do you feel about going to appointments?"), _l("Appointments. How do you feel?"),
                       AnswerType.FEELINGS,
                       follow_ups=tuple((key, StepDefinition(
                           _l("What is hard about appointments?"), _l("What is hard?"), AnswerType.SEVERAL_SYMBOLS,
                           ("waiting", "noise", "injection", "medicine", "pain", "doctor", "stranger", "scared",
                            "nervous", "car", "bus", "taxi", "school"))) for key in ("sad", "very_sad"))),
        StepDefinition(_l("Who takes you to your appointments?"), _l("Who takes you?"), AnswerType.ONE_SYMBOL,
                       ("mum", "dad", "stepmum", "stepdad", "foster_carer", "carer", "nan", "grandad",
                        "social_worker", "someone_else", "nobody")),
        StepDefinition(_l("Do you get to all of your appointments?"), _l("Do you go to every appointment?"),
                       AnswerType.YES_NO,
                       follow_ups=(("no", StepDefinition(
                           _l("What stops you getting to your appointments?"), _l("What stops you going?"),
                           AnswerType.SEVERAL_SYMBOLS,
                           ("nobody", "car", "bus", "taxi", "money", "waiting", "tired", "scared", "school",
                            "dont_want"),
                           # No one to take a child to the doctor is a sign they may be neglected.
                           worries=("nobody",))),)),
        StepDefinition(_l("Is it hard to get to your appointments?"), _l("Is getting there hard?"),
                       AnswerType.HOW_MUCH),
        StepDefinition(_l("What would help you to stay well?"), _l("What would help you?"), AnswerType.OWN_WORDS),
    ),
)

WHAT_WOULD_HELP_MY_BROTHER_OR_SISTER = ScriptDefinition(
    "what-would-help-my-brother-or-sister", _l("What I think would help my brother or sister"),
    Relationship.SIBLING, (
        StepDefinition(_l("How do you think your brother or sister feels at the moment?"),
                       _l("How do they feel?"), AnswerType.FEELINGS),
        StepDefinition(_l("What do you like doing with your brother or sister?"), _l("What do you do together?"),
                       AnswerType.SEVERAL_SYMBOLS,
                       ("playing", "games", "board_games", "tv", "park", "drawing", "music", "day_out", "talk",
                        "hug")),
        StepDefinition(_l("What do you think would help your brother or sister?"), _l("What would help them?"),
                       AnswerType.SEVERAL_SYMBOLS,
                       ("talk", "playing", "friend", "quiet", "hug", "day_out", "school", "doctor",
                        "short_break_house", "help")),
        StepDefinition(_l("Do you help to look after your brother or sister?"), _l("Do you help look after them?"),
                       AnswerType.YES_NO,
                       follow_ups=(("yes", StepDefinition(
                           _l("How much do you help to look after them?"), _l("How much do you help?"),
                           AnswerType.HOW_MUCH,
                           follow_ups=tuple((key, StepDefinition(
                               _l("Do you still get time to play and see your friends?"),
                               _l("Time to play?"), AnswerType.YES_NO)) for key in ("quite_a_lot", "a_lot")))),)),
        StepDefinition(_l("Is there anything you want to tell the people who help your brother or sister?"),
                       _l("Anything to tell us?"), AnswerType.OWN_WORDS),
    ),
)

# For parents and carers: plain adult words, most answers in their own words.
PARENTS_AND_CARERS = ScriptDefinition(
    # Translators: this script and its questions are for parents and carers: address them as adults
    # (in Welsh, "chi").
    "parents-and-carers", _l("How is the plan going? For parents and carers"), Relationship.PARENT, (
        StepDefinition(_l("How much is the plan helping your child at the moment?"), _l("Is the plan helping?"),
                       AnswerType.HOW_MUCH),
        StepDefinition(_l("Your child's plan says: %(item)s Is this happening?"),
                       _l("%(item)s Is this happening?"), AnswerType.YES_NO, about_plan_items=True),
        StepDefinition(_l("What is helping your child and your family at the moment?"), _l("What is helping?"),
                       AnswerType.OWN_WORDS),
        StepDefinition(_l("What is not working well, or could be better?"), _l("What is not working?"),
                       AnswerType.OWN_WORDS),
        StepDefinition(_l("Do you feel listened to by the people who work with your family?"),
                       _l("Do you feel listened to?"), AnswerType.YES_NO,
                       follow_ups=tuple((key, StepDefinition(
                           _l("What would help you feel listened to?"), _l("What would help?"),
                           AnswerType.OWN_WORDS)) for key in ("no", "not_sure"))),
        StepDefinition(_l("How much does the support you get help you as a parent or carer?"),
                       _l("Does your support help?"), AnswerType.HOW_MUCH),
        StepDefinition(_l("Do you understand what is in the plan and why?"), _l("Is the plan clear?"),
                       AnswerType.YES_NO),
        StepDefinition(_l("If you could change one thing about the plan, what would it be?"),
                       _l("What would you change?"), AnswerType.OWN_WORDS),
    ),
)

BUILTIN_SCRIPTS = (MY_PLAN_MEETING, WHAT_IT_IS_LIKE_FOR_ME, DID_WE_LISTEN, THREE_HOUSES, MY_FAMILY_AND_HOME, SCHOOL,
                   HEALTH_AND_APPOINTMENTS, WHAT_WOULD_HELP_MY_BROTHER_OR_SISTER, PARENTS_AND_CARERS)


def ensure_builtin_scripts(session: Session) -> int:
    """Store each ready-made script in each interface language, once. Returns how many were added."""
    added = 0
    for definition in BUILTIN_SCRIPTS:
        for language in UI_LOCALES:
            exists = session.exec(select(ConversationScript.id).where(
                ConversationScript.family_key == definition.family_key,
                ConversationScript.language == language)).first()
            if exists is None:
                with force_locale(language):
                    _store(session, definition, language)
                added += 1
    return added


def _store(session: Session, definition: ScriptDefinition, language: str) -> None:
    script = ConversationScript(family_key=definition.family_key, language=language, title=str(definition.title),
                                audience=definition.audience.value, is_builtin=True)
    session.add(script)
    session.flush()
    positions = iter(range(1, 1000))
    for step in definition.steps:
        _store_step(session, definition, script, step, language, positions, follow_up=False)


def _store_step(session: Session, definition: ScriptDefinition, script: ConversationScript, step: StepDefinition,
                language: str, positions, *, follow_up: bool) -> ScriptStep:
    """A step, then its follow-ups straight after it (so a script reads in the order it is asked)."""
    row = ScriptStep(script_id=script.id, position=next(positions), prompt=str(step.prompt),
                     simple_prompt=str(step.simple_prompt), answer_type=step.answer_type.value,
                     about_plan_items=step.about_plan_items, is_follow_up=follow_up,
                     offer_photos=step.offer_photos)
    session.add(row)
    session.flush()
    leads_to = {key: _store_step(session, definition, script, target, language, positions, follow_up=True)
                for key, target in step.follow_ups}
    fixed = {answer.key: answer for answer in answer_type(step.answer_type.value).fixed}
    if fixed:
        keys = dict.fromkeys([key for key, _target in step.follow_ups] + list(step.worries))
        for number, key in enumerate(keys, start=1):
            if key not in fixed:
                raise LookupError(f"the built-in script {definition.family_key} names an unknown answer {key!r}")
            session.add(StepChoice(step_id=row.id, position=number, label=str(fixed[key].label),
                                   symbol_key=fixed[key].symbol, answer_key=key, is_worry=key in step.worries,
                                   follow_up_step_id=leads_to[key].id if key in leads_to else None))
        return row
    for number, key in enumerate(step.symbols, start=1):
        symbol = get_symbol(key)
        if symbol is None:
            raise LookupError(f"the built-in script {definition.family_key} names an unknown symbol {key!r}")
        session.add(StepChoice(step_id=row.id, position=number, label=symbol.label(language), symbol_key=key,
                               is_worry=key in step.worries,
                               follow_up_step_id=leads_to[key].id if key in leads_to else None))
    return row
