"""The administrator's form for the service's name, logo and contact line."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField

from ..forms_common import strip, text_limit
from .services import MAX_CONTACT, MAX_NAME


class BrandingForm(FlaskForm):
    service_name = StringField(
        _l("Name of the service"), filters=[strip], validators=[text_limit(MAX_NAME)],
        description=_l("Shown at the top of every letter and views summary, for example: Riverside Children's Services."))
    contact = StringField(
        _l("How families can contact the service"), filters=[strip], validators=[text_limit(MAX_CONTACT)],
        description=_l("One line at the foot of every letter and summary, for example: Call 01234 567890, "
                       "Monday to Friday, 9am to 5pm."))
    logo = FileField(
        _l("Logo (PNG or SVG, optional)"),
        description=_l("A PNG under 2 MB, or an SVG under 256 KB with no scripts or links. Leave empty to keep the "
                       "logo you have."),
        render_kw={"accept": "image/png,image/svg+xml"})
    remove_logo = BooleanField(_l("Remove the logo"))
