"""Whether the speech engine is here. Synthesis itself comes with child mode."""
from __future__ import annotations

import ctypes
import ctypes.util
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
