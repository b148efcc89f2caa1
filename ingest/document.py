"""Turn a file into a normalised :class:`Document`."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

from ingest.extract import extract
from ingest.infer import infer_meta
from ingest.models import Block, Document, DocumentMeta, RawDocument
from ingest.normalise import tidy
from ingest.structure import build_blocks

BLOCK_SEPARATOR = "\n\n"


def document_id(source: str) -> str:
    """Stable id of a document, from its file name: a document is identified by its name."""
    stem = re.sub(r"[^a-z0-9]+", "-", source.lower()).strip("-")[:60] or "document"
    digest = hashlib.sha1(source.encode()).hexdigest()[:6]
    return f"{stem}-{digest}"


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


_FOOTNOTE_NUMBER = re.compile(r"^(\d{1,3})\s+")


def _render(block: Block) -> str:
    if block.kind == "footnote":
        m = _FOOTNOTE_NUMBER.match(block.text)
        return f"Footnote {m.group(1)}: {block.text[m.end() :]}" if m else f"Footnote: {block.text}"
    return f"• {block.text}" if block.kind == "bullet" and not block.text[:1].isdigit() else block.text


def assemble(raw: RawDocument, content_hash: str, meta: DocumentMeta | None = None) -> Document:
    """Build blocks, the document text and metadata from a loader's output."""
    # PDF lines are normalised as they are read; every other format's here, one way for all of them.
    if raw.format != "pdf":
        title = (tidy(raw.embedded_title).strip() or None) if raw.embedded_title else raw.embedded_title
        raw = replace(raw, lines=tuple(replace(line, text=tidy(line.text)) for line in raw.lines), embedded_title=title)
    blocks = build_blocks(raw.lines, infer_headings=raw.format != "pdf")
    rendered: list[Block] = []
    offsets: list[int] = []
    parts: list[str] = []
    cursor = 0
    for block in blocks:
        text = _render(block)
        shift = len(text) - len(block.text)
        rendered.append(
            Block(
                block.kind,
                text,
                block.page_start,
                block.page_end,
                block.level,
                tuple((at + shift, page) for at, page in block.page_breaks),
                block.number,
            )
        )
        offsets.append(cursor)
        parts.append(text)
        cursor += len(text) + len(BLOCK_SEPARATOR)
    inferred = infer_meta(blocks, raw)
    merged = (meta or DocumentMeta()).merged_over(inferred)
    if merged.kind not in (None, "case_review") and not (meta and meta.review_type):
        # Guidance and reports name many review types; only a review has one of its own.
        merged = replace(merged, review_type=None)
    return Document(
        id=document_id(raw.source),
        source=raw.source,
        format=raw.format,
        content_hash=content_hash,
        meta=merged,
        text=BLOCK_SEPARATOR.join(parts),
        blocks=tuple(rendered),
        block_offsets=tuple(offsets),
        page_count=raw.page_count,
        page_labels=raw.page_labels,
        ocr_pages=raw.ocr_pages,
        unread_pages=raw.unread_pages,
    )


def load_document(path: Path, meta: DocumentMeta | None = None) -> Document:
    """Read and normalise one file.

    Raises:
        UnreadableFileError: the file cannot be read as a document.
    """
    return assemble(extract(path), file_hash(path), meta)
