"""Forms for writing a conversation: the script, a step with its pictures, and one answer's settings."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..conversations.answer_types import editor_choices
from ..forms_common import required, strip, text_limit
from ..i18n import language_choices
from ..labels import LABELS
from ..models import AnswerType, Relationship

PROMPT_MAX = 1000
AUDIENCES = (Relationship.CHILD, Relationship.SIBLING, Relationship.PARENT)


def audience_choices() -> list[tuple[str, object]]:
    return [(member.value, LABELS[member]) for member in AUDIENCES]


class ScriptForm(FlaskForm):
    title = StringField(_l("Name of the conversation"), filters=[strip],
                        validators=[required(_l("Enter a name for the conversation.")), text_limit(160)],
                        description=_l("The practitioner sees this when they start a conversation."))
    language = SelectField(_l("Language it is written in"), choices=language_choices())
    audience = SelectField(_l("Who it is for"), choices=audience_choices())


class ScriptDetailsForm(FlaskForm):
    title = ScriptForm.title
    audience = ScriptForm.audience


class SymbolListField(SelectMultipleField):
    """Pictures as tick boxes; its choices are set by the view (those chosen, then what a search found)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):  # the view checks each key against the symbol library
        pass


class StepForm(FlaskForm):
    prompt = TextAreaField(
        _l("The question"), filters=[strip],
        validators=[required(_l("Write the question.")), text_limit(PROMPT_MAX)],
        description=_l("Read aloud and shown to people who read well."),
    )
    simple_prompt = TextAreaField(
        _l("The question in simple words"), filters=[strip],
        validators=[required(_l("Write the question in simple words.")), text_limit(PROMPT_MAX)],
        description=_l("Shown to people who read a little or use pictures. Use a few short, everyday words."),
    )
    answer_type = RadioField(_l("How they answer"), choices=editor_choices(),
                             default=AnswerType.ONE_SYMBOL.value,
                             validators=[required(_l("Choose how they answer."))])
    find = StringField(_l("Find pictures by their words"), filters=[strip], validators=[Optional(), text_limit(80)],
                       description=_l("For picture questions and sorting mats. Type a word such as “school”, then "
                                      "choose Find pictures."))
    symbols = SymbolListField(_l("Pictures to choose from"))
    about_plan_items = BooleanField(_l("Ask this about each plan item"),
                                    description=_l("Write %(item)s in both questions where the plan item's words "
                                                   "go.", item="%(item)s"))
    offer_photos = BooleanField(_l("Offer the child's own photos here"), default=True,
                                description=_l("On picture questions, the child's own photos are shown beside the "
                                               "symbols."))
    is_follow_up = BooleanField(_l("This is a follow-up question"),
                                description=_l("A follow-up is only asked after an answer that leads to it."))


class AnswerForm(FlaskForm):
    """A picture's or card's words, whether it is a worry, and what it leads to."""

    label = StringField(_l("Words under the picture"), filters=[strip],
                        validators=[required(_l("Enter the words shown under the picture.")), text_limit(160)])
    is_worry = BooleanField(_l("This answer is a worry"),
                            description=_l("Whoever reads the answers is asked to act on it, following the local "
                                           "safeguarding procedure."))
    follow_up_step_id = SelectField(_l("After this answer, ask"), coerce=int, validate_choice=True)


class FixedAnswerForm(FlaskForm):
    is_worry = AnswerForm.is_worry
    follow_up_step_id = AnswerForm.follow_up_step_id
