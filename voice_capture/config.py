"""Settings read from the environment and checked once, at start-up."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ENVIRONMENTS = ("development", "production")
# Secrets that must never protect real children's data.
KNOWN_WEAK_SECRETS = {"", "dev", "secret", "changeme", "change-me", "development", "test"}
MIN_SECRET_LENGTH = 32
# Whose bank holidays are not working days (letters fall due in working days), as GOV.UK divides them.
BANK_HOLIDAY_REGIONS = ("england-and-wales", "scotland", "northern-ireland", "none")


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
    return Settings(env=env, database_url=database_url, secret_key=secret, trusted_proxies=int(proxies),
                    letter_overdue_working_days=int(overdue), bank_holidays=bank_holidays)


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
        "LOGIN_FAILURE_LIMIT": 5,
        "LOGIN_FAILURE_WINDOW": timedelta(minutes=1),
        "REVIEW_DUE_DAYS": 28,
        # "You said … We did …" letters are overdue this many working days after the plan's review date.
        "LETTER_OVERDUE_WORKING_DAYS": settings.letter_overdue_working_days,
        "BANK_HOLIDAYS": settings.bank_holidays,  # not working days
        "SPEECH_RATE": 150,
        "BABEL_DEFAULT_LOCALE": "en",
    }
