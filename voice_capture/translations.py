"""Keeping the message catalogs current: extract, update and compile (used by tests and set-up)."""
from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
KEYWORDS = ["-k", "_l", "-k", "lazy_gettext", "-k", "lazy_pgettext:1c,2"]


def extract(output: Path) -> None:
    CommandLineInterface().run([
        "pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), *KEYWORDS, "--add-comments=Translators:",
        "--no-location", "--sort-output", "--project=voice_capture",
        "--copyright-holder=voice_capture contributors", "-o", str(output), str(ROOT),
    ])  # babel.cfg names the folders; hidden folders such as .venv are skipped


def update() -> None:
    """Re-extract messages.pot and merge it into every language's catalog."""
    extract(TRANSLATIONS / "messages.pot")
    CommandLineInterface().run([
        "pybabel", "-q", "update", "-i", str(TRANSLATIONS / "messages.pot"), "-d", str(TRANSLATIONS),
        "--no-fuzzy-matching", "--ignore-obsolete",
    ])


def compile_all() -> None:
    CommandLineInterface().run(["pybabel", "-q", "compile", "-d", str(TRANSLATIONS)])


if __name__ == "__main__":
    {"extract": lambda: extract(TRANSLATIONS / "messages.pot"), "update": update, "compile": compile_all}[
        sys.argv[1] if len(sys.argv) > 1 else "compile"
    ]()
