"""Serving speech: each clip's address, the clip itself (made if it is missing), and clips made ahead as jobs.

A clip is a text and the language it is spoken in. Callers say which clips a page may hear; nothing
else is served, even if it is cached for someone else. Clips live in the shared media store, so a clip
made by a worker or by another app server is served by any of them."""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from datetime import date

from flask import Response, abort, current_app, request

from .. import jobs
from ..media import media_store
from .cache import encode_mp3, speech_key
from .engine import encoder_available, engine_available
from .synth import SpeechError, synthesize_wav
from .voices import voice_for

log = logging.getLogger(__name__)

Clip = tuple[str, str]  # (text, language)
SPEECH_KEY = re.compile(r"[0-9a-f]{64}")
ONE_WEEK = 7 * 24 * 3600
PREFIX = "speech/"


def media_key(key: str) -> str:
    """Where a clip with this cache key is kept in the media store."""
    return f"{PREFIX}{key}.mp3"


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


def ensure_clip(text: str, language: str) -> bytes | None:
    """The clip's MP3, made now and stored if it is not there yet; None when the browser's voice must speak it."""
    if not speech_ready(language) or not (text or "").strip():
        return None
    store, key = media_store(current_app), media_key(clip_key(text, language))
    data = store.get(key)
    if data is None:
        try:
            data = encode_mp3(synthesize_wav(text, voice_for(language), current_app.config["SPEECH_RATE"]))
        except SpeechError as error:
            log.warning("no cached speech for a %s sentence: %s", language, error)
            return None
        store.put(key, data)
    return data


def pregenerate(clips: Iterable[Clip]) -> int:
    """Make every clip that is not stored yet (inside a job: nobody waits for it); how many are there now."""
    return sum(ensure_clip(text, language) is not None for text, language in dict.fromkeys(clips))


def pregenerate_after_commit(clips: Iterable[Clip]) -> None:
    """Make these clips in a background job once the request's work is committed, so nobody waits for them."""
    wanted = sorted({(text, language) for text, language in clips if speech_ready(language)})
    if wanted:
        rate = current_app.config["SPEECH_RATE"]
        jobs.enqueue_after_commit("speech", jobs.job_key("speech", wanted, rate, date.today()),
                                  {"clips": [list(clip) for clip in wanted]})


@jobs.handler("speech")
def _speech_job(*, session, payload) -> None:
    pregenerate((text, language) for text, language in payload.get("clips", ()))


def send_clip(key: str, clips: Iterable[Clip], *, private: bool = False):
    """The audio of the one clip of these with this key, made now if it is not cached yet: 404 for any other
    key, 503 when it cannot be made. A week in the browser's cache; `private`: in that browser's only."""
    if not SPEECH_KEY.fullmatch(key):
        abort(404)
    found = next(((text, language) for text, language in clips if clip_key(text, language) == key), None)
    if found is None:
        abort(404)
    store = media_store(current_app)
    data = store.get(media_key(key))
    if data is not None:
        store.touch(media_key(key))  # last used now: `flask prune-speech` removes what nobody has heard for a while
    else:
        data = ensure_clip(*found)
        if data is None:
            abort(503)
    return _mp3(key, data, max_age=ONE_WEEK, private=private)


def send_cached(key: str):
    """A clip already made (for a preview); 404 until it is, and the browser's own voice stands in."""
    if not SPEECH_KEY.fullmatch(key):
        abort(404)
    store = media_store(current_app)
    data = store.get(media_key(key))
    if data is None:
        abort(404)
    store.touch(media_key(key))
    return _mp3(key, data, max_age=3600)


def _mp3(key: str, data: bytes, *, max_age: int, private: bool = False) -> Response:
    """The clip with an ETag (its key: a clip's bytes never change), answering If-None-Match and Range."""
    response = Response(data, mimetype="audio/mpeg")
    response.set_etag(key)
    response.cache_control.max_age = max_age
    if private:
        response.cache_control.private = True
    else:
        response.cache_control.public = True
    return response.make_conditional(request, accept_ranges=True, complete_length=len(data))


def prune(older_than_seconds: float) -> int:
    """Remove stored clips nobody has heard for that long (they can hold plan wording); how many."""
    return media_store(current_app).prune(PREFIX, older_than_seconds)
