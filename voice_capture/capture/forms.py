"""Forms for starting a conversation and unlocking the tablet afterwards."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField
from wtforms.validators import DataRequired, Length


class StartForm(FlaskForm):
    conversation = RadioField(_l("Who is taking part, and which conversation?"),
                              validators=[DataRequired(_l("Choose who is taking part."))])


class UnlockForm(FlaskForm):
    password = PasswordField(
        _l("Your password"), validators=[DataRequired(_l("Enter your password.")), Length(max=1000)],
        render_kw={"autocomplete": "current-password"},
    )
