"""``caselearn eval ...``: measure retrieval and answers on question sets."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click
from rich.table import Table

from integrations.cli.common import err, open_index, out, user_errors
from integrations.cli.group import cli

# The names of eval.suite.CONFIGS (a test keeps them equal), so `--help` does not load the suite.
RETRIEVAL_CONFIGS = ("bm25", "dense", "hybrid-rrf", "hybrid-passage", "hybrid")


def _load(path: Path) -> list:  # type: ignore[type-arg]
    from eval import DatasetError, load_questions

    try:
        return load_questions(path)
    except DatasetError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.group(name="eval")
def eval_group() -> None:
    """Measure quality on question sets (formats as in ../shared/eval)."""


@eval_group.command("retrieval")
@click.argument("questions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--config",
    "configs",
    multiple=True,
    type=click.Choice(RETRIEVAL_CONFIGS),
    help="Configurations to compare (default: all).",
)
@click.option("--k", default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def eval_retrieval(ctx: click.Context, questions: Path, configs: tuple[str, ...], k: int, as_json: bool) -> None:
    """hit@1/5/10, MRR@10, nDCG@10, recall@10 and page accuracy per search configuration."""
    from eval import evaluate_retrieval
    from eval.suite import CONFIGS
    from index import Hit

    index = open_index(ctx)
    items = _load(questions)
    reports = []
    base = index.config
    with user_errors():
        for name in configs or tuple(CONFIGS):
            mode, search_config = CONFIGS[name]
            index.config = dataclasses.replace(base, search=search_config)

            def run_search(query: str, n: int, mode: str = mode) -> list[Hit]:
                return index.search(query, k=n, mode=mode)  # type: ignore[arg-type]

            reports.append(evaluate_retrieval(name, run_search, items, k))
        index.config = base
    if as_json:
        click.echo(json.dumps({r.name: r.metrics for r in reports}, indent=2))
        return
    keys = list(reports[0].metrics)
    table = Table("config", *keys, title=f"{questions.name} ({len(items)} questions)")
    for r in reports:
        table.add_row(r.name, *(f"{r.metrics[key]:g}" for key in keys))
    out.print(table)


F = TypeVar("F", bound=Callable[..., object])


def _folder_option(name: str, default: str, help_text: str, must_exist: bool = False) -> Callable[[F], F]:
    return click.option(
        name,
        type=click.Path(exists=must_exist, file_okay=False, path_type=Path),
        default=Path(default),
        show_default=True,
        help=help_text,
    )


_SHARED_HELP = "The shared corpus, real PDFs, questions and scenarios."
_WORK_HELP = "Where the evaluation indexes are kept (built once, then reused)."


@eval_group.command("real")
@_folder_option("--shared", "../shared", _SHARED_HELP, must_exist=True)
@_folder_option("--work", "data/eval", _WORK_HELP)
@click.option("--no-naive", is_flag=True, help="Leave out the naive LangChain prototype.")
@click.option("--json", "as_json", is_flag=True)
def eval_real(shared: Path, work: Path, no_naive: bool, as_json: bool) -> None:
    """Search on the eight real PDFs in ../shared/real: every configuration beside a naive prototype."""
    from eval.real import real_suite

    with user_errors():
        results = real_suite(shared, work, progress=lambda m: err.print(m, highlight=False), naive=not no_naive)
    if as_json:
        click.echo(json.dumps({k: v["metrics"] for k, v in results.items()}, indent=2))
        return
    keys = ("hit_rate@1", "hit_rate@5", "mrr@10", "page_accuracy")
    for name, section in results.items():
        table = Table("config", *keys, title=name)
        for config, metrics in section["metrics"].items():
            table.add_row(config, *(f"{metrics.get(key, 0):g}" for key in keys))
        out.print(table)


@eval_group.command("answers")
@click.argument("questions", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--abstain",
    "out_of_scope",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Questions the documents do not answer (abstention is measured on them).",
)
@_folder_option("--shared", "../shared", _SHARED_HELP)
@_folder_option("--work", "data/eval", _WORK_HELP)
@click.option("--set", "only", multiple=True, help="Without QUESTIONS: only this answer set (repeatable).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def eval_answers(
    ctx: click.Context,
    questions: Path | None,
    out_of_scope: Path | None,
    shared: Path,
    work: Path,
    only: tuple[str, ...],
    as_json: bool,
) -> None:
    """Answer quality: relevant passage in the answer, kind of answer, verbatim quotes, cited pages, repeated
    facts, abstention. With QUESTIONS, on your own index; without, every answer set on the real PDFs and the
    shared corpus (dev, follow-ups, out of scope, blind)."""
    from assistant.models import Turn
    from eval import DocumentChecker, evaluate_answers

    if questions is None:
        _answer_sets(shared, work, only, as_json)
        return
    from integrations.compose import build_assistant

    index = open_index(ctx)
    assistant = build_assistant(ctx.obj["settings"], index)
    items = _load(questions)
    histories = {q.id: [Turn(role, text) for role, text in q.history] for q in items if q.history}  # type: ignore[arg-type]
    checker = DocumentChecker(index)
    with user_errors():
        assistant.answer("warm up the model")
        report = evaluate_answers(
            questions.name,
            lambda q, h: assistant.answer(q, history=h),
            items,
            out_of_scope=_load(out_of_scope) if out_of_scope else (),
            histories=histories,
            document_text=checker.text,
            page_of=checker.page_of,
        )
    if as_json:
        click.echo(json.dumps(report.metrics, indent=2))
        return
    _metrics_table(questions.name, report.metrics)
    missed = [r.id for r in report.results if not r.contains_relevant]
    if missed:
        out.print(f"Relevant passage missing from the answer: {', '.join(missed)}", highlight=False)


def _metrics_table(title: str, metrics: dict[str, float]) -> None:
    table = Table("metric", "value", title=title)
    for key, value in metrics.items():
        table.add_row(key.replace("_", " "), f"{value:g}")
    out.print(table)


def _answer_sets(shared: Path, work: Path, only: tuple[str, ...], as_json: bool) -> None:
    from eval.answer_suite import answer_suite

    if not (shared / "real" / "docs").is_dir():
        raise click.ClickException(f"The shared real documents are not in {shared / 'real' / 'docs'}; pass --shared.")
    with user_errors():
        results = answer_suite(
            shared, work, progress=lambda step: err.print(f"eval: {step}", highlight=False), only=only
        )
    if as_json:
        click.echo(json.dumps({name: section["metrics"] for name, section in results.items()}, indent=2))
        return
    for name, section in results.items():
        _metrics_table(name, section["metrics"])


@eval_group.command("referral")
@click.argument("scenarios", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--partnership", default="wiltshire", show_default=True, help="Profile for scenarios that do not name one."
)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def eval_referral(ctx: click.Context, scenarios: Path, partnership: str, as_json: bool) -> None:
    """Verdict agreement per (scenario, route), critical misses, over-calls and forms."""
    from eval import DatasetError
    from eval.referral import evaluate_referral, load_scenarios
    from integrations.compose import build_assistant

    try:
        items = load_scenarios(scenarios, partnership)
    except DatasetError as exc:
        raise click.ClickException(str(exc)) from exc
    assistant = build_assistant(ctx.obj["settings"], open_index(ctx))
    with user_errors():
        report = evaluate_referral(scenarios.name, lambda text, p: assistant.referral_check(text, None, p), items)
    if as_json:
        click.echo(json.dumps(report.metrics, indent=2))
        return
    table = Table("metric", "value", title=scenarios.name)
    for key, value in report.metrics.items():
        table.add_row(key, f"{value:g}")
    out.print(table)
    for r in report.results:
        if r.disagreements:
            out.print(f"{r.id}: " + "; ".join(r.disagreements), highlight=False)


_SETS = Path(__file__).resolve().parents[2] / "eval" / "sets"
_sets_option = click.option(
    "--sets",
    "sets_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=_SETS,
    help="Folder holding referral-facts/part-*.jsonl.",
)


@eval_group.command("referral-facts")
@click.option("--split", type=click.Choice(["train", "dev", "blind"]), default="dev", show_default=True)
@_sets_option
@click.option("--json", "as_json", is_flag=True)
def eval_referral_facts(split: str, sets_dir: Path, as_json: bool) -> None:
    """Fact-level precision and recall per fact on one split of the fact-labelled situations, for caselearn
    0.1's pattern reader, the rules alone and rules with the clause classifiers; then route figures."""
    from eval.referral_facts import in_split, labelled_parts, load_labelled
    from eval.referral_report import compare_readers

    with user_errors():
        items = in_split(load_labelled(labelled_parts(sets_dir)), split)
        report = compare_readers(items, progress=lambda step: err.print(f"eval: {step}", highlight=False))
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    facts = report["facts"]
    table = Table(
        "fact", *(f"{r} P/R" for r in facts), "n", title=f"Fact-level, {split} split ({len(items)} situations)"
    )
    names = list(next(iter(facts.values())))
    for name in names:
        cells = [f"{facts[r][name]['precision']:.2f} / {facts[r][name]['recall']:.2f}" for r in facts]
        table.add_row(name.replace("_", " "), *cells, f"{facts[next(iter(facts))][name]['support']:g}")
    out.print(table)
    routes = Table("reader", "metric", "value", title="Routes")
    for reader, metrics in report["routes"].items():
        for key, value in metrics.items():
            routes.add_row(reader, key, f"{value:g}")
    out.print(routes)


@eval_group.command("referral-train")
@_sets_option
@click.option(
    "--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), help="Default: the packaged weights."
)
def eval_referral_train(sets_dir: Path, out_path: Path | None) -> None:
    """Train the referral reader's clause classifiers on the train split (thresholds on dev) and save them."""
    from assistant.referral.reading.semantic import weights_path
    from eval.referral_facts import in_split, labelled_parts, load_labelled
    from eval.referral_train import select_heads, train_heads
    from index.embed import DEFAULT_MODEL, SentenceTransformerEmbedder

    with user_errors():
        items = load_labelled(labelled_parts(sets_dir))
        embedder = SentenceTransformerEmbedder()
        heads, reports = train_heads(
            in_split(items, "train"), in_split(items, "dev"), embedder.embed_batch, DEFAULT_MODEL
        )
        heads, chosen = select_heads(heads, in_split(items, "dev"), embedder.embed_batch)
    target = out_path or weights_path()
    heads.save(target)
    table = Table("head", "train positives", "threshold", "dev precision", "dev recall", "on dev, with the words")
    for r in reports:
        table.add_row(
            r.label,
            str(r.positives),
            f"{r.threshold:.2f}",
            f"{r.dev_precision:.2f}",
            f"{r.dev_recall:.2f}",
            chosen.get(r.label, "dropped: never fires"),
        )
    out.print(table)
    err.print(f"Saved {len(heads.labels)} heads to {target} (checksum {heads.checksum()}).", highlight=False)


@eval_group.command("themes")
@click.option(
    "--sets",
    "sets_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("eval/sets"),
    show_default=True,
)
@click.option(
    "--corpus",
    "corpus",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folders holding the labelled passages' documents (default ../shared/corpus and samples/corpus).",
)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def eval_themes(ctx: click.Context, sets_dir: Path, corpus: tuple[Path, ...], as_json: bool) -> None:
    """Tagging precision/recall on hand-labelled passages; digests against the expected documents."""
    from assistant.learning import theme_digest
    from eval.themes import evaluate_digests, evaluate_tagging, load_labelled

    folders = list(corpus) or [Path("../shared/corpus"), Path("samples/corpus")]
    index = open_index(ctx)
    passages = load_labelled(sets_dir / "theme-passages.jsonl", sets_dir / "theme-labels.jsonl")
    with user_errors():
        tagger = index.tagger
        report = {
            "tagging_all": evaluate_tagging(tagger, passages, folders).metrics,
            "tagging_held_out_half": evaluate_tagging(
                tagger, [p for p in passages if int(p.id[1:]) % 2 == 0], folders
            ).metrics,
            "digests": evaluate_digests(
                sets_dir / "theme-expectations.yaml",
                lambda theme_id: d.sources() if (d := theme_digest(index, theme_id)) else set(),
            ),
        }
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    for name in ("tagging_all", "tagging_held_out_half"):
        out.print(f"[bold]{name}[/bold]: " + ", ".join(f"{k} {v:g}" for k, v in report[name].items()), highlight=False)
    for theme_id, row in report["digests"].items():
        out.print(f"{theme_id}: {row}", highlight=False)


@eval_group.command("all")
@_folder_option("--shared", "../shared", _SHARED_HELP, must_exist=True)
@_folder_option("--work", "data/eval", _WORK_HELP)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports/eval"),
    show_default=True,
    help="JSON, Markdown and PNG reports.",
)
@click.option(
    "--thresholds",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=Path("eval/thresholds.yaml"),
    show_default=True,
)
def eval_all(shared: Path, work: Path, out_dir: Path, thresholds: Path) -> None:
    """Every dev set: retrieval (with significance tests), answers, referral, themes; exit 1 below a threshold."""
    import sys

    from eval.suite import check_thresholds, run_suite

    with user_errors():
        results = run_suite(shared, work, out_dir, progress=lambda step: err.print(f"eval: {step}", highlight=False))
    table = Table("set", "figures", title="caselearn evaluation")
    for name, value in results.items():
        metrics = value["metrics"]
        if name.startswith("retrieval"):
            shown = ", ".join(f"{c}: hit@1 {m['hit_rate@1']:g} MRR {m['mrr@10']:g}" for c, m in metrics.items())
        else:
            shown = ", ".join(f"{k} {v:g}" for k, v in metrics.items())
        table.add_row(name, shown)
    out.print(table)
    failures = check_thresholds(results, thresholds)
    for failure in failures:
        err.print(f"[red]below threshold[/red] {failure}", highlight=False)
    err.print(f"Reports written to {out_dir}/", highlight=False)
    if failures:
        sys.exit(1)


@eval_group.command("feedback")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), help="Write JSONL here.")
@click.pass_context
def eval_feedback(ctx: click.Context, out_path: Path | None) -> None:
    """Export Slack and Teams feedback as candidate evaluation questions (JSONL), most disliked first.

    Questions are included only when the deployer turned on CASELEARN_FEEDBACK_STORE_TEXT; otherwise
    each candidate carries a hash of the question, the ratings, reasons and sources.
    """
    from assistant.feedback import FeedbackStore

    settings = ctx.obj["settings"]
    store = FeedbackStore.in_data_dir(settings.data_dir, store_text=settings.feedback_store_text)
    lines = [json.dumps(c, ensure_ascii=False) for c in store.export_candidates()]
    if out_path:
        out_path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
        err.print(f"Wrote {len(lines)} candidates to {out_path}", highlight=False)
    else:
        for line in lines:
            click.echo(line)
