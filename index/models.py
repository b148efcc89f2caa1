"""Results and filters of the index."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ingest.models import page_at_offset, paragraph_at_offset

VersionPolicy = Literal["replace", "keep"]  # what indexing a newer version of a document does
VERSION_POLICIES: tuple[VersionPolicy, ...] = ("replace", "keep")


@dataclass(frozen=True)
class IndexStats:
    """How much the library holds."""

    documents: int
    passages: int
    average_passage_chars: float


@dataclass(frozen=True)
class StoredPassage:
    """One stored passage with its document's metadata, as the catalog holds it."""

    id: str
    document_id: str
    text: str
    char_start: int
    char_end: int
    page_start: int | None
    page_end: int | None
    section: str | None
    page_breaks: tuple[tuple[int, int], ...]
    source: str
    title: str | None
    url: str | None
    review_type: str | None
    publisher: str | None
    nation: str | None
    year: int | None
    kind: str | None
    format: str | None
    themes: tuple[str, ...]
    ordinal: int
    paragraphs: tuple[tuple[int, str], ...]  # (offset, paragraph label)
    ocr_pages: tuple[int, ...]
    page_labels: tuple[str | None, ...]
    chapter: str | None


@dataclass(frozen=True)
class Filters:
    """Metadata filters; empty fields do not filter."""

    review_types: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    nations: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()

    def document_level(self) -> bool:
        """True when any filter applies to whole documents (rather than to passages)."""
        return any(
            (self.review_types, self.year_from, self.year_to, self.nations, self.publishers, self.sources, self.kinds)
        )


@dataclass(frozen=True)
class Hit:
    """One retrieved passage with everything needed to cite it."""

    chunk_id: str
    document_id: str
    source: str
    title: str
    text: str
    score: float
    page: int | None
    page_start: int | None
    page_end: int | None
    section: str | None
    url: str | None
    char_start: int
    char_end: int
    review_type: str | None = None
    publisher: str | None = None
    nation: str | None = None
    year: int | None = None
    kind: str | None = None
    format: str | None = None
    ranks: dict[str, int] = field(default_factory=dict)
    # (offset within ``text``, page) for each page that starts inside the passage.
    page_breaks: tuple[tuple[int, int], ...] = ()
    themes: tuple[str, ...] = ()
    # (offset within ``text``, number) of the numbered paragraphs, as in ``ingest.Chunk``.
    paragraphs: tuple[tuple[int, str], ...] = ()
    ocr_pages: tuple[int, ...] = ()  # pages of the passage read from a scanned image by OCR
    chapter: str | None = None  # "Chapter 3: ...", where the document has chapters
    # The document's printed page labels by PDF page, where they differ from the PDF's numbering.
    page_labels: tuple[str | None, ...] = ()

    def page_at(self, offset: int) -> int | None:
        """Page of the character at ``offset`` within :attr:`text`."""
        return page_at_offset(self.page_start, self.page_breaks, offset)

    def paragraph_at(self, offset: int) -> str | None:
        """Number of the numbered paragraph at ``offset`` within :attr:`text`, if the document numbers them."""
        return paragraph_at_offset(self.paragraphs, offset)

    def page_label(self, page: int | None) -> str | None:
        """The printed page number of PDF page ``page`` when it differs from ``page``."""
        if page is None or not 1 <= page <= len(self.page_labels):
            return None
        label = self.page_labels[page - 1]
        return label if label and label != str(page) else None

    @property
    def pages(self) -> list[int]:
        if self.page_start is None:
            return []
        end = self.page_end if self.page_end is not None else self.page_start
        return list(range(self.page_start, end + 1))

    def as_dict(self) -> dict[str, Any]:
        return {
            "chunk_id": self.chunk_id,
            "document_id": self.document_id,
            "source": self.source,
            "title": self.title,
            "page": self.page,
            "pages": self.pages,
            "section": self.section,
            "text": self.text,
            "score": round(self.score, 6),
            "url": self.url,
            "review_type": self.review_type,
            "publisher": self.publisher,
            "nation": self.nation,
            "year": self.year,
            "kind": self.kind,
            "themes": list(self.themes),
            "page_label": self.page_label(self.page),
            "ocr": self.page in self.ocr_pages,
        }


@dataclass(frozen=True)
class DocumentInfo:
    """An indexed document as listed by ``caselearn docs``."""

    id: str
    source: str
    title: str | None
    format: str
    review_type: str | None
    publisher: str | None
    nation: str | None
    year: int | None
    kind: str | None
    url: str | None
    chunks: int
    pages: int | None
    ingested_at: str
    file_name: str | None
    # Versions (same title, another year) in the library: the newest newer one, and the older ones.
    newer_version: str | None = None
    older_versions: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


AddStatus = Literal["added", "updated", "unchanged", "duplicate", "older_version"]


@dataclass(frozen=True)
class FileResult:
    """What adding one file did, and which documents already in the library decided it."""

    status: AddStatus
    source: str
    year: int | None = None
    # duplicate: the document with the same content; same_file when the bytes are identical too.
    same_as: DocumentInfo | None = None
    same_file: bool = False
    # older versions this file replaced (replace), or sits beside (keep)
    replaced: tuple[DocumentInfo, ...] = ()
    kept_older: tuple[DocumentInfo, ...] = ()
    # a newer version already in the library: the file was not added (replace) or sits beside it (keep)
    newer: DocumentInfo | None = None
    # PDF pages read by OCR, and scanned pages left unread (no OCR installed)
    ocr_pages: tuple[int, ...] = ()
    unread_pages: tuple[int, ...] = ()
