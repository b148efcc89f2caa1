"""``caselearn bench``: speed and memory figures (printed, and written as JSON and Markdown)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.table import Table

from integrations.cli.common import err, out, user_errors
from integrations.cli.group import cli


def _tiers(_: click.Context, __: click.Parameter, value: str) -> tuple[int, ...]:
    try:
        tiers = tuple(sorted({int(v.replace("_", "").replace("k", "000")) for v in value.split(",") if v.strip()}))
    except ValueError as exc:
        raise click.BadParameter("a comma-separated list of chunk counts, e.g. 1000,10000,100000") from exc
    if not tiers or min(tiers) < 50:
        raise click.BadParameter("each tier needs at least 50 chunks")
    return tiers


def _threads(value: str) -> tuple[int, ...]:
    try:
        threads = tuple(dict.fromkeys(int(v) for v in value.split(",") if v.strip()))
    except ValueError as exc:
        raise click.BadParameter(
            "comma-separated thread counts, 0 for torch's default", param_hint="--serve-threads"
        ) from exc
    return threads or (0,)


@cli.command()
@click.option(
    "--tiers",
    default="1000,10000",
    show_default=True,
    callback=_tiers,
    help="Index sizes (chunks) at which /search and /ask latency is measured, e.g. 1000,10000,100000.",
)
@click.option("--quick", is_flag=True, help="A few hundred chunks and a few queries: checks the benchmark runs.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("reports/bench"),
    show_default=True,
    help="Where the JSON and Markdown reports are written.",
)
@click.option(
    "--work-dir",
    type=click.Path(path_type=Path),
    default=Path("data/bench"),
    show_default=True,
    help="Scratch folder for corpora and indexes (emptied at the start).",
)
@click.option("--sample-chunks", default=1000, show_default=True, help="Size of the ingest-rate corpus.")
@click.option(
    "--pool-chunks",
    default=10000,
    show_default=True,
    help="Unique corpus size: tiers up to it are its prefix; larger tiers are assembled from its passages.",
)
@click.option("--queries", default=50, show_default=True, help="Queries timed per tier (fixed set, at most 50).")
@click.option("--chroma-url", envvar="CASELEARN_CHROMA_URL", help="Run caselearn's indexes against this Chroma server.")
@click.option("--chroma-server", is_flag=True, help="Start a local `chroma run` for this benchmark and use it.")
@click.option("--onnx/--no-onnx", default=False, show_default=True, help="Also run the ONNX fp32/int8 experiment.")
@click.option("--naive/--no-naive", default=True, show_default=True, help="Compare with a naive LangChain pipeline.")
@click.option("--dev/--no-dev", default=True, show_default=True, help="Retrieval quality on ../shared dev questions.")
@click.option(
    "--serve-threads",
    default="0",
    show_default=True,
    help="Torch threads while serving, comma-separated (0: torch's default, one per core); e.g. 0,1 compares.",
)
@click.option(
    "--keep-vectors",
    is_flag=True,
    help="Reuse the tiers' passage vectors from the last run in --work-dir (faster; fewer passages embedded).",
)
@click.option(
    "--isolate/--in-process",
    default=True,
    show_default=True,
    help="Build and serve each tier in its own process, so each peak memory figure is its own.",
)
def bench(
    tiers: tuple[int, ...],
    quick: bool,
    out_dir: Path,
    work_dir: Path,
    sample_chunks: int,
    pool_chunks: int,
    queries: int,
    chroma_url: str | None,
    chroma_server: bool,
    onnx: bool,
    naive: bool,
    dev: bool,
    serve_threads: str,
    keep_vectors: bool,
    isolate: bool,
) -> None:
    """Measure ingest rate, /search and /ask latency at several index sizes, and peak memory.

    Builds a synthetic corpus (invented, review-like Markdown), ingests a sample of it beside the
    model's encode-only rate, compares a naive LangChain pipeline, then times the service at each
    tier. Figures are printed and written to --out as JSON and Markdown.

    Examples: caselearn bench --tiers 1000,10000,100000 --onnx
              caselearn bench --quick
    """
    from eval.bench import BenchConfig, run_benchmark
    from eval.bench.processes import local_chroma_server

    config = BenchConfig(
        work_dir=work_dir,
        out_dir=out_dir,
        tiers=tiers,
        sample_chunks=sample_chunks,
        pool_chunks=pool_chunks,
        queries=max(1, min(queries, 50)),
        ask_queries=max(1, min(queries, 50)),
        chroma_url=chroma_url,
        isolate=isolate,
        naive=naive,
        dev=dev and not quick,
        onnx=onnx,
        quick=quick,
        keep_vectors=keep_vectors,
        serve_threads=_threads(serve_threads),
    )

    def log(line: str) -> None:
        err.print(f"[dim]bench:[/dim] {line}", highlight=False)

    with user_errors():
        if chroma_server:
            with local_chroma_server(work_dir.parent / f"{work_dir.name}-chroma") as url:
                log(f"Chroma server at {url}")
                report = run_benchmark(_with_url(config, url), log)
        else:
            report = run_benchmark(config, log)
    _print(report)


def _with_url(config: Any, url: str) -> Any:
    from dataclasses import replace

    return replace(config, chroma_url=url)


def _print(report: dict[str, Any]) -> None:
    ing = report["ingest"]
    table = Table("ingest", "chunks", "seconds", "chunks/s", title="Ingest (synthetic corpus)")
    table.add_row("caselearn", str(ing["chunks"]), f"{ing['ingest_seconds']:g}", f"{ing['ingest_chunks_per_s']:g}")
    table.add_row("encode-only", str(ing["chunks"]), f"{ing['encode_only_seconds']:g}", f"{ing['encode_only_per_s']:g}")
    naive = report.get("naive")
    if naive:
        n = naive["ingest"]
        table.add_row("naive LangChain", str(n["chunks"]), f"{n['seconds']:g}", f"{n['chunks_per_s']:g}")
    out.print(table)
    out.print(f"ingest / encode-only = {ing['ratio']:g}", highlight=False)
    if naive:
        ours, theirs = naive["caselearn_search_ms"], naive["search_ms"]
        out.print(
            f"in-process search p50/p95 ms: caselearn {ours['p50']:g}/{ours['p95']:g}, "
            f"naive {theirs['p50']:g}/{theirs['p95']:g}",
            highlight=False,
        )
    dev = report.get("dev_quality", {})
    rows = list(dev.get("rows", [])) + [
        r for v in report.get("onnx", {}).get("variants", []) for r in v.get("quality", [])
    ]
    if rows:
        quality = Table("pipeline", "hit@1", "MRR@10", title="Dev questions")
        for r in rows:
            quality.add_row(r["name"], f"{r['hit_rate@1']:.2f}", f"{r['mrr@10']:.3f}")
        out.print(quality)
    for v in report.get("onnx", {}).get("variants", []):
        out.print(
            f"{v['name']}: {v['per_s']:g} passages/s ({v['speedup']:g}x torch), cosine to torch "
            f"{v['cosine_to_torch']['mean']:g} (min {v['cosine_to_torch']['min']:g})",
            highlight=False,
        )
    lat = Table(
        "chunks",
        "torch threads",
        "/search p50",
        "p95",
        "/ask p50",
        "p95",
        "build s",
        "serve peak MiB",
        title="Latency (ms) by index size",
    )
    for t in report["tiers"]:
        b = t["build"]
        for label, s in t.get("serve_by_threads", {"default": t["serve"]}).items():
            lat.add_row(
                f"{b['chunks']:,}",
                f"{label} ({s.get('torch_threads')})",
                f"{s['search_http_ms']['p50']:g}",
                f"{s['search_http_ms']['p95']:g}",
                f"{s['ask_http_ms']['p50']:g}",
                f"{s['ask_http_ms']['p95']:g}",
                f"{b['seconds']:g}",
                f"{s['peak_rss_mib']:g}",
            )
    out.print(lat)
    for g in report["goals"]:
        status = "not measured" if g["met"] is None else ("met" if g["met"] else "NOT MET")
        out.print(f"goal {g['goal']}: {g['value']} ({g['limit']}) {status}", highlight=False)
    out.print(f"reports: {', '.join(report.get('files', []))}", highlight=False)


_SHARED = Path(__file__).resolve().parents[3] / "shared"
_SETS = Path(__file__).resolve().parents[2] / "eval" / "sets"


@cli.command("bench-ingest")
@click.option(
    "--folder",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("../shared/real/docs"),
    show_default=True,
    help="PDFs to read and ingest.",
)
def bench_ingest(folder: Path) -> None:
    """Ingest speed: text extraction alone beside the whole ingest (pages and passages a second)."""
    from eval.bench.ingest_rate import measure_ingest_rate

    with user_errors():
        report = measure_ingest_rate(folder)
    table = Table("measure", "value", title=f"Ingest of {report['files']} PDFs ({report['pages']} pages)")
    for key, value in report.items():
        table.add_row(key.replace("_", " "), f"{value:g}" if isinstance(value, float) else str(value))
    out.print(table)


@cli.command("bench-load")
@click.option(
    "--corpus",
    "corpus",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Documents to serve (repeatable). Default: ../shared/corpus.",
)
@click.option(
    "--questions",
    "questions",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Question sets (JSONL) the clients' questions are made from (repeatable). "
    "Default: ../shared/eval/dev-questions.jsonl and eval/sets/corpus-questions.jsonl.",
)
@click.option("--clients", default=16, show_default=True, type=click.IntRange(1, 256), help="Concurrent clients.")
@click.option("--seconds", default=60.0, show_default=True, type=click.FloatRange(1, 3600), help="How long they ask.")
@click.option(
    "--prepare/--cold",
    default=False,
    show_default=True,
    help="Embed every answer sentence first (caselearn prepare), or start as right after an ingest.",
)
@click.option("--check", is_flag=True, help="Exit with status 1 on any error answering (for CI).")
@click.option(
    "--check-latency", is_flag=True, help="Exit with status 1 when a latency goal is not met too (idle machines)."
)
@click.option("--work-dir", type=click.Path(path_type=Path), default=Path("data/bench-load"), show_default=True)
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("reports/bench"), show_default=True)
def bench_load(
    corpus: tuple[Path, ...],
    questions: tuple[Path, ...],
    clients: int,
    seconds: float,
    prepare: bool,
    check: bool,
    check_latency: bool,
    work_dir: Path,
    out_dir: Path,
) -> None:
    """Many practitioners at once: clients ask /ask back to back against a real `caselearn serve`.

    Every request is a question nobody asked before in the run. Prints throughput and latency against
    the goals (no errors, p50 <= 500 ms, p95 <= 1,000 ms); writes JSON to --out. --check fails on
    errors; --check-latency also on the latency goals, which depend on how busy the machine is.

    Example: caselearn bench-load --clients 16 --seconds 60 --check
    """
    import sys

    from eval.bench.load import LoadConfig, run_load_benchmark

    corpus = corpus or (_SHARED / "corpus",)
    questions = questions or (_SHARED / "eval" / "dev-questions.jsonl", _SETS / "corpus-questions.jsonl")
    for path in (*corpus, *questions):
        if not path.exists():
            raise click.BadParameter(f"{path} does not exist (pass --corpus and --questions)")
    config = LoadConfig(tuple(corpus), tuple(questions), work_dir, out_dir, clients, seconds, prepare)
    with user_errors():
        report = run_load_benchmark(config, lambda line: err.print(f"[dim]bench-load:[/dim] {line}", highlight=False))
    r = report["result"]
    table = Table("clients", "seconds", "requests", "answered", "per s", "p50 ms", "p95 ms", "max ms", "errors")
    table.title = f"/ask under load ({report['passages']} passages, {'prepared' if prepare else 'cold start'})"
    table.add_row(
        str(r["clients"]),
        f"{r['seconds']:g}",
        str(r["requests"]),
        str(r["answered"]),
        f"{r['per_second']:g}",
        f"{r['p50_ms']:g}",
        f"{r['p95_ms']:g}",
        f"{r['max_ms']:g}",
        str(sum(r["errors"].values())),
    )
    out.print(table)
    goals = Table("goal", "value", "limit", "met", title="Goals")
    for g in report["goals"]:
        goals.add_row(g["goal"], str(g["value"]), g["limit"], "yes" if g["met"] else "NO")
    out.print(goals)
    failed = [g for g in report["goals"] if not g["met"] and (check_latency or (check and not g["latency"]))]
    if failed:
        sys.exit(1)
