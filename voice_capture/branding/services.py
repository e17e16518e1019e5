"""The service's name, logo and contact line: read by letters and summaries, changed by an administrator (audited)."""
from __future__ import annotations

import base64
from dataclasses import dataclass

from sqlmodel import Session

from ..audit import services as audit
from ..models import SiteSetting, User, utcnow
from .logo import CleanLogo, clean_logo

NAME_KEY = "branding_service_name"
CONTACT_KEY = "branding_contact"
LOGO_KEY = "branding_logo"  # the cleaned logo as a data: address
MAX_NAME = 120
MAX_CONTACT = 300


@dataclass(frozen=True)
class Branding:
    service_name: str = ""
    contact: str = ""
    logo_uri: str = ""  # data:image/png;base64,… or data:image/svg+xml;base64,…

    @property
    def has_logo(self) -> bool:
        return bool(self.logo_uri)

    @property
    def logo_mime(self) -> str:
        return self.logo_uri[len("data:"):].partition(";")[0] if self.logo_uri else ""

    @property
    def logo_bytes(self) -> bytes:
        return base64.b64decode(self.logo_uri.partition(",")[2]) if self.logo_uri else b""

    @property
    def shown(self) -> bool:
        return bool(self.service_name or self.contact or self.logo_uri)


def _value(session: Session, key: str) -> str:
    setting = session.get(SiteSetting, key)
    return setting.value if setting else ""


def branding(*, session: Session) -> Branding:
    """What an administrator has set (empty words and no logo until then)."""
    return Branding(service_name=_value(session, NAME_KEY).strip(), contact=_value(session, CONTACT_KEY).strip(),
                    logo_uri=_value(session, LOGO_KEY))


def _put(session: Session, actor: User, key: str, value: str) -> bool:
    setting = session.get(SiteSetting, key) or SiteSetting(key=key)
    if setting.value == value and setting.updated_by_id is not None:
        return False
    setting.value, setting.updated_by_id, setting.updated_at = value, actor.id, utcnow()
    session.add(setting)
    return True


def set_words(*, session: Session, actor: User, service_name: str, contact: str) -> None:
    """The service's name and contact line, as the administrator wrote them; each change is audited."""
    for key, value in ((NAME_KEY, service_name.strip()[:MAX_NAME]), (CONTACT_KEY, contact.strip()[:MAX_CONTACT])):
        if _put(session, actor, key, value):
            audit.record(session=session, actor=actor, action="update", entity_type="site_setting", detail=key)


def set_logo(*, session: Session, actor: User, data: bytes) -> CleanLogo:
    """Check the upload (LogoError says why it is refused), then keep the cleaned logo; audited."""
    clean = clean_logo(data)
    uri = f"data:{clean.mime};base64,{base64.b64encode(clean.data).decode()}"
    _put(session, actor, LOGO_KEY, uri)
    audit.record(session=session, actor=actor, action="update", entity_type="site_setting",
                 detail=f"{LOGO_KEY}: {clean.mime}, {len(clean.data)} bytes")
    return clean


def remove_logo(*, session: Session, actor: User) -> None:
    if _put(session, actor, LOGO_KEY, ""):
        audit.record(session=session, actor=actor, action="delete", entity_type="site_setting", detail=LOGO_KEY)
