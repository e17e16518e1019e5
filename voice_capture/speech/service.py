"""Serving speech: each clip's address, the clip itself (made if it is missing), and clips made ahead, after the commit.

A clip is a text and the language it is spoken in. Callers say which clips a page may hear; nothing
else is served, even if it is cached for someone else."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flask import abort, current_app, send_file

from .. import db
from .cache import cached_path, ensure_speech, pregenerate, speech_key
from .engine import encoder_available, engine_available
from .voices import voice_for

Clip = tuple[str, str]  # (text, language)
SPEECH_KEY = re.compile(r"[0-9a-f]{64}")
ONE_WEEK = 7 * 24 * 3600
# One background worker for the whole app: synthesis is one-at-a-time anyway.
_background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="speech")


def cache_dir() -> Path:
    return Path(current_app.config.get("SPEECH_CACHE_DIR") or Path(current_app.instance_path) / "speech-cache")


def speech_ready(language: str) -> bool:
    return voice_for(language) is not None and engine_available() and encoder_available()


def clip_key(text: str, language: str) -> str | None:
    """The clip's cache key; None when no voice speaks the language (the browser's own speech reads it)."""
    voice = voice_for(language)
    return speech_key(text, voice, current_app.config["SPEECH_RATE"]) if voice else None


def audio_url(text: str, language: str, address: Callable[[str], str]) -> str:
    """The address (`address(key)`) of a clip's audio; "" when the browser's own speech must stand in."""
    return address(clip_key(text, language)) if speech_ready(language) else ""


def audio_urls(clips: Iterable[Clip], address: Callable[[str], str]) -> dict[str, str]:
    """Text to the address of its audio, for the texts that have one (see audio_url)."""
    found = {text: audio_url(text, language, address) for text, language in clips}
    return {text: url for text, url in found.items() if url}


def pregenerate_after_commit(clips: Iterable[Clip]) -> None:
    """Make these clips in the background once the request's work is committed, so nobody waits for them."""
    by_language: dict[str, list[str]] = {}
    for text, language in clips:
        by_language.setdefault(language, []).append(text)
    folder, rate = cache_dir(), current_app.config["SPEECH_RATE"]
    batches = [(texts, language) for language, texts in by_language.items() if speech_ready(language)]

    def make_in_background() -> None:
        for texts, language in batches:
            _background.submit(pregenerate, folder, texts, language, rate)

    if batches:
        db.after_commit(make_in_background)


def send_clip(key: str, clips: Iterable[Clip], *, private: bool = False):
    """The audio of the one clip of these with this key, made now if it is not cached yet: 404 for any other
    key, 503 when it cannot be made. A week in the browser's cache; `private`: in that browser's only."""
    if not SPEECH_KEY.fullmatch(key):
        abort(404)
    found = next(((text, language) for text, language in clips if clip_key(text, language) == key), None)
    if found is None:
        abort(404)
    path = cached_path(cache_dir(), key)
    if path.exists():
        path.touch()  # last used now: `flask prune-speech` removes what nobody has heard for a while
    else:
        path = ensure_speech(cache_dir(), found[0], found[1], current_app.config["SPEECH_RATE"])
        if path is None:
            abort(503)
    if not private:
        return send_file(path, mimetype="audio/mpeg", max_age=ONE_WEEK, conditional=True)
    response = send_file(path, mimetype="audio/mpeg", max_age=0, conditional=True)
    response.headers["Cache-Control"] = f"private, max-age={ONE_WEEK}"
    return response


def send_cached(key: str):
    """A clip already made (for a preview); 404 until it is, and the browser's own voice stands in."""
    if not SPEECH_KEY.fullmatch(key):
        abort(404)
    path = cached_path(cache_dir(), key)
    if not path.exists():
        abort(404)
    path.touch()
    return send_file(path, mimetype="audio/mpeg", max_age=3600, conditional=True)
