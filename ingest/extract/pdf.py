"""PDF loader (pypdf): text per page with running headers, footers and page numbers removed."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

from ingest.errors import Reason, UnreadableFileError
from ingest.models import Line, RawDocument

# Lines that are only a page number: "3", "Page 3", "3 of 29", "- 3 -", "Page 3 of 29".
_PAGE_NUMBER = re.compile(r"^\s*[-–—]?\s*(page\s+)?\d{1,4}(\s*(of|/)\s*\d{1,4})?\s*[-–—]?\s*$", re.I)
_EDGE_LINES = 3  # how many lines at the top and bottom of a page may be running furniture


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().lower())


def _running_furniture(pages: list[list[str]]) -> set[str]:
    """Normalised lines that repeat at the top or bottom of many pages."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        edge = lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]
        counts.update({_furniture_key(line) for line in edge if line.strip()})
    threshold = max(3, int(len(pages) * 0.5))
    return {key for key, n in counts.items() if n >= threshold}


def _strip_furniture(lines: list[str], furniture: set[str]) -> list[str]:
    out = list(lines)
    # Trim from the top, then from the bottom, only while lines look like furniture.
    for _ in range(_EDGE_LINES):
        if out and (_furniture_key(out[0]) in furniture or _PAGE_NUMBER.match(out[0])):
            out.pop(0)
    for _ in range(_EDGE_LINES):
        if out and (_furniture_key(out[-1]) in furniture or _PAGE_NUMBER.match(out[-1])):
            out.pop()
    return out


def _open(path: Path) -> PdfReader:
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise UnreadableFileError(path.name, Reason.ENCRYPTED)
            except (DependencyError, NotImplementedError) as exc:
                raise UnreadableFileError(path.name, Reason.ENCRYPTED, str(exc)) from exc
        return reader
    except UnreadableFileError:
        raise
    except FileNotDecryptedError as exc:
        raise UnreadableFileError(path.name, Reason.ENCRYPTED) from exc
    except (PyPdfError, PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableFileError(path.name, Reason.CORRUPT, type(exc).__name__) from exc


def extract_pdf(path: Path) -> RawDocument:
    """Read a PDF into page-numbered lines.

    Raises:
        UnreadableFileError: encrypted, corrupt or truncated, or without a text layer.
    """
    reader = _open(path)
    try:
        page_lines = [
            [ln.rstrip() for ln in (page.extract_text() or "").splitlines() if ln.strip()] for page in reader.pages
        ]
    except FileNotDecryptedError as exc:
        raise UnreadableFileError(path.name, Reason.ENCRYPTED) from exc
    except Exception as exc:  # pypdf raises many types on damaged streams
        raise UnreadableFileError(path.name, Reason.CORRUPT, type(exc).__name__) from exc
    if not page_lines:
        raise UnreadableFileError(path.name, Reason.EMPTY, "no pages")
    furniture = _running_furniture(page_lines)
    lines: list[Line] = []
    for number, raw in enumerate(page_lines, start=1):
        lines.extend(Line(text, number) for text in _strip_furniture(raw, furniture))
    if sum(len(line.text) for line in lines) < 20:
        raise UnreadableFileError(path.name, Reason.NO_TEXT)
    title = None
    try:
        meta = reader.metadata
        title = str(meta.title).strip() if meta and meta.title else None
    except Exception:  # metadata is optional; a damaged info dictionary is not fatal
        title = None
    return RawDocument(path.name, "pdf", tuple(lines), embedded_title=title, page_count=len(page_lines))
