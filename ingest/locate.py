"""Where a quote is in a stored original: boxes on a PDF page, or a span of a document's text.

A quote is matched on its letters and digits alone (case folded, NFKC), so the line breaks, hyphens,
ligatures and running headers the index removed do not stop it being found in the original. A quote
that runs over a page break is found by its longest beginning (or end) on the page asked for.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pypdfium2 as pdfium

_MIN_MATCH = 24  # letters and digits: shorter pieces of a quote are not evidence of where it is


@dataclass(frozen=True)
class Box:
    """A highlighted rectangle, as fractions of the page's width and height from its top left corner."""

    left: float
    top: float
    width: float
    height: float


def _folded(text: str) -> tuple[str, list[int]]:
    """The letters and digits of ``text``, folded, with the offset in ``text`` each one came from."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for piece in unicodedata.normalize("NFKC", ch).casefold():
            if piece.isalnum():
                chars.append(piece)
                origin.append(i)
    return "".join(chars), origin


def _find(haystack: str, needle: str) -> tuple[int, int] | None:
    """(start, end) of ``needle`` in ``haystack`` (both folded), else of its longest beginning or end."""
    if not needle:
        return None
    at = haystack.find(needle)
    if at >= 0:
        return at, at + len(needle)
    size = len(needle)
    while size > _MIN_MATCH:
        size = max(_MIN_MATCH, size * 2 // 3)
        at = haystack.find(needle[:size])
        if at >= 0:
            return at, at + size
        at = haystack.find(needle[-size:])
        if at >= 0:
            return at, at + size
        if size == _MIN_MATCH:
            break
    return None


def text_span(text: str, quote: str) -> tuple[int, int] | None:
    """Offsets in ``text`` of the quote (or of the longest part of it that is there), else None."""
    hay, origin = _folded(text)
    needle, _ = _folded(quote)
    found = _find(hay, needle)
    if found is None:
        return None
    return origin[found[0]], origin[found[1] - 1] + 1


def pdf_page_view(path: Path, page: int, quote: str) -> tuple[int, int, list[Box]]:
    """(pages in the PDF, the page shown: ``page`` kept within them, the quote's boxes on it), opening the
    file once."""
    pdf = pdfium.PdfDocument(path)
    try:
        shown = min(max(1, page), len(pdf))
        return len(pdf), shown, _boxes(pdf, shown, quote) if quote else []
    finally:
        pdf.close()


def pdf_quote_boxes(path: Path, page: int, quote: str) -> list[Box]:
    """The rectangles of the quote's text on PDF page ``page`` (1-based); empty when it is not there."""
    pdf = pdfium.PdfDocument(path)
    try:
        return _boxes(pdf, page, quote) if 1 <= page <= len(pdf) else []
    finally:
        pdf.close()


def _boxes(pdf: pdfium.PdfDocument, page: int, quote: str) -> list[Box]:
    pdf_page = pdf[page - 1]
    width, height = pdf_page.get_size()
    textpage = pdf_page.get_textpage()
    span = text_span(textpage.get_text_range(), quote)
    if span is None:
        return []
    start, end = span
    boxes = []
    for i in range(textpage.count_rects(start, end - start)):
        left, bottom, right, top = textpage.get_rect(i)
        boxes.append(Box(left / width, (height - top) / height, (right - left) / width, (top - bottom) / height))
    return boxes


def render_pdf_page(path: Path, page: int, width_px: int = 1100) -> bytes:
    """PDF page ``page`` (1-based) as a PNG about ``width_px`` wide.

    Raises:
        IndexError: the document has no such page.
    """
    pdf = pdfium.PdfDocument(path)
    try:
        if not 1 <= page <= len(pdf):
            raise IndexError(page)
        pdf_page = pdf[page - 1]
        scale = width_px / pdf_page.get_size()[0]
        image = pdf_page.render(scale=scale).to_pil()
        out = BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()
    finally:
        pdf.close()
