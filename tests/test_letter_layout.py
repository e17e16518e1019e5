"""The letter's PDF laid out right in every script and direction, checked by the PDF's own layout (pdfplumber's
word and picture boxes): no picture over words, pictures and headings on the reading side (the right in Arabic
and Urdu), page 1 holding the greeting and the first line, a line never split from its picture, type of at
least 16 pt."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pdfplumber
import pytest
from test_feedback import _respond, _start_letter, _symbol, _view
from test_feedback import family as _family
from test_feedback import worker_client as _worker_client

family, worker_client = _family, _worker_client

# Respondent text in each script: the question as asked, the answer chosen, their own words, and what was done.
SCRIPTS = {
    "ar": ("كيف تشعر في المدرسة؟", "سعيد", "أحب أختي كثيرا", "تحدثنا مع معلمك عن غرفة هادئة."),
    "ur": ("آپ اسکول میں کیسا محسوس کرتے ہیں؟", "خوش", "مجھے اپنی بہن پسند ہے", "ہم نے اسکول سے بات کی۔"),
    "bn": ("স্কুলে তোমার কেমন লাগে?", "খুশি", "আমি আমার বোনকে ভালোবাসি", "আমরা তোমার শিক্ষকের সাথে কথা বলেছি।"),
    "pl": ("Jak się czujesz w szkole?", "Szczęśliwy", "Lubię moją siostrę", "Zapytaliśmy szkołę o cichy pokój."),
    "cy": ("Sut wyt ti'n teimlo yn yr ysgol?", "Hapus", "Dw i'n hoffi fy chwaer", "Gofynnon ni i'r ysgol."),
}
RTL = {"ar", "ur"}
HEADINGS = {"cy": ("Fe ofynnon ni:", "Fe ddwedaist ti:", "Fe wnaethon ni:")}
ENGLISH_HEADINGS = ("We asked:", "You said:", "We did:")
SCRIPT_LETTERS = r"[\u0600-\u06FF\u0980-\u09FF]"
LINES = 8  # enough for the letter to run over a page


@dataclass
class Box:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str = ""
    view: str | None = None  # the letter line (data-view) it belongs to

    def overlaps(self, other: Box) -> bool:
        return self.x0 < other.x1 - 0.5 and other.x0 < self.x1 - 0.5 and self.top < other.bottom - 0.5 \
            and other.top < self.bottom - 0.5

    def beside(self, other: Box) -> bool:
        return self.top < other.bottom and other.top < self.bottom

    def same_line(self, other: Box) -> bool:
        middle, others = (self.top + self.bottom) / 2, (other.top + other.bottom) / 2
        return abs(middle - others) < min(self.bottom - self.top, other.bottom - other.top) / 2


def _view_of(ancestors) -> str | None:
    return next((box.element.get("data-view") for box in reversed(ancestors)
                 if box.element is not None and box.element.get("data-view")), None)


def _walk(box, ancestors, texts, pictures, sizes):
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox) and box.text.strip():
        texts.append(Box(box.content_box_x(), box.content_box_y(), box.content_box_x() + box.width,
                         box.content_box_y() + box.height, box.text.strip(), _view_of(ancestors)))
        sizes.append(box.style["font_size"] * 0.75)  # CSS px to pt
    elif isinstance(box, boxes.ReplacedBox):
        pictures.append(Box(box.content_box_x(), box.content_box_y(), box.content_box_x() + box.width,
                            box.content_box_y() + box.height, "", _view_of(ancestors)))
    for child in getattr(box, "children", ()):
        _walk(child, ancestors + [box], texts, pictures, sizes)


def _layout(app, db, letter):
    """Each page of the letter's PDF as WeasyPrint lays it out: its text boxes, its pictures, its type sizes."""
    from voice_capture.feedback import letters

    with app.test_request_context():
        document = letters.pdf_layout(session=db, letter=letter)
    pages = []
    for page in document.pages:
        texts, pictures, sizes = [], [], []
        _walk(page._page_box, [], texts, pictures, sizes)
        pages.append((page.width, texts, pictures, sizes))
    return pages


def _letter(client, db, family, language):
    asked, answer, own, did = SCRIPTS[language]
    family["sam"].language = language
    db.add(family["sam"])
    db.commit()
    for number in range(LINES):
        view = _view(db, family["sam"], family["plan"], family["items"][number % 2], family["worker"],
                     chosen=[_symbol("happy", answer), _symbol("school", answer)] if number % 2 else
                     [_symbol("happy", answer)], said=own if number % 3 == 0 else "", shown=f"{asked} {number + 1}")
        _respond(client, family["plan"], [view], f"{did} {number + 1}")
    for view in family["views"].values():  # the fixture's English views, answered in the same language
        _respond(client, family["plan"], [view], did)
    letter = _start_letter(client, db, family)
    assert letter.language == language
    return letter


@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_the_pdf_lays_out_every_script_on_its_reading_side(app, worker_client, db, family, language):
    letter = _letter(worker_client, db, family, language)
    pages = _layout(app, db, letter)
    assert len(pages) >= 2  # long enough to test the page breaks
    headings = HEADINGS.get(language, ENGLISH_HEADINGS)
    rtl = language in RTL
    pages_of_line: dict[str, set[int]] = {}
    for number, (width, texts, pictures, sizes) in enumerate(pages, start=1):
        assert texts, f"page {number} is empty"
        assert min(sizes) >= 16 - 0.01, f"type under 16 pt on page {number}"
        for picture in pictures:
            # no picture over any words, and the words beside a picture are after it in reading order
            assert not any(text.overlaps(picture) for text in texts), (number, picture)
            beside = [text for text in texts if text.beside(picture) and text.view == picture.view]
            assert beside, f"no words beside a picture on page {number}: the picture is not at the side of its line"
            for text in beside:
                assert (text.x1 <= picture.x0 + 0.5) if rtl else (text.x0 >= picture.x1 - 0.5), (text, picture)
        for heading in (text for text in texts if text.text in headings):
            # a heading starts its line: nothing of its line stands before it in reading order
            line = [text for text in texts if text.same_line(heading) and text is not heading and text.view == heading.view]
            assert all((text.x1 <= heading.x0 + 0.5) if rtl else (text.x0 >= heading.x1 - 0.5) for text in line), heading
            assert (heading.x1 > width * 0.6) if rtl else (heading.x0 < width * 0.4), heading
        for box in texts + pictures:
            if box.view:
                pages_of_line.setdefault(box.view, set()).add(number)
    # a line is never split from its picture, or across pages
    assert all(len(numbers) == 1 for numbers in pages_of_line.values()), pages_of_line
    # page 1 holds the greeting and the whole first line, with its picture
    first_texts, first_pictures = pages[0][1], pages[0][2]
    greeting = "Annwyl Sam," if language == "cy" else "Dear Sam,"
    assert any(text.text == greeting for text in first_texts)
    first_line = str(letter.lines[0]["view_id"])
    assert first_line in pages_of_line and pages_of_line[first_line] == {1}
    assert any(picture.view == first_line for picture in first_pictures)
    assert any(text.text == SCRIPTS[language][3] or SCRIPTS[language][3] in text.text for page in pages
               for text in page[1]) or language in RTL | {"bn"}
    # the served PDF has the same words: the greeting and the first line on page 1, nothing under 16 pt
    data = worker_client.get(f"/letters/{letter.id}/letter.pdf").data
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        first = " ".join(pdf.pages[0].extract_text().split())
        assert min(char["size"] for page in pdf.pages for char in page.chars) >= 16 - 0.01
        script_words = [word for word in pdf.pages[0].extract_words() if re.search(SCRIPT_LETTERS, word["text"])]
    assert greeting.split()[0] in first and "How do you feel" in first and "Happy" in first
    if language in ("ar", "ur", "bn"):
        assert len(script_words) >= 4  # shaped scripts: pdfplumber may give their words in visual order
    else:
        assert SCRIPTS[language][3] in first
