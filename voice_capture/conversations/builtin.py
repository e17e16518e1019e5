"""The ready-made scripts, written in simple words and stored once per interface language."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from ..i18n import UI_LOCALES
from ..models import AnswerType, ConversationScript, Relationship, ScriptStep, StepChoice
from ..symbols.library import get_symbol
from .answers import FIXED

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
                       AnswerType.ONE_SYMBOL, ("yes", "a_bit", "no")),
        StepDefinition(_l("Is there anything else you want us to know?"), _l("Anything else?"), AnswerType.OWN_WORDS),
    ),
)

BUILTIN_SCRIPTS = (MY_PLAN_MEETING, WHAT_IT_IS_LIKE_FOR_ME, DID_WE_LISTEN)


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
                     about_plan_items=step.about_plan_items, is_follow_up=follow_up)
    session.add(row)
    session.flush()
    leads_to = {key: _store_step(session, definition, script, target, language, positions, follow_up=True)
                for key, target in step.follow_ups}
    fixed = {answer.key: answer for answer in FIXED.get(step.answer_type.value, ())}
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
