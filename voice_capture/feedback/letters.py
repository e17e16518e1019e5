"""A "You said … We did …" letter as the respondent reads it: its words in their language (the letter's
own headings through Babel where there is a catalogue), pictures, speech and print."""
from __future__ import annotations

import base64
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from babel import Locale
from flask import render_template, url_for
from flask_babel import force_locale, format_date, get_locale
from flask_babel import gettext as _
from sqlmodel import Session, select

from ..branding import services as branding
from ..i18n import FAMILY_LANGUAGES, REGIONAL, UI_LOCALES, language_name, words_list
from ..models import ChildPhoto, FeedbackLetter, Plan, ReadingLevel, Respondent, User, View
from ..pdf import render_document, static_file_uri, symbol_file_uri
from ..speech import service as speech
from ..views.asked import asked_about
from .lifecycle import asked_fields
from .responses import OUTCOME_SYMBOLS


@dataclass(frozen=True)
class LetterLanguage:
    code: str        # the language the letter is written in
    frame: str       # the locale its own headings are translated into (English when there is no catalogue)
    known: bool      # False: an unknown language code was asked for, and English is used instead
    direction: str   # "ltr" or "rtl"

    @property
    def frame_fallback(self) -> bool:
        return self.frame != self.code


def text_direction(text: str, fallback: str = "ltr") -> str:
    """What dir="auto" decides, worked out here because WeasyPrint does not: the direction of the first
    strongly directional character (Arabic and Urdu right to left), or the fallback for text with none."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return fallback


def normalise(code: str | None) -> str:
    return (code or "en").replace("_", "-").split("-")[0].strip().lower()


def letter_language(code: str | None) -> LetterLanguage:
    wanted = normalise(code)
    known = wanted in FAMILY_LANGUAGES
    language = wanted if known else "en"
    frame = language if language in UI_LOCALES else "en"
    try:
        direction = "rtl" if Locale.parse(language).character_order == "right-to-left" else "ltr"
    except (ValueError, TypeError):
        direction = "ltr"
    return LetterLanguage(code=language, frame=frame, known=known, direction=direction)


def display_language(code: str) -> str:
    """The language's name in the worker's own language, with its own name beside it when that differs."""
    own = language_name(code)
    try:
        theirs = Locale.parse(code).get_display_name(str(get_locale() or "en")) or own
    except (ValueError, TypeError):
        return own
    return own if theirs == own else _("%(name)s (%(own)s)", name=theirs, own=own)


def language_notes(language: LetterLanguage, asked: str | None) -> list[str]:
    """What the worker needs to know about the letter's language, in the worker's own language."""
    notes = []
    if not language.known:
        notes.append(_("We do not know the language “%(code)s”, so this letter is in English.", code=asked or ""))
    elif language.frame_fallback:
        notes.append(_("The letter's own headings are not translated into %(language)s yet, so they are in English. "
                       "Write what was done in %(language)s.", language=display_language(language.code)))
    return notes


ASKED_SYMBOL = "talk"  # beside the question in a pictures-only letter


@dataclass
class LetterLine:
    """One view in the letter: what was asked, what was said, what was done, each with its pictures."""

    view_id: int
    asked: str                 # the question as shown to them (its simple version at their level)
    asked_lang: str            # the language it was asked in
    card: str                  # a sorting mat's card, or ""
    follow_up: bool
    said: str                  # what they chose, in the words shown to them
    said_lang: str
    said_text: str             # what they typed or said, in their own words
    quiet: str                 # "I don't know", "I don't want to say", "Stop" as a kind sentence, or ""
    card_sentence: str         # "You put … under …": a card's answer as one sentence, or ""
    did: str
    asked_pictures: list[str] = field(default_factory=list)
    pictures: list[str] = field(default_factory=list)       # every picture chosen, in order
    did_pictures: list[str] = field(default_factory=list)   # the picture of what was done
    inline_asked: bool = True  # a heading and its text share one line only when they share a language
    inline_said: bool = True
    inline_did: bool = True
    audio: dict = field(default_factory=dict)


    @property
    def declined(self) -> bool:
        return bool(self.quiet)


@dataclass
class Letter:
    """Everything the read-aloud page, the print layout and the PDF show."""

    letter: FeedbackLetter
    respondent: Respondent
    language: LetterLanguage
    pictures_only: bool
    frame: dict
    lines: list[LetterLine]
    signed_by: str
    dated: str
    service: branding.Branding = field(default_factory=branding.Branding)
    logo_src: str = ""  # the service's logo: its address on a page, a data: address in print and the PDF

    def text_direction(self, text: str) -> str:
        """The direction of a piece of the respondent's or the worker's words (the letter's own when it has none)."""
        return text_direction(text, self.language.direction)

    @property
    def all_declined(self) -> bool:
        """Every answer was "I don't want to say" (or "I don't know", "Stop"): a short, kind letter instead."""
        return bool(self.lines) and all(line.declined for line in self.lines)

    @property
    def shown_lines(self) -> list[LetterLine]:
        """The lines the letter lists: all of them, or, in a short kind letter, only those the worker wrote to."""
        return [line for line in self.lines if line.did] if self.all_declined else self.lines


def reach(author: User | None, name: str) -> str:
    """How the reader can reach the worker who wrote, in the letter's words ("" when the worker gave no way)."""
    phone, email = (author.contact_phone.strip(), author.contact_email.strip()) if author else ("", "")
    if phone and email:
        return _("You can call %(name)s on %(phone)s or email %(email)s.", name=name, phone=phone, email=email)
    if phone:
        return _("You can call %(name)s on %(phone)s.", name=name, phone=phone)
    if email:
        return _("You can email %(name)s at %(email)s.", name=name, email=email)
    return ""


def _frame(respondent: Respondent, signed_by: str, when: date, language: LetterLanguage,
           author: User | None = None) -> dict:
    with force_locale(REGIONAL.get(language.frame, language.frame)):
        return {
            "title": _("What we did with what you told us"),
            "greeting": _("Dear %(name)s,", name=respondent.preferred_name),
            "intro": _("Thank you for telling us what you think about your plan."),
            "we_asked": _("We asked"),
            "you_said": _("You said"),
            "we_did": _("We did"),
            # Translators: the heading before the question the child was asked, in their letter (with its punctuation).
            "we_asked_heading": _("We asked:"),
            # Translators: the heading before what the child said, in their letter (with its punctuation).
            "you_said_heading": _("You said:"),
            # Translators: the heading before what was done, in the child's letter (with its punctuation).
            "we_did_heading": _("We did:"),
            # Translators: in a child's letter, a card of a sorting mat and the heading they put it under.
            "card_sentence": _("You put %(card)s under %(heading)s."),
            "quiet": {
                "i_dont_know": _("You said you did not know. That is OK."),
                "dont_want_to_say": _("You did not want to say. That is OK."),
                "stop": _("You wanted to stop here. That is OK."),
            },
            "all_declined": _("You did not want to tell us about these things this time. That is OK. "
                              "You can tell us when you want to, or not at all."),
            "closing": _("We will keep listening to you."),
            "sign_off": _("From %(name)s, your social worker", name=signed_by),
            "reach": reach(author, signed_by),
            "dated": format_date(when, format="long"),
            "read_all": _("Read me the whole letter"),
            "read_line": _("Read this aloud"),
            "stop": _("Stop reading"),
        }


def _said(line: dict) -> str:
    return words_list([label for label in line.get("labels", []) if label])


class _Pictures:
    """Picture addresses: the app's own for the page, embedded files for print and PDF. Only this child's photos."""

    def __init__(self, session: Session, respondent: Respondent, for_print: bool):
        self.session, self.respondent, self.for_print = session, respondent, for_print

    def symbol(self, key: str | None) -> str:
        if not key:
            return ""
        return symbol_file_uri(key) if self.for_print else url_for("symbols.svg", key=key)

    def photo(self, photo_id: int) -> str:
        if not self.for_print:
            return url_for("photos.photo", child_id=self.respondent.child_id, photo_id=photo_id)
        photo = self.session.get(ChildPhoto, photo_id)
        if photo is None or photo.child_id != self.respondent.child_id:
            return ""
        return f"data:{photo.mime};base64,{base64.b64encode(photo.data).decode()}"

    def chosen(self, raw: dict) -> list[str]:
        pictures = raw.get("pictures")
        if pictures is None:  # a letter made before every picture was kept: its first one
            pictures = [{"symbol": raw.get("symbol"), "photo": raw.get("photo")}]
        found = [self.photo(picture["photo"]) if picture.get("photo") else self.symbol(picture.get("symbol"))
                 for picture in pictures]
        return [src for src in found if src]


def _with_asked(session: Session, raw_lines: list[dict]) -> list[dict]:
    """Lines of a letter made before lines kept what was asked: looked up from their views."""
    missing = [line["view_id"] for line in raw_lines if "asked" not in line]
    if not missing:
        return raw_lines
    views = list(session.exec(select(View).where(View.id.in_(missing))).all())
    asked = asked_about(session=session, views=views)
    return [{**line, **asked_fields(asked[line["view_id"]])} if "asked" not in line and line["view_id"] in asked
            else line for line in raw_lines]


def _line(raw: dict, frame: dict, language: LetterLanguage, pictures: _Pictures, pictures_only: bool) -> LetterLine:
    asked_lang = normalise(raw.get("asked_lang") or language.code)
    card = (raw.get("card") or {}).get("label", "")
    keys = raw.get("keys") or []
    quiet = (frame["quiet"].get(keys[0], "") if len(keys) == 1 and not raw.get("said_text") else "")
    framed = not language.frame_fallback
    with force_locale(REGIONAL.get(asked_lang if asked_lang in UI_LOCALES else language.frame, language.frame)):
        said = _said(raw)  # "maths and noise": joined in the words' own language where there is a catalogue
    card_sentence = (frame["card_sentence"] % {"card": f"“{card}”", "heading": f"“{said}”"}
                     if card and said and not quiet and framed and asked_lang == language.frame else "")
    outcome = raw.get("outcome", "")
    return LetterLine(
        view_id=raw["view_id"], asked=raw.get("asked", ""), asked_lang=asked_lang, card=card,
        follow_up=bool(raw.get("follow_up")), said=said, said_lang=asked_lang, said_text=raw.get("said_text", ""),
        quiet=quiet, card_sentence=card_sentence, did=raw.get("did", ""),
        # A card's own picture; in a pictures-only letter a speech bubble marks the question.
        asked_pictures=[src for src in [pictures.symbol((raw.get("card") or {}).get("symbol")
                                                        or (ASKED_SYMBOL if pictures_only else None))] if src],
        pictures=pictures.chosen(raw),
        did_pictures=[src for src in [pictures.symbol(OUTCOME_SYMBOLS.get(outcome))] if src and raw.get("did")],
        inline_asked=framed and asked_lang == language.frame, inline_said=framed and asked_lang == language.frame,
        inline_did=framed)


def build(*, session: Session, letter: FeedbackLetter, for_print: bool = False) -> Letter:
    respondent = session.get(Respondent, letter.respondent_id)
    author = session.get(User, letter.created_by_id)
    language = letter_language(letter.language)
    when = (letter.sent_at.date() if letter.sent_at else letter.created_at.date())
    signed_by = author.display_name if author else ""
    frame = _frame(respondent, signed_by, when, language, author)
    pictures = _Pictures(session, respondent, for_print)
    pictures_only = respondent.reading_level == ReadingLevel.PICTURES.value
    lines = [_line(raw, frame, language, pictures, pictures_only) for raw in _with_asked(session, letter.lines)]
    service = branding.branding(session=session)
    return Letter(letter=letter, respondent=respondent, language=language, pictures_only=pictures_only, frame=frame,
                  lines=lines, signed_by=signed_by, dated=frame["dated"], service=service,
                  logo_src=logo_src(service, for_print=for_print))


def logo_src(service: branding.Branding, *, for_print: bool) -> str:
    if not service.has_logo:
        return ""
    return service.logo_uri if for_print else url_for("branding.logo")


# --- speech -----------------------------------------------------------------------------------------

def _said_clips(built: Letter, line: LetterLine) -> list[tuple[str, str]]:
    """What they said, as the letter says it: a kind sentence, a card's sentence, or their words after the heading."""
    frame, lang = built.frame, built.language.frame
    if line.quiet:
        return [(line.quiet, lang)]
    if line.card_sentence:
        return [(line.card_sentence, lang)] + ([(line.said_text, built.language.code)] if line.said_text else [])
    words = [(text, language) for text, language in ((line.said, line.said_lang), (line.said_text, built.language.code))
             if text]
    return words if built.pictures_only else [(frame["you_said"], lang)] + words


def spoken_parts(built: Letter) -> dict[str, list[tuple[str, str]]]:
    """Each line of the letter as (text, language) clips, in reading order; the frame may be in
    another language than the worker's lines when it has no translation yet."""
    frame, lang, code = built.frame, built.language.frame, built.language.code
    parts: dict[str, list[tuple[str, str]]] = {
        "greeting": [(frame["greeting"], lang)],
        "intro": [(frame["intro"], lang)],
    }
    if built.all_declined:
        parts["all_declined"] = [(frame["all_declined"], lang)]
    heading = (lambda key: []) if built.pictures_only else (lambda key: [(frame[key], lang)])
    for line in built.shown_lines:
        asked = [(text, line.asked_lang) for text in (line.asked, line.card) if text]
        parts[f"asked-{line.view_id}"] = heading("we_asked") + asked if asked else []
        parts[f"said-{line.view_id}"] = _said_clips(built, line)
        parts[f"did-{line.view_id}"] = heading("we_did") + [(line.did, code)] if line.did else []
    parts["closing"] = [(frame["closing"], lang)]
    parts["sign_off"] = [(frame["sign_off"], lang)]
    if frame["reach"]:
        parts["reach"] = [(frame["reach"], lang)]
    return parts


def texts_to_speak(built: Letter) -> list[tuple[str, str]]:
    seen: dict[tuple[str, str], None] = {}
    for clips in spoken_parts(built).values():
        for clip in clips:
            if clip[0].strip():
                seen.setdefault(clip, None)
    return list(seen)


def audio_plan(built: Letter) -> dict[str, list[dict]]:
    """For each line: the clips to play, each with its audio address (or none: the browser speaks it)."""
    plan = {}
    for name, clips in spoken_parts(built).items():
        plan[name] = []
        for text, language in clips:
            url = speech.audio_url(text, language, lambda key: url_for("feedback.letter_audio",
                                                                          letter_id=built.letter.id, key=key))
            plan[name].append({"text": text, "lang": language, "src": url})
    return plan


# --- print and PDF -------------------------------------------------------------------------------

def print_html(built: Letter, *, for_pdf: bool) -> str:
    """The print layout: a whole page of its own, with its stylesheet linked as a static file."""
    stylesheet = (static_file_uri("css/letter-print.css") if for_pdf
                  else url_for("static", filename="css/letter-print.css"))
    return render_template("feedback/letter_print.html", built=built, stylesheet=stylesheet, for_pdf=for_pdf)


def pdf_bytes(*, session: Session, letter: FeedbackLetter) -> bytes:
    return pdf_layout(session=session, letter=letter).write_pdf()


def pdf_layout(*, session: Session, letter: FeedbackLetter):
    """The letter's PDF as laid out, before it is written: its pages and boxes."""
    return render_document(print_html(build(session=session, letter=letter, for_print=True), for_pdf=True))


def pdf_filename(plan: Plan, letter: FeedbackLetter) -> str:
    return f"letter-plan{plan.id}-person{letter.respondent_id}-v{letter.version}.pdf"
