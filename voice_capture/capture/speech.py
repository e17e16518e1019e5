"""Speech for a conversation: audio addresses for every text it shows, made ahead of time."""
from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flask import abort, current_app, send_file, url_for

from ..models import CaptureSession
from ..speech.cache import cached_path, ensure_speech, pregenerate, speech_key
from ..speech.engine import encoder_available, engine_available
from ..speech.voices import voice_for
from .services import texts_to_speak

SPEECH_KEY = re.compile(r"[0-9a-f]{64}")
# One background worker per process: synthesis is one-at-a-time anyway.
_background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="speech")


def cache_dir() -> Path:
    return Path(current_app.config.get("SPEECH_CACHE_DIR") or Path(current_app.instance_path) / "speech-cache")


def speech_ready(language: str) -> bool:
    return voice_for(language) is not None and engine_available() and encoder_available()


def audio_urls(capture: CaptureSession) -> dict[str, str]:
    """Text to the address of its audio; empty when the browser's own speech must stand in."""
    voice = voice_for(capture.locale)
    if not speech_ready(capture.locale):
        return {}
    rate = current_app.config["SPEECH_RATE"]
    return {text: url_for("capture.speech_audio", session_id=capture.id, key=speech_key(text, voice, rate))
            for text in texts_to_speak(capture)}


def pregenerate_later(capture: CaptureSession) -> None:
    """Make every audio file of the session in the background, so the child never waits."""
    if not speech_ready(capture.locale):
        return
    texts = texts_to_speak(capture)
    _background.submit(pregenerate, cache_dir(), texts, capture.locale, current_app.config["SPEECH_RATE"])


def pregenerate_texts_later(texts: list[str], language: str) -> None:
    """Make audio for a preview's texts in the background."""
    _background.submit(pregenerate, cache_dir(), texts, language, current_app.config["SPEECH_RATE"])


def send_cached(key: str):
    """A clip already made (for a preview); 404 until it is, and the browser's own voice stands in."""
    if not SPEECH_KEY.fullmatch(key):
        abort(404)
    path = cached_path(cache_dir(), key)
    if not path.exists():
        abort(404)
    path.touch()
    return send_file(path, mimetype="audio/mpeg", max_age=3600, conditional=True)


def send(capture: CaptureSession, key: str):
    """The audio of one text this conversation shows; no other conversation's, even if cached."""
    voice = voice_for(capture.locale)
    rate = current_app.config["SPEECH_RATE"]
    if voice is None or not SPEECH_KEY.fullmatch(key):
        abort(404)
    text = next((t for t in texts_to_speak(capture) if speech_key(t, voice, rate) == key), None)
    if text is None:
        abort(404)
    path = cached_path(cache_dir(), key)
    if path.exists():
        path.touch()  # last used now: `flask prune-speech` removes what nobody has heard for a while
    else:
        path = ensure_speech(cache_dir(), text, capture.locale, rate)
        if path is None:
            abort(503)
    return send_file(path, mimetype="audio/mpeg", max_age=7 * 24 * 3600, conditional=True)


def prune(folder: Path, older_than_seconds: float) -> int:
    """Remove cached audio (and leftover lock or temporary files) unused for that long."""
    cutoff = time.time() - older_than_seconds
    removed = 0
    for path in folder.glob("*"):
        if path.is_file() and path.suffix in (".mp3", ".lock", ".tmp") and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
