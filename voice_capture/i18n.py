"""Languages: the interface's locales, the wider set a family may speak, and text direction."""
from __future__ import annotations

import os

from babel import Locale
from babel.lists import format_list
from flask import Flask, g, has_request_context, request
from flask_babel import Babel, format_date, format_datetime, get_locale

# Languages the interface is fully translated into.
UI_LOCALES = ("en", "cy")
# The regional form used for dates and numbers: this is software for UK children's services.
REGIONAL = {"en": "en_GB", "cy": "cy_GB"}
# Languages a child or family member may speak (their letters and speech use these).
FAMILY_LANGUAGES = ("en", "cy", "pl", "ar", "ur", "bn", "pa", "ro", "so", "pt", "lt", "tr", "fr", "es")


def select_locale() -> str:
    if not has_request_context():  # commands speak the language of the terminal
        code = (os.environ.get("LC_ALL") or os.environ.get("LANG") or "en")[:2].lower()
        return REGIONAL.get(code, "en_GB")
    user = g.get("user")
    if user is not None and user.locale in UI_LOCALES:
        return REGIONAL[user.locale]
    return REGIONAL[request.accept_languages.best_match(UI_LOCALES) or "en"]


def words_list(items) -> str:
    """A list of words as a sentence says it in the current language ("a, b and c"; "a, b a c")."""
    items = [str(item) for item in items if item]
    if not items:
        return ""
    return format_list(items, locale=get_locale() if has_request_context() else "en")


def language_name(code: str) -> str:
    """The language's own name for itself, so a family can find it whatever the UI locale."""
    try:
        return Locale.parse(code).get_display_name(code) or code
    except (ValueError, TypeError):
        return code


def language_choices(codes=FAMILY_LANGUAGES) -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in codes]


def text_direction() -> str:
    locale = get_locale()
    return "rtl" if locale is not None and locale.character_order == "right-to-left" else "ltr"


def init_app(app: Flask, translations_dir: str) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = translations_dir
    Babel(app, locale_selector=select_locale)
    app.jinja_env.globals.update(format_date=format_date, format_datetime=format_datetime)

    @app.context_processor
    def locale_context():
        locale = get_locale()
        return {"html_lang": locale.language if locale else "en", "html_dir": text_direction()}
