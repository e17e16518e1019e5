"""`flask backup` and `flask restore` on the real database (SQLite or PostgreSQL: run with --db postgresql)."""
from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from helpers import make_config
from voice_capture import create_app
from voice_capture.models import Child, Team

TABLES = ("team", "app_user", "child", "respondent", "plan", "plan_item", "audit_event")


def _snapshot(app) -> dict:
    with app.extensions["vc_engine"].connect() as connection:
        return {table: [tuple(row) for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY 1"))]
                for table in TABLES}


def _app(database_url, speech_cache, **config):
    return create_app(make_config(database_url, SPEECH_CACHE_DIR=str(speech_cache), **config))


@pytest.fixture
def family(make_child, make_plan, social_worker):
    child = make_child(worker=social_worker, given_name="Ollie", family_name="Backupson")
    make_plan(child)
    return child


def _change_everything(db, child_id):
    child = db.get(Child, child_id)
    child.given_name = "Changed after the backup"
    db.add(child)
    db.add(Team(name="A team made after the backup"))
    db.commit()


def _run(app, *args):
    return app.test_cli_runner().invoke(args=list(args), catch_exceptions=False)


@pytest.mark.parametrize("key", [None, Fernet.generate_key().decode()], ids=["plain", "encrypted"])
def test_back_up_change_restore_and_compare(database_url, speech_cache, family, db, tmp_path, key):
    app = _app(database_url, speech_cache, BACKUP_KEY=key or "")
    before = _snapshot(app)
    path = tmp_path / "nightly.vcbackup"
    result = _run(app, "backup", str(path))
    assert result.exit_code == 0, result.output
    assert ("not encrypted" in result.output) != bool(key) and (path.stat().st_mode & 0o777) == 0o600
    if key:
        assert b"Backupson" not in path.read_bytes()
    _change_everything(db, family.id)
    assert _snapshot(app) != before
    result = _run(app, "restore", str(path), "--yes")
    assert result.exit_code == 0, result.output
    assert _snapshot(app) == before
    app.extensions["vc_engine"].dispose()


def _refused(app, path, db, child_id) -> str:
    result = _run(app, "restore", str(path), "--yes")
    assert result.exit_code != 0 and "Traceback" not in result.output
    db.expire_all()
    assert db.get(Child, child_id).given_name == "Changed after the backup"  # nothing was overwritten
    return result.output


@pytest.fixture
def backup_then_change(database_url, speech_cache, family, db, tmp_path):
    key = Fernet.generate_key().decode()
    app = _app(database_url, speech_cache, BACKUP_KEY=key)
    path = tmp_path / "made.vcbackup"
    assert _run(app, "backup", str(path)).exit_code == 0
    _change_everything(db, family.id)
    yield app, path
    app.extensions["vc_engine"].dispose()


def test_a_file_that_is_not_ours_is_refused_before_anything_changes(backup_then_change, family, db, tmp_path):
    app, _path = backup_then_change
    other = tmp_path / "holiday-photos.zip"
    other.write_bytes(b"PK\x03\x04 not a backup at all")
    assert "is not a voice_capture backup" in _refused(app, other, db, family.id)
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    assert "is not a voice_capture backup" in _refused(app, empty, db, family.id)
    assert "cannot be read" in _refused(app, tmp_path / "missing", db, family.id)


def test_a_truncated_backup_is_refused_before_anything_changes(backup_then_change, family, db, tmp_path):
    app, path = backup_then_change
    cut = tmp_path / "cut.vcbackup"
    cut.write_bytes(path.read_bytes()[:-100])
    assert "is not whole" in _refused(app, cut, db, family.id)
    half = tmp_path / "half.vcbackup"
    half.write_bytes(path.read_bytes()[:60])
    assert "is not a voice_capture backup" in _refused(app, half, db, family.id)


def test_a_backup_encrypted_with_another_key_is_refused(backup_then_change, family, db, database_url, speech_cache):
    _app_with_key, path = backup_then_change
    other_key = _app(database_url, speech_cache, BACKUP_KEY=Fernet.generate_key().decode())
    assert "encrypted with another key" in _refused(other_key, path, db, family.id)
    no_key = _app(database_url, speech_cache)
    assert "This backup is encrypted" in _refused(no_key, path, db, family.id)
    for app in (other_key, no_key):
        app.extensions["vc_engine"].dispose()


def test_a_backup_of_the_other_kind_of_database_is_refused(backup_then_change, family, db, tmp_path, backend):
    app, path = backup_then_change
    other = "postgresql" if backend == "sqlite" else "sqlite"
    relabelled = tmp_path / "relabelled.vcbackup"
    relabelled.write_bytes(path.read_bytes().replace(f'"backend": "{backend}"'.encode(), f'"backend": "{other}"'.encode()))
    assert f"This backup is of a {other} database" in _refused(app, relabelled, db, family.id)


def test_a_backup_never_overwrites_a_file(database_url, speech_cache, tmp_path):
    app = _app(database_url, speech_cache)
    existing = tmp_path / "yesterday.vcbackup"
    existing.write_bytes(b"yesterday's backup")
    result = _run(app, "backup", str(existing))
    assert result.exit_code != 0 and "already exists" in result.output
    assert existing.read_bytes() == b"yesterday's backup"
    app.extensions["vc_engine"].dispose()
