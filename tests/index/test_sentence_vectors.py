"""The answerer's sentence vectors: kept once computed, identical to embedding afresh, forgotten with their passage."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.service import Assistant
from index import CaseIndex, IndexConfig, SentenceTransformerEmbedder, ingest_paths
from index.sentence_vectors import SentenceVectors
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow

QUESTION = "What should happen when a bruise is seen on a baby who is not yet mobile?"


def test_stored_vectors_equal_a_fresh_embedding_and_are_not_embedded_twice(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    items = [("c1", "Bruising in a non-mobile baby needs a same-day referral."), ("c2", "Fathers were not seen.")]
    cache = SentenceVectors(tmp_path / "s.sqlite3", embedder, "model")
    first = cache.vectors(items)
    np.testing.assert_allclose(first, embedder.embed_batch([t for _, t in items]), atol=1e-5)
    assert cache.embedded == 2
    again = cache.vectors([items[1], items[0], items[1]])
    assert cache.embedded == 2
    np.testing.assert_array_equal(again, first[[1, 0, 1]])
    reopened = SentenceVectors(tmp_path / "s.sqlite3", embedder, "model")  # another worker process
    np.testing.assert_array_equal(reopened.vectors(items), first)
    assert reopened.embedded == 0
    other_model = SentenceVectors(tmp_path / "s.sqlite3", embedder, "another-model")
    other_model.vectors(items[:1])
    assert other_model.embedded == 1


def test_forgotten_passages_are_embedded_again(tmp_path: Path, embedder: SentenceTransformerEmbedder) -> None:
    cache = SentenceVectors(tmp_path / "s.sqlite3", embedder, "model")
    cache.vectors([("c1", "One sentence of a passage."), ("c2", "A sentence of another passage.")])
    cache.forget(["c1"])
    assert cache.stored_chunks() == {"c2"}
    cache.vectors([("c1", "One sentence of a passage.")])
    assert cache.embedded == 3


def test_answers_are_the_same_before_and_after_preparing(tmp_path: Path, embedder: SentenceTransformerEmbedder) -> None:
    cold = CaseIndex(IndexConfig(data_dir=tmp_path / "cold"), embedder=embedder)
    ingest_paths(cold, [SAMPLES])
    first = Assistant(cold).answer(QUESTION)
    assert first.answered and cold.sentence_vectors.embedded > 0

    warm = CaseIndex(IndexConfig(data_dir=tmp_path / "warm"), embedder=embedder)
    ingest_paths(warm, [SAMPLES])
    assistant = Assistant(warm)
    assistant.prepare()  # ingest embedded search's sentences, which are most of what answers weigh
    assert assistant.prepare() == 0  # resumable: nothing left to do
    before = warm.sentence_vectors.embedded
    second = assistant.answer(QUESTION)
    assert warm.sentence_vectors.embedded == before  # every sentence it weighed was ready
    assert second.text == first.text
    assert [c.quote for c in second.citations] == [c.quote for c in first.citations]


def test_removing_or_replacing_a_document_forgets_its_sentences(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES, corpus)
    notes = corpus / "practice-notes.txt"  # fictional, written for this test
    notes.write_text(
        "Practice notes (fictional).\n\nPractitioners should record who lives in the household at every visit. "
        "The notes remind staff to ask about new partners and to share what they learn the same day.\n",
        encoding="utf-8",
    )
    index = CaseIndex(IndexConfig(data_dir=tmp_path / "data"), embedder=embedder)
    ingest_paths(index, [corpus])
    Assistant(index).prepare()
    doc = next(d for d in index.documents() if d.source == notes.name)
    own = set(index.passage_ids_of([doc.id]))
    assert own and own <= index.sentence_vectors.stored_chunks()

    notes.write_text(notes.read_text(encoding="utf-8") + "\nA later paragraph was added to these notes for staff.\n")
    ingest_paths(index, [corpus])  # the new version replaces the old passages
    assert not own & index.sentence_vectors.stored_chunks()

    Assistant(index).prepare()
    replaced = set(index.passage_ids_of([doc.id]))
    assert replaced & index.sentence_vectors.stored_chunks()
    index.remove(doc.id)
    assert not replaced & index.sentence_vectors.stored_chunks()
