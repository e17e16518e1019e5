"""Spoken prompts cached on disk as small MP3 files, keyed by their text, voice and rate."""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import subprocess
import tempfile
import time
from pathlib import Path

from .engine import encoder_available, engine_available
from .synth import SpeechError, synthesize_wav
from .voices import voice_for

log = logging.getLogger(__name__)

# 16 kbit/s mono (16 kHz) keeps a sentence near 8 KB instead of about 160 KB of WAV, so a child-mode step
# with its audio fits 15 KB on the wire; espeak-ng's voice stays clear at it. The encoding is part of the key,
# so clips made at another rate before are made again, not served.
LAME = ["lame", "--quiet", "-m", "m", "-b", "16", "-", "-"]
ENCODING = "mp3-16k-mono"
ENCODE_TIMEOUT = 30


def speech_key(text: str, voice: str, rate: int) -> str:
    # JSON keeps the parts apart: ("a b", "c") and ("a", "b c") must not share a key.
    return hashlib.sha256(json.dumps([text, voice, int(rate), ENCODING]).encode()).hexdigest()


def cached_path(cache_dir: Path, key: str) -> Path:
    return Path(cache_dir) / f"{key}.mp3"


def ensure_speech(cache_dir: Path, text: str, language: str, rate: int = 160) -> Path | None:
    """The MP3 of `text` spoken in `language`, made now if it is not cached yet.

    None means the browser's own speech synthesis must speak it: no voice for the language,
    no engine or encoder here, nothing to say, or the engine failed (logged)."""
    voice = voice_for(language)
    if voice is None or not (text or "").strip() or not (engine_available() and encoder_available()):
        return None
    path = cached_path(cache_dir, speech_key(text, voice, rate))
    if _present(path):
        return path
    try:
        with _key_lock(path):
            if not _present(path):  # another thread or process may have made it while we waited
                _write_atomically(path, encode_mp3(synthesize_wav(text, voice, rate)))
    except SpeechError as error:
        log.warning("no cached speech for a %s sentence: %s", language, error)
        return None
    return path


def pregenerate(cache_dir: Path, texts: list[str], language: str, rate: int = 160) -> dict[str, str | None]:
    """Make every sentence's audio before the child needs it: text -> cache key, or None."""
    keys: dict[str, str | None] = {}
    for text in texts:
        if text not in keys:
            path = ensure_speech(cache_dir, text, language, rate)
            keys[text] = path.stem if path else None
    return keys


def prune(folder: Path, older_than_seconds: float) -> int:
    """Remove cached audio (and leftover lock or temporary files) unused for that long."""
    cutoff = time.time() - older_than_seconds
    removed = 0
    for path in folder.glob("*"):
        if path.is_file() and path.suffix in (".mp3", ".lock", ".tmp") and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def encode_mp3(wav: bytes) -> bytes:
    try:
        done = subprocess.run(LAME, input=wav, capture_output=True, timeout=ENCODE_TIMEOUT, check=True)
    except (OSError, subprocess.SubprocessError) as error:
        raise SpeechError(f"The MP3 encoder (lame) failed: {error}") from None
    if not done.stdout:
        raise SpeechError("The MP3 encoder (lame) produced nothing.")
    return done.stdout


def _present(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except FileNotFoundError:
        return False


@contextlib.contextmanager
def _key_lock(path: Path):
    """One maker per key. flock binds to an open file, so it holds between threads that each
    open the lock file as well as between processes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_suffix(".lock")
    with open(lock_path, "ab") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            # Once the MP3 exists nobody needs the lock (all check for the MP3 first), so tidy it away.
            if _present(path):
                with contextlib.suppress(FileNotFoundError):
                    lock_path.unlink()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_atomically(path: Path, data: bytes) -> None:
    # A temp file in the same folder, then os.replace: readers see the old file or the whole new one.
    # It keeps tempfile's 0600 mode: a prompt can name people in a child's life.
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=".speech-", suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())  # so a crash cannot leave an empty file that looks cached
        os.replace(handle.name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(handle.name)
        raise
