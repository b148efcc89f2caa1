"""Second stage: the best few fused candidates re-scored by their best-matching sentence.

On long real documents a passage that answers a question often holds one sentence that matches
it closely among several that do not, so the passage's own vector matches weakly. The top
candidates are re-scored by ``w_bm25·bm25 + w_dense·cosine + w_sentence·best sentence cosine +
w_overlap·share of query terms in the best sentence``, each min-max normalised over those
candidates. The weights were chosen on the development and tuning questions over
``../shared/real`` (see README, Search on real documents), not per question.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from index.words import term_set
from ingest import sentence_spans

SentenceVectorsFn = Callable[[Sequence[tuple[str, str]]], np.ndarray]
_MIN_SENTENCE_CHARS = 16


@dataclass(frozen=True)
class RerankConfig:
    top: int = 15  # candidates re-scored; 0 turns the second stage off
    bm25: float = 0.3
    dense: float = 0.3
    sentence: float = 0.25
    overlap: float = 0.15


BULLET = re.compile(r"^[•\-–*]\s+")


def sentences(text: str) -> list[str]:
    """The sentences of a passage worth matching on their own (headings and labels of a few words aside).

    A list item loses its bullet, as the answerer's quotes do, so that most sentences an answer weighs
    were embedded at ingest already.
    """
    found = [BULLET.sub("", text[a:b].strip()) for a, b in sentence_spans(text)]
    return [s for s in found if len(s) >= _MIN_SENTENCE_CHARS] or [text.strip()]


def _minmax(values: np.ndarray) -> np.ndarray:
    span = float(values.max() - values.min()) if values.size else 0.0
    return (values - values.min()) / span if span > 0 else np.zeros_like(values)


@dataclass(frozen=True)
class Rescored:
    """Candidates best first with their new scores, and each one's best-matching sentence."""

    ranked: list[tuple[str, float]]
    best_sentence: dict[str, str]


def rerank(
    ids: Sequence[str],
    texts: dict[str, str],
    sparse: dict[str, float],
    dense: dict[str, float],
    query_vector: np.ndarray,
    query_terms: set[str],
    vectors: SentenceVectorsFn,
    config: RerankConfig,
) -> Rescored:
    """``ids`` (best first) re-scored. Ids without text keep their place last."""
    top = [cid for cid in ids[: config.top] if cid in texts]
    if len(top) < 2:
        return Rescored([(cid, 0.0) for cid in ids], {})
    items: list[tuple[str, str]] = []
    owners: list[int] = []
    for i, cid in enumerate(top):
        for sentence in sentences(texts[cid]):
            items.append((cid, sentence))
            owners.append(i)
    sims = vectors(items) @ np.asarray(query_vector, dtype=np.float32)
    best = np.full(len(top), -1.0)
    overlap = np.zeros(len(top))
    anchor = np.full(len(top), -1.0)
    best_sentence: dict[str, str] = {}
    for (cid, sentence), owner, sim in zip(items, owners, sims, strict=True):
        best[owner] = max(best[owner], float(sim))
        share = len(query_terms & term_set(sentence)) / len(query_terms) if query_terms else 0.0
        overlap[owner] = max(overlap[owner], share)
        if float(sim) + share > anchor[owner]:  # the sentence a citation of this passage should point at
            anchor[owner] = float(sim) + share
            best_sentence[cid] = sentence
    scores = (
        config.bm25 * _minmax(np.array([sparse.get(c, 0.0) for c in top]))
        + config.dense * _minmax(np.array([dense.get(c, 0.0) for c in top]))
        + config.sentence * _minmax(best)
        + config.overlap * _minmax(overlap)
    )
    ordered = sorted(zip(top, scores.tolist(), strict=True), key=lambda kv: (-kv[1], kv[0]))
    rest = [(cid, -1.0) for cid in ids if cid not in set(top)]
    return Rescored([(cid, 1.0 + score) for cid, score in ordered] + rest, best_sentence)
