"""Forms for responses to views and for "You said … We did …" letters."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Optional, ValidationError

from ..forms_common import PlainDateField, date_required, not_before_1900, not_in_future, strip, text_limit
from ..i18n import FAMILY_LANGUAGES, language_choices
from ..models import Outcome, SentHow
from ..people.forms import CheckboxListField
from .responses import MAX_WORDS

OUTCOME_LABELS = {
    Outcome.DONE: _l("Done"),
    Outcome.PLAN_CHANGED: _l("The plan was changed"),
    Outcome.PASSED_ON: _l("Passed on to an agency"),
    Outcome.IN_PROGRESS: _l("Still working on it"),
    Outcome.COULD_NOT: _l("Could not be done"),
}
SENT_LABELS = {
    SentHow.READ_TOGETHER: _l("Read together"),
    SentHow.BY_HAND: _l("Given by hand"),
    SentHow.POSTED: _l("Posted"),
    SentHow.EMAILED: _l("Emailed to a parent"),
}
LISTEN_LABELS = {"yes": _l("Yes"), "a_bit": _l("A bit"), "no": _l("No")}
# One name for each state, the same in buttons, messages, the plan page and the dashboard: draft, ready, given.
STATUS_LABELS = {"draft": _l("Draft"), "ready": _l("Ready"), "sent": _l("Given")}


class ResponseForm(FlaskForm):
    views = CheckboxListField(_l("Which views is this about?"), coerce=int,
                              description=_l("Choose one view, or several views about the same plan item."),
                              validators=[DataRequired(_l("Choose at least one view to answer."))])
    outcome = SelectField(_l("What was done?"), choices=[("", _l("Choose one"))] + list(OUTCOME_LABELS.items()),
                          validators=[DataRequired(_l("Choose what was done."))])
    plain_words = TextAreaField(
        _l("What was done, in plain words for the person who said it"), filters=[strip],
        description=_l("Write to them as “you”. Use short sentences and everyday words."),
        validators=[DataRequired(_l("Write what was done, in plain words.")), text_limit(MAX_WORDS)])
    reason = TextAreaField(_l("Why it could not be done"), filters=[strip],
                           description=_l("Needed when it could not be done."),
                           validators=[Optional(), text_limit(MAX_WORDS)])
    responded_on = PlainDateField(_l("Date"), default=date.today,
                                  validators=[date_required(_l("Enter the date.")), not_in_future, not_before_1900])

    def validate_reason(self, field):
        if self.outcome.data == Outcome.COULD_NOT.value and not field.data:
            raise ValidationError(_l("Say why it could not be done."))


class StartLetterForm(FlaskForm):
    language = SelectField(_l("Language of the letter"), choices=language_choices(FAMILY_LANGUAGES))


class ReadyForm(FlaskForm):
    ready_reason = TextAreaField(
        _l("Why some lines must stay hard to read (only if they must)"), filters=[strip],
        description=_l("Lines much too hard for this reader cannot go out unless you say why."),
        validators=[Optional(), text_limit(MAX_WORDS)])


class SentForm(FlaskForm):
    sent_how = SelectField(_l("How was the letter given?"),
                           choices=[("", _l("Choose one"))] + list(SENT_LABELS.items()),
                           validators=[DataRequired(_l("Choose how the letter was given."))])
    sent_on = PlainDateField(_l("When was it given?"), default=date.today,
                             validators=[date_required(_l("Enter the date it was given.")), not_in_future,
                                         not_before_1900])


class SimpleForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


def lines_form(letter_lines: list[dict], data=None) -> FlaskForm:
    """A form with one text box for each line of the letter: what was done, in the worker's words."""

    class LinesForm(FlaskForm):
        pass

    for number, line in enumerate(letter_lines, start=1):
        setattr(LinesForm, f"line_{line['view_id']}", TextAreaField(
            _l("What we did, line %(number)d", number=number), filters=[strip],
            default=line.get("did", ""), validators=[text_limit(MAX_WORDS)]))
    return LinesForm(data=data)
