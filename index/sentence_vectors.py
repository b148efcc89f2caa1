"""Vectors of the sentences the answerer weighs, computed once per passage sentence and kept.

Answering a question embeds every candidate sentence of the top passages (about thirty short
texts): nine tenths of an ``/ask`` on CPU. The vectors depend only on the sentence and the model,
so they are kept in a small SQLite file beside the catalog (shared by every worker process) with
an in-memory LRU in front. A sentence is embedded the first time an answer needs it, or ahead of
time by :meth:`SentenceVectors.precompute` (``caselearn prepare``). Only document text is kept, never
a question. Entries of removed or replaced passages are deleted with them.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from cachetools import LRUCache

from index.embed import Embedder
from index.sqlite import ThreadConnections

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sentence_vectors (
    key BLOB PRIMARY KEY,
    chunk_id TEXT NOT NULL,
    vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS sentence_vectors_by_chunk ON sentence_vectors(chunk_id);
"""

# Sentences are short and vary in length: small batches waste less on padding than one batch of 32.
_BATCH = 8


class SentenceVectors:
    """Unit vectors of ``(chunk_id, sentence)`` pairs: memory, then SQLite, then the model."""

    def __init__(self, path: Path, embedder: Embedder, model_key: str, memory_items: int = 50_000) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._embedder = embedder
        self._model_key = model_key.encode()
        self._memory: LRUCache[bytes, np.ndarray] = LRUCache(maxsize=memory_items)
        self._guard = threading.Lock()
        self._connections = ThreadConnections(path)
        self._conn.executescript(_SCHEMA)
        self.embedded = 0  # sentences this process had to embed (for benchmarks and tests)

    @property
    def _conn(self) -> sqlite3.Connection:
        return self._connections.get()

    def _key(self, chunk_id: str, text: str) -> bytes:
        return hashlib.blake2b(b"\0".join((self._model_key, chunk_id.encode(), text.encode())), digest_size=16).digest()

    def vectors(self, items: Sequence[tuple[str, str]]) -> np.ndarray:
        """One unit vector per ``(chunk_id, sentence text)``, in order; embeds only what is new."""
        keys = [self._key(chunk_id, text) for chunk_id, text in items]
        found: dict[bytes, np.ndarray] = {}
        with self._guard:
            for key in keys:
                vector = self._memory.get(key)
                if vector is not None:
                    found[key] = vector
        wanted = list(dict.fromkeys(k for k in keys if k not in found))
        if wanted:
            found.update(self._read(wanted))
        todo = {k: i for i, k in enumerate(keys) if k not in found}
        if todo:
            found.update(self._embed_and_store([(keys[i], *items[i]) for i in todo.values()]))
        with self._guard:
            for key in wanted:
                self._memory[key] = found[key]
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[k] for k in keys])

    def _read(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        out: dict[bytes, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            marks = ",".join("?" * len(part))
            for key, blob in self._conn.execute(
                f"SELECT key, vector FROM sentence_vectors WHERE key IN ({marks})", part
            ):
                out[bytes(key)] = np.frombuffer(blob, dtype=np.float32)
        return out

    def missing(self, items: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
        """The ``(chunk_id, sentence)`` pairs not kept yet, each once."""
        keys = {self._key(chunk_id, text): (chunk_id, text) for chunk_id, text in items}
        known = self._read(list(keys))
        return [pair for key, pair in keys.items() if key not in known]

    def precompute(self, items: Sequence[tuple[str, str]], embedder: Embedder, batch: int = 64) -> int:
        """Embed and keep the ``(chunk_id, sentence)`` pairs not kept yet, with ``embedder`` (ingest's own
        model calls, in large batches); returns how many were embedded."""
        todo = [(self._key(chunk_id, text), chunk_id, text) for chunk_id, text in self.missing(items)]
        if todo:
            self._embed_and_store(todo, embedder, batch)
        return len(todo)

    def _embed_and_store(
        self, todo: list[tuple[bytes, str, str]], embedder: Embedder | None = None, batch: int = _BATCH
    ) -> dict[bytes, np.ndarray]:
        model = embedder or self._embedder
        ordered = sorted(todo, key=lambda item: len(item[2]))
        rows: list[tuple[bytes, str, bytes]] = []
        out: dict[bytes, np.ndarray] = {}
        for start in range(0, len(ordered), batch):
            part = ordered[start : start + batch]
            vectors = np.asarray(model.embed_batch([text for _, _, text in part]), dtype=np.float32)
            for (key, chunk_id, _), vector in zip(part, vectors, strict=True):
                out[key] = vector
                rows.append((key, chunk_id, vector.tobytes()))
        with self._guard:
            self.embedded += len(rows)
        self._conn.executemany("INSERT OR IGNORE INTO sentence_vectors(key, chunk_id, vector) VALUES(?, ?, ?)", rows)
        return out

    def stored_chunks(self) -> set[str]:
        """Passages whose sentences are already stored."""
        return {r[0] for r in self._conn.execute("SELECT DISTINCT chunk_id FROM sentence_vectors")}

    def count(self) -> int:
        return int(self._conn.execute("SELECT COUNT(*) FROM sentence_vectors").fetchone()[0])

    def forget(self, chunk_ids: Sequence[str]) -> None:
        """Drop the sentences of passages that were removed or replaced."""
        if not chunk_ids:
            return
        ids = list(chunk_ids)
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            self._conn.execute(f"DELETE FROM sentence_vectors WHERE chunk_id IN ({','.join('?' * len(part))})", part)
        with self._guard:
            self._memory.clear()  # keys do not say their passage; clearing is simpler than a second map

    def close(self) -> None:
        self._connections.close()
