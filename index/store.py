"""The case index: catalog, vectors and keyword index kept consistent on disk."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock

from index.batching import EmbeddingBatcher
from index.catalog import Catalog
from index.dedupe import (
    NEAR_DUPLICATE,
    SIGNATURE_FORMAT,
    VersionPolicy,
    are_versions,
    mark_versions,
    most_similar,
    newest,
    signature,
    similarity,
    versions_of,
)
from index.dense import DEFAULT_COLLECTION, ChromaStore, make_client
from index.embed import DEFAULT_MODEL, Embedder, SentenceTransformerEmbedder
from index.errors import DocumentNotFoundError, IndexMismatchError
from index.models import DocumentInfo, FileResult, Filters, Hit, IndexStats, StoredPassage
from index.rerank import sentences as rerank_sentences
from index.retriever import Retriever
from index.search import Mode, SearchConfig, to_hit
from index.sentence_vectors import SentenceVectors
from index.sparse import BM25Index
from index.themes import ThemeTagger
from ingest import Chunk, Document, DocumentMeta, UnreadableFileError, chunk_document, file_hash, load_document
from ingest.chunk import DEFAULT_MAX_CHARS, DEFAULT_MIN_CHARS, DEFAULT_OVERLAP
from ingest.document import document_id
from ingest.progress import report

logger = logging.getLogger(__name__)

INDEX_FORMAT = 1
PIPELINE_VERSION = "2"  # 2: PDFs read by layout with PDFium (every PDF is read again)


@dataclass(frozen=True)
class IndexConfig:
    """Where and how the index is kept."""

    data_dir: Path
    embedding_model: str = DEFAULT_MODEL
    chroma_url: str | None = None
    collection: str = DEFAULT_COLLECTION
    max_chars: int = DEFAULT_MAX_CHARS
    min_chars: int = DEFAULT_MIN_CHARS
    overlap: int = DEFAULT_OVERLAP
    search: SearchConfig = field(default_factory=SearchConfig)


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


class CaseIndex:
    """Documents in, cited passages out. Safe to use from several threads and processes."""

    def __init__(self, config: IndexConfig, embedder: Embedder | None = None) -> None:
        self.config = config
        self.data_dir = config.data_dir
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.files_dir = self.data_dir / "files"
        self._embedder = embedder
        self._check_manifest()
        self._catalog = Catalog(self.data_dir / "catalog.sqlite3")
        # Opened on first use: listing documents or reading the catalog does not load Chroma.
        self._vectors: ChromaStore | None = None
        self._vectors_generation = 0  # the catalog generation the vectors were read at
        self._vectors_guard = threading.Lock()
        self._write_lock = FileLock(str(self.data_dir / ".write.lock"))
        self._bm25: BM25Index | None = None
        self._bm25_guard = threading.Lock()
        self._tagger: ThemeTagger | None = None
        self._sentences: SentenceVectors | None = None
        self._batcher: EmbeddingBatcher | None = None
        self._retriever = Retriever(
            self._catalog,
            vectors=lambda: self.vectors,
            reopen_vectors=self.reopen_vectors,
            keyword_index=self.refresh_keyword_index,
            query_vector=self.query_vector,
            sentence_vectors=lambda: self.sentence_vectors,
        )

    # -- set-up ----------------------------------------------------------------------------------
    @property
    def vectors(self) -> ChromaStore:
        """The passage vectors, as current as the catalog.

        Another process (``caselearn ingest`` or ``remove`` beside a running service, or another
        worker) may have changed an embedded store since this one read it; its in-memory index
        would then fail on the new passages. So when the catalog's generation has moved on by
        another writer's hand, the store is read afresh first (a Chroma server is always current).
        """
        generation = self._catalog.generation()
        if self._vectors is not None and generation == self._vectors_generation:
            return self._vectors
        with self._vectors_guard:
            if self._vectors is None:
                self._vectors = self._open_vectors()
            elif self._catalog.changed_elsewhere(self._vectors_generation, generation) and self._vectors.embedded:
                self._vectors = self._vectors.reopened()
                logger.info("vectors read afresh: documents changed elsewhere")
            self._vectors_generation = generation
            return self._vectors

    def _open_vectors(self) -> ChromaStore:
        chroma_dir = None if self.config.chroma_url else self.data_dir / "chroma"
        client = make_client(self.data_dir / "chroma", self.config.chroma_url)
        return ChromaStore(client, self.config.collection, chroma_dir)

    def reopen_vectors(self) -> None:
        """Read an embedded vector store afresh now (after an error that a stale store explains)."""
        with self._vectors_guard:
            self._vectors = self._vectors.reopened() if self._vectors is not None else self._open_vectors()
            self._vectors_generation = self._catalog.generation()

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = SentenceTransformerEmbedder(self.config.embedding_model)
        return self._embedder

    @property
    def tagger(self) -> ThemeTagger:
        if self._tagger is None:
            self._tagger = ThemeTagger(self.embedder)
        return self._tagger

    @property
    def request_embedder(self) -> EmbeddingBatcher:
        """The embedder for work done while someone waits (questions, answer sentences): concurrent
        requests share model calls. Ingest uses :attr:`embedder` directly, so an upload never queues
        a question behind hundreds of passages."""
        if self._batcher is None:
            self._batcher = EmbeddingBatcher(self.embedder)
        return self._batcher

    @property
    def sentence_vectors(self) -> SentenceVectors:
        """The answerer's sentence vectors, kept beside the catalog (see ``index.sentence_vectors``)."""
        if self._sentences is None:
            self._sentences = SentenceVectors(
                self.data_dir / "sentence-vectors.sqlite3", self.request_embedder, self.model_name or DEFAULT_MODEL
            )
        return self._sentences

    def query_vector(self, query: str) -> np.ndarray:
        """The unit vector of a query (pass it to :meth:`search` when the caller needs it too)."""
        return self.request_embedder.embed_batch([query.strip()])[0]

    def query_vectors(self, queries: list[str]) -> np.ndarray:
        """Unit vectors of several queries in one call of the model (cheaper than one call each)."""
        return np.asarray(self.request_embedder.embed_batch([q.strip() for q in queries]))

    def retag(self) -> dict[str, tuple[int, int]]:
        """Re-tag every passage (after the taxonomy or thresholds change), from the stored vectors."""
        with self._write_lock:
            for document in self._catalog.documents():
                rows = self.chunks_of(document.id)
                if not rows:
                    continue
                ids = [r.id for r in rows]
                stored = self.vectors.embeddings(ids)
                missing = [r for r in rows if r.id not in stored]
                if missing:
                    fresh = self.embedder.embed_batch(
                        [embedding_text(document.title, r.section, r.text) for r in missing]
                    )
                    stored.update({r.id: v for r, v in zip(missing, fresh, strict=True)})
                matrix = np.stack([stored[i] for i in ids])
                tags = self.tagger.tag([r.text for r in rows], matrix)
                self._catalog.set_themes(dict(zip(ids, tags, strict=True)))
        return self._catalog.theme_counts()

    @property
    def model_name(self) -> str:
        return self.config.embedding_model

    def _check_manifest(self) -> None:
        path = self.data_dir / "index.json"
        wanted = {
            "format": INDEX_FORMAT,
            "embedding_model": self.config.embedding_model,
            "collection": self.config.collection,
        }
        if path.is_file():
            found = json.loads(path.read_text())
            if found.get("embedding_model") != wanted["embedding_model"]:
                raise IndexMismatchError(str(found.get("embedding_model")), self.config.embedding_model)
            if found.get("format") != INDEX_FORMAT:
                raise IndexMismatchError(f"format {found.get('format')}", f"format {INDEX_FORMAT}")
            return
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(wanted, indent=2))
        os.replace(tmp, path)

    def fingerprint(self, path: Path, meta: DocumentMeta | None) -> str:
        """Changes when the file, its manifest entry or the pipeline change."""
        return self._fingerprint(file_hash(path), meta)

    def _fingerprint(self, content_hash: str, meta: DocumentMeta | None) -> str:
        parts = [
            content_hash,
            PIPELINE_VERSION,
            str(self.config.max_chars),
            str(self.config.min_chars),
            str(self.config.overlap),
            json.dumps(meta.as_dict() if meta else None, sort_keys=True),
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()

    # -- writes ----------------------------------------------------------------------------------
    def write_lock(self) -> FileLock:
        """The lock every writer (CLI, service, import) takes; re-entrant within a process."""
        return self._write_lock

    def recover(self) -> int:
        """Delete vectors of document versions that never became visible (after a crash)."""
        with self._write_lock:
            return self._recover_locked()

    def _recover_locked(self) -> int:
        pending = self._catalog.pending_vectors()
        if pending:
            self.vectors.delete(pending)
            self._catalog.clear_pending(pending)
            logger.info("cleared %d vectors left by an unfinished ingest", len(pending))
        return len(pending)

    def is_current(self, path: Path, meta: DocumentMeta | None) -> bool:
        return self._catalog.fingerprint(document_id(path.name)) == self.fingerprint(path, meta)

    def add_file(self, path: Path, meta: DocumentMeta | None = None, versions: VersionPolicy = "replace") -> FileResult:
        """Index one file; its result says ``added``, ``updated``, ``unchanged``, ``duplicate`` or
        ``older_version`` (see :meth:`add_files`).

        Raises:
            UnreadableFileError: the file cannot be read.
        """
        result = self.add_files([(path, meta)], versions)[0]
        if isinstance(result, Exception):
            raise result
        return result

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
        if texts and self.config.search.rerank.top > 1:
            # Search re-scores its best candidates by their sentences: embed them now, not while someone waits.
            self.sentence_vectors.precompute(
                [(c.id, s) for p in to_embed for c in p.chunks for s in rerank_sentences(c.text)], self.embedder
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
        if not getattr(self.embedder, "loaded", True):
            report("Loading the embedding model (once per run)")
            self.embedder.embed_batch(texts[:1])
        parts = []
        for start in range(0, len(texts), step):
            report(f"Embedding passages {start + 1}-{min(start + step, len(texts))} of {len(texts)}")
            parts.append(np.asarray(self.embedder.embed_batch(texts[start : start + step])))
        return np.concatenate(parts)

    def _ensure_signatures(self) -> None:
        """Give every indexed document a text signature (documents indexed before there were any,
        or whose signatures were made another way), from its stored passages."""
        if self._catalog.get_state("signature_format") != SIGNATURE_FORMAT:
            with self._write_lock:
                self._catalog.forget_signatures()
                self._catalog.set_state("signature_format", SIGNATURE_FORMAT)
        missing = self._catalog.without_signature()
        if not missing:
            return
        with self._write_lock:
            for document_id in missing:
                self._catalog.set_signature(document_id, signature(r.text for r in self.chunks_of(document_id)))
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
        fingerprint = self._fingerprint(content_hash, meta)
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
        chunks = chunk_document(
            document, max_chars=self.config.max_chars, min_chars=self.config.min_chars, overlap=self.config.overlap
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
        with self._write_lock:
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
        themes = self.tagger.tag([c.text for c in chunks], vectors)
        with self._write_lock:
            self._recover_locked()
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
            self.vectors.add([c.id for c in chunks], vectors, [document.id] * len(chunks))
            stored = self._store_file(ready.path, document)
            stale = self._catalog.commit_document(
                document, chunks, ready.fingerprint, stored, themes, ready.signature, [d.id for d in replaced]
            )
            if stale:
                self.vectors.delete(stale)
                self._catalog.clear_pending(stale)
                self.sentence_vectors.forget(stale)
                self._catalog.bump_generation()  # other readers read the store again, without them
            for gone in replaced:
                if gone.file_name:
                    (self.files_dir / gone.file_name).unlink(missing_ok=True)
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
        self.files_dir.mkdir(parents=True, exist_ok=True)
        name = f"{document.id}{path.suffix.lower()}"
        tmp = self.files_dir / f".{name}.tmp"
        shutil.copyfile(path, tmp)
        os.replace(tmp, self.files_dir / name)
        return name

    def remove(self, key: str) -> DocumentInfo:
        """Remove a document by id or file name.

        Raises:
            DocumentNotFoundError: nothing indexed under that key.
        """
        with self._write_lock:
            info = self._catalog.find_document(key)
            if info is None:
                raise DocumentNotFoundError(key)
            ids = self._catalog.delete_document(info.id)
            self.vectors.delete(ids)
            self._catalog.clear_pending(ids)
            self.sentence_vectors.forget(ids)
            self._catalog.bump_generation()  # other readers read the store again, without them
            if info.file_name:
                (self.files_dir / info.file_name).unlink(missing_ok=True)
        self.refresh_keyword_index()
        return info

    def refresh_keyword_index(self) -> BM25Index:
        """Bring the keyword index up to the catalog's generation (load, else rebuild and save)."""
        generation = self._catalog.generation()
        with self._bm25_guard:
            if self._bm25 is not None and self._bm25.generation == generation:
                return self._bm25
            root = self.data_dir / "bm25"
            loaded = BM25Index.load(root) if BM25Index.saved_generation(root) == generation else None
            if loaded is None:
                with self._write_lock:
                    generation = self._catalog.generation()
                    ids, texts = self._catalog.all_chunk_texts()
                    loaded = BM25Index.build(ids, texts, generation)
                    loaded.save(root)
            self._bm25 = loaded
            return loaded

    # -- reads -----------------------------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        """Every indexed document; each names its newer version and older versions in the library."""
        return mark_versions(self._catalog.documents(), self._catalog.signature)

    def document(self, key: str) -> DocumentInfo:
        info = self._catalog.find_document(key)
        if info is None:
            raise DocumentNotFoundError(key)
        return next((d for d in self.documents() if d.id == info.id), info)

    def file_path(self, info: DocumentInfo) -> Path | None:
        if not info.file_name:
            return None
        path = self.files_dir / info.file_name
        return path if path.is_file() else None

    def chunks_of(self, document_id: str) -> list[StoredPassage]:
        ids = self._catalog.chunk_ids([document_id])
        rows = self._catalog.chunk_rows(ids)
        return [rows[i] for i in ids if i in rows]

    def stats(self) -> IndexStats:
        """How many documents and passages the library holds."""
        return self._catalog.stats()

    def is_empty(self) -> bool:
        return self.stats().documents == 0

    def theme_counts(self) -> dict[str, tuple[int, int]]:
        """Per theme id: (documents, passages) tagged with it."""
        return self._catalog.theme_counts()

    def document_themes(self, document_id: str) -> dict[str, int]:
        """Per theme id: how many of the document's passages carry it."""
        return self._catalog.document_themes(document_id)

    def passage_ids_with_themes(self, themes: Sequence[str]) -> list[str]:
        return self._catalog.chunk_ids_with_themes(themes)

    def document_ids(self, filters: Filters) -> list[str]:
        """The documents the document-level filters allow."""
        return self._catalog.document_ids(filters)

    def document_meta(self, document_id: str) -> DocumentMeta | None:
        return self._catalog.document_meta(document_id)

    def find_document(self, key: str) -> DocumentInfo | None:
        """The document with this id or file name, or None."""
        return self._catalog.find_document(key)

    def passage_ids_of(self, document_ids: Sequence[str]) -> list[str]:
        """The passage ids of these documents, in document order."""
        return self._catalog.chunk_ids(document_ids)

    def passage_rows(self, ids: Sequence[str]) -> dict[str, StoredPassage]:
        """Stored passages by id (text, provenance, metadata)."""
        return self._catalog.chunk_rows(ids)

    def info(self) -> dict[str, Any]:
        stats = self.stats()
        docs, chunks, avg = stats.documents, stats.passages, stats.average_passage_chars
        return {
            "documents": docs,
            "chunks": chunks,
            "embedding_model": self.embedder.name if self._embedder is not None else self._model_path(),
            "embedding_model_name": self.config.embedding_model,
            "avg_chunk_chars": round(avg, 1),
            "data_dir": str(self.data_dir.resolve()),
            "vector_store": self.config.chroma_url or "chroma (embedded)",
            "collection": self.config.collection,
            "generation": self._catalog.generation(),
        }

    def _model_path(self) -> str:
        from index.embed import resolve_model

        return resolve_model(self.config.embedding_model)

    def search(
        self,
        query: str,
        k: int = 10,
        filters: Filters | None = None,
        mode: Mode = "hybrid",
        vector: np.ndarray | None = None,
    ) -> list[Hit]:
        """Top ``k`` passages for ``query``, best first (``vector``: its embedding, if already made)."""
        return self._retriever.search(query, k, filters, mode, vector, self.config.search)

    def unindexed_words(self, words: list[str]) -> list[str]:
        """Words that no indexed passage contains, in any close form (see ``Retriever.unindexed_words``)."""
        return self._retriever.unindexed_words(words)

    def embed_search_sentences(self, batch: int = 256) -> int:
        """Embed the sentences search re-scores for every passage that lacks them (ingest does this for the
        passages it adds; this is for a sentence cache that was deleted or not imported). Returns how many."""
        ids = self.passage_ids()
        done = 0
        for start in range(0, len(ids), batch):
            rows = self._catalog.chunk_rows(ids[start : start + batch])
            items = [(cid, s) for cid, row in rows.items() for s in rerank_sentences(row.text)]
            done += self.sentence_vectors.precompute(items, self.embedder)
        return done

    def passages(self, chunk_ids: Sequence[str]) -> list[Hit]:
        """Visible passages by id, in the order given, as unscored hits (for preparing answers)."""
        rows = self._catalog.chunk_rows(list(chunk_ids))
        return [to_hit(rows[cid], 0.0, {}, set()) for cid in chunk_ids if cid in rows]

    def passage_ids(self) -> list[str]:
        """Every visible passage, in document order."""
        return self._catalog.chunk_ids([d.id for d in self._catalog.documents()])
