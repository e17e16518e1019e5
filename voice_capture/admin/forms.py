"""Forms for administrators: accounts and teams."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import Email, Length, Optional

from ..auth.passwords import MIN_PASSWORD_LENGTH
from ..forms_common import required, strip, text_limit
from ..labels import choices
from ..models import Role

PASSWORD_LENGTH = Length(
    min=MIN_PASSWORD_LENGTH, max=1000,
    message=_l("The password must be at least %(count)d characters long.", count=MIN_PASSWORD_LENGTH),
)


class UserForm(FlaskForm):
    display_name = StringField(
        _l("Name"), filters=[strip], validators=[required(_l("Enter the person's name.")), text_limit(120)]
    )
    email = EmailField(
        _l("Email address"), filters=[strip],
        validators=[required(_l("Enter an email address.")), text_limit(254),
                    Email(message=_l("Enter an email address like name@example.org."), check_deliverability=False)],
    )
    role = SelectField(_l("Role"), choices=choices(Role))
    team_id = SelectField(_l("Team"), coerce=int)
    is_active = BooleanField(_l("Can sign in"), default=True)


class NewUserForm(UserForm):
    password = PasswordField(
        _l("First password"), validators=[required(_l("Enter a first password.")), PASSWORD_LENGTH],
        render_kw={"autocomplete": "new-password"},
        description=_l("Give it to the person safely; they can change it under My account."),
    )


class EditUserForm(UserForm):
    password = PasswordField(
        _l("New password (optional)"), validators=[Optional(), PASSWORD_LENGTH],
        render_kw={"autocomplete": "new-password"},
    )


class TeamForm(FlaskForm):
    name = StringField(
        _l("Team name"), filters=[strip], validators=[required(_l("Enter the team's name.")), text_limit(120)]
    )
