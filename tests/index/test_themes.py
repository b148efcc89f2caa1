from __future__ import annotations

from pathlib import Path

import pytest

from eval.themes import evaluate_tagging, load_labelled
from index import CaseIndex, Filters, SentenceTransformerEmbedder, ThemeTagger, taxonomy

pytestmark = pytest.mark.slow
SETS = Path(__file__).resolve().parents[2] / "eval" / "sets"


def test_taxonomy_has_the_required_themes_with_descriptions() -> None:
    ids = {t.id for t in taxonomy()}
    assert {
        "neglect",
        "safe_sleep",
        "nai_babies",
        "domestic_abuse",
        "fathers",
        "exploitation",
        "self_neglect",
        "mental_capacity",
        "professional_curiosity",
        "information_sharing",
        "escalation",
        "voice_of_the_child",
        "disability_send",
        "elective_home_education",
        "transition",
        "suicide_self_harm",
        "was_not_brought",
        "housing",
        "culture_language",
        "substance_misuse",
        "parental_mental_health",
    } <= ids
    assert all(t.description and t.strong is not None for t in taxonomy())


def test_passages_are_tagged_at_ingest_and_shown_in_hits(sample_index: CaseIndex) -> None:
    counts = sample_index.theme_counts()
    assert counts["self_neglect"][0] >= 1 and counts["safe_sleep"][0] >= 1
    hit = sample_index.search("hoarding and fire risk", k=1)[0]
    assert "self_neglect" in hit.themes


def test_search_can_filter_by_theme(sample_index: CaseIndex) -> None:
    hits = sample_index.search("what should practitioners do", k=10, filters=Filters(themes=("safe_sleep",)))
    assert hits and all("safe_sleep" in h.themes for h in hits)
    assert sample_index.search("anything", filters=Filters(themes=("no_such_theme",))) == []


def test_unrelated_passages_are_not_tagged(embedder: SentenceTransformerEmbedder) -> None:
    tagger = ThemeTagger(embedder)
    budget = "Partner contributions to the partnership budget were agreed at the executive meeting in March."
    assert tagger.tag([budget]) == [()]


def test_retag_rebuilds_themes_from_stored_vectors(sample_index: CaseIndex) -> None:
    before = sample_index.theme_counts()
    assert sample_index.retag() == before


def test_tagging_precision_on_the_held_out_half_of_the_labelled_passages(
    embedder: SentenceTransformerEmbedder, shared: Path
) -> None:
    passages = load_labelled(SETS / "theme-passages.jsonl", SETS / "theme-labels.jsonl")
    held_out = [p for p in passages if int(p.id[1:]) % 2 == 0]
    report = evaluate_tagging(
        ThemeTagger(embedder), held_out, [shared / "corpus", SETS.parents[1] / "samples" / "corpus"]
    )
    assert report.metrics["passages"] >= 60
    assert report.metrics["precision"] >= 0.7
    assert report.metrics["recall"] >= 0.45
