"""Pieces every form shares: trimming, sensible text limits, date checks, enum choices."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField
from wtforms.validators import DataRequired, Length, StopValidation, ValidationError

NAME_MAX = 80
NOTE_MAX = 5000


def strip(value):
    return value.strip() if isinstance(value, str) else value


def required(message):
    return DataRequired(message=message)


def text_limit(maximum: int):
    return Length(max=maximum, message=_l("This can be at most %(max)d characters long.", max=maximum))


def not_in_future(_form, field):
    if field.data and field.data > date.today():
        raise ValidationError(_l("This date cannot be in the future."))


def not_before_1900(_form, field):
    if field.data and field.data.year < 1900:
        raise ValidationError(_l("Enter a date after 1900."))


class PlainDateField(DateField):
    """A date field whose "that is not a date" message is our own, translated one."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Enter a real date, for example 27 March 2015.")) from None


def date_required(message):
    """Ask for a missing date, but keep the "not a real date" message when one was typed."""

    def check(_form, field):
        if not field.raw_data or not str(field.raw_data[0]).strip():
            field.errors[:] = []
            raise StopValidation(message)
        if field.data is None:
            raise StopValidation()

    return check


class PlainIntegerField(IntegerField):
    """A whole-number field with our own, translated "that is not a number" message."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Enter a whole number, for example 1500.")) from None
