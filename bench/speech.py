"""Benchmark: text to speech through our pyttsx3 wrapper beside a plain espeak-ng command, in one run.

Run with `.venv/bin/python bench/speech.py` (about ten seconds). Prints:
  - synthesis: milliseconds per sentence through synth.synthesize_wav and through
    `espeak-ng -v gmw/en -s 160 -w out.wav "text"` (a new process each time), and their ratio;
  - miss: ensure_speech on an empty cache (synthesis, MP3 encoding, atomic write);
  - hit: ensure_speech on a cached sentence, and reading the cached file's bytes;
  - size: bytes per sentence as MP3 (32 kbit/s mono) and as WAV;
  - voices: each family language's sample question spoken again, to check voices.VOICES.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from voice_capture.i18n import FAMILY_LANGUAGES  # noqa: E402
from voice_capture.speech.cache import encode_mp3, ensure_speech  # noqa: E402
from voice_capture.speech.synth import SpeechError, synthesize_wav  # noqa: E402
from voice_capture.speech.voices import SAMPLES, VOICES  # noqa: E402

SENTENCES = [
    "How do you feel about school at the moment?",
    "Is there anyone at home you can talk to when you are worried?",
    "What would you like to happen next?",
    "Do you feel safe where you live?",
    "Tell us about something that made you happy this week.",
    "Who helps you get ready in the morning?",
    "Would you like to see your brother more often?",
    "Is there anything you would like your social worker to know?",
]
ROUNDS = 3  # each sentence this many times per method
HITS = 500


def ms(seconds: list[float]) -> str:
    return f"{statistics.median(seconds) * 1000:7.1f} ms (mean {statistics.mean(seconds) * 1000:.1f})"


def timed(action) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def synthesis(folder: Path) -> None:
    synthesize_wav("Warming up.", "gmw/en", 160)  # the first call starts espeak-ng
    ours, plain = [], []
    for _ in range(ROUNDS):
        for text in SENTENCES:
            ours.append(timed(lambda: synthesize_wav(text, "gmw/en", 160)))
            command = ["espeak-ng", "-v", "gmw/en", "-s", "160", "-w", str(folder / "plain.wav"), text]
            plain.append(timed(lambda: subprocess.run(command, check=True)))
    print(f"synthesis  wrapper      {ms(ours)} per sentence")
    print(f"synthesis  espeak-ng    {ms(plain)} per sentence (new process each time)")
    print(f"synthesis  ratio        {statistics.median(ours) / statistics.median(plain):7.2f} x espeak-ng")


def cached(folder: Path) -> None:
    misses = [timed(lambda: ensure_speech(folder / "cache", text, "en")) for text in SENTENCES]
    print(f"miss       ensure_speech {ms(misses)} (synthesis + lame + atomic write)")
    path = ensure_speech(folder / "cache", SENTENCES[0], "en")
    hits = [timed(lambda: ensure_speech(folder / "cache", SENTENCES[0], "en")) for _ in range(HITS)]
    reads = [timed(path.read_bytes) for _ in range(HITS)]
    print(f"hit        ensure_speech {statistics.median(hits) * 1e6:7.1f} us")
    print(f"hit        read file     {statistics.median(reads) * 1e6:7.1f} us ({path.stat().st_size} bytes)")


def sizes() -> None:
    wavs = [synthesize_wav(text, "gmw/en", 160) for text in SENTENCES]
    mp3s = [encode_mp3(wav) for wav in wavs]
    wav_mean, mp3_mean = statistics.mean(map(len, wavs)), statistics.mean(map(len, mp3s))
    print(f"size       WAV           {wav_mean / 1024:7.1f} KB per sentence")
    print(f"size       MP3           {mp3_mean / 1024:7.1f} KB per sentence ({wav_mean / mp3_mean:.1f}x smaller)")


def voices() -> None:
    for language in FAMILY_LANGUAGES:
        voice = VOICES.get(language, language)  # an unlisted language is tried by its bare code
        try:
            wav = synthesize_wav(SAMPLES[language], voice, 160)
            phonemes = subprocess.run(["espeak-ng", "-q", "-x", "-v", voice, SAMPLES[language]],
                                      capture_output=True, text=True).stdout
            switched = "(en)" in phonemes  # espeak-ng fell back to English for letters it cannot read
            result = f"{len(wav) / 44100:5.2f} s" + (" but switched to English" if switched else "")
        except SpeechError as error:
            result = f"no audio: {error}"
        listed = "listed" if language in VOICES else "not listed"
        print(f"voices     {language:3} {voice:8} {listed:10} {result}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="vc-bench-speech-") as folder:
        synthesis(Path(folder))
        cached(Path(folder))
        sizes()
        voices()


if __name__ == "__main__":
    main()
