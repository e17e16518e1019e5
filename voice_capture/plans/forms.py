"""Forms for a plan, its items and the agencies involved."""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Optional, ValidationError

from ..forms_common import PlainDateField, date_required, not_before_1900, required, strip, text_limit
from ..labels import choices
from ..models import AgencyKind, PlanStatus, PlanType


def _within_a_year(_form, field):
    if field.data and field.data > date.today() + timedelta(days=366):
        raise ValidationError(_l("The start date can be at most a year from today."))


def _on_or_after_start(_form, field):
    start = _form.start_date.data
    if field.data and start and field.data < start:
        raise ValidationError(_l("This date cannot be before the start date."))


class PlanForm(FlaskForm):
    plan_type = SelectField(_l("Type of plan"), choices=choices(PlanType))
    status = SelectField(_l("Status"), choices=choices(PlanStatus), default=PlanStatus.ACTIVE.value)
    start_date = PlainDateField(
        _l("Start date"), validators=[date_required(_l("Enter the start date.")), not_before_1900, _within_a_year]
    )
    review_date = PlainDateField(_l("Next review"), validators=[Optional(), _on_or_after_start])
    end_date = PlainDateField(_l("End date"), validators=[Optional(), _on_or_after_start])
    allocated_worker_id = SelectField(_l("Allocated social worker"), coerce=int)

    def plan_data(self) -> dict:
        return {
            "plan_type": self.plan_type.data,
            "status": self.status.data,
            "start_date": self.start_date.data,
            "review_date": self.review_date.data,
            "end_date": self.end_date.data,
            "allocated_worker_id": self.allocated_worker_id.data or None,
        }


class PlanItemForm(FlaskForm):
    text = TextAreaField(
        _l("What the plan says"), filters=[strip],
        validators=[required(_l("Enter what the plan says will happen.")), text_limit(2000)],
    )
    simple_text = TextAreaField(
        _l("In simple words for the child"), filters=[strip],
        validators=[Optional(), text_limit(500)],
        description=_l("Short words a young child understands, in the child's own language, for example: "
                       "Sam goes to all his appointments. The child is asked about the plan in these words."),
    )


class AgencyForm(FlaskForm):
    kind = SelectField(_l("Kind of agency"), choices=choices(AgencyKind))
    name = StringField(
        _l("Name"), filters=[strip],
        validators=[required(_l("Enter the agency's name.")), text_limit(160)],
    )
    contact = StringField(
        _l("Contact (optional)"), filters=[strip], validators=[Optional(), text_limit(254)],
        description=_l("A secure email address or phone number."),
    )
