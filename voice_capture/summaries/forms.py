"""The form that records who the views summary was shared with."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Optional, ValidationError

from ..db import MAX_ID
from ..forms_common import PlainDateField, date_required, not_before_1900, strip, text_limit
from .services import HOW_MAX


def _whole_number(value) -> int:
    """A choice's id; anything that is not a whole number is no choice at all (never a 500)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0
    return number if 0 < number < MAX_ID else 0


def _chosen(_form, field):
    if not field.data:
        raise ValidationError(_l("Choose the agency you shared the summary with."))


def _not_in_future(_form, field):
    if field.data and field.data > date.today():
        raise ValidationError(_l("The date you shared the summary cannot be in the future."))


class ShareForm(FlaskForm):
    # The service checks the agency belongs to this plan, with its own plain message.
    agency_id = SelectField(_l("Agency"), coerce=_whole_number, validate_choice=False, validators=[_chosen])
    shared_on = PlainDateField(
        _l("Date shared"),
        validators=[date_required(_l("Enter the date you shared the summary.")), not_before_1900, _not_in_future],
    )
    how = StringField(
        _l("How it was shared (optional)"), filters=[strip], validators=[Optional(), text_limit(HOW_MAX)],
        description=_l("For example: secure email to the practice manager, or given out at the review meeting."),
    )
