"""HTML loader: main content only (trafilatura), headings kept as Markdown."""

from __future__ import annotations

from pathlib import Path

import trafilatura
from lxml import html as lxml_html

from ingest.errors import Reason, UnreadableFileError
from ingest.extract.text import decode_bytes, lines_of
from ingest.models import RawDocument

_BOILERPLATE = "//script|//style|//nav|//header|//footer|//noscript|//form|//aside"


def _fallback_text(markup: str) -> str:
    """Visible text without boilerplate elements, for pages trafilatura finds too short."""
    tree = lxml_html.fromstring(markup)
    for node in tree.xpath(_BOILERPLATE):
        node.drop_tree()
    return "\n".join(t.strip() for t in tree.itertext() if t.strip())


def extract_html(path: Path) -> RawDocument:
    """Read an ``.html`` file into Markdown-like lines of its main content."""
    markup = decode_bytes(path.read_bytes(), path.name)
    try:
        text = trafilatura.extract(
            markup, output_format="markdown", include_formatting=True, include_tables=True, favor_recall=True
        )
        title = trafilatura.extract_metadata(markup).title if text else None
    except Exception as exc:  # lxml raises several types on malformed markup
        raise UnreadableFileError(path.name, Reason.CORRUPT, type(exc).__name__) from exc
    if not text:
        try:
            text = _fallback_text(markup)
        except Exception as exc:
            raise UnreadableFileError(path.name, Reason.CORRUPT, type(exc).__name__) from exc
    if not text.strip():
        raise UnreadableFileError(path.name, Reason.NO_TEXT, "no readable content")
    return RawDocument(path.name, "html", lines_of(text), embedded_title=title)
