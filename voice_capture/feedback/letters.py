"""A "You said … We did …" letter as the respondent reads it: its words in their language (the letter's
own headings through Babel where there is a catalogue), pictures, speech and print."""
from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date

from babel import Locale
from flask import render_template, url_for
from flask_babel import force_locale, format_date, get_locale
from flask_babel import gettext as _
from sqlmodel import Session

from ..branding import services as branding
from ..i18n import FAMILY_LANGUAGES, REGIONAL, UI_LOCALES, language_name, words_list
from ..models import ChildPhoto, FeedbackLetter, Plan, ReadingLevel, Respondent, User
from ..pdf import render_pdf, static_file_uri, symbol_file_uri
from ..speech import service as speech


@dataclass(frozen=True)
class LetterLanguage:
    code: str        # the language the letter is written in
    frame: str       # the locale its own headings are translated into (English when there is no catalogue)
    known: bool      # False: an unknown language code was asked for, and English is used instead
    direction: str   # "ltr" or "rtl"

    @property
    def frame_fallback(self) -> bool:
        return self.frame != self.code


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


@dataclass
class LetterLine:
    view_id: int
    said: str                  # what they chose, in the words shown to them
    said_text: str             # what they typed or said, in their own words
    did: str
    symbol: str | None
    photo: int | None
    picture_url: str = ""
    picture_file: str = ""     # for print and PDF: a file:// or data: address
    audio: dict = field(default_factory=dict)


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
            "you_said": _("You said"),
            "we_did": _("We did"),
            # Translators: the heading before what the child said, in their letter (with its punctuation).
            "you_said_heading": _("You said:"),
            # Translators: the heading before what was done, in the child's letter (with its punctuation).
            "we_did_heading": _("We did:"),
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


def build(*, session: Session, letter: FeedbackLetter, for_print: bool = False) -> Letter:
    respondent = session.get(Respondent, letter.respondent_id)
    author = session.get(User, letter.created_by_id)
    language = letter_language(letter.language)
    when = (letter.sent_at.date() if letter.sent_at else letter.created_at.date())
    signed_by = author.display_name if author else ""
    frame = _frame(respondent, signed_by, when, language, author)
    lines = []
    for raw in letter.lines:
        line = LetterLine(view_id=raw["view_id"], said=_said(raw), said_text=raw.get("said_text", ""),
                          did=raw.get("did", ""), symbol=raw.get("symbol"), photo=raw.get("photo"))
        if line.photo:
            if for_print:
                photo = session.get(ChildPhoto, line.photo)
                if photo is not None and photo.child_id == respondent.child_id:
                    line.picture_file = f"data:{photo.mime};base64,{base64.b64encode(photo.data).decode()}"
            else:
                line.picture_url = url_for("photos.photo", child_id=respondent.child_id, photo_id=line.photo)
        elif line.symbol:
            if for_print:
                line.picture_file = symbol_file_uri(line.symbol)
            else:
                line.picture_url = url_for("symbols.svg", key=line.symbol)
        lines.append(line)
    service = branding.branding(session=session)
    return Letter(letter=letter, respondent=respondent, language=language,
                  pictures_only=respondent.reading_level == ReadingLevel.PICTURES.value, frame=frame, lines=lines,
                  signed_by=signed_by, dated=frame["dated"], service=service,
                  logo_src=logo_src(service, for_print=for_print))


def logo_src(service: branding.Branding, *, for_print: bool) -> str:
    if not service.has_logo:
        return ""
    return service.logo_uri if for_print else url_for("branding.logo")


# --- speech -----------------------------------------------------------------------------------------

def spoken_parts(built: Letter) -> dict[str, list[tuple[str, str]]]:
    """Each line of the letter as (text, language) clips, in reading order; the frame may be in
    another language than the worker's lines when it has no translation yet."""
    frame, lang, code = built.frame, built.language.frame, built.language.code
    parts: dict[str, list[tuple[str, str]]] = {
        "greeting": [(frame["greeting"], lang)],
        "intro": [(frame["intro"], lang)],
    }
    for line in built.lines:
        said = [(text, code) for text in (line.said, line.said_text) if text]
        if built.pictures_only:
            parts[f"line-{line.view_id}"] = [(line.did, code)] if line.did else []
        else:
            parts[f"said-{line.view_id}"] = [(frame["you_said"], lang)] + said
            parts[f"did-{line.view_id}"] = [(frame["we_did"], lang)] + ([(line.did, code)] if line.did else [])
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
    return render_pdf(print_html(build(session=session, letter=letter, for_print=True), for_pdf=True))


def pdf_filename(plan: Plan, letter: FeedbackLetter) -> str:
    return f"letter-plan{plan.id}-person{letter.respondent_id}-v{letter.version}.pdf"
