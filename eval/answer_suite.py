"""``caselearn eval answers``: answer quality on the real PDFs and the shared corpus indexed together.

Per set (the shared dev questions over the corpus and over the real PDFs, the follow-ups, the
out-of-scope questions, and the blind sets written after the answer model was frozen): the relevant
passage in the answer, the kind of answer, verbatim quotes, cited pages, repeated facts, abstention and
false abstention. The blind sets are never used to fit or tune anything (see ``eval.answer_train``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from assistant.models import Answer, Turn
from assistant.service import Assistant
from eval.answers import evaluate_answers
from eval.dataset import load_questions
from eval.documents import DocumentChecker
from index import CaseIndex, Embedder, IndexConfig, ingest_paths

SETS = Path(__file__).parent / "sets"


def answer_sets(shared: Path) -> dict[str, tuple[Path | None, Sequence[Path]]]:
    """``{name: (in-scope questions or None, out-of-scope question files)}``."""
    answers = SETS / "answers"
    return {
        "answers_real_dev": (shared / "real" / "dev-questions.jsonl", ()),
        "answers_corpus_dev": (shared / "eval" / "dev-questions.jsonl", ()),
        "answers_followups_dev": (SETS / "followups.jsonl", ()),
        "answers_out_of_scope_dev": (None, (SETS / "out-of-scope.jsonl", shared / "real" / "dev-out-of-scope.jsonl")),
        "answers_real_blind": (answers / "blind-questions.jsonl", ()),
        "answers_followups_blind": (answers / "blind-followups.jsonl", ()),
        "answers_out_of_scope_blind": (None, (answers / "blind-out-of-scope.jsonl",)),
    }


def build_index(shared: Path, work: Path, embedder: Embedder | None = None) -> CaseIndex:
    """The real PDFs and the shared corpus in one index (built once in ``work``, then reused)."""
    index = CaseIndex(IndexConfig(data_dir=work / "real-and-corpus"), embedder=embedder)
    ingest_paths(index, [shared / "real" / "docs", shared / "corpus"])
    return index


def answer_suite(
    shared: Path,
    work: Path,
    embedder: Embedder | None = None,
    progress: Callable[[str], None] | None = None,
    only: Sequence[str] = (),
) -> dict[str, dict[str, Any]]:
    """``{set name: {"metrics": ..., "results": [...]}}`` for every answer set (or those in ``only``)."""
    say = progress or (lambda _: None)
    say("indexing the real PDFs and the shared corpus together")
    index = build_index(shared, work, embedder)
    assistant = Assistant(index)
    assistant.prepare()
    checker = DocumentChecker(index)

    def answer(question: str, history: Sequence[Turn]) -> Answer:
        return assistant.answer(question, history=history)

    results: dict[str, dict[str, Any]] = {}
    for name, (questions, out_of_scope) in answer_sets(shared).items():
        if (only and name not in only) or (questions is not None and not questions.exists()):
            continue
        say(f"answers: {name}")
        items = load_questions(questions) if questions is not None else []
        histories = {q.id: [Turn(r, t) for r, t in q.history] for q in items if q.history}  # type: ignore[arg-type]
        report = evaluate_answers(
            name,
            answer,
            items,
            out_of_scope=[q for p in out_of_scope if p.exists() for q in load_questions(p)],
            histories=histories,
            document_text=checker.text,
            page_of=checker.page_of,
        )
        results[name] = report.as_dict()
    return results
