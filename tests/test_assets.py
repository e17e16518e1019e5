"""Bytes and caching: static files and symbols at versioned addresses kept a year, pages never kept,
no cookie on files, the idle stamp at most once a minute, the icon, and the offline worker's headers."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from test_capture import family, page_token, post_json, start_session  # noqa: F401 (family: a fixture)

from voice_capture.assets import static_version

YEAR = "public, max-age=31536000, immutable"


@pytest.fixture
def talking(client, db, family):  # noqa: F811 (the fixture imported above)
    """A tablet locked to a conversation just started."""
    client.login(family["worker"])
    return client, start_session(client, db, family)


def _files_on(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/(?:static|symbols)/[^"]+)"', page)


def test_a_conversation_page_asks_for_every_file_at_a_versioned_address(talking, app):
    client, capture = talking
    page = client.get(f"/talk/{capture.id}")
    assert page.headers["Cache-Control"] == "no-store"
    files = _files_on(page.get_data(as_text=True))
    version = app.config["STATIC_VERSION"]
    assert any(f.startswith(f"/static/v/{version}/js/talk.bundle.js") for f in files)
    assert any(f.startswith("/symbols/") for f in files)
    for address in files:
        assert address.startswith(f"/static/v/{version}/") or re.search(r"\.svg\?v=[0-9a-f]{10}$", address), address
        response = client.get(address)
        assert response.status_code == 200, address
        assert response.headers["Cache-Control"] == YEAR, address
        assert "Set-Cookie" not in response.headers, address
        assert "Cookie" not in response.headers.get("Vary", ""), address  # one copy whoever is signed in


def test_a_file_at_another_version_or_none_is_checked_each_time(logged_in):
    for address in ("/static/css/talk.css", "/static/v/000000000000/css/talk.css"):
        response = logged_in.get(address)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-cache", address
    assert logged_in.get("/symbols/happy.svg?v=0").headers["Cache-Control"] == "public, max-age=604800"
    assert logged_in.get("/static/v/x/no-such-file.js").status_code == 404


def test_the_version_changes_with_any_static_file(tmp_path):
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "a.js").write_text("export const a = 1;")
    before = static_version(tmp_path)
    (tmp_path / "js" / "a.js").write_text("export const a = 2;")
    assert static_version(tmp_path) != before


def test_the_idle_stamp_rides_at_most_once_a_minute(talking, app):
    client, capture = talking
    token = page_token(client.get(f"/talk/{capture.id}").get_data(as_text=True))
    body = {"position": 1, "keys": ["happy"], "how": "tapped", "idempotency_key": "stamp-1"}
    answered = post_json(client, f"/talk/{capture.id}/answer", body, token)
    assert answered.status_code in (200, 201)
    assert "Set-Cookie" not in answered.headers
    assert "Set-Cookie" not in client.get(f"/talk/{capture.id}").headers
    with client.session_transaction() as session:
        session["seen"] = time.time() - 61  # a minute since the stamp was written
    assert "Set-Cookie" in client.get(f"/talk/{capture.id}").headers


def test_a_quiet_spell_still_signs_out(logged_in, app):
    with logged_in.session_transaction() as session:
        session["seen"] = time.time() - app.config["IDLE_TIMEOUT"].total_seconds() - 1
    response = logged_in.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_icon_is_served_to_anyone(client, social_worker, signed_in):
    if signed_in:
        client.login(social_worker)
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon" and response.data[:4] == b"\0\0\1\0"
    assert len(response.data) < 4096
    assert "Set-Cookie" not in response.headers


def test_a_locked_tablet_may_fetch_the_icon(talking):
    client, _capture = talking
    assert client.get("/favicon.ico").status_code == 200


def test_the_offline_worker_may_work_for_the_conversation_pages(talking, app):
    client, capture = talking
    page = client.get(f"/talk/{capture.id}").get_data(as_text=True)
    worker = re.search(r'data-worker="([^"]+)" data-worker-scope="([^"]+)"', page)
    assert worker.group(2) == "/talk/"
    response = client.get(worker.group(1))
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/talk/"
    assert "worker-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_conversations_audio_is_kept_only_by_that_browser_until_unlocking(talking):
    """Plan wording spoken: the tablet's own cache may keep it (a replay costs nothing), no shared
    cache may, and unlocking clears the browser's cache (not "storage": answers still waiting stay)."""
    from helpers import TEST_PASSWORD

    client, capture = talking
    page = client.get(f"/talk/{capture.id}").get_data(as_text=True)
    clip = re.search(r"/talk/\d+/speech/[0-9a-f]{64}\.mp3", page)
    assert clip, "no audio address on the page"
    response = client.get(clip.group(0))
    assert response.status_code == 200
    assert {part.strip() for part in response.headers["Cache-Control"].split(",")} == {"private", "max-age=604800"}
    assert client.get(f"/talk/{capture.id}/speech/{'0' * 64}.mp3").headers["Cache-Control"] == "no-store"
    unlocked = client.submit(f"/talk/{capture.id}/unlock", {"password": TEST_PASSWORD})
    assert unlocked.status_code == 302 and unlocked.headers["Clear-Site-Data"] == '"cache"'


def test_versioned_text_is_compressed_once_at_brotlis_best(logged_in, app):
    import brotli

    from voice_capture.symbols.library import get_symbol, svg_path
    from voice_capture.symbols.routes import picture_version

    version = app.config["STATIC_VERSION"]
    for address, original in ((f"/static/v/{version}/js/talk.js", Path(app.static_folder) / "js" / "talk.js"),
                              (f"/symbols/happy.svg?v={picture_version('happy')}", svg_path(get_symbol("happy")))):
        response = logged_in.get(address, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
        assert response.headers["Content-Encoding"] == "br", address
        assert brotli.decompress(response.data) == original.read_bytes(), address
        assert response.headers["Cache-Control"] == YEAR and "Set-Cookie" not in response.headers


def test_child_modes_modules_are_served_as_one_script_made_from_them(logged_in, app):
    import brotli

    from voice_capture.assets import build_bundle

    version = app.config["STATIC_VERSION"]
    response = logged_in.get(f"/static/v/{version}/js/talk.bundle.js", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == YEAR and "Set-Cookie" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    bundle = brotli.decompress(response.data).decode()
    assert bundle == build_bundle(app.static_folder, "js/talk.js")
    assert not re.search(r"^\s*(import|export)\b", bundle, re.MULTILINE)  # one module: nothing left to fetch
    for module in ("talk.js", "talk-path.js", "scan-groups.js", "offline.js"):  # every module's code is in it
        first_function = re.search(r"^(?:export )?(?:async )?function (\w+)",
                                   (Path(app.static_folder) / "js" / module).read_text(), re.MULTILINE).group(1)
        assert re.search(rf"^(?:async )?function {first_function}\(", bundle, re.MULTILINE), module
    # dependencies before the modules that use them, the entry last
    assert bundle.index("function conversationPath(") < bundle.index("class ConversationState")
    assert bundle.rstrip().endswith("}") and bundle.index("startConversation(main);") > bundle.index("function setUpAccess(")
    plain = logged_in.get(f"/static/v/{version}/js/talk.bundle.js", headers={"Accept-Encoding": "identity"})
    assert plain.get_data(as_text=True) == bundle and "Content-Encoding" not in plain.headers


def test_modules_that_cannot_be_joined_stop_the_bundle(tmp_path):
    from voice_capture.assets import BundleError, build_bundle

    (tmp_path / "a.js").write_text('import { b } from "./b.js";\n// a comment\n  export function a() { return b(); }\na();\n')
    (tmp_path / "b.js").write_text("export function b() {\n  return `two\n  lines`;\n}\n")
    assert build_bundle(tmp_path, "a.js") == "function b() {\n  return `two\n  lines`;\n}\nfunction a() { return b(); }\na();\n"
    (tmp_path / "a.js").write_text('import { b } from "./b.js";\nexport function a() { return b(); }\n')
    (tmp_path / "b.js").write_text("export function a() { return 1; }\nexport function b() { return 2; }\n")
    with pytest.raises(BundleError, match="a is declared in both"):
        build_bundle(tmp_path, "a.js")
    (tmp_path / "b.js").write_text('import * as c from "./c.js";\nexport function b() { return c; }\n')
    with pytest.raises(BundleError, match="b.js"):
        build_bundle(tmp_path, "a.js")
