"""HTML loader: main content only, headings kept as Markdown.

Pages that mark their content with ``<main>``, ``<article>`` or ``role="main"`` are converted
directly (every paragraph kept); other pages go through trafilatura's boilerplate removal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import trafilatura
from lxml import html as lxml_html

from ingest.errors import Reason, UnreadableFileError
from ingest.extract.text import decode_bytes, lines_of
from ingest.models import RawDocument

_BOILERPLATE = (
    "//script|//style|//nav|//header|//footer|//noscript|//form|//aside|//template|//iframe|//svg"
    "|//*[contains(concat(' ', normalize-space(@class), ' '), ' cookie')]"
    "|//*[contains(@id, 'cookie')]|//*[@role='navigation']|//*[@aria-hidden='true']"
)
_MAIN = "//main|//article|//*[@role='main']"
_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "dt", "dd", "pre", "figcaption"}


def _text(node: Any) -> str:
    return " ".join(" ".join(node.itertext()).split())


def _markdown(root: Any) -> str:
    """Headings, paragraphs, list items and table rows of ``root`` as Markdown-like lines."""
    lines: list[str] = []
    for node in root.iter():
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag not in _BLOCKS:
            continue
        if any(isinstance(a.tag, str) and a.tag in _BLOCKS for a in node.iterancestors()):
            continue  # nested blocks are part of their parent's text
        if tag == "tr":
            cells = [_text(c) for c in node if isinstance(c.tag, str) and c.tag in {"td", "th"}]
            text = " | ".join(c for c in cells if c)
        else:
            text = _text(node)
        if not text:
            continue
        if tag.startswith("h") and tag[1:].isdigit():
            text = "#" * int(tag[1]) + " " + text
        elif tag == "li":
            text = "- " + text
        lines.extend([text, ""])
    return "\n".join(lines)


def _structured_main(markup: str) -> str | None:
    tree = lxml_html.fromstring(markup)
    for node in tree.xpath(_BOILERPLATE):
        node.drop_tree()
    mains = tree.xpath(_MAIN)
    if not mains:
        return None
    outermost = [m for m in mains if not any(a in mains for a in m.iterancestors())]
    return "\n".join(_markdown(m) for m in outermost)


def _fallback_text(markup: str) -> str:
    tree = lxml_html.fromstring(markup)
    for node in tree.xpath(_BOILERPLATE):
        node.drop_tree()
    return _markdown(tree)


def extract_html(path: Path) -> RawDocument:
    """Read an ``.html`` file into Markdown-like lines of its main content."""
    markup = decode_bytes(path.read_bytes(), path.name)
    try:
        metadata = trafilatura.extract_metadata(markup)
        title = metadata.title if metadata is not None else None
        text = _structured_main(markup)
        if not text or not text.strip():
            text = trafilatura.extract(
                markup, output_format="markdown", include_formatting=True, include_tables=True, favor_recall=True
            )
        if not text or not text.strip():
            text = _fallback_text(markup)
    except UnreadableFileError:
        raise
    except Exception as exc:  # lxml raises several types on malformed markup
        raise UnreadableFileError(path.name, Reason.CORRUPT, type(exc).__name__) from exc
    if not text.strip():
        raise UnreadableFileError(path.name, Reason.NO_TEXT, "no readable content")
    return RawDocument(path.name, "html", lines_of(text), embedded_title=title)
