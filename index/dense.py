"""Dense vectors in Chroma: embedded ``PersistentClient`` by default, a Chroma server when configured."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from index.errors import StoreUnavailableError, VectorReadError

DEFAULT_COLLECTION = "caselearn"


def _settings() -> Any:
    import chromadb

    return chromadb.Settings(anonymized_telemetry=False, allow_reset=False)


def make_client(path: Path | None = None, url: str | None = None) -> Any:
    """A Chroma client: HTTP when ``url`` is given, else persistent under ``path``."""
    import chromadb

    if url:
        parsed = urlparse(url if "://" in url else f"http://{url}")
        try:
            return chromadb.HttpClient(
                host=parsed.hostname or "localhost",
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
                settings=_settings(),
            )
        except Exception as exc:  # connection errors surface as several types
            raise StoreUnavailableError(url, f"cannot reach the Chroma server ({type(exc).__name__})") from exc
    if path is None:
        raise ValueError("either a path or a url is needed")
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=_settings())


@contextmanager
def _reading() -> Iterator[None]:
    """Chroma's errors while reading, as :class:`VectorReadError` (callers can mend and retry)."""
    from chromadb.errors import ChromaError

    try:
        yield
    except ChromaError as exc:
        raise VectorReadError(f"{type(exc).__name__}: {exc}") from exc


def fresh_client(path: Path) -> Any:
    """A persistent client with a Chroma system of its own, not the one cached for ``path``.

    chromadb keeps one system per directory and process, and that system's in-memory vector index
    never learns of vectors another process added or deleted since it loaded: queries that reach
    them fail ("Error finding id"). A new system reads the directory afresh. chromadb has no public
    call for this (``clear_system_cache`` would drop every directory's system), so this forgets the
    one cached entry; clients made before keep working on their own system until released.
    """
    from chromadb.api.shared_system_client import SharedSystemClient

    key = str(path)
    with SharedSystemClient._refcount_lock:
        SharedSystemClient._identifier_to_system.pop(key, None)
        SharedSystemClient._identifier_to_refcount.pop(key, None)
    return make_client(path)


class ChromaStore:
    """One Chroma collection of passage vectors, keyed by chunk id, with ``doc_id`` metadata.

    ``path`` is the directory of an embedded store (``None`` for a Chroma server): only an embedded
    store needs :meth:`reopened` when another process writes.
    """

    def __init__(self, client: Any, collection: str = DEFAULT_COLLECTION, path: Path | None = None) -> None:
        self._client = client
        self._name = collection
        self.path = path
        try:
            # embedding_function=None on both calls: Chroma's default would download a model.
            self._col = client.get_or_create_collection(
                collection, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
            )
        except Exception as exc:
            raise StoreUnavailableError("chroma", f"{type(exc).__name__}: {exc}") from exc
        try:
            self._max_batch = int(client.get_max_batch_size())
        except Exception:  # older servers do not report it
            self._max_batch = 1000

    def count(self) -> int:
        return int(self._col.count())

    @property
    def embedded(self) -> bool:
        return self.path is not None

    def reopened(self) -> ChromaStore:
        """The same collection read afresh from disk (an embedded store), or this store (a server)."""
        if self.path is None:
            return self
        return ChromaStore(fresh_client(self.path), self._name, self.path)

    def add(self, ids: Sequence[str], vectors: np.ndarray, doc_ids: Sequence[str]) -> None:
        for start in range(0, len(ids), self._max_batch):
            end = start + self._max_batch
            self._col.upsert(
                ids=list(ids[start:end]),
                embeddings=vectors[start:end].tolist(),
                metadatas=[{"doc_id": d} for d in doc_ids[start:end]],
            )

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), self._max_batch):
            self._col.delete(ids=list(ids[start : start + self._max_batch]))

    def embeddings(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Stored vectors by chunk id (ids not stored are left out)."""
        out: dict[str, np.ndarray] = {}
        for start in range(0, len(ids), 500):
            got = self._col.get(ids=list(ids[start : start + 500]), include=["embeddings"])
            for cid, vector in zip(got["ids"], got["embeddings"], strict=True):
                out[cid] = np.asarray(vector, dtype=np.float32)
        return out

    def similarities(self, vector: np.ndarray, ids: Sequence[str]) -> dict[str, float]:
        """Cosine similarity of ``vector`` to the stored vectors of ``ids``."""
        out: dict[str, float] = {}
        for start in range(0, len(ids), 500):
            with _reading():
                got = self._col.get(ids=list(ids[start : start + 500]), include=["embeddings"])
            if not got["ids"]:
                continue
            matrix = np.asarray(got["embeddings"], dtype=np.float32)
            norms = np.linalg.norm(matrix, axis=1) * (float(np.linalg.norm(vector)) or 1.0)
            sims = matrix @ vector / np.where(norms > 0, norms, 1.0)
            out.update({i: float(v) for i, v in zip(got["ids"], sims, strict=True)})
        return out

    def query(self, vector: np.ndarray, k: int, doc_ids: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """Nearest chunk ids with cosine similarity, optionally only within ``doc_ids``."""
        total = self.count()
        if total == 0 or k <= 0:
            return []
        where = None
        if doc_ids is not None:
            if not doc_ids:
                return []
            where = {"doc_id": {"$in": list(doc_ids)}} if len(doc_ids) > 1 else {"doc_id": doc_ids[0]}
        with _reading():
            result = self._col.query(
                query_embeddings=[vector.tolist()], n_results=min(k, total), where=where, include=["distances"]
            )
        ids = result["ids"][0]
        distances = result["distances"][0]
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]
