"""Adding files to a library: read, chunk, tell duplicates and versions apart, embed, commit.

``CaseIndex.add_files`` is this. Each file becomes visible on its own, in its own transaction,
under the cross-process write lock; vectors are written first and marked pending, so a crash
leaves nothing visible that ``recover_locked`` cannot clear.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from filelock import FileLock

from index.catalog import Catalog
from index.dedupe import (
    NEAR_DUPLICATE,
    SIGNATURE_FORMAT,
    VersionPolicy,
    are_versions,
    most_similar,
    newest,
    signature,
    similarity,
    versions_of,
)
from index.models import DocumentInfo, FileResult
from index.rerank import sentences as rerank_sentences
from ingest import Chunk, Document, DocumentMeta, UnreadableFileError, chunk_document, file_hash, load_document
from ingest.document import document_id
from ingest.progress import report

if TYPE_CHECKING:
    from index.store import CaseIndex, IndexConfig

logger = logging.getLogger(__name__)
# 2: PDFs read by layout with PDFium; 3: text, web and Word files cleaned as PDFs are (ligatures, soft
# hyphens, control characters). A new version makes the next ingest read every document again.
PIPELINE_VERSION = "3"


@dataclass(frozen=True)
class _Prepared:
    """A file read and chunked, waiting for its vectors."""

    path: Path
    document: Document
    chunks: list[Chunk]
    fingerprint: str
    previous: str | None
    signature: bytes
    # Position in the batch of an earlier file with the same content (decided once that one is in).
    twin: int | None = None


def _version_fields(meta: DocumentMeta) -> tuple[str | None, str | None, int | None]:
    return meta.title, meta.publisher, meta.year


def embedding_text(title: str | None, section: str | None, text: str) -> str:
    """What the embedding model sees for a passage: its document title and heading give context."""
    head = " — ".join(p for p in (title, section) if p)
    return f"{head}\n{text}" if head else text


def fingerprint_of(content_hash: str, meta: DocumentMeta | None, config: IndexConfig) -> str:
    """Changes when the file's content, its manifest entry, the pipeline or the chunk sizes change."""
    parts = [
        content_hash,
        PIPELINE_VERSION,
        str(config.max_chars),
        str(config.min_chars),
        str(config.overlap),
        json.dumps(meta.as_dict() if meta else None, sort_keys=True),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


class Writer:
    """The write path of one ``CaseIndex``: it reads the index's stores and settings, and writes
    through its catalog under its write lock."""

    def __init__(self, index: CaseIndex, catalog: Catalog, lock: FileLock) -> None:
        self._index = index
        self._catalog = catalog
        self._lock = lock

    def add_files(
        self, items: Sequence[tuple[Path, DocumentMeta | None]], versions: VersionPolicy = "replace"
    ) -> list[FileResult | Exception]:
        """Index several files, embedding all their passages in one call (the model is the slow part).

        Each file still becomes visible on its own, in its own transaction. A file with the same
        content as a document already in the library (or earlier in ``items``) is not indexed
        (``duplicate``). A newer version of an indexed document (same title, later year) replaces
        it when ``versions`` is ``replace``, and an older one is then not indexed (``older_version``);
        with ``keep`` both stay. Returns, per file, its result or the ``UnreadableFileError``/
        ``OSError`` that stopped it.
        """
        results: list[FileResult | Exception] = [FileResult("unchanged", path.name) for path, _ in items]
        self._ensure_signatures()
        library = self._catalog.signatures()
        documents = self._catalog.documents()
        prepared: list[tuple[int, _Prepared]] = []
        for i, (path, meta) in enumerate(items):
            report(f"Reading {path.name}")
            try:
                ready = self._prepare(path, meta, versions, library, documents, prepared)
            except (UnreadableFileError, OSError) as exc:
                results[i] = exc
                continue
            if isinstance(ready, FileResult):
                results[i] = ready
            elif ready is not None:
                prepared.append((i, ready))
        to_embed = [p for _, p in prepared if p.twin is None]
        texts = [embedding_text(p.document.meta.title, c.section, c.text) for p in to_embed for c in p.chunks]
        vectors = self._embed_reporting(texts) if texts else None
        if texts and self._index.config.search.rerank.top > 1:
            # Search re-scores its best candidates by their sentences: embed them now, not while someone waits.
            self._index.sentence_vectors.precompute(
                [(c.id, s) for p in to_embed for c in p.chunks for s in rerank_sentences(c.text)], self._index.embedder
            )
        cursor = 0
        leftovers: list[int] = []
        by_position = dict(prepared)
        for i, ready in prepared:
            if ready.twin is not None:
                twin = self._twin_result(ready, by_position[ready.twin], results[ready.twin])
                if twin is None:
                    leftovers.append(i)  # the earlier file was not added after all: decide this one afresh
                else:
                    results[i] = twin
                continue
            n = len(ready.chunks)
            assert vectors is not None
            results[i] = self._commit(ready, vectors[cursor : cursor + n], versions)
            cursor += n
        if leftovers:
            again = self.add_files([items[i] for i in leftovers], versions)
            for i, result in zip(leftovers, again, strict=True):
                results[i] = result
        return results

    def _embed_reporting(self, texts: list[str], step: int = 256) -> np.ndarray:
        """Passage vectors, ``step`` at a time, saying how far it has got (and when the model loads)."""
        if not getattr(self._index.embedder, "loaded", True):
            report("Loading the embedding model (once per run)")
            self._index.embedder.embed_batch(texts[:1])
        parts = []
        for start in range(0, len(texts), step):
            report(f"Embedding passages {start + 1}-{min(start + step, len(texts))} of {len(texts)}")
            parts.append(np.asarray(self._index.embedder.embed_batch(texts[start : start + step])))
        return np.concatenate(parts)

    def _ensure_signatures(self) -> None:
        """Give every indexed document a text signature (documents indexed before there were any,
        or whose signatures were made another way), from its stored passages."""
        if self._catalog.get_state("signature_format") != SIGNATURE_FORMAT:
            with self._lock:
                self._catalog.forget_signatures()
                self._catalog.set_state("signature_format", SIGNATURE_FORMAT)
        missing = self._catalog.without_signature()
        if not missing:
            return
        with self._lock:
            for document_id in missing:
                self._catalog.set_signature(document_id, signature(r.text for r in self._index.chunks_of(document_id)))
        logger.info("made text signatures for %d documents indexed before", len(missing))

    def _prepare(
        self,
        path: Path,
        meta: DocumentMeta | None,
        versions: VersionPolicy,
        library: Sequence[tuple[str, bytes]],
        documents: Sequence[DocumentInfo],
        batch: Sequence[tuple[int, _Prepared]],
    ) -> _Prepared | FileResult | None:
        """Read and chunk a file, unless it is unchanged (``None``) or not to be added (its result)."""
        content_hash = file_hash(path)
        fingerprint = fingerprint_of(content_hash, meta, self._index.config)
        own_id = document_id(path.name)
        previous = self._catalog.fingerprint(own_id)
        if previous == fingerprint:
            return None
        known = self._catalog.not_added(path.name, fingerprint)
        if known is not None and (known[0] == "duplicate" or versions == "replace"):
            status, same_file, other, year = known
            return self._result_not_added(path.name, status, other, same_file, year)
        same = self._catalog.find_by_content_hash(content_hash, exclude=own_id)
        if same is not None:
            return self._not_added(path.name, fingerprint, "duplicate", same, True, None)
        others = [(j, p) for j, p in batch if p.twin is None and p.document.id != own_id]
        twin = next((j for j, p in others if p.document.content_hash == content_hash), None)
        document = load_document(path, meta)
        config = self._index.config
        chunks = chunk_document(
            document, max_chars=config.max_chars, min_chars=config.min_chars, overlap=config.overlap
        )
        sig = signature(document.text)
        fields = _version_fields(document.meta)
        by_id = {d.id: d for d in documents}
        match = most_similar(sig, [(key, s) for key, s in library if key != own_id])
        if match is not None and match[1] >= NEAR_DUPLICATE and match[0] in by_id:
            other = by_id[match[0]]
            if not are_versions(fields, (other.title, other.publisher, other.year)):
                return self._not_added(path.name, fingerprint, "duplicate", other, False, document.meta.year)
        if twin is None:
            twin = next(
                (
                    j
                    for j, p in others
                    if similarity(sig, p.signature) >= NEAR_DUPLICATE
                    and not are_versions(fields, _version_fields(p.document.meta))
                ),
                None,
            )
        if twin is None and versions == "replace":
            latest = newest(versions_of(fields, sig, documents, dict(library).get, exclude=own_id)[1])
            if latest is not None:
                return self._not_added(path.name, fingerprint, "older_version", latest, False, document.meta.year)
        return _Prepared(path, document, chunks, fingerprint, previous, sig, twin)

    def _not_added(
        self, source: str, fingerprint: str, status: str, other: DocumentInfo, same_file: bool, year: int | None
    ) -> FileResult:
        """Remember why a file was not indexed (a re-run answers the same without reading it)."""
        with self._lock:
            other_fingerprint = self._catalog.fingerprint(other.id)
            if other_fingerprint is not None:
                self._catalog.record_not_added(source, fingerprint, status, same_file, other, other_fingerprint, year)
        return self._result_not_added(source, status, other, same_file, year)

    @staticmethod
    def _result_not_added(
        source: str, status: str, other: DocumentInfo, same_file: bool, year: int | None
    ) -> FileResult:
        if status == "duplicate":
            return FileResult("duplicate", source, year, same_as=other, same_file=same_file)
        return FileResult("older_version", source, year, newer=other)

    def _twin_result(self, ready: _Prepared, twin: _Prepared, decided: FileResult | Exception) -> FileResult | None:
        """A file with the same content as an earlier one in its batch, once that one is in (else ``None``)."""
        if not isinstance(decided, FileResult) or decided.status not in ("added", "updated"):
            return None
        other = self._catalog.find_document(twin.document.id)
        if other is None:
            return None
        same_file = ready.document.content_hash == twin.document.content_hash
        return self._not_added(
            ready.path.name, ready.fingerprint, "duplicate", other, same_file, ready.document.meta.year
        )

    def _commit(self, ready: _Prepared, vectors: np.ndarray, versions: VersionPolicy) -> FileResult:
        chunks, document = ready.chunks, ready.document
        meta = document.meta
        themes = self._index.tagger.tag([c.text for c in chunks], vectors)
        with self._lock:
            self.recover_locked()
            # Decided again under the lock: an earlier file of this batch may be a version of this one.
            older, newer = versions_of(
                _version_fields(meta),
                ready.signature,
                self._catalog.documents(),
                self._catalog.signature,
                document.id,
            )
            latest = newest(newer)
            if versions == "replace" and latest is not None:
                return self._not_added(document.source, ready.fingerprint, "older_version", latest, False, meta.year)
            replaced = older if versions == "replace" else []
            self._catalog.mark_pending(document.id, [c.id for c in chunks])
            self._index.vectors.add([c.id for c in chunks], vectors, [document.id] * len(chunks))
            stored = self._store_file(ready.path, document)
            stale = self._catalog.commit_document(
                document, chunks, ready.fingerprint, stored, themes, ready.signature, [d.id for d in replaced]
            )
            if stale:
                self._index.vectors.delete(stale)
                self._catalog.clear_pending(stale)
                self._index.sentence_vectors.forget(stale)
                self._catalog.bump_generation()  # other readers read the store again, without them
            for gone in replaced:
                if gone.file_name:
                    (self._index.files_dir / gone.file_name).unlink(missing_ok=True)
        if replaced:
            logger.info("%s replaced %d older versions", document.source, len(replaced))
        return FileResult(
            "updated" if ready.previous else "added",
            document.source,
            meta.year,
            replaced=tuple(replaced),
            kept_older=tuple(older) if versions == "keep" else (),
            newer=latest if versions == "keep" else None,
            ocr_pages=document.ocr_pages,
            unread_pages=document.unread_pages,
        )

    def _store_file(self, path: Path, document: Document) -> str:
        """Keep a copy of the original so citations can open it; written atomically."""
        self._index.files_dir.mkdir(parents=True, exist_ok=True)
        name = f"{document.id}{path.suffix.lower()}"
        tmp = self._index.files_dir / f".{name}.tmp"
        shutil.copyfile(path, tmp)
        os.replace(tmp, self._index.files_dir / name)
        return name

    def recover_locked(self) -> int:
        """Delete vectors of document versions that never became visible; the caller holds the write lock."""
        pending = self._catalog.pending_vectors()
        if pending:
            self._index.vectors.delete(pending)
            self._catalog.clear_pending(pending)
            logger.info("cleared %d vectors left by an unfinished ingest", len(pending))
        return len(pending)
