"""Retrieval metrics over a question set, per search mode, computed with ranx."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from eval.dataset import Question
from eval.relevance import is_relevant, matches
from index import Hit

SearchFn = Callable[[str, int], list[Hit]]
METRICS = ("hit_rate@1", "hit_rate@5", "hit_rate@10", "mrr@10", "ndcg@10")
_MISSING = "__no_relevant_passage_retrieved__"


@dataclass(frozen=True)
class QuestionResult:
    id: str
    first_relevant_rank: int | None
    snippet_recall: float
    page_correct: bool | None
    ranked: tuple[str, ...]
    relevant: tuple[str, ...]
    passage_chars: tuple[int, ...]


@dataclass(frozen=True)
class RetrievalReport:
    name: str
    metrics: dict[str, float]
    questions: tuple[QuestionResult, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "metrics": self.metrics,
            "questions": [
                q.__dict__
                | {"ranked": list(q.ranked), "relevant": list(q.relevant), "passage_chars": list(q.passage_chars)}
                for q in self.questions
            ],
        }


def judge(question: Question, hits: Sequence[Hit]) -> QuestionResult:
    relevant = [h.chunk_id for h in hits if is_relevant(h.text, h.source, question.relevant, question.doc)]
    first = next((i for i, h in enumerate(hits, start=1) if h.chunk_id in relevant), None)
    found: set[int] = set()
    for h in hits[:10]:
        if question.doc is None or h.source == question.doc:
            found.update(matches(h.text, question.relevant))
    page_ok = None
    if question.pages and first is not None:
        page_ok = hits[first - 1].page in question.pages
    elif question.pages:
        page_ok = False
    return QuestionResult(
        id=question.id,
        first_relevant_rank=first,
        snippet_recall=len(found) / len(question.relevant) if question.relevant else 0.0,
        page_correct=page_ok,
        ranked=tuple(h.chunk_id for h in hits),
        relevant=tuple(relevant),
        passage_chars=tuple(len(h.text) for h in hits),
    )


def score(name: str, results: Sequence[QuestionResult]) -> RetrievalReport:
    """Aggregate with ranx; a question with no relevant passage retrieved scores zero."""
    from ranx import Qrels, Run, evaluate

    qrels = {r.id: ({cid: 1 for cid in r.relevant} or {_MISSING: 1}) for r in results}
    run = {
        r.id: ({cid: float(len(r.ranked) - i) for i, cid in enumerate(r.ranked)} or {"__empty__": 0.0}) for r in results
    }
    values = evaluate(Qrels(qrels), Run(run), list(METRICS), make_comparable=True)
    metrics = {m: round(float(values[m]), 4) for m in METRICS}
    metrics["recall@10"] = round(statistics.mean(r.snippet_recall for r in results), 4) if results else 0.0
    pages = [r.page_correct for r in results if r.page_correct is not None]
    if pages:
        metrics["page_accuracy"] = round(sum(pages) / len(pages), 4)
    chars = [c for r in results for c in r.passage_chars[:10]]
    metrics["median_passage_chars"] = float(statistics.median(chars)) if chars else 0.0
    return RetrievalReport(name, metrics, tuple(results))


def evaluate_retrieval(name: str, search: SearchFn, questions: Sequence[Question], k: int = 10) -> RetrievalReport:
    started = time.perf_counter()
    results = [judge(q, search(q.question, k)) for q in questions]
    report = score(name, results)
    report.metrics["seconds_per_query"] = round((time.perf_counter() - started) / max(1, len(questions)), 4)
    return report
