"""Search on the eight real published PDFs in ``../shared/real``: caselearn's configurations beside a naive
LangChain prototype, on the shared development questions, our tuning set and our blind set.

The tuning and blind sets (``eval/sets/real``) were written by helpers who never saw the code; their
snippets are stored as digests (see ``eval.relevance``) so no sentence of the documents is copied here.
The blind set was written after the ranking was frozen and is never used to tune anything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from eval.bench.naive import NaivePipeline
from eval.dataset import load_questions
from eval.retrieval import evaluate_retrieval
from index import CaseIndex, Embedder, IndexConfig, ingest_paths

SETS = Path(__file__).parent / "sets" / "real"


def question_sets(shared: Path) -> dict[str, Path]:
    return {
        "dev": shared / "real" / "dev-questions.jsonl",
        "tuning": SETS / "train-questions.jsonl",
        "blind": SETS / "blind-questions.jsonl",
    }


def real_suite(
    shared: Path,
    work: Path,
    embedder: Embedder | None = None,
    progress: Callable[[str], None] | None = None,
    naive: bool = True,
) -> dict[str, dict[str, Any]]:
    """``{"retrieval_real_<set>": {"metrics": {config: metrics}}}`` for each question set."""
    from eval.suite import retrieval_suite

    say = progress or (lambda _: None)
    docs = shared / "real" / "docs"
    say("indexing the eight real PDFs")
    index = CaseIndex(IndexConfig(data_dir=work / "real"), embedder=embedder)
    ingest_paths(index, [docs])
    pipeline: NaivePipeline | None = None
    if naive:
        say("the naive LangChain prototype over the same PDFs")
        folder = work / "real-naive"
        fresh = not folder.exists()
        pipeline = NaivePipeline(folder, index.embedder, collection="naive-real")
        if fresh or not pipeline.store.get(limit=1)["ids"]:
            pipeline.ingest_pdfs(docs)
    results: dict[str, dict[str, Any]] = {}
    for name, path in question_sets(shared).items():
        if not path.exists():
            continue
        say(f"real documents: {name} questions")
        section = retrieval_suite(index, path)
        if pipeline is not None:
            report = evaluate_retrieval("naive", pipeline.search, load_questions(path))
            section["metrics"] = {"naive-langchain": report.metrics, **section["metrics"]}
        results[f"retrieval_real_{name}"] = section
    return results
