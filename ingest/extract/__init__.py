"""File loaders, chosen by file type."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ingest.errors import Reason, UnreadableFileError
from ingest.extract.docx import extract_docx
from ingest.extract.html import extract_html
from ingest.extract.pdf import extract_pdf
from ingest.extract.text import extract_text
from ingest.models import RawDocument

EXTRACTORS: dict[str, Callable[[Path], RawDocument]] = {
    ".pdf": extract_pdf,
    ".html": extract_html,
    ".htm": extract_html,
    ".docx": extract_docx,
    ".txt": extract_text,
    ".md": extract_text,
    ".markdown": extract_text,
}

SUPPORTED_SUFFIXES = frozenset(EXTRACTORS)

_MAGIC = {b"%PDF": ".pdf", b"PK\x03\x04": ".docx"}


def _sniff(path: Path) -> str | None:
    with path.open("rb") as fh:
        head = fh.read(1024)
    for magic, suffix in _MAGIC.items():
        if head.lstrip().startswith(magic):
            return suffix
    return None


def extract(path: Path) -> RawDocument:
    """Read any supported file.

    Raises:
        UnreadableFileError: with a reason a user can act on.
    """
    if not path.is_file():
        raise UnreadableFileError(path.name, Reason.NOT_FOUND)
    suffix = path.suffix.lower()
    if suffix not in EXTRACTORS:
        raise UnreadableFileError(path.name, Reason.UNSUPPORTED, suffix or "no extension")
    if path.stat().st_size == 0:
        raise UnreadableFileError(path.name, Reason.EMPTY)
    sniffed = _sniff(path)
    if suffix in {".pdf", ".docx"} and sniffed != suffix:
        raise UnreadableFileError(path.name, Reason.CORRUPT, f"not really a {suffix} file")
    return EXTRACTORS[suffix](path)


__all__ = ["EXTRACTORS", "SUPPORTED_SUFFIXES", "extract"]
