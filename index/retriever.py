"""Hybrid search over the library: keyword and dense candidates, fused, re-scored by their sentences.

``CaseIndex.search`` is this; the index hands it its stores (opened, and re-opened, by the index).
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Callable

import numpy as np

from index.catalog import Catalog
from index.dense import ChromaStore
from index.errors import VectorReadError
from index.models import Filters, Hit, StoredPassage
from index.rerank import rerank
from index.search import Mode, SearchConfig, Signals, fuse, keyword_query, to_hit
from index.sentence_vectors import SentenceVectors
from index.sparse import BM25Index
from index.synonyms import expansions
from index.words import terms

logger = logging.getLogger(__name__)


def _close_form(stem: str, sorted_vocab: list[str]) -> bool:
    if len(stem) < 4:
        return False
    start = bisect.bisect_left(sorted_vocab, stem[:4])
    for term in sorted_vocab[start:]:
        if not term.startswith(stem[:4]):
            break
        shared = next(
            (i for i, (a, b) in enumerate(zip(stem, term, strict=False)) if a != b), min(len(stem), len(term))
        )
        if shared >= 0.8 * max(len(stem), len(term)):
            return True
    return False


class Retriever:
    """Search over one library's catalog, vectors and keyword index."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        vectors: Callable[[], ChromaStore],
        reopen_vectors: Callable[[], None],
        keyword_index: Callable[[], BM25Index],
        query_vector: Callable[[str], np.ndarray],
        sentence_vectors: Callable[[], SentenceVectors],
    ) -> None:
        self._catalog = catalog
        self._vectors = vectors
        self._reopen_vectors = reopen_vectors
        self._keyword_index = keyword_index
        self._query_vector = query_vector
        self._sentence_vectors = sentence_vectors

    def search(
        self,
        query: str,
        k: int = 10,
        filters: Filters | None = None,
        mode: Mode = "hybrid",
        vector: np.ndarray | None = None,
        config: SearchConfig | None = None,
    ) -> list[Hit]:
        """Top ``k`` passages for ``query``, best first (``vector``: its embedding, if already made)."""
        query = query.strip()
        if not query or k <= 0:
            return []
        allowed_docs: list[str] | None = None
        if filters is not None and filters.document_level():
            allowed_docs = self._catalog.document_ids(filters)
            if not allowed_docs:
                return []
        config = config or SearchConfig()
        bm25 = self._keyword_index() if mode != "dense" else None
        allowed_chunks: set[str] | None = None
        by_passage = filters is not None and bool(filters.themes)
        if filters is not None and filters.themes:
            allowed_chunks = set(self._catalog.chunk_ids_with_themes(filters.themes))
            if allowed_docs is not None:
                allowed_chunks &= set(self._catalog.chunk_ids(allowed_docs))
            if not allowed_chunks:
                return []
        elif allowed_docs is not None and bm25 is not None:
            allowed_chunks = set(self._catalog.chunk_ids(allowed_docs))
        n = max(config.candidates, k)
        kw_query = keyword_query(query, config.expand_queries)
        sparse: dict[str, float] = {}
        bm25_scores = bm25.scores(kw_query, allowed_chunks) if bm25 is not None else None
        if bm25 is not None and bm25_scores is not None:
            sparse = dict(bm25.top(bm25_scores, n))
        dense: dict[str, float] = {}
        if mode != "bm25":
            vector = self._query_vector(query) if vector is None else vector
            dense = self._dense_scores(vector, n, allowed_docs, allowed_chunks if by_passage else None, sparse, mode)
            if mode == "hybrid" and bm25 is not None and bm25_scores is not None:
                sparse.update(bm25.score_of(bm25_scores, [c for c in dense if c not in sparse]))
        ranked = fuse(Signals(sparse, dense), mode, config)
        query_terms = set(terms(kw_query))
        # Re-scoring only reorders the first ``rerank.top``, so one read serves it and the hits.
        rows = self._catalog.chunk_rows([cid for cid, _, _ in ranked[: max(k * 3, config.rerank.top)]])
        anchors: dict[str, str] = {}
        if mode == "hybrid" and config.rerank.top > 1 and vector is not None:
            ranked, anchors = self._rerank(ranked, rows, sparse, dense, vector, query_terms, config)
        hits = [
            to_hit(rows[cid], score, ranks, query_terms, anchors.get(cid))
            for cid, score, ranks in ranked
            if cid in rows
        ]
        return hits[:k]

    def _dense_scores(
        self,
        vector: np.ndarray,
        n: int,
        allowed_docs: list[str] | None,
        within: set[str] | None,
        sparse: dict[str, float],
        mode: Mode,
    ) -> dict[str, float]:
        """Dense similarities of the nearest passages (and, in hybrid mode, of the keyword hits).

        A failed read is retried once on the store read afresh; if that fails too, the search goes
        on with keywords alone (logged), so a reader never fails for a store another process changed.
        """
        for attempt in (1, 2):
            try:
                if within is not None:
                    dense = self._dense_within(vector, within, n, allowed_docs)
                else:
                    dense = dict(self._vectors().query(vector, n, allowed_docs))
                if mode == "hybrid":
                    dense.update(self._vectors().similarities(vector, [c for c in sparse if c not in dense]))
                return dense
            except VectorReadError as exc:
                if attempt == 2 or not self._vectors().embedded:
                    logger.warning("vector search failed; keyword results only (%s)", exc)
                    return {}
                logger.info("vector read failed; reading the store afresh (%s)", exc)
                self._reopen_vectors()
        return {}

    def _rerank(
        self,
        ranked: list[tuple[str, float, dict[str, int]]],
        rows: dict[str, StoredPassage],
        sparse: dict[str, float],
        dense: dict[str, float],
        vector: np.ndarray,
        terms: set[str],
        search: SearchConfig,
    ) -> tuple[list[tuple[str, float, dict[str, int]]], dict[str, str]]:
        """The top fused candidates re-scored by their best sentence (``index.rerank``), and those sentences."""
        config = search.rerank
        head = [cid for cid, _, _ in ranked[: config.top]]
        texts = {cid: rows[cid].text for cid in head if cid in rows}
        rescored = rerank(head, texts, sparse, dense, vector, terms, self._sentence_vectors().vectors, config)
        ranks = {cid: r for cid, _, r in ranked}
        reordered = [(cid, score, ranks[cid]) for cid, score in rescored.ranked] + ranked[config.top :]
        return reordered, rescored.best_sentence

    def _dense_within(
        self, vector: np.ndarray, allowed: set[str], n: int, allowed_docs: list[str] | None
    ) -> dict[str, float]:
        """Dense scores restricted to a set of passages: exact when the set is small, else over-fetched."""
        if len(allowed) <= 5000:
            scored = self._vectors().similarities(vector, sorted(allowed))
        else:
            scored = {c: s for c, s in self._vectors().query(vector, n * 10, allowed_docs) if c in allowed}
        return dict(sorted(scored.items(), key=lambda kv: -kv[1])[:n])

    def unindexed_words(self, words: list[str]) -> list[str]:
        """Words that no indexed passage contains, in any close form (acronyms count their long forms).

        "risky" is found through "risk" and "autistic" through "autism"; "childminders" is not
        found through "child": a close form shares its first letters over 80% of the longer stem.
        """
        bm25 = self._keyword_index()
        vocab = bm25.vocabulary()
        sorted_vocab = bm25.sorted_vocabulary()
        missing = []
        for word in words:
            stems = terms(word)
            if not stems or any(s in vocab or _close_form(s, sorted_vocab) for s in stems):
                continue
            long_forms = [t for e in expansions(word) for t in terms(e)]
            if long_forms and all(t in vocab for t in long_forms):
                continue
            missing.append(word)
        return missing
