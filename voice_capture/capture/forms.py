"""Forms for starting a conversation, unlocking the tablet afterwards, and closing one still in progress."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, RadioField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..forms_common import strip, text_limit
from .lifecycle import MAX_REASON


class StartForm(FlaskForm):
    conversation = RadioField(_l("Who is taking part, and which conversation?"),
                              validators=[DataRequired(_l("Choose who is taking part."))])


class UnlockForm(FlaskForm):
    password = PasswordField(
        _l("Your password"), validators=[DataRequired(_l("Enter your password.")), Length(max=1000)],
        render_kw={"autocomplete": "current-password"},
    )


class CloseForm(FlaskForm):
    reason = TextAreaField(_l("Why are you closing it?"), filters=[strip],
                           validators=[DataRequired(_l("Say why you are closing it.")), text_limit(MAX_REASON)],
                           description=_l("For example: the tablet was lost, or they did not want to go on."))
    answers = RadioField(_l("What happens to the answers given so far?"),
                         choices=[("keep", _l("Keep them: they count as what this person told us")),
                                  ("set_aside", _l("Do not use them: this conversation is abandoned (they stay on its "
                                                   "page, but not in responses, letters or summaries)"))],
                         validators=[DataRequired(_l("Choose what happens to the answers."))])
    # The version of the conversation the page showed: closing is refused if anything changed it since.
    version = HiddenField()
