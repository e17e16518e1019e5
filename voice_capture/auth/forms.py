"""Forms for signing in and for a user's own account settings."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, Regexp

from ..forms_common import strip, text_limit
from .passwords import MIN_PASSWORD_LENGTH


class LoginForm(FlaskForm):
    email = StringField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter your email address.")), Length(max=254)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=1000)],
        render_kw={"autocomplete": "current-password"},
    )


class AccountForm(FlaskForm):
    locale = SelectField(_l("Language of this website"), validators=[Optional()])
    # How the children and families you write to can reach you: shown on your letters, both optional.
    contact_phone = StringField(
        _l("Phone number for your letters (optional)"), filters=[strip],
        description=_l("Families see it at the end of each letter you write, for example: 01234 567890."),
        validators=[Optional(), text_limit(40),
                    Regexp(r"^\+?[0-9][0-9 ()\-]*$", message=_l("Enter a phone number using digits, spaces and +, "
                                                                "for example: 01234 567890."))],
        render_kw={"autocomplete": "tel", "inputmode": "tel"},
    )
    contact_email = EmailField(
        _l("Email address for your letters (optional)"), filters=[strip],
        description=_l("Families see it at the end of each letter you write. It can be your team's address."),
        validators=[Optional(), text_limit(254),
                    Email(message=_l("Enter an email address like name@example.org."), check_deliverability=False)],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )
    current_password = PasswordField(
        _l("Current password"),
        validators=[Optional(), Length(max=1000)],
        render_kw={"autocomplete": "current-password"},
        description=_l("Only needed if you are changing your password."),
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[
            Optional(),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=1000,
                message=_l("The password must be at least %(count)d characters long.", count=MIN_PASSWORD_LENGTH),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        _l("Type the new password again"),
        validators=[EqualTo("new_password", message=_l("The two new passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(_l("Enter the code.")), Length(max=40)],
        description=_l("The 6 numbers your authenticator app shows now, or one of your recovery codes."),
        render_kw={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "off"},
    )


class EnrolForm(FlaskForm):
    # Only when replacing an app already set up: a stolen session alone must not move the second factor.
    current_code = StringField(
        _l("Code from your old app, or a recovery code"),
        validators=[Optional(), Length(max=40)],
        render_kw={"autocomplete": "one-time-code", "spellcheck": "false"},
    )
    code = StringField(
        _l("Code from your app"),
        validators=[DataRequired(_l("Enter the 6 numbers your app shows.")), Length(max=20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"},
    )
