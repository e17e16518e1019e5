"""The form for adding a child's own photo."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField

from ..forms_common import required, strip, text_limit


class PhotoForm(FlaskForm):
    label = StringField(
        _l("What the photo shows, in the child's words"), filters=[strip],
        validators=[required(_l("Say what the photo shows, for example: Nan's house.")), text_limit(80)],
    )
    photo = FileField(
        _l("Photo (JPEG or PNG)"), validators=[FileRequired(_l("Choose a photo."))],
        description=_l("Location and camera details are removed before it is kept."),
        render_kw={"accept": "image/jpeg,image/png"},
    )
