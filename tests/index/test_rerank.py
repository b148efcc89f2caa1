"""The second stage: candidates re-scored by their best sentence, and the sentence a citation points at."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from index.models import StoredPassage
from index.rerank import RerankConfig, rerank, sentences
from index.search import to_hit
from index.words import terms

TEXTS = {
    "a": "Background to the review. The family moved three times in a year. Schools changed each time.",
    "b": "Staff training is described here. A strategy discussion must include the police and a social worker.",
    "c": "Funding and budgets for the partnership. Contributions were agreed by each agency in the spring.",
}
QUERY = "who must take part in a strategy discussion"


def _vectors(items: Sequence[tuple[str, str]]) -> np.ndarray:
    """Unit vectors that point at the query for sentences about strategy discussions (a stand-in for the model)."""
    rows = []
    for _, sentence in items:
        on_topic = "strategy discussion" in sentence
        rows.append([1.0, 0.0] if on_topic else [0.0, 1.0])
    return np.asarray(rows, dtype=np.float32)


def test_a_passage_with_one_matching_sentence_rises_to_the_top() -> None:
    # Passage scores put "a" just ahead of "b"; a's sentences do not match, "b" has the one that does.
    result = rerank(
        ["a", "c", "b"],
        TEXTS,
        sparse={"a": 1.1, "c": 0.5, "b": 1.0},
        dense={"a": 0.62, "c": 0.3, "b": 0.6},
        query_vector=np.asarray([1.0, 0.0], dtype=np.float32),
        query_terms=set(terms(QUERY)),
        vectors=_vectors,
        config=RerankConfig(top=3),
    )
    assert result.ranked[0][0] == "b"
    assert result.best_sentence["b"].startswith("A strategy discussion must include")


def test_turned_off_it_keeps_the_order() -> None:
    result = rerank(["a", "b"], TEXTS, {}, {}, np.ones(2), set(), _vectors, RerankConfig(top=1))
    assert [cid for cid, _ in result.ranked] == ["a", "b"]


def test_headings_and_labels_are_not_matched_as_sentences() -> None:
    assert sentences("Findings\n\nThe father was not seen by any service during the year.") == [
        "The father was not seen by any service during the year."
    ]


def test_the_hit_page_is_the_page_of_the_chosen_sentence() -> None:
    text = "The first page ends with this sentence. The second page holds the answer to the question."
    row = StoredPassage(
        id="x",
        document_id="d",
        text=text,
        char_start=0,
        char_end=len(text),
        page_start=4,
        page_end=5,
        section=None,
        page_breaks=((text.index("The second"), 5),),
        source="d.pdf",
        title="Test",
        url=None,
        review_type=None,
        publisher=None,
        nation=None,
        year=None,
        kind=None,
        format="pdf",
        themes=(),
        ordinal=0,
        paragraphs=(),
        ocr_pages=(),
        page_labels=(),
        chapter=None,
    )
    query_terms = set(terms("first page sentence"))
    assert to_hit(row, 1.0, {}, query_terms).page == 4
    assert to_hit(row, 1.0, {}, query_terms, anchor="The second page holds the answer to the question.").page == 5
