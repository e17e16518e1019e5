"""Which espeak-ng voice speaks each family language, as measured on this platform."""
from __future__ import annotations

# Measured on Debian 12 (espeak-ng 1.51+dfsg-10+deb12u2, pyttsx3 2.99): for each language in
# i18n.FAMILY_LANGUAGES a native-script question ("How do you feel about school?") was spoken
# through synth.synthesize_wav at 160 words a minute; a language is listed only when the voice
# was accepted and read back, the WAV was non-silent with a plausible length (1.8-3.4 s), and
# `espeak-ng -x` showed the language's own phonemes (no switch to English). `bench/speech.py`
# measures this again. Somali (so) has no espeak-ng voice: SetVoiceByName fails, so it is left out
# and the browser's own speech is used. English is British (gmw/en is en-GB); Portuguese is
# European (roa/pt-BR also exists); Punjabi reads Gurmukhi script, not Shahmukhi.
VOICES: dict[str, str] = {
    "en": "gmw/en",
    "cy": "cel/cy",
    "pl": "zlw/pl",
    "ar": "sem/ar",
    "ur": "inc/ur",
    "bn": "inc/bn",
    "pa": "inc/pa",
    "ro": "roa/ro",
    "pt": "roa/pt",
    "lt": "bat/lt",
    "tr": "trk/tr",
    "fr": "roa/fr",
    "es": "roa/es",
}

# One short question per family language, used to measure (and re-measure) the table above.
SAMPLES: dict[str, str] = {
    "en": "How do you feel about school?",
    "cy": "Sut wyt ti'n teimlo am yr ysgol?",
    "pl": "Jak się czujesz w szkole?",
    "ar": "كيف تشعر في المدرسة؟",
    "ur": "آپ اسکول کے بارے میں کیسا محسوس کرتے ہیں؟",
    "bn": "স্কুল নিয়ে তোমার কেমন লাগে?",
    "pa": "ਤੁਸੀਂ ਸਕੂਲ ਬਾਰੇ ਕਿਵੇਂ ਮਹਿਸੂਸ ਕਰਦੇ ਹੋ?",
    "ro": "Cum te simți la școală?",
    "so": "Sidee ayaad dareentaa dugsiga?",
    "pt": "Como te sentes na escola?",
    "lt": "Kaip jautiesi mokykloje?",
    "tr": "Okulda kendini nasıl hissediyorsun?",
    "fr": "Comment te sens-tu à l'école ?",
    "es": "¿Cómo te sientes en el colegio?",
}


def voice_for(language: str | None) -> str | None:
    """The espeak-ng voice id for a language code such as "cy" or "pt-BR", or None if none works."""
    if not language:
        return None
    return VOICES.get(language.replace("_", "-").split("-")[0].lower())
