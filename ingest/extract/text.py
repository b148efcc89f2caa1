"""Plain text and Markdown loader with encoding detection."""

from __future__ import annotations

from pathlib import Path

from charset_normalizer import from_bytes

from ingest.errors import Reason, UnreadableFileError
from ingest.models import Line, RawDocument


def decode_bytes(data: bytes, source: str) -> str:
    """Decode bytes as UTF-8 when valid, else by detected encoding.

    Raises:
        UnreadableFileError: empty, or binary data that is not text.
    """
    if not data.strip():
        raise UnreadableFileError(source, Reason.EMPTY)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFileError(source, Reason.UNSUPPORTED, "binary data")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise UnreadableFileError(source, Reason.UNSUPPORTED, "not text in a known encoding")
    return str(best)


def lines_of(text: str) -> tuple[Line, ...]:
    return tuple(Line(line.rstrip(), None) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def extract_text(path: Path) -> RawDocument:
    """Read a ``.txt`` or ``.md`` file."""
    text = decode_bytes(path.read_bytes(), path.name)
    if not text.strip():
        raise UnreadableFileError(path.name, Reason.EMPTY)
    fmt = "markdown" if path.suffix.lower() in {".md", ".markdown"} else "text"
    return RawDocument(path.name, fmt, lines_of(text))
