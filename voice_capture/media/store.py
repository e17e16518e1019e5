"""Three stores with one small interface (get, put, touch, prune), chosen by VOICE_CAPTURE_MEDIA_URL.

Keys look like "speech/<sha256>.mp3". A key's bytes never change (the key is a digest of what made them), so
two servers writing the same key at once is harmless and no lock is needed. "Used" times let pruning remove
what nobody has asked for in a while; they are refreshed at most once a day per object, not on every read."""
from __future__ import annotations

import contextlib
import os
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlparse

from flask import Flask
from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from ..models import MediaObject, utcnow

REFRESH = timedelta(days=1)  # a used time newer than this is left alone
_made = threading.Lock()


class FolderStore:
    """Files in a folder: one server, or a folder all servers mount."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / key

    def get(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes() or None
        except FileNotFoundError:
            return None

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # A temp file in the same folder, then os.replace: readers see nothing or the whole file (0600: a prompt
        # can name people in a child's life).
        handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=".media-", suffix=".tmp", delete=False)
        try:
            with handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(handle.name, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(handle.name)
            raise

    def touch(self, key: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path(key).touch()

    def prune(self, prefix: str, older_than_seconds: float, now: datetime | None = None) -> int:
        cutoff, removed = (now.timestamp() if now else time.time()) - older_than_seconds, 0
        folder = self._path(prefix)
        for path in folder.glob("*") if folder.is_dir() else ():
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


class DatabaseStore:
    """Rows of media_object in the app's own database: nothing more to run or back up."""

    def __init__(self, engine):
        self.engine = engine

    def get(self, key: str) -> bytes | None:
        with Session(self.engine) as session:
            return session.execute(select(MediaObject.data).where(MediaObject.key == key)).scalar_one_or_none()

    def put(self, key: str, data: bytes) -> None:
        insert = pg_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
        now = utcnow()
        with Session(self.engine) as session:
            session.execute(insert(MediaObject.__table__).values(key=key, data=data, size=len(data), created_at=now,
                                                                 used_at=now).on_conflict_do_nothing(index_elements=["key"]))
            session.commit()

    def touch(self, key: str) -> None:
        now = utcnow()
        with Session(self.engine) as session:
            session.execute(update(MediaObject).where(MediaObject.key == key, MediaObject.used_at < now - REFRESH)
                            .values(used_at=now))
            session.commit()

    def prune(self, prefix: str, older_than_seconds: float, now: datetime | None = None) -> int:
        cutoff = (now or utcnow()) - timedelta(seconds=older_than_seconds)
        with Session(self.engine) as session:
            removed = session.execute(delete(MediaObject).where(MediaObject.key.startswith(prefix, autoescape=True),
                                                                MediaObject.used_at < cutoff)).rowcount
            session.commit()
        return removed


class S3Store:
    """Objects under s3://bucket/prefix. The endpoint and credentials come from boto3's own environment
    (AWS_ENDPOINT_URL for MinIO or another S3-compatible service, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY…)."""

    def __init__(self, bucket: str, prefix: str = ""):
        import boto3

        self.bucket, self.prefix = bucket, prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client = boto3.client("s3")

    def _name(self, key: str) -> str:
        return self.prefix + key

    def get(self, key: str) -> bytes | None:
        try:
            found = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except self.client.exceptions.NoSuchKey:
            return None
        return found["Body"].read() or None

    def put(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data, ContentType=_content_type(key))

    def touch(self, key: str) -> None:
        """S3 keeps no "last read" time: copying an object onto itself renews its LastModified (once a day)."""
        from botocore.exceptions import ClientError

        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError:  # gone meanwhile (pruned): nothing to renew
            return
        if head["LastModified"] < datetime.now(timezone.utc) - REFRESH:
            self.client.copy_object(Bucket=self.bucket, Key=self._name(key), MetadataDirective="REPLACE",
                                    CopySource={"Bucket": self.bucket, "Key": self._name(key)},
                                    ContentType=_content_type(key))

    def prune(self, prefix: str, older_than_seconds: float, now: datetime | None = None) -> int:
        cutoff = (now or datetime.now(timezone.utc)) - timedelta(seconds=older_than_seconds)
        removed = 0
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self._name(prefix)):
            old = [{"Key": item["Key"]} for item in page.get("Contents", ()) if item["LastModified"] < cutoff]
            if old:
                self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": old, "Quiet": True})
                removed += len(old)
        return removed


def _content_type(key: str) -> str:
    return {"mp3": "audio/mpeg", "pdf": "application/pdf"}.get(key.rsplit(".", 1)[-1], "application/octet-stream")


def media_store(app: Flask):
    """This app's store, made on first use: MEDIA_URL s3://…, file:///…, or empty for the database."""
    with _made:
        if "vc_media" not in app.extensions:
            app.extensions["vc_media"] = _make(app)
        return app.extensions["vc_media"]


def _make(app: Flask):
    url = app.config.get("MEDIA_URL") or ""
    if url.startswith("s3://"):
        parsed = urlparse(url)
        return S3Store(parsed.netloc, parsed.path)
    if url.startswith("file://"):
        return FolderStore(Path(urlparse(url).path))
    return DatabaseStore(app.extensions["vc_engine"])
