"""Backing up and restoring the whole database: SQLite's online backup API or pg_dump, in a file of our own
that is checked (ours, whole, the right key) before anything is overwritten."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import click
from cryptography.fernet import Fernet, InvalidToken
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import text
from sqlalchemy.engine import URL

from . import db

MAGIC = b"VOICE_CAPTURE_BACKUP\n"
FORMAT = 1
MAX_HEADER = 4096
PG_BIN_DEFAULT = "/usr/lib/postgresql/15/bin"


class BackupError(click.ClickException):
    """A backup could not be made or a file could not be restored; the message says why in plain words."""


def _backend(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        return "sqlite"
    if url.get_backend_name() == "postgresql":
        return "postgresql"
    raise BackupError(_("Only SQLite and PostgreSQL databases can be backed up."))


def _pg_tool(name: str) -> str:
    """pg_dump / pg_restore of the server's version (15): from VOICE_CAPTURE_PG_BIN, Debian's folder, or PATH."""
    for folder in (os.environ.get("VOICE_CAPTURE_PG_BIN", ""), PG_BIN_DEFAULT):
        if folder and (Path(folder) / name).is_file():
            return str(Path(folder) / name)
    found = shutil.which(name)
    if not found:
        raise BackupError(_("%(tool)s is not installed (Debian: apt-get install postgresql-client-15).", tool=name))
    return found


def _pg_command(url: URL) -> tuple[str, dict]:
    """A libpq address without the password (which goes in the environment, not on a command line)."""
    environ = dict(os.environ)
    if url.password:
        environ["PGPASSWORD"] = str(url.password)
    address = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return address, environ


def _run(command: list[str], environ: dict) -> None:
    result = subprocess.run(command, env=environ, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise BackupError(_("%(tool)s failed: %(error)s", tool=Path(command[0]).name,
                            error=result.stderr.strip()[-500:]))


def _dump(url: URL, work: Path) -> bytes:
    target = work / "dump"
    if _backend(url) == "sqlite":
        source = sqlite3.connect(url.database)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # a consistent copy while the app goes on writing
        finally:
            copy.close()
            source.close()
    else:
        address, environ = _pg_command(url)
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target),
              "--dbname", address], environ)
    return target.read_bytes()


def _revision() -> str:
    with db.engine().connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar() or ""


def make_backup(path: Path, key: str) -> dict:
    url = db.engine().url
    if path.exists():
        raise BackupError(_("%(path)s already exists. Choose a new file name: a backup never overwrites another.",
                            path=str(path)))
    with tempfile.TemporaryDirectory() as work:
        payload = _dump(url, Path(work))
    if key:
        payload = Fernet(key).encrypt(payload)
    header = {"format": FORMAT, "backend": _backend(url), "encrypted": bool(key), "revision": _revision(),
              "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "size": len(payload),
              "sha256": hashlib.sha256(payload).hexdigest()}
    partial = path.with_name(path.name + ".part")
    with open(partial, "wb") as out:
        os.fchmod(out.fileno(), 0o600)
        out.write(MAGIC + json.dumps(header).encode() + b"\n" + payload)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)  # never a half-written file under the backup's name
    return header


def read_backup(path: Path, key: str, backend: str) -> tuple[dict, bytes]:
    """The header and the database inside, once the file is ours, whole, of this backend and opened by the
    key. Raises BackupError otherwise; nothing has been touched yet."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BackupError(_("%(path)s cannot be read: %(error)s", path=str(path), error=error.strerror))
    not_ours = _("%(path)s is not a voice_capture backup.", path=str(path))
    if not data.startswith(MAGIC):
        raise BackupError(not_ours)
    line_end = data.find(b"\n", len(MAGIC), len(MAGIC) + MAX_HEADER)
    try:
        header = json.loads(data[len(MAGIC):line_end]) if line_end > 0 else None
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(not_ours)
    payload = data[line_end + 1:]
    if len(payload) != header.get("size") or hashlib.sha256(payload).hexdigest() != header.get("sha256"):
        raise BackupError(_("%(path)s is not whole (cut short or changed). Restore another backup.", path=str(path)))
    if header.get("backend") != backend:
        raise BackupError(_("This backup is of a %(theirs)s database; this service uses %(ours)s.",
                            theirs=str(header.get("backend")), ours=backend))
    if header.get("encrypted"):
        if not key:
            raise BackupError(_("This backup is encrypted. Set VOICE_CAPTURE_BACKUP_KEY to the key it was made with."))
        try:
            payload = Fernet(key).decrypt(payload)
        except InvalidToken:
            raise BackupError(_("This backup was encrypted with another key. Set VOICE_CAPTURE_BACKUP_KEY to the "
                                "key it was made with.")) from None
    return header, payload


def _check_sqlite(copy: Path) -> None:
    try:
        connection = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        try:
            ok = connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            ok = ok and connection.execute("SELECT version_num FROM alembic_version").fetchone() is not None
        finally:
            connection.close()
    except sqlite3.Error:
        ok = False
    if not ok:
        raise BackupError(_("The database inside this backup is damaged. Restore another backup."))


def restore_backup(path: Path, key: str) -> dict:
    url = db.engine().url
    backend = _backend(url)
    header, payload = read_backup(path, key, backend)
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / "restore"
        copy.write_bytes(payload)
        if backend == "sqlite":
            _check_sqlite(copy)
            db.engine().dispose()
            source, live = sqlite3.connect(copy), sqlite3.connect(url.database)
            try:
                source.backup(live)  # page by page under one lock: the live file is never half-restored
            finally:
                live.close()
                source.close()
        else:
            _run([_pg_tool("pg_restore"), "--list", str(copy)], dict(os.environ))  # readable before any change
            address, environ = _pg_command(url)
            db.engine().dispose()
            _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
                  "--single-transaction", "--exit-on-error", "--dbname", address, str(copy)], environ)
    return header


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path):
    """Back up the whole database to PATH (encrypted when VOICE_CAPTURE_BACKUP_KEY is set)."""
    header = make_backup(path, current_app.config.get("BACKUP_KEY", ""))
    if header["encrypted"]:
        click.echo(_("Backed up to %(path)s, encrypted.", path=str(path)))
    else:
        click.echo(_("Backed up to %(path)s. It is not encrypted: keep it as safe as the database.", path=str(path)))


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
@with_appcontext
def restore_command(path: Path, yes: bool):
    """Replace the whole database with the backup in PATH. Stop the app servers first."""
    key = current_app.config.get("BACKUP_KEY", "")
    header, _payload = read_backup(path, key, _backend(db.engine().url))
    if not yes:
        click.confirm(_("Replace everything in the database with the backup made at %(when)s?",
                        when=header["created_at"]), abort=True)
    restore_backup(path, key)
    click.echo(_("Restored the backup made at %(when)s.", when=header["created_at"]))
