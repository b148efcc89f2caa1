"""The feedback store: ratings in SQLite under the data directory, question text only when opted in."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from assistant.feedback import FILE_NAME, FeedbackContext, FeedbackStore, normalise_question
from assistant.models import Answer, Citation, Source

QUESTION = "What should happen when a bruise is seen on a baby?"


def _answer() -> Answer:
    citations = tuple(
        Citation(n, "cspr-child-b.pdf", "Child B", page, None, None, "quote", "doc", f"c{n}")
        for n, page in ((1, 3), (2, 2), (3, 3))
    )
    return Answer("Quote. [1] Quote. [2] Quote. [3]", True, citations)


def test_ratings_keep_a_hash_and_sources_but_never_the_text_by_default(tmp_path: Path) -> None:
    store = FeedbackStore.in_data_dir(tmp_path)
    ctx = store.context_for(QUESTION, _answer())
    assert ctx.question is None and ctx.sources == ("cspr-child-b.pdf#p3", "cspr-child-b.pdf#p2")
    first = store.record("slack", "helpful", ctx)
    second = store.record("teams", "not_helpful", ctx, reason="incomplete")
    assert second == first + 1
    (a, b) = store.records()
    assert (a.channel, a.rating, a.reason, b.reason) == ("slack", "helpful", None, "incomplete")
    assert a.question is None and a.question_hash == store.question_hash(QUESTION) == ctx.question_hash
    assert a.created_at.endswith("+00:00")
    assert QUESTION.encode() not in (tmp_path / FILE_NAME).read_bytes()


def test_hash_is_keyed_per_store_stable_across_reopening_and_ignores_case_and_spacing(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "a" / FILE_NAME)
    again = FeedbackStore(tmp_path / "a" / FILE_NAME)
    other = FeedbackStore(tmp_path / "b" / FILE_NAME)
    assert store.question_hash(QUESTION) == again.question_hash(
        "  what SHOULD happen when a bruise is seen on a baby? "
    )
    assert store.question_hash(QUESTION) != other.question_hash(QUESTION)
    assert normalise_question(" A  b\nC ") == "a b c"


def test_question_text_is_stored_only_when_enabled(tmp_path: Path) -> None:
    store = FeedbackStore.in_data_dir(tmp_path, store_text=True)
    store.record("slack", "helpful", store.context_for(QUESTION, _answer()))
    assert store.records()[0].question == QUESTION
    plain = FeedbackStore.in_data_dir(tmp_path / "plain")
    plain.record("slack", "helpful", FeedbackContext("h", (), True, question=QUESTION))
    assert plain.records()[0].question is None


def test_invalid_ratings_and_reasons_are_refused_and_reasons_can_be_added_later(tmp_path: Path) -> None:
    store = FeedbackStore.in_data_dir(tmp_path)
    ctx = FeedbackContext("h1", ("a.pdf",))
    with pytest.raises(ValueError):
        store.record("slack", "meh", ctx)
    with pytest.raises(ValueError):
        store.record("slack", "not_helpful", ctx, reason="rude")
    feedback_id = store.record("slack", "not_helpful", ctx)
    assert store.set_reason(feedback_id, "wrong_source") and store.records()[0].reason == "wrong_source"
    assert not store.set_reason(feedback_id + 100, "other")
    with pytest.raises(ValueError):
        store.set_reason(feedback_id, "nonsense")
    with pytest.raises(sqlite3.IntegrityError), sqlite3.connect(store.path) as db:  # the table refuses other ratings
        db.execute(
            "INSERT INTO feedback (created_at, channel, rating, question_hash, answered, sources) "
            "VALUES ('t', 'x', 'great', 'h', 1, '[]')"
        )


def test_context_encodes_compactly_for_a_button_and_rejects_garbage() -> None:
    ctx = FeedbackContext("abc", tuple(f"file-{i}.pdf#p{i}" for i in range(200)), False, question="secret")
    encoded = ctx.encode(limit=500)
    assert len(encoded) <= 500 and "secret" not in encoded
    decoded = FeedbackContext.decode(encoded)
    assert decoded is not None and decoded.question_hash == "abc" and decoded.answered is False
    assert decoded.sources == ctx.sources[: len(decoded.sources)] and decoded.question is None
    assert FeedbackContext.decode("not json") is None
    assert FeedbackContext.decode('{"s": []}') is None
    assert FeedbackContext.decode("[1, 2]") is None


def test_abstentions_record_the_nearest_documents(tmp_path: Path) -> None:
    store = FeedbackStore.in_data_dir(tmp_path)
    answer = Answer("not answered", False, nearest=(Source("b.pdf", "B", None, None, 0.4),))
    ctx = store.context_for("Who won the rugby?", answer)
    assert ctx.sources == ("b.pdf",) and not ctx.answered


def test_export_candidates_groups_by_question_for_the_evaluation_harness(tmp_path: Path) -> None:
    store = FeedbackStore.in_data_dir(tmp_path, store_text=True)
    good = store.context_for(QUESTION, _answer())
    bad = store.context_for(
        "Who decides on a rapid review?",
        Answer("x", False, nearest=(Source("protocol.docx", "Protocol", None, None, 0.4),)),
    )
    store.record("slack", "helpful", good)
    store.record("teams", "helpful", good)
    store.record("slack", "not_helpful", bad, reason="incomplete")
    store.record("teams", "not_helpful", bad, reason="incomplete")
    store.record("teams", "not_helpful", FeedbackContext("unknown"))
    candidates = store.export_candidates()
    by_hash = {c["question_hash"]: c for c in candidates}
    first = by_hash[good.question_hash]
    assert first["id"].startswith("fb-") and first["question"] == QUESTION
    assert (first["helpful"], first["not_helpful"], first["expect"]) == (2, 0, "answer")
    assert first["doc"] == "cspr-child-b.pdf" and first["channels"] == ["slack", "teams"]
    second = by_hash[bad.question_hash]
    assert second["expect"] == "review" and second["reasons"] == {"incomplete": 2} and second["answered"] is False
    assert second["doc"] == "protocol.docx"
    assert by_hash["unknown"]["question"] is None and by_hash["unknown"]["doc"] is None
    assert candidates[0]["expect"] == "review" and candidates[-1]["question_hash"] == good.question_hash


def test_concurrent_writers(tmp_path: Path) -> None:
    store = FeedbackStore.in_data_dir(tmp_path)
    ctx = FeedbackContext("h")

    def rate() -> None:
        for _ in range(20):
            store.record("slack", "helpful", ctx)

    threads = [threading.Thread(target=rate) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.records()) == 100


def test_a_damaged_token_with_non_ascii_characters_is_refused_not_an_error(tmp_path: Path) -> None:
    store = FeedbackStore.in_data_dir(tmp_path)
    assert store.context_from_token("abc.é") is None
    assert store.context_from_token("é.ü") is None
