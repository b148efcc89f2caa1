"""PDF loader (PDFium through pypdfium2): page text by layout, with the furniture taken out.

Why PDFium: on the eight real documents in ``../shared/real`` it reads 343 pages in about 2 s with
character geometry and type sizes (pypdf: 9 s for text alone; pdfplumber is slower still), and its
licence is Apache-2.0/BSD. Geometry is what separates running headers and footers, footnotes,
headings and table cells from the body.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from ingest.errors import Reason, UnreadableFileError
from ingest.extract.pdf_boxes import Box, fold_title, page_boxes, typography
from ingest.extract.pdf_furniture import find_furniture, page_labels
from ingest.extract.pdf_layout import PageLines, read_page
from ingest.models import EmbeddedInfo, Line, RawDocument
from ingest.normalise import normalise
from ingest.progress import report

# A page whose text layer holds fewer characters than this, under a picture covering this share of it,
# is a scan (or a diagram drawn as a picture) and is read with OCR where Tesseract is installed.
_SCANNED_TEXT_CHARS = 200
_SCANNED_IMAGE_SHARE = 0.3

OcrReader = Callable[[Path, int, PageLines], tuple[str, ...]]


def tesseract_lines(path: Path, index: int, page: PageLines) -> tuple[str, ...]:
    """OCR one page with Tesseract at 200 dpi (enough for print; 300 dpi costs twice the time)."""
    from ingest.extract.ocr import OcrError, ocr_page

    try:
        return ocr_page(path, index, dpi=200).lines
    except OcrError:
        return ()


def _ocr_when_installed() -> OcrReader | None:
    from ingest.extract.ocr import ocr_available

    return tesseract_lines if ocr_available() else None


@dataclass(frozen=True)
class PdfOptions:
    """How PDFs are read. ``ocr`` reads pages without a usable text layer (None: such pages are reported).

    By default Tesseract is used where it is installed.
    """

    ocr: OcrReader | None = field(default_factory=_ocr_when_installed)


def _open(path: Path) -> Any:
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UnreadableFileError(path.name, Reason.ENCRYPTED) from exc
        raise UnreadableFileError(path.name, Reason.CORRUPT, "not a readable PDF") from exc


def _date(value: str | None) -> str | None:
    m = re.match(r"^D:(\d{4})(\d{2})?(\d{2})?", value or "")
    if not m:
        return None
    return "-".join(p for p in m.groups() if p)


def _info(pdf: Any) -> EmbeddedInfo:
    try:
        meta = pdf.get_metadata_dict(skip_empty=True)
    except Exception:  # a damaged information dictionary is not fatal
        return EmbeddedInfo()

    def clean(key: str) -> str | None:
        value = normalise(str(meta.get(key) or ""))
        return value or None

    return EmbeddedInfo(
        title=clean("Title"),
        author=clean("Author"),
        subject=clean("Subject"),
        keywords=clean("Keywords"),
        created=_date(meta.get("CreationDate")),
    )


def _bookmarks(pdf: Any) -> dict[int, dict[str, int]]:
    """Outline titles by 0-based page index, with their depth (1 = top level)."""
    out: dict[int, dict[str, int]] = {}
    try:
        for item in pdf.get_toc(max_depth=6):
            dest = item.get_dest()
            index = dest.get_index() if dest is not None else None
            title = fold_title(normalise(item.get_title() or ""))
            if index is not None and title:
                out.setdefault(index, {}).setdefault(title, item.level + 1)
    except Exception:  # an outline with broken destinations is ignored, not fatal
        return {}
    return out


def _needs_ocr(page: PageLines) -> bool:
    chars = sum(len(line.text) for line in page.lines)
    return page.image_fraction >= _SCANNED_IMAGE_SHARE and chars < _SCANNED_TEXT_CHARS


def _emit(boxes: list[Box], page: int) -> list[Line]:
    lines: list[Line] = []
    for box in boxes:
        lines.append(Line("", page))
        if box.role == "heading":
            lines.append(Line(f"{'#' * min(box.level, 6)} {box.text}", page))
        else:
            lines.append(Line(box.text, page, "footnote" if box.role == "footnote" else "body"))
    return lines


def extract_pdf(path: Path, options: PdfOptions | None = None) -> RawDocument:
    """Read a PDF into page-numbered lines, one paragraph, row, heading or footnote each.

    Raises:
        UnreadableFileError: encrypted, corrupt or truncated, or without a text layer (and no OCR).
    """
    options = options or PdfOptions()
    pdf = _open(path)
    try:
        try:
            pages = []
            for number, page in enumerate(pdf, start=1):
                report(f"Reading {path.name}: page {number} of {len(pdf)}")
                pages.append(read_page(page))
        except pdfium.PdfiumError as exc:
            raise UnreadableFileError(path.name, Reason.CORRUPT, "a page cannot be read") from exc
        if not pages:
            raise UnreadableFileError(path.name, Reason.EMPTY, "no pages")
        furniture = find_furniture(pages)
        type_ = typography(pages)
        bookmarks = _bookmarks(pdf)
        info = _info(pdf)
        own_labels = [str(pdf.get_page_label(i) or "") for i in range(len(pages))]
    finally:
        pdf.close()
    lines: list[Line] = []
    ocr_pages: list[int] = []
    unread: list[int] = []
    for index, page in enumerate(pages):
        number = index + 1
        keep = [line for i, line in enumerate(page.lines) if i not in furniture.dropped[index]]
        lines.extend(_emit(page_boxes(page, keep, type_, bookmarks.get(index)), number))
        if _needs_ocr(page):
            if options.ocr is None:
                unread.append(number)
                continue
            read = options.ocr(path, index, page)
            if read:
                ocr_pages.append(number)
                lines.append(Line("", number))
                lines.extend(Line(normalise(text), number) for text in read)
    if sum(len(line.text) for line in lines) < 20:
        raise UnreadableFileError(path.name, Reason.NO_TEXT)
    own = tuple(label or None for label in own_labels)
    labels = own if any(own) else page_labels(furniture.printed)
    return RawDocument(
        path.name,
        "pdf",
        tuple(lines),
        embedded_title=info.title,
        page_count=len(pages),
        info=info,
        page_labels=labels,
        ocr_pages=tuple(ocr_pages),
        unread_pages=tuple(unread),
    )
