"""Hybrid retrieval: BM25 and dense candidates fused by weighted reciprocal rank, then cited."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from ingest import sentence_spans
from index.models import Hit
from index.sparse import BM25Index, tokenize
from index.synonyms import expansions

Mode = Literal["hybrid", "dense", "bm25"]


@dataclass(frozen=True)
class SearchConfig:
    """How candidates are gathered and fused."""

    candidates: int = 50
    rrf_k: int = 60
    dense_weight: float = 1.0
    sparse_weight: float = 1.0
    expand_acronyms: bool = True


def rrf(rankings: Sequence[tuple[Sequence[str], float]], k: int) -> dict[str, float]:
    """Weighted reciprocal rank fusion of ranked id lists: ``sum(w / (k + rank))``."""
    scores: dict[str, float] = {}
    for ids, weight in rankings:
        for rank, cid in enumerate(ids, start=1):
            scores[cid] = scores.get(cid, 0.0) + weight / (k + rank)
    return scores


def keyword_query(query: str, expand: bool) -> str:
    return " ".join([query, *expansions(query)]) if expand else query


def best_sentence(text: str, query_terms: set[str]) -> tuple[int, int]:
    """Span of the sentence in ``text`` sharing most query terms (first on ties)."""
    best = (0, len(text))
    best_score = -1
    for start, end in sentence_spans(text):
        score = len(query_terms & set(tokenize(text[start:end])))
        if score > best_score:
            best, best_score = (start, end), score
    return best


def fuse(
    query: str,
    *,
    k: int,
    mode: Mode,
    config: SearchConfig,
    bm25: BM25Index | None,
    dense: Callable[[int], list[tuple[str, float]]],
    allowed: set[str] | None,
) -> list[tuple[str, float, dict[str, int]]]:
    """Rank chunk ids for a query; returns ``(chunk_id, score, ranks by method)``."""
    n = max(config.candidates, k)
    sparse_ids: list[str] = []
    dense_ids: list[str] = []
    if mode in ("hybrid", "bm25") and bm25 is not None:
        sparse_ids = [cid for cid, _ in bm25.search(keyword_query(query, config.expand_acronyms), n, allowed)]
    if mode in ("hybrid", "dense"):
        dense_ids = [cid for cid, _ in dense(n)]
    rankings = []
    if sparse_ids:
        rankings.append((sparse_ids, config.sparse_weight if mode == "hybrid" else 1.0))
    if dense_ids:
        rankings.append((dense_ids, config.dense_weight if mode == "hybrid" else 1.0))
    scores = rrf(rankings, config.rrf_k)
    ranks_of: dict[str, dict[str, int]] = {}
    for name, ids in (("bm25", sparse_ids), ("dense", dense_ids)):
        for rank, cid in enumerate(ids, start=1):
            ranks_of.setdefault(cid, {})[name] = rank
    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [(cid, score, ranks_of.get(cid, {})) for cid, score in ordered]


def to_hit(row: dict[str, Any], score: float, ranks: dict[str, int], query_terms: set[str]) -> Hit:
    """A search result whose ``page`` is the page of the sentence that best matches the query."""
    start, _ = best_sentence(row["text"], query_terms)
    page = row["page_start"]
    for at, p in row["page_breaks"]:
        if at <= start:
            page = p
    url = row["url"]
    if url and page is not None and row["format"] == "pdf" and "#" not in url:
        url = f"{url}#page={page}"
    return Hit(
        chunk_id=row["id"], document_id=row["document_id"], source=row["source"],
        title=row["title"] or row["source"], text=row["text"], score=score, page=page,
        page_start=row["page_start"], page_end=row["page_end"], section=row["section"], url=url,
        char_start=row["char_start"], char_end=row["char_end"], review_type=row["review_type"],
        publisher=row["publisher"], nation=row["nation"], year=row["year"], kind=row["kind"],
        format=row["format"], ranks=ranks,
    )


def normalise(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector
