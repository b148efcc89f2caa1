"""Structure-aware chunking: sections first, then sentences, into contiguous spans of the text."""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass

from ingest.models import Chunk, Document
from ingest.sentences import sentence_spans

DEFAULT_MAX_CHARS = 1100
DEFAULT_MIN_CHARS = 350
DEFAULT_OVERLAP = 200


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    heading: bool


def _units(doc: Document, max_chars: int) -> list[_Unit]:
    units: list[_Unit] = []
    for block, offset in zip(doc.blocks, doc.block_offsets, strict=True):
        end = offset + len(block.text)
        if block.kind == "heading":
            units.append(_Unit(offset, end, True))
            continue
        for s, e in sentence_spans(doc.text, offset, end):
            units.extend(_split_long(doc.text, s, e, max_chars))
    return units


def _split_long(text: str, start: int, end: int, max_chars: int) -> list[_Unit]:
    """Cut a sentence longer than ``max_chars`` at spaces (tables, run-on lines)."""
    out: list[_Unit] = []
    while end - start > max_chars:
        cut = text.rfind(" ", start + max_chars // 2, start + max_chars)
        cut = cut if cut > start else start + max_chars
        out.append(_Unit(start, cut, False))
        start = cut
        while start < end and text[start] == " ":
            start += 1
    if end > start:
        out.append(_Unit(start, end, False))
    return out


def _introduces_list(text: str, unit: _Unit) -> bool:
    return text[unit.start : unit.end].rstrip().endswith(":")


def chunk_id(document_id: str, content_hash: str, start: int, end: int) -> str:
    return hashlib.sha256(f"{document_id}:{content_hash}:{start}:{end}".encode()).hexdigest()[:24]


def chunk_document(
    doc: Document,
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    min_chars: int = DEFAULT_MIN_CHARS,
    overlap: int = DEFAULT_OVERLAP,
) -> list[Chunk]:
    """Split a document into passages of at most about ``max_chars`` characters.

    A heading starts a new passage once the current one holds ``min_chars``; a passage that
    would grow past ``max_chars`` is closed, and the next one starts with the previous sentence
    when that sentence is shorter than ``overlap`` (and is not a heading).
    """
    spans: list[tuple[int, int]] = []
    units = _units(doc, max_chars)
    current: list[_Unit] = []
    for unit in units:
        if current and unit.heading and current[-1].end - current[0].start >= min_chars:
            spans.append((current[0].start, current[-1].end))
            current = []
        if current and unit.end - current[0].start > max_chars:
            carried: list[_Unit] = []
            if len(current) > 1 and (current[-1].heading or _introduces_list(doc.text, current[-1])):
                carried = [current.pop()]  # keep a heading or a list's lead-in with what follows it
            spans.append((current[0].start, current[-1].end))
            last = current[-1]
            fits = not carried and not last.heading and last.end - last.start <= overlap and len(current) > 1
            current = carried or ([last] if fits else [])
        current.append(unit)
    if current:
        spans.append((current[0].start, current[-1].end))
    return [_make_chunk(doc, i, s, e) for i, (s, e) in enumerate(spans)]


def _make_chunk(doc: Document, ordinal: int, start: int, end: int) -> Chunk:
    page_start = doc.page_at(start)
    page_end = doc.page_at(end - 1)
    breaks: list[tuple[int, int]] = []
    if page_start is not None and page_end is not None and page_end != page_start:
        last = page_start
        for offset in range(start, end):
            page = doc.page_at(offset)
            if page is not None and page != last:
                breaks.append((offset - start, page))
                last = page
    section = doc.section_at(start)
    marks: list[tuple[int, str]] = []
    first = doc.paragraph_at(start)
    if first is not None:
        marks.append((0, first))
    i = bisect.bisect_right(doc.block_offsets, start)
    while i < len(doc.blocks) and doc.block_offsets[i] < end:
        number = doc.blocks[i].number
        if number is not None:
            marks.append((doc.block_offsets[i] - start, number))
        i += 1
    pages = range(page_start or 0, (page_end or page_start or 0) + 1)
    return Chunk(
        id=chunk_id(doc.id, doc.content_hash, start, end),
        document_id=doc.id,
        source=doc.source,
        ordinal=ordinal,
        text=doc.text[start:end],
        char_start=start,
        char_end=end,
        page_start=page_start,
        page_end=page_end,
        section=section,
        meta=doc.meta,
        page_breaks=tuple(breaks),
        paragraphs=tuple(marks),
        chapter=doc.chapter_at(start),
        ocr_pages=tuple(page for page in pages if page in doc.ocr_pages),
    )
