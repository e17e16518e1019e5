"""The words child mode's own screens show (ready, review, thanks, buttons), in the conversation's language, all spoken."""
from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

# One source for the page and for the speech made ahead: the page shows exactly the texts recorded.
SCREEN_WORDS = {
    "hello": _l("Hello! Let's talk together."),
    "ready": _l("I am ready"),
    "hear_again": _l("Hear it again"),
    "review": _l("This is what you told us. Is it right?"),
    "change": _l("Change"),
    "no_answer": _l("No answer"),
    "finished": _l("Yes, I have finished"),
    "thanks": _l("Thank you for telling us. We will keep what you said safe."),
    "give_back": _l("Please give the tablet back to the grown-up."),
    "pending": _l("Some answers are waiting for the internet. Keep this page open until they are saved."),
    "strong_colours": _l("Strong colours"),
    "bigger_words": _l("Bigger words"),
    "paused": _l("Press your switch to start again."),
    "armed": _l("Tap it again to choose it."),
    "adult": _l("Ask the grown-up to help. Your answers are kept on this tablet until they are saved."),
}


def screen_words(locale: str) -> dict[str, str]:
    """Each of the screens' own texts, as the respondent's language says it."""
    with force_locale(locale):
        return {name: str(text) for name, text in SCREEN_WORDS.items()}
