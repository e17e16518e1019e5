"""Alembic environment: migrates the database the app is configured for."""
from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import voice_capture.models  # noqa: F401  (registers every table on SQLModel.metadata)

config = context.config
target_metadata = SQLModel.metadata


def _connectable():
    connection = config.attributes.get("connection")
    if connection is not None:
        return connection, False
    from pathlib import Path

    from voice_capture.config import load_settings
    from voice_capture.db import make_engine

    instance = Path(__file__).resolve().parent.parent / "instance"
    return make_engine(load_settings(instance).database_url), True


def run_migrations_online() -> None:
    connectable, owns_engine = _connectable()
    if owns_engine:
        with connectable.connect() as connection:
            _run(connection)
        connectable.dispose()
    else:
        _run(connectable)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Offline migrations are not supported; connect to the database instead.")
run_migrations_online()
