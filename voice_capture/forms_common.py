"""Pieces every form shares: trimming, sensible text limits, date checks, enum choices."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Length, ValidationError

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
