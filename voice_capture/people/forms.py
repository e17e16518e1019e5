"""Forms for a child, their communication profile, and family members."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms_common import (
    NAME_MAX,
    NOTE_MAX,
    PlainDateField,
    PlainIntegerField,
    date_required,
    not_before_1900,
    not_in_future,
    required,
    strip,
    text_limit,
)
from ..i18n import language_choices
from ..labels import choices
from ..models import AccessMethod, ReadingLevel, Relationship, ScanPattern

TIMING_RANGE = NumberRange(min=250, max=10000, message=_l("Choose a time between 250 and 10,000 milliseconds."))


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class _ChildFields(FlaskForm):
    """Who the child is; defined first so these fields come first in the form and its errors."""

    given_name = StringField(
        _l("First name"), filters=[strip],
        validators=[required(_l("Enter the child's first name.")), text_limit(NAME_MAX)],
    )
    family_name = StringField(
        _l("Last name"), filters=[strip],
        validators=[required(_l("Enter the child's last name.")), text_limit(NAME_MAX)],
    )
    date_of_birth = PlainDateField(
        _l("Date of birth"),
        validators=[date_required(_l("Enter the date of birth.")), not_in_future, not_before_1900],
    )
    allocated_worker_id = SelectField(_l("Allocated social worker"), coerce=int, validate_choice=True)
    practitioner_ids = CheckboxListField(_l("Practitioners working with this child"), coerce=int)

    def child_data(self) -> dict:
        return {
            "given_name": self.given_name.data,
            "family_name": self.family_name.data,
            "date_of_birth": self.date_of_birth.data,
            "allocated_worker_id": self.allocated_worker_id.data or None,
        }


class _RespondentFields(FlaskForm):
    """Who the family member is; defined first for the same reason."""

    name = StringField(
        _l("Full name"), filters=[strip],
        validators=[required(_l("Enter their full name.")), text_limit(120)],
    )
    relationship = SelectField(
        _l("Who they are to the child"), choices=choices(Relationship, exclude=(Relationship.CHILD,))
    )
    date_of_birth = PlainDateField(
        _l("Date of birth (if known)"), validators=[Optional(), not_in_future, not_before_1900]
    )

    def respondent_data(self) -> dict:
        data = self.profile_data()
        data.update(name=self.name.data, relationship=self.relationship.data, date_of_birth=self.date_of_birth.data)
        return data


class CommunicationProfileForm(FlaskForm):
    """How someone communicates: used for the child and for each family member."""

    preferred_name = StringField(
        _l("What they like to be called"),
        filters=[strip],
        validators=[required(_l("Enter the name they like to be called.")), text_limit(NAME_MAX)],
    )
    language = SelectField(_l("Language"), choices=language_choices())
    reading_level = SelectField(
        _l("Reading level"),
        choices=choices(ReadingLevel),
        description=_l("Decides how questions and letters are written for them."),
    )
    access_method = SelectField(_l("How they choose on the tablet"), choices=choices(AccessMethod))
    scan_interval_ms = PlainIntegerField(
        _l("Scanning speed (milliseconds per choice)"),
        default=1500,
        validators=[InputRequired(_l("Enter a number of milliseconds.")), TIMING_RANGE],
    )
    dwell_ms = PlainIntegerField(
        _l("Dwell time (milliseconds to rest on a choice)"),
        default=1000,
        validators=[InputRequired(_l("Enter a number of milliseconds.")), TIMING_RANGE],
    )
    scan_loops = PlainIntegerField(
        _l("Rounds of scanning before it rests"),
        description=_l("After this many rounds with no press, the highlight stops until the switch is pressed again."),
        default=3,
        validators=[Optional(), NumberRange(min=1, max=20, message=_l("Choose between 1 and 20 rounds."))],
    )
    scan_start_delay_ms = PlainIntegerField(
        _l("Wait before scanning starts on a new question (milliseconds)"),
        default=1000,
        validators=[Optional(),
                    NumberRange(min=0, max=10000, message=_l("Choose a time between 0 and 10,000 milliseconds."))],
    )
    scan_speak = BooleanField(_l("Say each choice aloud as it is highlighted (for children who cannot see the screen well)"))
    scan_pattern = SelectField(
        _l("How scanning moves on a question with many choices"),
        description=_l("With more than six choices, a row at a time is quicker: press once for the row, "
                       "then again for the choice. A press on nothing goes back to the rows."),
        choices=choices(ScanPattern), default=ScanPattern.LINEAR.value,
    )
    scan_group_cues = BooleanField(_l("Play a short note as each row is highlighted (a different note for each row)"))
    confirm_with_second_tap = BooleanField(_l("A second tap confirms a choice"))
    how_i_communicate = TextAreaField(
        _l("How I communicate"), filters=[strip], validators=[Optional(), text_limit(NOTE_MAX)]
    )
    disability_notes = TextAreaField(
        _l("What my disability means for me"), filters=[strip], validators=[Optional(), text_limit(NOTE_MAX)]
    )

    PROFILE_FIELDS = (
        "preferred_name", "language", "reading_level", "access_method", "scan_interval_ms", "scan_loops",
        "scan_start_delay_ms", "scan_speak", "scan_pattern", "scan_group_cues", "dwell_ms", "confirm_with_second_tap",
        "how_i_communicate", "disability_notes",
    )

    def profile_data(self) -> dict:
        data = {name: getattr(self, name).data for name in self.PROFILE_FIELDS}
        for name in ("scan_loops", "scan_start_delay_ms"):  # left empty: the usual setting
            if data[name] is None:
                data[name] = getattr(self, name).default
        return data


class ChildForm(_ChildFields, CommunicationProfileForm):
    pass


class RespondentForm(_RespondentFields, CommunicationProfileForm):
    pass
