"""Text to speech with the real espeak-ng engine: audible, in the right voice and rate, cached, safe."""
from __future__ import annotations

import array
import io
import os
import shutil
import subprocess
import sys
import time
import wave
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from voice_capture.speech import cache
from voice_capture.speech.cache import cached_path, ensure_speech, pregenerate, speech_key
from voice_capture.speech.engine import encoder_available, engine_available
from voice_capture.speech.synth import SpeechError, synthesize_wav
from voice_capture.speech.voices import SAMPLES, VOICES, voice_for

pytestmark = pytest.mark.skipif(not (engine_available() and encoder_available()),
                                reason="needs espeak-ng (libespeak-ng1), pyttsx3 and lame")

AUDIBLE_RMS = 500  # 16-bit samples; espeak-ng speech measures in the thousands, silence is 0


def decode(wav_or_mp3: bytes | Path, tmp_path: Path) -> tuple[array.array, float]:
    """Samples and seconds; an MP3 is decoded by ffmpeg (or lame) into a WAV file first."""
    if isinstance(wav_or_mp3, Path):
        out = tmp_path / f"decoded-{wav_or_mp3.stem}.wav"
        command = (["ffmpeg", "-v", "error", "-y", "-i", str(wav_or_mp3), "-ac", "1", str(out)]
                   if shutil.which("ffmpeg") else ["lame", "--quiet", "--decode", str(wav_or_mp3), str(out)])
        subprocess.run(command, check=True, timeout=30)
        wav_or_mp3 = out.read_bytes()
    with wave.open(io.BytesIO(wav_or_mp3), "rb") as wav:
        assert wav.getsampwidth() == 2
        samples = array.array("h", wav.readframes(wav.getnframes()))
        return samples, wav.getnframes() / wav.getframerate()


def rms(samples: array.array) -> float:
    return (sum(s * s for s in samples) / len(samples)) ** 0.5 if samples else 0.0


def seconds(wav: bytes) -> float:
    with wave.open(io.BytesIO(wav), "rb") as w:
        return w.getnframes() / w.getframerate()


def assert_speech(path: Path | None, tmp_path: Path, longest: float = 15.0) -> None:
    assert path is not None and path.is_file()
    samples, length = decode(path, tmp_path)
    assert 0.5 < length < longest
    assert rms(samples) > AUDIBLE_RMS


@pytest.mark.parametrize("language, text", [
    ("en", "How do you feel about your new school?"),
    ("cy", "Sut wyt ti'n teimlo am dy ysgol newydd?"),
])
def test_a_prompt_becomes_audible_mp3_of_plausible_length(tmp_path, language, text):
    path = ensure_speech(tmp_path / "speech", text, language)
    assert_speech(path, tmp_path)
    assert path == cached_path(tmp_path / "speech", speech_key(text, VOICES[language], 160))
    assert path.stat().st_size < 20_000  # about 16 kbit/s, not WAV


@pytest.mark.parametrize("language", sorted(VOICES))
def test_every_listed_voice_really_speaks(tmp_path, language):
    samples, length = decode(synthesize_wav(SAMPLES[language], VOICES[language], 160), tmp_path)
    assert 0.5 < length < 10 and rms(samples) > AUDIBLE_RMS


def test_the_rate_is_set_on_every_call():
    text = "I like drawing and playing football with my friends."
    slow, fast, slow_again = (seconds(synthesize_wav(text, "gmw/en", r)) for r in (80, 300, 80))
    assert slow > 2.5 * fast
    assert slow_again == pytest.approx(slow, rel=0.03)


def test_the_voice_is_set_on_every_call():
    # Welsh reads this as three short words; English spells it out and takes far longer.
    text, cy, en = "Chwech deg chwech", "cel/cy", "gmw/en"
    script = ("import sys, io, wave; from voice_capture.speech.synth import synthesize_wav as s; "
              "w = wave.open(io.BytesIO(s(sys.argv[1], sys.argv[2], 160))); print(w.getnframes() / w.getframerate())")
    fresh = subprocess.run([sys.executable, "-c", script, text, cy], capture_output=True, text=True,
                           check=True, timeout=60, cwd=Path(__file__).resolve().parent.parent)
    fresh_cy = float(fresh.stdout.split()[-1])  # a new process, so a new engine that never spoke English
    english = seconds(synthesize_wav(text, en, 160))
    welsh_after_english = seconds(synthesize_wav(text, cy, 160))
    assert welsh_after_english == pytest.approx(fresh_cy, rel=0.03)
    assert english > 1.15 * welsh_after_english


def test_twenty_concurrent_requests_all_get_audio(tmp_path):
    texts = [f"Question {n}: what would make your week better?" for n in range(20)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        paths = list(pool.map(lambda text: ensure_speech(tmp_path / "speech", text, "en"), texts))
    assert len(set(paths)) == 20
    for path in paths:
        assert_speech(path, tmp_path)


def test_a_second_request_is_served_from_the_cache(tmp_path, monkeypatch):
    calls = []
    real = cache.synthesize_wav
    monkeypatch.setattr(cache, "synthesize_wav", lambda *args: calls.append(args) or real(*args))
    first = ensure_speech(tmp_path, "Who do you talk to when you are sad?", "en")
    made = first.stat().st_mtime_ns
    time.sleep(0.01)
    second = ensure_speech(tmp_path, "Who do you talk to when you are sad?", "en")
    assert second == first and second.stat().st_mtime_ns == made and len(calls) == 1


def test_concurrent_requests_for_one_text_make_it_once(tmp_path, monkeypatch):
    calls = []
    real = cache.synthesize_wav
    monkeypatch.setattr(cache, "synthesize_wav", lambda *args: calls.append(args) or real(*args))
    with ThreadPoolExecutor(max_workers=8) as pool:
        paths = set(pool.map(lambda _: ensure_speech(tmp_path, "Is there anything else?", "en"), range(8)))
    assert len(paths) == 1 and len(calls) == 1
    assert [p.suffix for p in tmp_path.iterdir()] == [".mp3"]  # no temp or lock file left behind
    assert_speech(paths.pop(), tmp_path)


def test_a_language_without_a_voice_falls_back_to_the_browser(tmp_path):
    assert voice_for("so") is None and voice_for("xx") is None
    assert ensure_speech(tmp_path, "Sidee ayaad dareentaa dugsiga?", "so") is None
    assert ensure_speech(tmp_path, "   ", "en") is None
    assert pregenerate(tmp_path, ["Haa", "Maya"], "so") == {"Haa": None, "Maya": None}
    assert list(tmp_path.iterdir()) == []


def test_markup_quotes_and_shell_characters_are_spoken_safely(tmp_path):
    text = '<b>Hello</b> "friend", it\'s <script>alert(\'x\')</script> & $(rm -rf ~); `ls` \x00 [[a]] 100%'
    assert_speech(ensure_speech(tmp_path, text, "en"), tmp_path, longest=30)
    with pytest.raises(SpeechError):
        synthesize_wav(" \n\t ", "gmw/en", 160)
    with pytest.raises(SpeechError, match="could not say"):
        synthesize_wav("Hello", "no/such-voice", 160)


def test_pregenerate_maps_each_text_to_its_key(tmp_path):
    texts = ["Yes", "No", "Not sure", "Yes"]
    keys = pregenerate(tmp_path, texts, "cy", rate=140)
    assert keys == {text: speech_key(text, "cel/cy", 140) for text in texts}
    assert all(cached_path(tmp_path, key).stat().st_size > 0 for key in keys.values())


def test_keys_keep_text_voice_and_rate_apart():
    keys = {speech_key("a b", "c", 160), speech_key("a", "b c", 160), speech_key("a b", "c", 161)}
    assert len(keys) == 3 and all(len(k) == 64 and set(k) <= set("0123456789abcdef") for k in keys)


def test_a_forked_worker_makes_its_own_engine():
    synthesize_wav("Before the fork.", "gmw/en", 160)  # the parent's engine exists now
    pid = os.fork()
    if pid == 0:  # the child must never return into pytest
        code = 1
        try:
            samples, _ = decode(synthesize_wav("After the fork.", "gmw/en", 160), Path("."))
            code = 0 if rms(samples) > AUDIBLE_RMS else 2
        finally:
            os._exit(code)
    deadline = time.monotonic() + 30
    while (done := os.waitpid(pid, os.WNOHANG)) == (0, 0) and time.monotonic() < deadline:
        time.sleep(0.05)
    if done == (0, 0):
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        pytest.fail("synthesis hung in a forked worker")
    assert os.waitstatus_to_exitcode(done[1]) == 0
