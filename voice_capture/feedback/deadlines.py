"""When a letter is due: working days after the plan's review, not counting the region's bank holidays."""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
from flask import current_app, has_app_context

_SUBDIVISIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}


@lru_cache(maxsize=64)
def bank_holidays(region: str, year: int) -> frozenset[date]:
    """The bank holidays of one year in one part of the UK (none for "none"), from the `holidays`
    package's rules, so no download is needed; substitute days after a weekend holiday included."""
    subdivision = _SUBDIVISIONS.get(region)
    if subdivision is None:
        return frozenset()
    return frozenset(holidays.country_holidays("GB", subdiv=subdivision, years=year))


def add_working_days(start: date, days: int, region: str = "england-and-wales") -> date:
    """`days` working days after `start`: Monday to Friday, not counting the region's bank holidays."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in bank_holidays(region, current.year):
            days -= 1
    return current


def overdue_after() -> int:
    """How many working days after the review a letter may take before it is overdue (a setting)."""
    return int(current_app.config.get("LETTER_OVERDUE_WORKING_DAYS", 20)) if has_app_context() else 20


def holiday_region() -> str:
    """Whose bank holidays are not working days (a setting: a part of the UK, or "none")."""
    return current_app.config.get("BANK_HOLIDAYS", "england-and-wales") if has_app_context() else "england-and-wales"
