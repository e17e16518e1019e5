"""Shared media: the database store, S3 through a real local S3 server (moto over HTTP, no mocked client) and a
folder, each keeping, serving and pruning cached speech; the app choosing one from VOICE_CAPTURE_MEDIA_URL."""
from __future__ import annotations

import os
from datetime import timedelta

import boto3
import pytest
from moto.server import ThreadedMotoServer
from test_capture import family, start_session  # noqa: F401  (family is a fixture)

from voice_capture.media import DatabaseStore, FolderStore, S3Store, media_store
from voice_capture.models import utcnow
from voice_capture.speech.engine import encoder_available, engine_available
from voice_capture.speech.service import clip_key, media_key

needs_speech = pytest.mark.skipif(not (engine_available() and encoder_available()), reason="espeak-ng and lame")


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server, monkeypatch):
    """A fresh bucket on the local S3 server, and boto3's environment pointing at it."""
    for name, value in {"AWS_ENDPOINT_URL": s3_server, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                        "AWS_DEFAULT_REGION": "eu-west-2"}.items():
        monkeypatch.setenv(name, value)
    bucket = f"media-{os.getpid()}-{id(monkeypatch)}"
    boto3.client("s3").create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    return bucket


@pytest.fixture(params=["database", "s3", "folder"])
def store(request, app, tmp_path):
    if request.param == "database":
        return DatabaseStore(app.extensions["vc_engine"])
    if request.param == "folder":
        return FolderStore(tmp_path / "media")
    return S3Store(request.getfixturevalue("s3"), "council/voice")


def test_a_store_keeps_gives_back_and_prunes_only_what_is_old_under_its_prefix(store):
    assert store.get("speech/a.mp3") is None
    store.put("speech/a.mp3", b"ID3 first")
    store.put("speech/a.mp3", b"ID3 first")  # two servers making the same clip at once: harmless
    store.put("photos/b.jpg", b"not speech")
    assert store.get("speech/a.mp3") == b"ID3 first"
    store.touch("speech/a.mp3")
    assert store.prune("speech/", 3600) == 0  # used within the hour: kept
    assert store.prune("speech/", 3600, now=utcnow() + timedelta(hours=2)) == 1
    assert store.get("speech/a.mp3") is None and store.get("photos/b.jpg") == b"not speech"


def test_the_s3_store_writes_real_objects_under_its_prefix(s3):
    S3Store(s3, "/council/voice/").put("speech/k.mp3", b"ID3 data")
    listed = boto3.client("s3").list_objects_v2(Bucket=s3)["Contents"]
    assert [item["Key"] for item in listed] == ["council/voice/speech/k.mp3"]


def test_the_media_url_chooses_the_store(app, s3, tmp_path):
    cases = {"": DatabaseStore, f"s3://{s3}/voice": S3Store, f"file://{tmp_path}": FolderStore}
    for url, kind in cases.items():
        app.config["MEDIA_URL"] = url
        app.extensions.pop("vc_media", None)
        assert isinstance(media_store(app), kind)


@needs_speech
@pytest.mark.parametrize("where", ["database", "s3"])
def test_a_conversations_speech_is_made_into_the_shared_store_and_served_from_it(where, app, client, db, family, request):  # noqa: F811
    if where == "s3":
        app.config["MEDIA_URL"] = f"s3://{request.getfixturevalue('s3')}/voice"
    else:
        app.config["MEDIA_URL"] = ""
    app.extensions.pop("vc_media", None)
    client.login(family["worker"])
    capture = start_session(client, db, family)  # its speech job runs (inline here) after the commit
    page = client.get(f"/talk/{capture.id}").get_data(as_text=True)
    with app.test_request_context():
        store = media_store(app)
        from voice_capture.capture.services import texts_to_speak

        text = texts_to_speak(capture)[0]
        key = clip_key(text, "en")
        stored = store.get(media_key(key))
    assert stored and stored[0] == 0xFF and stored[1] & 0xE0 == 0xE0  # an MPEG audio frame's sync bits
    heard = client.get(f"/talk/{capture.id}/speech/{key}.mp3")
    assert heard.status_code == 200 and heard.mimetype == "audio/mpeg" and heard.data == stored
    assert f"/talk/{capture.id}/speech/{key}.mp3" in page
    again = client.get(f"/talk/{capture.id}/speech/{key}.mp3", headers={"If-None-Match": heard.headers["ETag"]})
    assert again.status_code == 304
    part = client.get(f"/talk/{capture.id}/speech/{key}.mp3", headers={"Range": "bytes=0-9"})
    assert part.status_code == 206 and part.data == stored[:10]


def test_prune_speech_works_on_the_database_store(app, db):
    app.config["MEDIA_URL"] = ""
    app.extensions.pop("vc_media", None)
    store = media_store(app)
    store.put("speech/" + "c" * 64 + ".mp3", b"ID3 old")
    from voice_capture.models import MediaObject

    old = db.get(MediaObject, "speech/" + "c" * 64 + ".mp3")
    old.used_at = utcnow() - timedelta(days=40)
    db.add(old)
    db.commit()
    store.put("speech/" + "d" * 64 + ".mp3", b"ID3 new")
    output = app.test_cli_runner().invoke(args=["prune-speech", "--older-than-days", "30"]).output
    assert "Removed 1 cached speech file." in output
    assert store.get("speech/" + "c" * 64 + ".mp3") is None and store.get("speech/" + "d" * 64 + ".mp3")


def test_the_summary_page_has_a_job_make_its_pdf_and_the_download_is_that_file(app, client, db, family):  # noqa: F811
    from sqlmodel import select

    from voice_capture.models import Job, MediaObject

    app.config["MEDIA_URL"] = ""
    app.extensions.pop("vc_media", None)
    client.login(family["worker"])
    plan = family["plan"]
    assert client.get(f"/plans/{plan.id}/summary").status_code == 200
    job = db.exec(select(Job).where(Job.kind == "summary-pdf")).one()
    assert job.state == "done" and job.payload == {}  # what it was about is forgotten once it is done
    made = db.exec(select(MediaObject).where(MediaObject.key.startswith(f"summaries/plan{plan.id}-"))).one()
    assert made.data.startswith(b"%PDF")
    download = client.get(f"/plans/{plan.id}/summary.pdf")
    assert download.status_code == 200 and download.data == made.data
    assert client.get(f"/plans/{plan.id}/summary").status_code == 200
    assert len(db.exec(select(Job).where(Job.kind == "summary-pdf")).all()) == 1  # unchanged: the same job
