"""Whether the speech engine and the MP3 encoder for cached speech are here."""
from __future__ import annotations

import ctypes
import ctypes.util
import shutil
from functools import lru_cache


@lru_cache(maxsize=1)
def engine_available() -> bool:
    """True when pyttsx3 can drive espeak-ng: the package imports and the library loads."""
    try:
        import pyttsx3.drivers  # noqa: F401  (pyttsx3 is the engine's front end)
    except ImportError:
        return False
    library = ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1"
    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


@lru_cache(maxsize=1)
def encoder_available() -> bool:
    """True when the `lame` command is on the PATH (cached speech is stored as MP3)."""
    return shutil.which("lame") is not None
