"""The database engine, one session per request, and the single place that commits."""
from __future__ import annotations

from flask import Flask, abort, current_app, g
from sqlalchemy import event, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session, create_engine

SQLITE_BUSY_TIMEOUT_MS = 5000


# PostgreSQL's words for "this database takes no writes just now": a read-only transaction or server,
# no right to insert, a full disk. (SQLite says all of these, and "down", with an OperationalError.)
CANNOT_WRITE_STATES = frozenset({"25006", "42501", "53100", "53200", "57P01", "57P02", "57P03"})

MAX_ID = 2**31  # ids are INTEGER columns: the largest a PostgreSQL INTEGER can hold, plus one


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def init_app(app: Flask) -> None:
    app.extensions["vc_engine"] = make_engine(app.config["DATABASE_URL"])
    app.after_request(_commit_if_ok)
    app.teardown_appcontext(_close_session)


def engine() -> Engine:
    return current_app.extensions["vc_engine"]


def session() -> Session:
    """The request's session, opened on first use."""
    if "db_session" not in g:
        g.db_session = Session(engine(), expire_on_commit=False)
    return g.db_session


def get_or_404(model, ident):
    """The record with this id, or a plain "not found" page (also for ids no table can hold)."""
    if isinstance(ident, int) and not 0 < ident < MAX_ID:
        abort(404)
    record = session().get(model, ident)
    if record is None:
        abort(404)
    return record


def after_commit(callback) -> None:
    """Run `callback` once the request's work is committed (never if it is rolled back)."""
    g.setdefault("after_commit", []).append(callback)


def _commit_if_ok(response):
    """Commit what the request did, unless it ended in an error. The only commit in a request."""
    db = g.get("db_session")
    callbacks = g.pop("after_commit", [])
    if response.status_code >= 400:
        if db is not None:
            db.rollback()
        return response
    if db is not None:  # a request that never opened a session has nothing to commit, but its callbacks run
        try:
            db.commit()
        except DBAPIError as error:
            if not cannot_write(error):
                raise
            db.rollback()
            return _replaced(response, current_app.handle_user_exception(error))  # nothing saved: say so, 503
    for callback in callbacks:
        try:
            callback()
        except Exception:  # the work is saved; a failed side effect must not turn that into an error
            current_app.logger.exception("A task after the commit failed")
    return response


def cannot_write(error: DBAPIError) -> bool:
    """True when a database error means the database cannot be written just now (down, read-only, disk
    full), so the client should send the same again later; False for a fault in what was sent."""
    if isinstance(error, OperationalError):
        return True
    return getattr(error.orig, "sqlstate", None) in CANNOT_WRITE_STATES


def _replaced(response, error_response):
    """The error's status, body and Retry-After in place of the page that could not be saved, keeping the
    headers already set on it (security headers are added before the commit)."""
    error_response = current_app.make_response(error_response)
    response.status_code = error_response.status_code
    response.set_data(error_response.get_data())
    for name in ("Content-Encoding", "Location", "ETag"):
        response.headers.pop(name, None)
    response.headers["Content-Type"] = error_response.headers["Content-Type"]
    response.headers["Retry-After"] = error_response.headers.get("Retry-After", "5")
    return response


def _close_session(_exc) -> None:
    db = g.pop("db_session", None)
    if db is not None:
        db.close()


def claim(session: Session, row, *conditions, **values) -> bool:
    """Change a row only if it is still as the caller saw it (UPDATE … WHERE id = … AND conditions).
    True when it changed; False when someone else changed it first, and then nothing is written.
    Guards state changes that two people could make at once (a letter being sent while being
    edited, a worry being recorded twice, a script version being replaced)."""
    model = type(row)
    statement = update(model).where(model.id == row.id, *conditions).values(**values)
    changed = session.execute(statement.execution_options(synchronize_session="evaluate")).rowcount == 1
    if not changed:
        session.expire(row)
    return changed
