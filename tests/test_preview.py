"""A script preview: the child-mode page exactly as a respondent will see it, saving nothing, with
its audio only for the person shown the preview."""
from __future__ import annotations

import html
import json
import re

from sqlmodel import func, select

from voice_capture.models import ConversationScript, Role, View
from voice_capture.speech.service import ensure_clip


def _builtin(db, family_key="my-plan-meeting"):
    return db.exec(select(ConversationScript).where(ConversationScript.family_key == family_key,
                                                    ConversationScript.language == "en")).one()


def _audio(page: str) -> dict:
    return json.loads(html.unescape(re.search(r'data-audio="([^"]*)"', page).group(1)))


def test_a_preview_is_the_child_page_and_saves_nothing(client, db, make_user):
    client.login(make_user(Role.PRACTITIONER))
    page = client.get(f"/scripts/{_builtin(db).id}/preview").get_data(as_text=True)
    assert 'data-preview="yes"' in page and 'class="step step--feelings"' in page
    assert "Going to the doctor" in page  # a sample plan item stands in for the plan's
    assert db.exec(select(func.count()).select_from(View)).one() == 0


def test_preview_audio_is_only_for_the_person_shown_the_preview(app, client, new_client, db, make_user):
    client.login(make_user(Role.PRACTITIONER))
    page = client.get(f"/scripts/{_builtin(db).id}/preview").get_data(as_text=True)
    text, url = next(iter(_audio(page).items()))
    with app.test_request_context():
        assert ensure_clip(text, "en") is not None
    heard = client.get(url)
    assert heard.status_code == 200 and heard.mimetype == "audio/mpeg" and len(heard.data) > 1000
    someone_else = new_client()
    someone_else.login(make_user(Role.SOCIAL_WORKER))
    assert someone_else.get(url).status_code == 404
    tampered = re.sub(r"/([0-9a-f]{32})\.mp3$", "/" + "0" * 32 + ".mp3", url)
    assert client.get(tampered).status_code == 404
