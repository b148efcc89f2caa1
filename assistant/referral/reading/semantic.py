"""Clause classifiers on frozen MiniLM sentence embeddings: the facts practitioners phrase in endless ways.

One logistic-regression head per fact, trained offline by ``caselearn eval referral-train`` on the
train split of the fact-labelled situations, and shipped as a small file (``semantic.npz``) that is
loaded, never trained, at run time. A head only adds an affirmed fact the target words missed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np

from assistant.referral.models import FactValue

Encode = Callable[[list[str]], np.ndarray]
WEIGHTS = "semantic.npz"


def weights_path() -> Path:
    return Path(str(files("assistant.referral.reading") / WEIGHTS))


@dataclass(frozen=True)
class Heads:
    """Weights of every head: ``labels[i]`` is "fact=value", scored by ``weights[i] @ x + bias[i]``."""

    labels: tuple[str, ...]
    weights: np.ndarray  # (heads, dims)
    bias: np.ndarray  # (heads,)
    threshold: np.ndarray  # (heads,) probability above which a head fires
    model: str

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            labels=np.array(self.labels),
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            threshold=self.threshold.astype(np.float32),
            model=np.array(self.model),
        )

    @staticmethod
    def load(path: Path) -> Heads:
        with np.load(path, allow_pickle=False) as data:
            return Heads(
                tuple(str(x) for x in data["labels"]),
                data["weights"],
                data["bias"],
                data["threshold"],
                str(data["model"]),
            )

    def checksum(self) -> str:
        data = self.weights.astype(np.float32).tobytes() + self.bias.astype(np.float32).tobytes()
        return hashlib.sha256(data).hexdigest()[:12]


def parse_label(label: str) -> tuple[str, FactValue]:
    fact, _, raw = label.partition("=")
    value: FactValue = {"true": True, "false": False}.get(raw, raw)
    return fact, value


@lru_cache(maxsize=1)
def packaged_heads() -> Heads | None:
    path = weights_path()
    return Heads.load(path) if path.exists() else None


class SemanticReader:
    """Scores clauses with every head; returns, per clause, the (fact, value) pairs that fire."""

    def __init__(self, encode: Encode, heads: Heads) -> None:
        self._encode = encode
        self.heads = heads

    def probabilities(self, clauses: Sequence[str]) -> np.ndarray:
        vectors = np.asarray(self._encode(list(clauses)), dtype=np.float32)
        logits = vectors @ self.heads.weights.T + self.heads.bias
        probs: np.ndarray = 1.0 / (1.0 + np.exp(-logits))
        return probs

    def facts(self, clauses: Sequence[str]) -> list[list[tuple[str, FactValue]]]:
        if not clauses:
            return []
        probs = self.probabilities(clauses)
        out = []
        for row in probs:
            fired = [parse_label(self.heads.labels[i]) for i in np.flatnonzero(row >= self.heads.threshold)]
            out.append(fired)
        return out
