"""``caselearn eval all``: every dev set, one table, and a failure when a figure falls below its threshold."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from assistant.models import Answer, Turn
from assistant.referral import SemanticReader, check_referral, packaged_heads
from assistant.service import Assistant
from eval.answers import evaluate_answers
from eval.dataset import load_questions
from eval.documents import DocumentChecker
from eval.referral import evaluate_referral, load_scenarios
from eval.referral_facts import (
    fact_scores,
    fact_table,
    in_split,
    labelled_parts,
    load_labelled,
    reader_predict,
    write_split,
)
from eval.report import compare_configs, write_reports
from eval.retrieval import evaluate_retrieval
from index import CaseIndex, Embedder, IndexConfig, SearchConfig, ingest_paths
from index.rerank import RerankConfig

CONFIGS: dict[str, tuple[str, SearchConfig]] = {
    "bm25": ("bm25", SearchConfig()),
    "dense": ("dense", SearchConfig()),
    "hybrid-rrf": ("hybrid", SearchConfig(fusion="rrf", rerank=RerankConfig(top=0))),
    "hybrid-passage": ("hybrid", SearchConfig(rerank=RerankConfig(top=0))),
    "hybrid": ("hybrid", SearchConfig()),
}


def build_index(data_dir: Path, sources: list[Path], embedder: Embedder | None = None) -> CaseIndex:
    index = CaseIndex(IndexConfig(data_dir=data_dir), embedder=embedder)
    ingest_paths(index, sources)
    return index


def retrieval_suite(index: CaseIndex, questions: Path) -> dict[str, Any]:
    items = load_questions(questions)
    base = index.config
    metrics: dict[str, dict[str, float]] = {}
    per_question = {}
    for name, (mode, config) in CONFIGS.items():
        index.config = dataclasses.replace(base, search=config)
        report = evaluate_retrieval(name, lambda q, k, m=mode: index.search(q, k=k, mode=m), items)  # type: ignore[misc]
        per_question[name] = list(report.questions)
        metrics[name] = report.metrics
    index.config = base
    return {"metrics": metrics, "significance": compare_configs(per_question)}


def run_suite(
    shared: Path,
    work: Path,
    out_dir: Path,
    embedder: Embedder | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Index the shared corpus, the PDF and the samples (once, idempotently) and measure everything."""
    say = progress or (lambda _: None)
    sets = Path(__file__).parent / "sets"
    samples = Path(__file__).resolve().parents[1] / "samples"
    say("indexing the shared corpus, the PDF and the samples")
    corpus = build_index(work / "corpus", [shared / "corpus"], embedder)
    pdf = build_index(work / "pdf", [shared / "pdf" / "svpp-annual-report-2023-24.pdf"], corpus.embedder)
    both = build_index(work / "corpus-and-samples", [shared / "corpus", samples / "corpus"], corpus.embedder)
    results: dict[str, Any] = {}
    say("retrieval")
    for name, index, path in (
        ("retrieval_dev", corpus, shared / "eval" / "dev-questions.jsonl"),
        ("retrieval_pdf", pdf, shared / "pdf" / "dev-pdf-questions.jsonl"),
        ("retrieval_held_out", corpus, sets / "corpus-questions.jsonl"),
    ):
        results[name] = retrieval_suite(index, path)
        write_reports(name, results[name], out_dir, chart=results[name]["metrics"])
    if (shared / "real" / "docs").is_dir():
        from eval.real import real_suite

        for name, section in real_suite(shared, work, corpus.embedder, say).items():
            results[name] = section
            write_reports(name, section, out_dir, chart=section["metrics"])
    say("answers")
    out_of_scope = load_questions(sets / "out-of-scope.jsonl")
    for name, index, path in (
        ("answers_dev", corpus, shared / "eval" / "dev-questions.jsonl"),
        ("answers_pdf", pdf, shared / "pdf" / "dev-pdf-questions.jsonl"),
        ("answers_held_out", corpus, sets / "corpus-questions.jsonl"),
        ("answers_followups", corpus, sets / "followups.jsonl"),
    ):
        assistant = Assistant(index)
        checker = DocumentChecker(index)
        items = load_questions(path)
        histories = {q.id: [Turn(r, t) for r, t in q.history] for q in items if q.history}  # type: ignore[arg-type]

        def answer(question: str, history: Sequence[Turn], a: Assistant = assistant) -> Answer:
            return a.answer(question, history=history)

        answers = evaluate_answers(
            name,
            answer,
            items,
            out_of_scope=out_of_scope if name == "answers_dev" else (),
            histories=histories,
            document_text=checker.text,
            page_of=checker.page_of,
        )
        results[name] = {"metrics": answers.metrics}
        write_reports(name, results[name], out_dir)
    from eval.answer_suite import answer_suite

    for name, section in answer_suite(shared, work, corpus.embedder, say).items():
        results[name] = {"metrics": section["metrics"]}
        write_reports(name, results[name], out_dir)
    say("referral checks")
    heads = packaged_heads()
    semantic = SemanticReader(corpus.embedder.embed_batch, heads) if heads is not None else None
    labelled = load_labelled(labelled_parts(sets))
    facts_dev = write_split(in_split(labelled, "dev"), work / "referral-facts-dev.jsonl")
    for name, path in (
        ("referral_dev", shared / "referral" / "dev-scenarios.jsonl"),
        ("referral_facts_dev", facts_dev),
        ("referral_own", sets / "referral-scenarios.jsonl"),
        ("referral_blind2", sets / "referral-scenarios-blind2.jsonl"),
        ("referral_blind3", sets / "referral-scenarios-blind3.jsonl"),
        ("referral_blind4", sets / "referral-scenarios-blind4.jsonl"),
        ("referral_blind5", sets / "referral-scenarios-blind5.jsonl"),
        ("referral_blind6", sets / "referral-scenarios-blind6.jsonl"),
        ("referral_blind7", sets / "referral-scenarios-blind7.jsonl"),
        ("referral_blind8", sets / "referral-scenarios-blind8.jsonl"),
        ("referral_blind9", sets / "referral-scenarios-blind9.jsonl"),
        ("referral_blind10", sets / "referral-scenarios-blind10.jsonl"),
        ("referral_blind11", sets / "referral-scenarios-blind11.jsonl"),
        ("referral_blind12", sets / "referral-scenarios-blind12.jsonl"),
        ("referral_blind13", sets / "referral-scenarios-blind13.jsonl"),
        ("referral_blind14", sets / "referral-scenarios-blind14.jsonl"),
    ):
        if path.exists():
            report = evaluate_referral(
                name, lambda t, p: check_referral(t, None, p, semantic=semantic), load_scenarios(path)
            )
            results[name] = {"metrics": report.metrics}
            write_reports(name, results[name], out_dir)
    say("referral facts (dev split)")
    dev_facts = fact_scores(in_split(labelled, "dev"), reader_predict(semantic))
    results["referral_facts_fields_dev"] = {"metrics": _fact_means(fact_table(dev_facts))}
    write_reports("referral_facts_fields_dev", results["referral_facts_fields_dev"], out_dir)
    say("themes")
    from eval.themes import evaluate_tagging
    from eval.themes import load_labelled as load_theme_labels

    passages = load_theme_labels(sets / "theme-passages.jsonl", sets / "theme-labels.jsonl")
    held_out = [p for p in passages if int(p.id[1:]) % 2 == 0]
    results["themes_tagging_held_out"] = {
        "metrics": evaluate_tagging(both.tagger, held_out, [shared / "corpus", samples / "corpus"]).metrics
    }
    write_reports("themes_tagging_held_out", results["themes_tagging_held_out"], out_dir)
    return results


def _fact_means(table: dict[str, dict[str, float]]) -> dict[str, float]:
    """Mean precision and recall over the facts with support, for one line of the summary."""
    rows = [v for v in table.values() if v["support"]]
    return {
        "mean_precision": round(sum(v["precision"] for v in rows) / len(rows), 4) if rows else 0.0,
        "mean_recall": round(sum(v["recall"] for v in rows) / len(rows), 4) if rows else 0.0,
    }


def check_thresholds(results: dict[str, Any], thresholds: Path) -> list[str]:
    """Every figure below (or, for ``max:``, above) its committed threshold, as a sentence."""
    rules = yaml.safe_load(thresholds.read_text("utf-8"))
    failures = []
    for section, checks in rules.items():
        for key, bound in checks.items():
            config, _, metric = key.rpartition(".") if "." in key else ("", "", key)
            metrics = results.get(section, {}).get("metrics", {})
            value = (metrics.get(config, {}) if config else metrics).get(metric)
            if value is None:
                failures.append(f"{section}: {key} was not measured")
                continue
            if isinstance(bound, dict) and "max" in bound:
                if value > bound["max"]:
                    failures.append(f"{section}: {key} = {value:g} is above {bound['max']:g}")
            elif value < float(bound):
                failures.append(f"{section}: {key} = {value:g} is below {float(bound):g}")
    return failures
