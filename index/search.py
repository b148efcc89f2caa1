"""Hybrid retrieval: BM25 and dense candidates fused by weighted reciprocal rank, then cited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Literal

import numpy as np

from index.models import Hit, StoredPassage
from index.rerank import RerankConfig
from index.synonyms import expansions
from index.words import term_set
from ingest import sentence_spans
from ingest.models import page_at_offset

Mode = Literal["hybrid", "dense", "bm25"]


Fusion = Literal["convex", "rrf"]


@dataclass(frozen=True)
class SearchConfig:
    """How candidates are gathered and fused.

    ``convex`` (the default) min-max normalises BM25 and cosine scores over the union of both
    candidate lists, scoring every candidate on both signals, and mixes them with ``sparse_weight``.
    ``rrf`` is weighted reciprocal rank fusion, kept for comparison.
    """

    candidates: int = 50
    fusion: Fusion = "convex"
    sparse_weight: float = 0.5
    rrf_k: int = 60
    expand_queries: bool = True
    rerank: RerankConfig = field(default_factory=RerankConfig)


def rrf(rankings: Sequence[tuple[Sequence[str], float]], k: int) -> dict[str, float]:
    """Weighted reciprocal rank fusion of ranked id lists: ``sum(w / (k + rank))``."""
    scores: dict[str, float] = {}
    for ids, weight in rankings:
        for rank, cid in enumerate(ids, start=1):
            scores[cid] = scores.get(cid, 0.0) + weight / (k + rank)
    return scores


def minmax(values: np.ndarray) -> np.ndarray:
    span = float(values.max() - values.min()) if values.size else 0.0
    return (values - values.min()) / span if span > 0 else np.zeros_like(values)


def convex(sparse: dict[str, float], dense: dict[str, float], sparse_weight: float) -> dict[str, float]:
    """``w * minmax(bm25) + (1 - w) * minmax(cosine)`` over candidates scored on both."""
    ids = list(sparse.keys() | dense.keys())
    if not ids:
        return {}
    s = minmax(np.array([sparse.get(i, 0.0) for i in ids], dtype=np.float64))
    d = minmax(np.array([dense.get(i, 0.0) for i in ids], dtype=np.float64))
    fused = sparse_weight * s + (1.0 - sparse_weight) * d
    return {i: float(v) for i, v in zip(ids, fused, strict=True)}


def keyword_query(query: str, expand: bool) -> str:
    return " ".join([query, *expansions(query)]) if expand else query


def best_sentence(text: str, query_terms: set[str]) -> tuple[int, int]:
    """Span of the sentence in ``text`` sharing most query terms (first on ties)."""
    best = (0, len(text))
    best_score = -1
    for start, end in sentence_spans(text):
        score = len(query_terms & term_set(text[start:end]))
        if score > best_score:
            best, best_score = (start, end), score
    return best


@dataclass(frozen=True)
class Signals:
    """Candidate scores from each retriever; missing scores are filled on demand."""

    sparse: dict[str, float]
    dense: dict[str, float]


def fuse(signals: Signals, mode: Mode, config: SearchConfig) -> list[tuple[str, float, dict[str, int]]]:
    """Rank chunk ids; returns ``(chunk_id, score, ranks by method)`` best first."""
    sparse_rank = {cid: r for r, cid in enumerate(sorted(signals.sparse, key=lambda c: -signals.sparse[c]), 1)}
    dense_rank = {cid: r for r, cid in enumerate(sorted(signals.dense, key=lambda c: -signals.dense[c]), 1)}
    if mode == "bm25":
        scores = {c: v for c, v in signals.sparse.items() if v > 0}
    elif mode == "dense":
        scores = dict(signals.dense)
    elif config.fusion == "rrf":
        top_sparse = [c for c in sparse_rank if signals.sparse[c] > 0][: config.candidates]
        top_dense = list(dense_rank)[: config.candidates]
        scores = rrf(
            [(top_sparse, config.sparse_weight * 2), (top_dense, (1 - config.sparse_weight) * 2)], config.rrf_k
        )
    else:
        scores = convex(signals.sparse, signals.dense, config.sparse_weight)
    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    out = []
    for cid, score in ordered:
        ranks = {}
        if cid in sparse_rank:
            ranks["bm25"] = sparse_rank[cid]
        if cid in dense_rank:
            ranks["dense"] = dense_rank[cid]
        out.append((cid, score, ranks))
    return out


# What a hit takes from its stored passage unchanged (its title, link and page are worked out).
_COPIED = tuple(f.name for f in fields(Hit) if f.name in {g.name for g in fields(StoredPassage)} - {"title", "url"})


def to_hit(
    row: StoredPassage, score: float, ranks: dict[str, int], query_terms: set[str], anchor: str | None = None
) -> Hit:
    """A search result whose ``page`` is the page of the sentence that best matches the query.

    ``anchor`` is that sentence when the re-scoring chose it (by meaning and shared words); otherwise
    the sentence sharing most query terms is taken.
    """
    found = row.text.find(anchor) if anchor else -1
    start = found if found >= 0 else best_sentence(row.text, query_terms)[0]
    page = page_at_offset(row.page_start, row.page_breaks, start)
    url = row.url
    if url and page is not None and row.format == "pdf" and "#" not in url:
        url = f"{url}#page={page}"
    copied = {name: getattr(row, name) for name in _COPIED}
    return Hit(chunk_id=row.id, title=row.title or row.source, score=score, page=page, url=url, ranks=ranks, **copied)
