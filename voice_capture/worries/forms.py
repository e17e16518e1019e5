from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from ..forms_common import required, strip, text_limit
from .services import MAX_ACTION, MAX_PROCEDURE


class ActionForm(FlaskForm):
    action_taken = TextAreaField(
        _l("What was done about it"), filters=[strip],
        description=_l("For example: spoke with Ollie and his mum the same day; referral to the MASH at 15:20."),
        validators=[required(_l("Write what was done about this worry.")), text_limit(MAX_ACTION)])


class ProcedureForm(FlaskForm):
    text = TextAreaField(
        _l("What to do when a child shares a worry"), filters=[strip],
        description=_l("The words of your local safeguarding procedure, shown to whoever sees a worry: "
                       "who to tell, how fast, and the phone numbers."),
        validators=[required(_l("Write the local safeguarding procedure.")), text_limit(MAX_PROCEDURE)])
