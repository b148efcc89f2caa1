"""Plain data passed from the loaders to the index: documents, blocks and chunks."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

_CHAPTER = re.compile(r"^(chapter|part|appendix|annex|annexe|schedule)\s+([0-9]+|[A-Z]|[IVX]+)\b", re.I)

BlockKind = Literal["heading", "paragraph", "bullet", "footnote"]
LineRole = Literal["body", "footnote"]


def paragraph_at_offset(marks: Sequence[tuple[int, str]], offset: int) -> str | None:
    """The numbered paragraph in effect at ``offset`` of a span, from its ``(offset, number)`` marks."""
    found = None
    for at, number in marks:
        if at <= offset:
            found = number
    return found


def page_at_offset(first_page: int | None, page_breaks: Sequence[tuple[int, int]], offset: int) -> int | None:
    """The page of the character at ``offset`` in a span that starts on ``first_page``.

    ``page_breaks`` lists ``(offset, page)`` for each page that starts inside the span, in order.
    """
    page = first_page
    for at, p in page_breaks:
        if at <= offset:
            page = p
    return page


@dataclass(frozen=True)
class DocumentMeta:
    """Descriptive metadata of one document (from the manifest, else inferred)."""

    title: str | None = None
    publisher: str | None = None
    kind: str | None = None
    review_type: str | None = None
    nation: str | None = None
    year: int | None = None
    url: str | None = None
    themes: tuple[str, ...] = ()

    def merged_over(self, fallback: DocumentMeta) -> DocumentMeta:
        """Return this metadata with empty fields filled from ``fallback``."""
        values = {f.name: getattr(self, f.name) or getattr(fallback, f.name) for f in fields(self)}
        return DocumentMeta(**values)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: (list(v) if isinstance(v := getattr(self, f.name), tuple) else v) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentMeta:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if "themes" in values:
            values["themes"] = tuple(values["themes"] or ())
        return cls(**values)


@dataclass(frozen=True)
class Line:
    """One line of extracted text and the page it came from (``None`` for unpaged formats)."""

    text: str
    page: int | None
    # A footnote is kept apart from the body: it never joins a paragraph that runs on past it.
    role: LineRole = "body"


@dataclass(frozen=True)
class EmbeddedInfo:
    """What a file says about itself (PDF document information, HTML meta tags, Word core properties)."""

    title: str | None = None
    author: str | None = None
    subject: str | None = None
    keywords: str | None = None
    created: str | None = None  # ISO date (YYYY-MM-DD) or year, when the file carries one
    url: str | None = None


@dataclass(frozen=True)
class RawDocument:
    """What a loader read from a file, before structure and chunking."""

    source: str
    format: str
    lines: tuple[Line, ...]
    embedded_title: str | None = None
    page_count: int | None = None
    info: EmbeddedInfo = field(default_factory=EmbeddedInfo)
    # Printed page labels by PDF page index (page 1 first), where the file or its footers give them.
    page_labels: tuple[str | None, ...] = ()
    # PDF pages whose text came from OCR.
    ocr_pages: tuple[int, ...] = ()
    # PDF pages with no text layer that were not read (OCR not installed or turned off).
    unread_pages: tuple[int, ...] = ()


@dataclass(frozen=True)
class Block:
    """A heading, paragraph or bullet reconstructed from lines."""

    kind: BlockKind
    text: str
    page_start: int | None
    page_end: int | None
    level: int = 0
    # (offset within ``text``, page) where a new page begins inside this block.
    page_breaks: tuple[tuple[int, int], ...] = ()
    # The paragraph's own number in documents that number their paragraphs ("148").
    number: str | None = None


@dataclass(frozen=True)
class Document:
    """A normalised document: one text, a page map and a section map."""

    id: str
    source: str
    format: str
    content_hash: str
    meta: DocumentMeta
    text: str
    blocks: tuple[Block, ...]
    block_offsets: tuple[int, ...]
    page_count: int | None = None
    # Printed page labels by PDF page (page 1 first) where they differ from the PDF's numbering.
    page_labels: tuple[str | None, ...] = ()
    ocr_pages: tuple[int, ...] = ()
    unread_pages: tuple[int, ...] = ()

    def page_at(self, offset: int) -> int | None:
        """Page number of the character at ``offset`` in :attr:`text`."""
        if not self.blocks:
            return None
        i = max(0, bisect.bisect_right(self.block_offsets, offset) - 1)
        block = self.blocks[i]
        return page_at_offset(block.page_start, block.page_breaks, offset - self.block_offsets[i])

    def paragraph_at(self, offset: int) -> str | None:
        """Number of the numbered paragraph that ``offset`` falls in (its bullets included), if any.

        Looks back from the block at ``offset`` to the nearest numbered paragraph, stopping at a heading.
        """
        i = bisect.bisect_right(self.block_offsets, offset) - 1
        for block in reversed(self.blocks[max(0, i - 12) : i + 1]):
            if block.kind == "heading":
                return None
            if block.number is not None:
                return block.number
        return None

    def chapter_at(self, offset: int) -> str | None:
        """The chapter, part or appendix heading at or before ``offset`` ("Chapter 3: ..."), if there is one."""
        i = bisect.bisect_right(self.block_offsets, offset) - 1
        while i >= 0:
            block = self.blocks[i]
            if block.kind == "heading" and _CHAPTER.match(block.text):
                return block.text
            i -= 1
        return None

    def section_at(self, offset: int) -> str | None:
        """Nearest heading at or before ``offset``."""
        i = bisect.bisect_right(self.block_offsets, offset) - 1
        while i >= 0:
            if self.blocks[i].kind == "heading":
                return self.blocks[i].text
            i -= 1
        return None


@dataclass(frozen=True)
class Chunk:
    """A passage of a document with full provenance."""

    id: str
    document_id: str
    source: str
    ordinal: int
    text: str
    char_start: int
    char_end: int
    page_start: int | None
    page_end: int | None
    section: str | None
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    # (offset within ``text``, page) for each page that starts inside the chunk.
    page_breaks: tuple[tuple[int, int], ...] = ()
    # (offset within ``text``, number) for the numbered paragraph in effect at 0 and each one starting inside.
    paragraphs: tuple[tuple[int, str], ...] = ()
    # The chapter, part or appendix the chunk starts in, where the document has them.
    chapter: str | None = None
    # The chunk's pages whose text was read from a scanned image by OCR.
    ocr_pages: tuple[int, ...] = ()

    def page_at(self, offset: int) -> int | None:
        """Page of the character at ``offset`` within this chunk's text."""
        return page_at_offset(self.page_start, self.page_breaks, offset)

    def with_meta(self, meta: DocumentMeta) -> Chunk:
        return replace(self, meta=meta)
