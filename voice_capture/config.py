"""Settings read from the environment and checked once, at start-up."""
from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from cryptography.fernet import Fernet

ENVIRONMENTS = ("development", "production")
# Secrets that must never protect real children's data.
KNOWN_WEAK_SECRETS = {"", "dev", "secret", "changeme", "change-me", "development", "test"}
MIN_SECRET_LENGTH = 32
# Whose bank holidays are not working days (letters fall due in working days), as GOV.UK divides them.
BANK_HOLIDAY_REGIONS = ("england-and-wales", "scotland", "northern-ireland", "none")
# Who runs background jobs: a thread inside each app process (the demo), or `flask worker` processes.
JOB_RUNNERS = ("in-process", "worker")


class ConfigError(RuntimeError):
    """The environment does not describe a safe, working set-up."""


@dataclass(frozen=True)
class Settings:
    env: str
    database_url: str
    secret_key: str
    trusted_proxies: int = 0
    letter_overdue_working_days: int = 20
    bank_holidays: str = "england-and-wales"
    jobs: str = "in-process"
    job_lease_seconds: int = 30
    media_url: str = ""
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    backup_key: str = ""
    metrics_networks: tuple[str, ...] = ("127.0.0.1/32", "::1/128")


def _development_secret(instance_path: Path) -> str:
    """A random key kept in the instance folder, so logins survive a restart."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def load_settings(instance_path: Path, environ: dict | None = None) -> Settings:
    environ = os.environ if environ is None else environ
    env = environ.get("VOICE_CAPTURE_ENV", "development").strip().lower()
    if env not in ENVIRONMENTS:
        raise ConfigError(
            f"VOICE_CAPTURE_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}."
        )
    secret = environ.get("VOICE_CAPTURE_SECRET_KEY", "").strip()
    if env == "production":
        check_production_secret(secret)
    elif not secret:
        secret = _development_secret(instance_path)
    default_db = "sqlite:///" + str(instance_path / "voice_capture.sqlite3")
    database_url = environ.get("VOICE_CAPTURE_DATABASE_URL", "").strip() or default_db
    proxies = environ.get("VOICE_CAPTURE_TRUSTED_PROXIES", "0").strip() or "0"
    if not proxies.isdigit() or int(proxies) > 5:
        raise ConfigError("VOICE_CAPTURE_TRUSTED_PROXIES must be a whole number from 0 to 5.")
    overdue = environ.get("VOICE_CAPTURE_LETTER_OVERDUE_WORKING_DAYS", "20").strip() or "20"
    if not overdue.isdigit() or not 1 <= int(overdue) <= 250:
        raise ConfigError("VOICE_CAPTURE_LETTER_OVERDUE_WORKING_DAYS must be a whole number from 1 to 250.")
    bank_holidays = environ.get("VOICE_CAPTURE_BANK_HOLIDAYS", "england-and-wales").strip().lower() or "england-and-wales"
    if bank_holidays not in BANK_HOLIDAY_REGIONS:
        raise ConfigError(f"VOICE_CAPTURE_BANK_HOLIDAYS must be one of {', '.join(BANK_HOLIDAY_REGIONS)}, "
                          f"not {bank_holidays!r}.")
    jobs, lease, media_url = _job_settings(environ, env)
    oidc = _oidc_settings(environ, env)
    return Settings(env=env, database_url=database_url, secret_key=secret, trusted_proxies=int(proxies),
                    letter_overdue_working_days=int(overdue), bank_holidays=bank_holidays, jobs=jobs,
                    job_lease_seconds=lease, media_url=media_url, **oidc,
                    backup_key=_backup_key(environ), metrics_networks=_metrics_networks(environ))


def _job_settings(environ, env: str) -> tuple[str, int, str]:
    """Who runs jobs, how long a worker holds one without renewing, and where shared media is kept."""
    default = "worker" if env == "production" else "in-process"
    jobs = environ.get("VOICE_CAPTURE_JOBS", default).strip().lower() or default
    if jobs not in JOB_RUNNERS:
        raise ConfigError(f"VOICE_CAPTURE_JOBS must be one of {', '.join(JOB_RUNNERS)}, not {jobs!r}.")
    lease = environ.get("VOICE_CAPTURE_JOB_LEASE_SECONDS", "30").strip() or "30"
    if not lease.isdigit() or not 1 <= int(lease) <= 3600:
        raise ConfigError("VOICE_CAPTURE_JOB_LEASE_SECONDS must be a whole number from 1 to 3600.")
    media_url = environ.get("VOICE_CAPTURE_MEDIA_URL", "").strip()
    if media_url and not media_url.startswith(("s3://", "file:///")):
        raise ConfigError("VOICE_CAPTURE_MEDIA_URL must be empty (media in the database), s3://bucket/prefix "
                          "or file:///a/shared/folder.")
    return jobs, int(lease), media_url


def _oidc_settings(environ, env: str) -> dict:
    """Single sign-on is on when all three are set; half a set-up is refused rather than half working."""
    values = {name: environ.get(f"VOICE_CAPTURE_OIDC_{name.upper()}", "").strip()
              for name in ("issuer", "client_id", "client_secret")}
    if any(values.values()) and not all(values.values()):
        raise ConfigError("Set all three of VOICE_CAPTURE_OIDC_ISSUER, VOICE_CAPTURE_OIDC_CLIENT_ID and "
                          "VOICE_CAPTURE_OIDC_CLIENT_SECRET, or none of them.")
    if env == "production" and values["issuer"] and not values["issuer"].startswith("https://"):
        raise ConfigError("VOICE_CAPTURE_OIDC_ISSUER must be an https:// address in production.")
    return {f"oidc_{name}": value for name, value in values.items()}


def _backup_key(environ) -> str:
    key = environ.get("VOICE_CAPTURE_BACKUP_KEY", "").strip()
    if key:
        try:
            Fernet(key)
        except ValueError:
            raise ConfigError("VOICE_CAPTURE_BACKUP_KEY must be a key made with: python3 -c "
                              "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'") from None
    return key


def _metrics_networks(environ) -> tuple[str, ...]:
    raw = environ.get("VOICE_CAPTURE_METRICS_NETWORKS", "").strip() or "127.0.0.1/32,::1/128"
    try:
        return tuple(str(ipaddress.ip_network(part.strip())) for part in raw.split(",") if part.strip())
    except ValueError:
        raise ConfigError("VOICE_CAPTURE_METRICS_NETWORKS must be addresses or networks such as "
                          "10.0.0.0/8, separated by commas.") from None


def check_production_secret(secret: str) -> None:
    if secret.lower() in KNOWN_WEAK_SECRETS or len(secret) < MIN_SECRET_LENGTH:
        raise ConfigError(
            "VOICE_CAPTURE_SECRET_KEY must be set to a random value of at least "
            f"{MIN_SECRET_LENGTH} characters in production. Make one with: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )


def flask_config(settings: Settings) -> dict:
    production = settings.env == "production"
    return {
        "ENV_NAME": settings.env,
        "SECRET_KEY": settings.secret_key,
        "DATABASE_URL": settings.database_url,
        "TRUSTED_PROXIES": settings.trusted_proxies,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Strict",
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_NAME": "vc_session",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
        "IDLE_TIMEOUT": timedelta(minutes=30),
        # The idle stamp is written at most this often, so the cookie does not ride on every response.
        "IDLE_STAMP_EVERY": timedelta(minutes=1),
        "SESSION_REFRESH_EACH_REQUEST": False,
        "SESSION_MAX_AGE": timedelta(hours=12),
        "WTF_CSRF_TIME_LIMIT": None,  # the CSRF token lives as long as the session
        "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
        # Failed sign-ins in one window: from one address for one account (a person mistyping, or one guesser);
        # for one account from anywhere (guesses spread over many addresses); from one address for any account
        # (an office behind one address: high enough that one person's mistakes lock nobody else out).
        "LOGIN_FAILURE_LIMIT": 5,
        "LOGIN_ACCOUNT_FAILURE_LIMIT": 10,
        "LOGIN_ADDRESS_FAILURE_LIMIT": 50,
        "OIDC_ISSUER": settings.oidc_issuer,
        "OIDC_CLIENT_ID": settings.oidc_client_id,
        "OIDC_CLIENT_SECRET": settings.oidc_client_secret,
        "BACKUP_KEY": settings.backup_key,
        "METRICS_NETWORKS": settings.metrics_networks,
        "LOGIN_FAILURE_WINDOW": timedelta(minutes=1),
        "REVIEW_DUE_DAYS": 28,
        # "You said … We did …" letters are overdue this many working days after the plan's review date.
        "LETTER_OVERDUE_WORKING_DAYS": settings.letter_overdue_working_days,
        "BANK_HOLIDAYS": settings.bank_holidays,  # not working days
        "JOBS": settings.jobs,  # "inline" (tests only): a job runs in the request, after the commit
        "JOB_LEASE_SECONDS": settings.job_lease_seconds,
        "MEDIA_URL": settings.media_url,
        "SPEECH_RATE": 150,
        "BABEL_DEFAULT_LOCALE": "en",
    }
