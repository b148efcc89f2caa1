"""Keyword index (bm25s with Snowball stemming), saved beside Chroma as versioned folders."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np

from index.words import terms


class BM25Index:
    """BM25 over chunk texts, addressed by chunk id."""

    def __init__(self, ids: Sequence[str], model: bm25s.BM25 | None, generation: int) -> None:
        self.ids = list(ids)
        self._position = {cid: i for i, cid in enumerate(self.ids)}
        self._model = model
        self.generation = generation
        self._sorted_vocab: list[str] | None = None

    @classmethod
    def build(cls, ids: Sequence[str], texts: Sequence[str], generation: int) -> BM25Index:
        if not ids:
            return cls([], None, generation)
        model = bm25s.BM25(k1=1.2, b=0.75)
        model.index([terms(t) or ["∅"] for t in texts], show_progress=False)
        return cls(ids, model, generation)

    def vocabulary(self) -> set[str] | dict[str, int]:
        return self._model.vocab_dict if self._model is not None else set()

    def sorted_vocabulary(self) -> list[str]:
        if self._sorted_vocab is None:
            self._sorted_vocab = sorted(self.vocabulary())
        return self._sorted_vocab

    def scores(self, query: str, allowed: set[str] | None = None) -> np.ndarray | None:
        """BM25 score of every chunk (zero outside ``allowed``), or ``None`` when nothing can match."""
        if self._model is None:
            return None
        vocab = self._model.vocab_dict
        tokens = [t for t in terms(query) if t in vocab]
        if not tokens:
            return None
        scores = np.asarray(self._model.get_scores(tokens), dtype=np.float64)
        if allowed is not None:
            mask = np.zeros(len(self.ids), dtype=bool)
            mask[[self._position[c] for c in allowed if c in self._position]] = True
            scores = np.where(mask, scores, 0.0)
        return scores

    def top(self, scores: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Top ``k`` chunk ids with a positive score, from a score vector of :meth:`scores`."""
        if k <= 0:
            return []
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.ids[int(i)], float(scores[i])) for i in top if scores[i] > 0]

    def score_of(self, scores: np.ndarray, chunk_ids: Sequence[str]) -> dict[str, float]:
        return {c: float(scores[self._position[c]]) for c in chunk_ids if c in self._position}

    # -- persistence ----------------------------------------------------------------------------
    def save(self, root: Path) -> None:
        """Write a new version folder, then switch ``CURRENT`` to it atomically."""
        root.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f"gen-{self.generation}-", dir=root))
        (folder / "ids.json").write_text(json.dumps(self.ids))
        if self._model is not None:
            self._model.save(str(folder / "bm25"), show_progress=False)
        pointer = root / "CURRENT.tmp"
        pointer.write_text(json.dumps({"folder": folder.name, "generation": self.generation}))
        os.replace(pointer, root / "CURRENT")
        for old in root.iterdir():
            if old.is_dir() and old.name != folder.name:
                shutil.rmtree(old, ignore_errors=True)

    @staticmethod
    def saved_generation(root: Path) -> int | None:
        try:
            return int(json.loads((root / "CURRENT").read_text())["generation"])
        except (OSError, ValueError, KeyError):
            return None

    @classmethod
    def load(cls, root: Path) -> BM25Index | None:
        """The saved index, or ``None`` when there is none (or it is unreadable)."""
        try:
            pointer = json.loads((root / "CURRENT").read_text())
            folder = root / pointer["folder"]
            ids = json.loads((folder / "ids.json").read_text())
            model = None
            if ids:
                model = bm25s.BM25.load(str(folder / "bm25"), mmap=False, show_progress=False)
            return cls(ids, model, int(pointer["generation"]))
        except (OSError, ValueError, KeyError):
            return None
