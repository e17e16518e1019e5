"""The plain-words hint shown under a text box, as whole translated sentences."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from .i18n import words_list
from .labels import label
from .readability import Readability


def readability_message(result: Readability) -> str:
    if not result.words:
        return ""
    level = label(result.level)
    if result.rating == "ok":
        return _("Easy to read for this reader (%(level)s).", level=level)
    parts = []
    if result.far_above:
        parts.append(_("Much too hard for this reader (%(level)s). Use shorter sentences and everyday words.",
                       level=level))
    else:
        parts.append(_("A little hard for this reader (%(level)s).", level=level))
    if result.long_sentences:
        parts.append(ngettext("%(num)d sentence is long: the longest has %(words)d words.",
                              "%(num)d sentences are long: the longest has %(words)d words.",
                              len(result.long_sentences), words=result.longest_sentence))
    if result.long_words:
        parts.append(_("Long words: %(words)s.", words=words_list(result.long_words[:8])))
    return " ".join(parts)
