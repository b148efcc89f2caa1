"""Lines of a PDF page with their geometry and type size, read character by character with PDFium.

PDFium gives each character's origin, size (font size times the text matrix's scale), weight and
the line breaks of its own reading order. From those a page becomes :class:`TextLine` s, with
superscript footnote markers taken out of the words they were glued to ("child2and/or").
"""

from __future__ import annotations

import ctypes
import statistics
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest.normalise import normalise

_BOLD_WEIGHT = 600


@dataclass(frozen=True)
class TextLine:
    """One line of a page. Coordinates are PDF points from the bottom-left corner."""

    text: str
    x0: float
    x1: float
    baseline: float
    size: float
    bold: bool


@dataclass(frozen=True)
class ImageBox:
    left: float
    bottom: float
    right: float
    top: float

    @property
    def area(self) -> float:
        return max(0.0, self.right - self.left) * max(0.0, self.top - self.bottom)


@dataclass(frozen=True)
class PageLines:
    width: float
    height: float
    lines: tuple[TextLine, ...]
    images: tuple[ImageBox, ...]

    @property
    def image_fraction(self) -> float:
        """Share of the page covered by its largest picture."""
        page = self.width * self.height
        return max((box.area for box in self.images), default=0.0) / page if page else 0.0


@dataclass
class _Char:
    ch: str
    x: float
    y: float
    size: float
    bold: bool


def _chars(textpage: Any) -> list[_Char | None]:
    """Every character of the page; ``None`` marks a line break."""
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    x, y = ctypes.c_double(), ctypes.c_double()
    matrix = pdfium_c.FS_MATRIX()
    out: list[_Char | None] = []
    for i in range(count):
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if code in (10, 13):
            if out and out[-1] is not None:
                out.append(None)
            continue
        # PDFium marks a hyphen it took off a line end with U+0002 and runs the lines together.
        ch = "-" if code == 2 else chr(code) if code else ""
        pdfium_c.FPDFText_GetCharOrigin(raw, i, x, y)
        size = pdfium_c.FPDFText_GetFontSize(raw, i)
        if pdfium_c.FPDFText_GetMatrix(raw, i, matrix):
            size *= abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
        bold = pdfium_c.FPDFText_GetFontWeight(raw, i) >= _BOLD_WEIGHT
        out.append(_Char(ch, x.value, y.value, size, bold))
    return out


def _line(chars: list[_Char]) -> TextLine | None:
    visible = [c for c in chars if c.ch.strip()]
    if not visible:
        return None
    size = statistics.median(c.size for c in visible)
    baseline = statistics.median(c.y for c in visible)
    parts: list[str] = []
    for i, c in enumerate(chars):
        superscript = c.ch.isdigit() and c.size < 0.8 * size and c.y > baseline + 0.15 * size
        nxt = chars[i + 1] if i + 1 < len(chars) else None
        if superscript and any(p.strip() for p in parts):
            # A footnote marker inside the text: drop it, keeping a space between two words it glued together.
            prev = parts[-1][-1:]
            if prev.isalpha() and nxt is not None and nxt.ch.isalpha() and nxt.size >= 0.8 * size:
                parts.append(" ")
            continue
        parts.append(c.ch)
        if superscript and nxt is not None and not nxt.ch.isdigit() and nxt.ch.strip():
            parts.append(" ")  # "1Working day" at the start of a footnote → "1 Working day"
    text = normalise("".join(parts))
    if not text:
        return None
    body = [c for c in visible if c.size >= 0.8 * size]
    return TextLine(
        text=text,
        x0=min(c.x for c in visible),
        x1=max(c.x + c.size * 0.5 for c in visible),
        baseline=baseline,
        size=round(size, 1),
        bold=sum(c.bold for c in body) >= 0.8 * len(body) if body else False,
    )


def _images(page: Any) -> tuple[ImageBox, ...]:
    boxes = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        try:
            left, bottom, right, top = obj.get_bounds()
        except pdfium.PdfiumError:
            continue
        boxes.append(ImageBox(left, bottom, right, top))
    return tuple(boxes)


def _new_line(current: list[_Char], c: _Char) -> bool:
    """PDFium joins some lines without a break (after a hyphen it removed): a drop in baseline splits them."""
    if not c.ch.strip():
        return False
    last = next((p for p in reversed(current) if p.ch.strip()), None)
    return last is not None and last.y - c.y > 0.8 * max(last.size, c.size) and c.x < last.x


def read_page(page: Any) -> PageLines:
    """The lines of one ``pypdfium2.PdfPage`` in PDFium's reading order."""
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage)
    finally:
        textpage.close()
    lines: list[TextLine] = []
    current: list[_Char] = []
    for c in [*chars, None]:
        if c is not None and current and _new_line(current, c):
            line = _line(current)
            if line is not None:
                lines.append(line)
            current = []
        if c is None:
            line = _line(current)
            if line is not None:
                lines.append(line)
            current = []
        else:
            current.append(c)
    width, height = page.get_size()
    return PageLines(width, height, tuple(lines), _images(page))
