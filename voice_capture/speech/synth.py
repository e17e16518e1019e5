"""One sentence to WAV bytes through pyttsx3 over espeak-ng, guarded against pyttsx3 2.99's quirks."""
from __future__ import annotations

import array
import gc
import io
import logging
import os
import re
import tempfile
import threading
import time
import wave
from pathlib import Path

log = logging.getLogger(__name__)

ATTEMPTS = 3
LOCK_TIMEOUT = 30.0  # seconds a request waits for another synthesis in this process
POLL = 0.002  # seconds between looks at espeak-ng and the file; synthesis takes ~10 ms a sentence
MIN_RATE, MAX_RATE = 80, 450  # espeak-ng's words-per-minute range; it clamps silently outside it
MIN_PEAK = 300  # a 16-bit sample peak below this is silence, not speech
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # a NUL would end the C string early


class SpeechError(Exception):
    """The sentence could not be turned into audio; the message is meant for a person to read."""


class _Failed(Exception):
    """One attempt went wrong; the next attempt starts with a new engine."""


class _State:
    lock = threading.Lock()  # espeak-ng has one synthesis queue and one callback per process
    engine = None
    pid = None


def _after_fork() -> None:
    # A lock held by another thread at fork time would never be released in the child.
    _State.lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork)


def synthesize_wav(text: str, voice: str, rate: int) -> bytes:
    """The sentence spoken by `voice` at `rate` words a minute, as a mono 16-bit WAV file's bytes."""
    text = " ".join(_CONTROL.sub(" ", text or "").split())
    if not text:
        raise SpeechError("There is no text to speak.")
    rate = max(MIN_RATE, min(MAX_RATE, int(rate)))
    if not _State.lock.acquire(timeout=LOCK_TIMEOUT):
        raise SpeechError("The speech engine is busy; please try again.")
    try:
        problem = ""
        for _ in range(ATTEMPTS):
            try:
                return _attempt(text, voice, rate)
            except (_Failed, ImportError, RuntimeError, ValueError, OSError, EOFError, wave.Error) as error:
                problem = str(error)
                _State.engine = None  # let go of it; it is collected as this except block ends
        log.warning("speech synthesis failed for voice %s: %s", voice, problem)
        raise SpeechError(f"The speech engine could not say this sentence ({problem}).")
    finally:
        _State.lock.release()


# pyttsx3's espeak modules are imported on use: importing them loads libespeak-ng, and the app
# must still start where it is missing (the browser speaks instead).
def _engine():
    """This process's engine, made on first use and made again after a fork or a failure."""
    from pyttsx3 import Engine
    from pyttsx3.drivers import espeak

    if _State.pid != os.getpid():
        # After a fork espeak's worker thread stayed in the parent: Synth would wait forever.
        # pyttsx3 initialises espeak once per process, so tell it this is a new process.
        _State.engine, _State.pid = None, os.getpid()
        espeak.EspeakDriver._moduleInitialized = False
    if _State.engine is None:
        # The old engine must be gone first: when it is collected it unregisters espeak's callback.
        gc.collect()
        espeak.print = lambda *args, **kwargs: log.debug(" ".join(map(str, args)))  # "Audio saved to"
        _State.engine = Engine("espeak")
    return _State.engine


def _attempt(text: str, voice: str, rate: int) -> bytes:
    engine = _engine()
    _apply(voice, rate)
    with tempfile.TemporaryDirectory(prefix="vc-speech-") as folder:
        path = Path(folder) / "speech.wav"
        engine.save_to_file(text, str(path))
        engine.runAndWait()  # only starts synthesis: espeak-ng writes the file from its own thread
        data = _wait_for_wav(path, timeout=5.0 + len(text) / 100)
    _check(data, text, rate)
    return data


def _apply(voice: str, rate: int) -> None:
    """Set voice and rate straight on the driver, then read them back.

    engine.setProperty queues changes while pyttsx3 thinks it is busy, and runAndWait's
    espeak_Cancel can drop a queued rate change, so the last call's rate would be kept."""
    from pyttsx3.drivers import _espeak
    from pyttsx3.drivers.espeak import EspeakDriver

    _wait_idle(_espeak)
    for _ in range(5):
        EspeakDriver.setProperty("voice", voice)
        EspeakDriver.setProperty("rate", rate)
        EspeakDriver.setProperty("volume", 1.0)
        _wait_idle(_espeak)
        current = (EspeakDriver.getProperty("voice") or "", EspeakDriver.getProperty("rate"))
        if current == (voice.lower(), rate):
            return
    raise _Failed(f"espeak-ng kept voice {current[0]} at rate {current[1]}")


def _wait_idle(_espeak, timeout: float = 2.0) -> None:
    deadline = time.monotonic() + timeout
    while _espeak.IsPlaying():
        if time.monotonic() > deadline:
            _espeak.Cancel()
            raise _Failed("espeak-ng was still busy with an earlier sentence")
        time.sleep(POLL)


def _wait_for_wav(path: Path, timeout: float) -> bytes:
    """The file's bytes once it is a whole WAV file that has stopped changing."""
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        time.sleep(POLL)
        data = path.read_bytes() if path.exists() else b""
        if data and data == last and _whole(data):
            return data
        last = data
    raise _Failed("no complete audio file appeared in time")


def _whole(data: bytes) -> bool:
    """The header parses and every frame it promises is there."""
    try:
        with wave.open(io.BytesIO(data), "rb") as wav:
            expected = wav.getnframes() * wav.getsampwidth() * wav.getnchannels()
            return len(wav.readframes(wav.getnframes())) == expected
    except (wave.Error, EOFError):
        return False


def _check(data: bytes, text: str, rate: int) -> None:
    """Reject empty, silent, truncated or runaway audio (seen from pyttsx3 without an error)."""
    with wave.open(io.BytesIO(data), "rb") as wav:
        if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
            raise _Failed("the audio is not mono 16-bit")
        seconds = wav.getnframes() / wav.getframerate()
        samples = array.array("h", wav.readframes(wav.getnframes()))
    low, high = plausible_seconds(text, rate)
    if not low <= seconds <= high:
        raise _Failed(f"{seconds:.2f} s of audio is implausible for {len(text)} characters")
    if not samples or max(max(samples), -min(samples)) < MIN_PEAK:
        raise _Failed("the audio is silent")


def plausible_seconds(text: str, rate: int) -> tuple[float, float]:
    """Seconds a sentence may last at `rate` words a minute: six letters make about a word, a digit
    up to two ("1234" is "one thousand two hundred and thirty-four"), a symbol one ("&")."""
    letters = sum(c.isalpha() for c in text)
    digits = sum(c.isdigit() for c in text)
    symbols = sum(not (c.isalnum() or c.isspace()) for c in text)
    seconds_per_word = 60 / rate
    return 0.2 * letters / 6 * seconds_per_word, 6 * (letters / 6 + 2 * digits + symbols) * seconds_per_word + 2.0
