"""Answer metrics: relevant passage in the answer, answer kind, verbatim quotes, page accuracy, repeated facts,
abstention and false abstention, latency."""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.kinds import question_kind, sentence_kinds
from assistant.models import Answer, Turn
from eval.dataset import Question
from eval.relevance import fold, matches

AnswerFn = Callable[[str, Sequence[Turn]], Answer]
DocumentText = Callable[[str], "str | None"]
PageOf = Callable[[str, str], "int | None"]


@dataclass(frozen=True)
class AnswerResult:
    id: str
    answered: bool
    contains_relevant: bool
    quotes: int
    quotes_verbatim: int
    pages_checked: int
    pages_right: int
    seconds: float
    kind_match: bool | None = None  # None where the set does not label the kind of answer wanted
    repeated_facts: int = 0  # pairs of quotes in the answer that state the same fact


@dataclass(frozen=True)
class AnswerReport:
    name: str
    metrics: dict[str, float]
    results: tuple[AnswerResult, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "metrics": self.metrics, "results": [r.__dict__ for r in self.results]}


_MARKER = re.compile(r"\s*\[\d+\]\s*")


def quotes_of(answer: Answer) -> list[str]:
    """The quotes of an extractive answer, in order (its text is quotes, each followed by ``[n]``)."""
    return [q for q in _MARKER.split(answer.text) if q.strip()] if answer.citations else []


def repeated_facts(quotes: list[str], relevant: tuple[str, ...]) -> int:
    """Pairs of quotes that state one fact: both carry the same relevant snippet, or mostly the same words."""
    pairs = 0
    for i, a in enumerate(quotes):
        for b in quotes[i + 1 :]:
            shared = set(matches(a, relevant)) & set(matches(b, relevant)) if relevant else set()
            wa, wb = set(fold(a).split()), set(fold(b).split())
            close = bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.6
            pairs += bool(shared) or close
    return pairs


def kind_matched(question: Question, answer: Answer) -> bool | None:
    """Was the kind of answer wanted recognised, and is the first quote a statement of that kind?"""
    if question.kind is None or not answer.answered:
        return None
    quotes = quotes_of(answer)
    return (
        question_kind(question.question) == question.kind
        and bool(quotes)
        and question.kind in sentence_kinds(quotes[0])
    )


def judge_answer(
    question: Question, answer: Answer, seconds: float, document_text: DocumentText, page_of: PageOf
) -> AnswerResult:
    cited = [c for c in answer.citations if question.doc is None or c.source == question.doc]
    relevant = bool(question.relevant) and (
        any(matches(c.quote, question.relevant) for c in cited)
        or (bool(cited) and bool(matches(answer.text, question.relevant)))
    )
    verbatim = pages_checked = pages_right = 0
    for citation in answer.citations:
        text = document_text(citation.document_id)
        if text is not None and fold(citation.quote) in fold(text):
            verbatim += 1
        if citation.page is not None:
            pages_checked += 1
            if page_of(citation.document_id, citation.quote) == citation.page:
                pages_right += 1
    return AnswerResult(
        question.id,
        answer.answered,
        relevant,
        len(answer.citations),
        verbatim,
        pages_checked,
        pages_right,
        seconds,
        kind_matched(question, answer),
        repeated_facts(quotes_of(answer), question.relevant),
    )


def _pct(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def evaluate_answers(
    name: str,
    answer: AnswerFn,
    questions: Sequence[Question],
    *,
    out_of_scope: Sequence[Question] = (),
    histories: dict[str, list[Turn]] | None = None,
    document_text: DocumentText,
    page_of: PageOf,
) -> AnswerReport:
    results: list[AnswerResult] = []
    for q in questions:
        started = time.perf_counter()
        a = answer(q.question, (histories or {}).get(q.id, []))
        results.append(judge_answer(q, a, time.perf_counter() - started, document_text, page_of))
    abstained: list[bool] = []
    oos_latency: list[float] = []
    for q in out_of_scope:
        started = time.perf_counter()
        a = answer(q.question, [])
        oos_latency.append(time.perf_counter() - started)
        abstained.append(not a.answered)
    quotes = sum(r.quotes for r in results)
    pages = sum(r.pages_checked for r in results)
    latencies = [r.seconds for r in results] + oos_latency
    metrics: dict[str, float] = {
        "questions": float(len(results)),
        "answer_contains_relevant": round(statistics.mean(r.contains_relevant for r in results), 4) if results else 0,
        "false_abstention": round(statistics.mean(not r.answered for r in results), 4) if results else 0.0,
        "quotes_verbatim": round(sum(r.quotes_verbatim for r in results) / quotes, 4) if quotes else 1.0,
        "page_accuracy": round(sum(r.pages_right for r in results) / pages, 4) if pages else 1.0,
        "repeated_facts_per_answer": round(statistics.mean(r.repeated_facts for r in results), 4) if results else 0.0,
        "answers_repeating_a_fact": float(sum(r.repeated_facts > 0 for r in results)),
        "latency_p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else 0.0,
        "latency_p95_ms": round(1000 * _pct(latencies, 0.95), 1),
    }
    typed = [r.kind_match for r in results if r.kind_match is not None]
    if typed:
        metrics["answer_kind_match"] = round(statistics.mean(typed), 4)
    if not results:
        metrics = {k: v for k, v in metrics.items() if k.startswith("latency")}
    if out_of_scope:
        metrics["out_of_scope_questions"] = float(len(abstained))
        metrics["abstention_out_of_scope"] = round(statistics.mean(abstained), 4)
    return AnswerReport(name, metrics, tuple(results))
