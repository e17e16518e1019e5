"""How easy a piece of writing is to read for one respondent, at their reading level.

English is measured with textstat (Flesch-Kincaid grade, syllables from pyphen's hyphenation
dictionary, which works offline). Other languages have no reliable formula here, so they are
judged by sentence length and word length alone, which is still the heart of easy-read writing.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

import textstat

from .models import ReadingLevel


@dataclass(frozen=True)
class Target:
    grade: float          # the highest Flesch-Kincaid grade (English only)
    sentence_words: int   # the most words in one sentence
    long_word: int        # a word this many syllables or more (English) is long


TARGETS = {
    ReadingLevel.PICTURES.value: Target(grade=2, sentence_words=8, long_word=4),
    ReadingLevel.SIMPLE.value: Target(grade=5, sentence_words=12, long_word=4),
    ReadingLevel.FULL.value: Target(grade=9, sentence_words=20, long_word=5),
}
# "Far above" the level: a letter cannot be marked ready with such a line unless the worker says why.
FAR_GRADE = 4
FAR_SENTENCE = 2.0
LONG_WORD_LETTERS = 12  # for languages without a syllable count here

_SENTENCE_END = re.compile(r"(?<=[.!?؟۔।])\s+|\n+")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_lock = threading.Lock()  # textstat keeps its language in global state


@dataclass
class Readability:
    level: str
    language: str
    rating: str                      # "ok", "above" or "far_above"
    grade: float | None              # English only
    words: int
    sentences: int
    longest_sentence: int
    long_words: list[str] = field(default_factory=list)
    long_sentences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.rating == "ok"

    @property
    def far_above(self) -> bool:
        return self.rating == "far_above"

    def as_dict(self) -> dict:
        return {"level": self.level, "language": self.language, "rating": self.rating,
                "grade": None if self.grade is None else round(self.grade, 1), "words": self.words,
                "sentences": self.sentences, "longest_sentence": self.longest_sentence,
                "long_words": self.long_words, "long_sentences": self.long_sentences}


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text or "") if part and part.strip()]


def words(text: str) -> list[str]:
    return _WORD.findall(text or "")


def check(text: str, level: str, language: str = "en") -> Readability:
    """Rate one piece of writing for a respondent's reading level and language."""
    target = TARGETS.get(level, TARGETS[ReadingLevel.SIMPLE.value])
    english = (language or "en").split("-")[0].split("_")[0] == "en"
    parts = sentences(text)
    counts = [len(words(part)) for part in parts]
    all_words = words(text)
    long_sentences = [part for part, count in zip(parts, counts) if count > target.sentence_words]
    longest = max(counts, default=0)
    grade = None
    if english and all_words:
        with _lock:
            textstat.set_lang("en_GB")
            grade = float(textstat.flesch_kincaid_grade(text))
            long_words = _unique(w for w in all_words if textstat.syllable_count(w) >= target.long_word)
    else:
        long_words = _unique(w for w in all_words if len(w) > LONG_WORD_LETTERS)
    far = longest > target.sentence_words * FAR_SENTENCE or (grade is not None and grade > target.grade + FAR_GRADE)
    above = bool(long_sentences) or bool(long_words) or (grade is not None and grade > target.grade)
    rating = "far_above" if far else "above" if above else "ok"
    return Readability(level=level, language=language, rating=rating, grade=grade, words=len(all_words),
                       sentences=len(parts), longest_sentence=longest, long_words=long_words,
                       long_sentences=long_sentences)


def _unique(found) -> list[str]:
    seen: dict[str, None] = {}
    for word in found:
        seen.setdefault(word, None)
    return list(seen)
