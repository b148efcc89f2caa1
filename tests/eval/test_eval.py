from __future__ import annotations

from pathlib import Path

import pytest

from assistant.service import Assistant
from eval import DatasetError, DocumentChecker, evaluate_answers, evaluate_retrieval, fold, load_questions, matches
from eval.dataset import Question
from index import CaseIndex

pytestmark = pytest.mark.slow


def test_fold_ignores_case_whitespace_quotes_and_dashes() -> None:
    assert fold("The  Child’s “voice” – heard") == fold('the child\'s "voice" - heard')
    assert matches("Children were seen in  school.", ["children were SEEN in school"]) == [0]


def test_questions_file_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "question": "ok"}\n{"id": "b"}\n')
    with pytest.raises(DatasetError, match="line 2"):
        load_questions(path)


def test_retrieval_metrics_reward_the_right_passage_first(sample_index: CaseIndex) -> None:
    query = "fire risk in a hoarded home"
    top, second = sample_index.search(query, k=2)
    snippet = second.text[-60:].strip()  # only the second passage holds it
    assert snippet not in top.text
    questions = [Question("q1", query, (snippet,), second.source)]
    report = evaluate_retrieval("hybrid", lambda q, k: sample_index.search(q, k=k), questions)
    assert report.metrics["hit_rate@1"] == 0.0 and report.metrics["hit_rate@5"] == 1.0
    assert report.metrics["mrr@10"] == 0.5
    wrong_doc = [Question("q1", query, (snippet,), "other.pdf")]
    bad = evaluate_retrieval("hybrid", lambda q, k: sample_index.search(q, k=k), wrong_doc)
    assert bad.metrics["hit_rate@10"] == 0.0


def test_answer_metrics_check_quotes_against_the_original_files(sample_index: CaseIndex) -> None:
    assistant = Assistant(sample_index)
    checker = DocumentChecker(sample_index)
    report = evaluate_answers(
        "samples",
        lambda q, h: assistant.answer(q, history=h),
        load_questions(Path("samples/questions.jsonl"))[:4],
        out_of_scope=load_questions(Path("samples/out-of-scope.jsonl"))[:3],
        document_text=checker.text,
        page_of=checker.page_of,
    )
    assert report.metrics["quotes_verbatim"] == 1.0
    assert report.metrics["page_accuracy"] == 1.0
    assert report.metrics["abstention_out_of_scope"] == 1.0
    assert report.metrics["latency_p50_ms"] > 0


def test_repeated_facts_count_quotes_that_carry_one_snippet_or_the_same_words() -> None:
    from eval.answers import repeated_facts

    relevant = ("within 15 working days",)
    quotes = [
        "Partners must undertake a rapid review within 15 working days.",
        "A rapid review should be completed within 15 working days of the notification.",
        "The review is shared with the panel.",
    ]
    assert repeated_facts(quotes, relevant) == 1
    assert (
        repeated_facts(["The review is shared with the panel.", "The review is shared with the panel today."], ()) == 1
    )
    assert repeated_facts(quotes[2:], relevant) == 0


def test_answer_kind_matches_when_the_question_is_read_right_and_the_first_quote_is_of_that_kind() -> None:
    from assistant.models import Answer, Citation
    from eval.answers import kind_matched
    from eval.dataset import Question

    citation = Citation(1, "a.txt", "A", None, None, None, "x", "d", "c")
    timed = Answer("Notifications must be sent within five working days. [1]", True, (citation,))
    untimed = Answer("The panel reviews notifications. [1]", True, (citation,))
    question = Question("q", "How quickly must the panel be notified?", kind="time")
    assert kind_matched(question, timed) is True
    assert kind_matched(question, untimed) is False
    assert kind_matched(Question("q", "How quickly must the panel be notified?"), timed) is None
