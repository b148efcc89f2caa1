"""Embedding helpers for the benchmark: timing, and reuse of vectors for repeated passages."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.embed import Embedder


def passage_key(text: str) -> str:
    """Key of an embedding text without its first line (``title — section``), when it has one.

    Pooled documents repeat a passage under different titles; the passage body and section
    heading (which the chunk text starts with) stay the same, so the key ignores the title line.
    """
    body = text.split("\n", 1)[1] if "\n" in text else text
    return hashlib.sha1(body.encode("utf-8")).hexdigest()


class ReuseEmbedder:
    """Embeds each distinct passage once with the real model and reuses its vector for repeats.

    Used only to *build* the large latency tiers; searching always uses the plain model.
    """

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self._index: dict[str, int] = {}
        self._rows: list[np.ndarray] = []
        self.reused = 0
        self.embedded = 0
        self.encode_seconds = 0.0

    @property
    def name(self) -> str:
        return self.inner.name

    def __len__(self) -> int:
        return len(self._rows)

    def remember(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        for text, vector in zip(texts, vectors, strict=True):
            key = passage_key(text)
            if key not in self._index:
                self._index[key] = len(self._rows)
                self._rows.append(np.asarray(vector, dtype=np.float32))

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        keys = [passage_key(t) for t in texts]
        unique: dict[str, int] = {}
        for i, key in enumerate(keys):
            if key not in self._index:
                unique.setdefault(key, i)
        if unique:
            todo = list(unique.values())
            started = time.perf_counter()
            vectors = self.inner.embed_batch([texts[i] for i in todo])
            self.encode_seconds += time.perf_counter() - started
            self.embedded += len(todo)
            self.remember([texts[i] for i in todo], vectors)
        self.reused += len(texts) - len(unique)
        if not texts:
            return np.zeros((0, self._rows[0].shape[0] if self._rows else 0), dtype=np.float32)
        return np.stack([self._rows[self._index[k]] for k in keys])

    # -- persistence between the benchmark's processes -----------------------------------------
    def save(self, path: Path) -> None:
        keys = sorted(self._index, key=self._index.__getitem__)
        matrix = np.stack(self._rows) if self._rows else np.zeros((0, 384), dtype=np.float32)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.stem + ".tmp.npz")
        np.savez(tmp, keys=np.asarray(keys), vectors=matrix)
        tmp.replace(path)

    def load(self, path: Path) -> None:
        if not path.is_file():
            return
        with np.load(path) as data:
            keys = [str(k) for k in data["keys"]]
            matrix = np.asarray(data["vectors"], dtype=np.float32)
        for key, row in zip(keys, matrix, strict=True):
            if key not in self._index:
                self._index[key] = len(self._rows)
                self._rows.append(row)


def timed_encode(embedder: Embedder, texts: Sequence[str]) -> tuple[np.ndarray, float]:
    """Vectors of ``texts`` and the seconds the model took (one call, the embedder's own batching)."""
    started = time.perf_counter()
    vectors = embedder.embed_batch(list(texts))
    return vectors, time.perf_counter() - started


def cosine_agreement(a: np.ndarray, b: np.ndarray) -> dict[str, float]:
    """Mean and minimum cosine between matching rows of two embedding matrices."""
    na = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
    nb = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
    cos = np.sum(na * nb, axis=1)
    return {"mean": round(float(cos.mean()), 4), "min": round(float(cos.min()), 4)}
