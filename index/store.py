"""The case index: catalog, vectors and keyword index kept consistent on disk."""

from __future__ import annotations

import json
import logging
import os
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
    VersionPolicy,
    mark_versions,
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
from index.writer import Writer, embedding_text, fingerprint_of
from ingest import DocumentMeta, file_hash
from ingest.chunk import DEFAULT_MAX_CHARS, DEFAULT_MIN_CHARS, DEFAULT_OVERLAP
from ingest.document import document_id

logger = logging.getLogger(__name__)

INDEX_FORMAT = 1


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
        self._writer = Writer(self, self._catalog, self._write_lock)
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
        return fingerprint_of(file_hash(path), meta, self.config)

    # -- writes ----------------------------------------------------------------------------------
    def write_lock(self) -> FileLock:
        """The lock every writer (CLI, service, import) takes; re-entrant within a process."""
        return self._write_lock

    def recover(self) -> int:
        """Delete vectors of document versions that never became visible (after a crash)."""
        with self._write_lock:
            return self._writer.recover_locked()

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
        """Index several files, embedding all their passages in one call (see ``Writer.add_files``)."""
        return self._writer.add_files(items, versions)

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
