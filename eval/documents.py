"""The cited documents re-read from their stored originals, to check quotes and pages independently."""

from __future__ import annotations

from functools import lru_cache

from index import CaseIndex
from ingest import Document, load_document


class DocumentChecker:
    """Looks quotes up in the original file as re-extracted, not in the index's own copy."""

    def __init__(self, index: CaseIndex) -> None:
        self.index = index
        self._load = lru_cache(maxsize=64)(self._read)

    def _read(self, document_id: str) -> Document | None:
        info = self.index.find_document(document_id)
        path = self.index.file_path(info) if info else None
        if path is None:
            return None
        return load_document(path, self.index.document_meta(document_id))

    def text(self, document_id: str) -> str | None:
        doc = self._load(document_id)
        return doc.text if doc else None

    def page_of(self, document_id: str, quote: str) -> int | None:
        """Page where ``quote`` starts in the original, or ``None`` if it is not there verbatim."""
        doc = self._load(document_id)
        at = doc.text.find(quote) if doc else -1
        return doc.page_at(at) if doc is not None and at >= 0 else None
