"""Flask commands: init-db, seed-demo, demo-code, create-team, create-user, prune-speech, worker and jobs (backup and
restore live in backup.py)."""
from __future__ import annotations

import click
import pyotp
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

from . import backup, db, demo, jobs, migrate
from .auth.services import AccountError, create_user
from .conversations.builtin import ensure_builtin_scripts
from .models import Role, Team
from .speech.service import prune


def _safe_url() -> str:
    return db.engine().url.render_as_string(hide_password=True)


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create or upgrade the database tables (applies every migration)."""
    try:
        migrate.upgrade(db.engine())
        with Session(db.engine()) as session:
            added = ensure_builtin_scripts(session)
            session.commit()
    except SQLAlchemyError as error:
        detail = getattr(error, "orig", None) or error
        raise click.ClickException(
            _("Could not reach or change the database at %(url)s: %(detail)s", url=_safe_url(), detail=detail)
        )
    click.echo(_("The database at %(url)s is up to date.", url=_safe_url()))
    if added:
        click.echo(_("Ready-made conversations added: %(count)d.", count=added))


def _require_tables() -> None:
    if "app_user" not in inspect(db.engine()).get_table_names():
        raise click.ClickException(_("The database has no tables yet. Run: flask --app voice_capture init-db"))


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Add a demo team, users, families and plans (development only)."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException(_("Demo data cannot be added in production: it has known passwords."))
    _require_tables()
    with Session(db.engine()) as session:
        if demo.demo_present(session):
            click.echo(_("The demo data is already there."))
        else:
            demo.seed(session)
            session.commit()
            click.echo(_("Demo data added."))
    click.echo(_("Demo logins (the password for all of them is %(password)s):", password=demo.DEMO_PASSWORD))
    for email, name, role, team in demo.DEMO_USERS:
        click.echo(f"  {email:<22} {name:<12} {role.value:<14} {team or ''}")
    click.echo(_("The administrator also types a code: add the key %(key)s to an authenticator app, or run "
                 "%(command)s for the code of the moment.", key=demo.DEMO_ADMIN_TOTP_SECRET,
                 command="flask --app voice_capture demo-code"))


@click.command("demo-code")
@with_appcontext
def demo_code_command():
    """The demo administrator's sign-in code of the moment (demo data only, never in production)."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException(_("There is no demo in production."))
    click.echo(pyotp.TOTP(demo.DEMO_ADMIN_TOTP_SECRET).now())


@click.command("create-team")
@with_appcontext
@click.argument("name")
def create_team_command(name: str):
    """Add a team."""
    _require_tables()
    name = name.strip()
    if not name or len(name) > 120:
        raise click.ClickException(_("A team name must have between 1 and 120 characters."))
    with Session(db.engine()) as session:
        if session.exec(select(Team).where(Team.name == name)).first():
            raise click.ClickException(_("A team called %(name)s already exists.", name=name))
        session.add(Team(name=name))
        session.commit()
    click.echo(_("The team %(name)s is added.", name=name))


@click.command("create-user")
@with_appcontext
@click.option("--email", required=True, help="The address they sign in with.")
@click.option("--name", "display_name", required=True, help="Their name as colleagues know it.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]), help="What they may do.")
@click.option("--team", "team_name", default=None, help="Their team's name (not needed for admins).")
@click.password_option(help="At least 12 characters; asked for when not given.")
def create_user_command(email: str, display_name: str, role: str, team_name: str | None, password: str):
    """Add a user account."""
    _require_tables()
    if "@" not in email or len(email) > 254:
        raise click.ClickException(_("%(email)s is not an email address.", email=email))
    if not display_name.strip() or len(display_name) > 120:
        raise click.ClickException(_("A name must have between 1 and 120 characters."))
    with Session(db.engine()) as session:
        team = None
        if team_name:
            team = session.exec(select(Team).where(Team.name == team_name.strip())).first()
            if team is None:
                known = ", ".join(t.name for t in session.exec(select(Team)).all()) or "-"
                raise click.ClickException(
                    _("There is no team called %(name)s. The teams are: %(teams)s. Add one with create-team.",
                      name=team_name, teams=known)
                )
        try:
            user = create_user(session=session, email=email, display_name=display_name, password=password,
                               role=role, team=team)
        except AccountError as error:
            raise click.ClickException(str(error))
        session.commit()
        click.echo(_("The account %(email)s is created.", email=user.email))


@click.command("prune-speech")
@with_appcontext
@click.option("--older-than-days", default=30, show_default=True, type=click.IntRange(min=0),
              help="Remove audio nobody has heard for this many days.")
def prune_speech_command(older_than_days: int):
    """Remove cached speech (it can hold words from plans) that has not been used for a while."""
    removed = prune(older_than_days * 86400)
    click.echo(ngettext("Removed %(num)d cached speech file.", "Removed %(num)d cached speech files.", removed))


@click.command("worker")
@with_appcontext
@click.option("--threads", default=2, show_default=True, type=click.IntRange(1, 16), help="Jobs run at once.")
def worker_command(threads: int):
    """Run background jobs (speech, letter audio) until stopped; start one on each machine that should help."""
    _require_tables()
    click.echo(_("The worker is running (Ctrl+C stops it once the jobs in hand are finished)."))
    jobs.run_worker(current_app._get_current_object(), threads)


@click.command("jobs")
@with_appcontext
@click.option("--limit", default=30, show_default=True, type=click.IntRange(1, 1000), help="How many, newest first.")
def jobs_command(limit: int):
    """List the newest background jobs and their state (never what they are about)."""
    _require_tables()
    found = jobs.recent_jobs(current_app._get_current_object(), limit)
    if not found:
        click.echo(_("There are no background jobs yet."))
    for job in found:
        click.echo(f"{job.id:>7}  {job.kind:<20} {job.state:<8} {job.attempts}/{job.max_attempts}  "
                   f"{job.updated_at:%Y-%m-%d %H:%M:%S}  {job.error}")
    if not jobs.queue_served(current_app._get_current_object()):
        click.echo(_("Jobs are waiting and no worker has taken them: start one with flask --app voice_capture worker."))


def init_app(app: Flask) -> None:
    for command in (init_db_command, seed_demo_command, create_team_command, create_user_command,
                    prune_speech_command, worker_command, jobs_command, demo_code_command, backup.backup_command,
                    backup.restore_command):
        app.cli.add_command(command)
