"""Rank fusion, the best sentence of a passage and the re-scoring helpers, without the model or Chroma."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from index.rerank import RerankConfig, rerank, sentences
from index.search import SearchConfig, Signals, best_sentence, convex, fuse, rrf
from index.words import terms


def _order(scores: dict[str, float]) -> list[str]:
    return [cid for cid, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))]


# -- rrf ----------------------------------------------------------------------------------------


def test_rrf_scores_are_the_weighted_sum_of_reciprocal_ranks() -> None:
    scores = rrf([(["a", "b"], 1.0), (["b", "c"], 2.0)], k=10)
    assert scores == pytest.approx({"a": 1 / 11, "b": 1 / 12 + 2 / 11, "c": 2 / 12})


def test_rrf_puts_an_id_ranked_first_by_both_lists_first() -> None:
    scores = rrf([(["x", "a", "b"], 1.0), (["x", "b", "c"], 1.0)], k=60)
    assert _order(scores)[0] == "x"


def test_rrf_with_equal_weights_is_symmetric_in_its_lists() -> None:
    one, two = ["a", "b", "c"], ["c", "d", "a"]
    assert rrf([(one, 1.0), (two, 1.0)], 60) == pytest.approx(rrf([(two, 1.0), (one, 1.0)], 60))


def test_rrf_weight_decides_between_two_lists_that_disagree() -> None:
    sparse, dense = ["s", "d"], ["d", "s"]
    assert _order(rrf([(sparse, 1.5), (dense, 0.5)], 60))[0] == "s"
    assert _order(rrf([(sparse, 0.5), (dense, 1.5)], 60))[0] == "d"


def test_rrf_of_no_lists_or_empty_lists_is_empty() -> None:
    assert rrf([], 60) == {}
    assert rrf([([], 1.0), ([], 1.0)], 60) == {}


def test_rrf_an_id_in_both_lists_beats_ids_at_the_same_rank_in_only_one() -> None:
    scores = rrf([(["both", "only_sparse"], 1.0), (["both", "only_dense"], 1.0)], 60)
    assert scores["only_sparse"] == pytest.approx(1 / 62)
    assert scores["only_dense"] == pytest.approx(1 / 62)
    assert scores["both"] == pytest.approx(2 / 61)


# -- convex -------------------------------------------------------------------------------------


def test_convex_at_weight_one_keeps_the_keyword_order_and_at_zero_the_dense_order() -> None:
    sparse = {"a": 3.0, "b": 2.0, "c": 1.0}
    dense = {"a": 0.1, "b": 0.5, "c": 0.9}
    assert _order(convex(sparse, dense, 1.0)) == ["a", "b", "c"]
    assert _order(convex(sparse, dense, 0.0)) == ["c", "b", "a"]


def test_convex_min_max_normalises_each_signal_before_mixing() -> None:
    fused = convex({"a": 10.0, "b": 0.0}, {"a": 0.2, "b": 0.6}, 0.25)
    # a: 0.25 * 1 + 0.75 * 0 ; b: 0.25 * 0 + 0.75 * 1
    assert fused == pytest.approx({"a": 0.25, "b": 0.75})


def test_convex_puts_an_id_best_on_both_signals_first_with_score_one() -> None:
    fused = convex({"x": 5.0, "a": 1.0, "b": 0.5}, {"x": 0.9, "a": 0.2, "b": 0.4}, 0.5)
    assert _order(fused)[0] == "x"
    assert fused["x"] == pytest.approx(1.0)


def test_convex_scores_the_union_counting_a_missing_signal_as_zero() -> None:
    fused = convex({"a": 1.0, "b": 0.5}, {"b": 0.9, "c": 0.1}, 0.5)
    assert set(fused) == {"a", "b", "c"}
    # sparse over (a, b, c) = (1, .5, 0) -> (1, .5, 0); dense (0, .9, .1) -> (0, 1, 1/9)
    assert fused == pytest.approx({"a": 0.5, "b": 0.75, "c": 0.5 / 9})


def test_convex_of_nothing_is_empty_and_of_equal_scores_is_all_zero() -> None:
    assert convex({}, {}, 0.5) == {}
    assert convex({"a": 2.0, "b": 2.0}, {"a": 0.3, "b": 0.3}, 0.5) == {"a": 0.0, "b": 0.0}


# -- fuse ---------------------------------------------------------------------------------------


SIGNALS = Signals(sparse={"a": 4.0, "b": 2.0, "c": 0.0}, dense={"a": 0.2, "b": 0.8, "c": 0.5})


def test_fuse_bm25_mode_keeps_only_positive_keyword_scores_best_first() -> None:
    out = fuse(SIGNALS, "bm25", SearchConfig())
    assert [(cid, score) for cid, score, _ in out] == [("a", 4.0), ("b", 2.0)]


def test_fuse_dense_mode_orders_by_cosine_and_reports_both_ranks() -> None:
    out = fuse(SIGNALS, "dense", SearchConfig())
    assert [cid for cid, _, _ in out] == ["b", "c", "a"]
    assert out[0][2] == {"bm25": 2, "dense": 1}


def test_fuse_hybrid_rrf_at_even_weight_uses_unit_weights_and_skips_zero_keyword_scores() -> None:
    out = fuse(SIGNALS, "hybrid", SearchConfig(fusion="rrf", sparse_weight=0.5, rrf_k=60))
    scores = {cid: score for cid, score, _ in out}
    expected = rrf([(["a", "b"], 1.0), (["b", "c", "a"], 1.0)], 60)
    assert scores == pytest.approx(expected)
    assert out[0][0] == "b"


def test_fuse_hybrid_rrf_cuts_each_list_to_the_candidate_count() -> None:
    out = fuse(SIGNALS, "hybrid", SearchConfig(fusion="rrf", candidates=1, rrf_k=60))
    assert {cid: score for cid, score, _ in out} == pytest.approx({"a": 1 / 61, "b": 1 / 61})


def test_fuse_breaks_score_ties_by_chunk_id() -> None:
    out = fuse(Signals(sparse={"b2": 1.0, "a9": 1.0, "a1": 1.0}, dense={}), "bm25", SearchConfig())
    assert [cid for cid, _, _ in out] == ["a1", "a9", "b2"]


def test_fuse_hybrid_convex_follows_convex_and_omits_ranks_a_method_did_not_give() -> None:
    signals = Signals(sparse={"a": 1.0}, dense={"b": 0.7, "a": 0.1})
    out = fuse(signals, "hybrid", SearchConfig(fusion="convex", sparse_weight=0.5))
    assert {cid: s for cid, s, _ in out} == pytest.approx(convex(signals.sparse, signals.dense, 0.5))
    assert dict((cid, ranks) for cid, _, ranks in out)["b"] == {"dense": 1}


# -- best_sentence ------------------------------------------------------------------------------


TEXT = "Background to the review. A strategy discussion must include the police. Schools changed."


def test_best_sentence_picks_the_sentence_sharing_most_query_terms() -> None:
    start, end = best_sentence(TEXT, set(terms("strategy discussion police")))
    assert TEXT[start:end] == "A strategy discussion must include the police."


def test_best_sentence_takes_the_first_sentence_on_ties_and_without_matches() -> None:
    query_terms = set(terms("review schools"))  # one term each in the first and the last sentence
    start, end = best_sentence(TEXT, query_terms)
    assert (start, end) == (0, len("Background to the review."))
    assert best_sentence(TEXT, set()) == (0, len("Background to the review."))


def test_best_sentence_offsets_are_trimmed_of_surrounding_space() -> None:
    text = "  First sentence here.   Second about neglect.  "
    start, end = best_sentence(text, set(terms("neglect")))
    assert text[start:end] == "Second about neglect."
    assert best_sentence("", {"polic"}) == (0, 0)


# -- rerank helpers -----------------------------------------------------------------------------


def test_sentences_drop_short_headings_and_bullets() -> None:
    text = "Findings\n\n• The social worker visited the home twice.\n\n- Another list item long enough."
    assert sentences(text) == ["The social worker visited the home twice.", "Another list item long enough."]


def test_sentences_fall_back_to_the_whole_passage_when_every_sentence_is_short() -> None:
    assert sentences("  Short. Tiny.  ") == ["Short. Tiny."]


def _police_vectors(items: Sequence[tuple[str, str]]) -> np.ndarray:
    return np.asarray([[1.0, 0.0] if "police" in s else [0.0, 1.0] for _, s in items], dtype=np.float32)


RERANK_TEXTS = {
    "a": "The family moved house many times. Nobody recorded the moves.",
    "b": "The police were not told about it. The school noticed bruises.",
}


def test_rerank_keeps_ids_without_text_last_and_reports_each_best_sentence() -> None:
    result = rerank(
        ["x", "a", "b"],
        RERANK_TEXTS,
        sparse={"a": 1.0, "b": 0.9},
        dense={"a": 0.5, "b": 0.45},
        query_vector=np.asarray([1.0, 0.0]),
        query_terms={"polic"},
        vectors=_police_vectors,
        config=RerankConfig(top=3, bm25=0.1, dense=0.1, sentence=0.4, overlap=0.4),
    )
    assert [cid for cid, _ in result.ranked] == ["b", "a", "x"]
    assert result.ranked[-1] == ("x", -1.0)
    assert all(score >= 1.0 for _, score in result.ranked[:2])
    assert result.best_sentence["b"] == "The police were not told about it."


def test_rerank_with_fewer_than_two_candidates_keeps_the_order() -> None:
    result = rerank(["b", "a"], RERANK_TEXTS, {}, {}, np.ones(2), set(), _police_vectors, RerankConfig(top=1))
    assert result.ranked == [("b", 0.0), ("a", 0.0)]
    assert result.best_sentence == {}
