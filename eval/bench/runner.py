"""``caselearn bench``: the whole benchmark in one run, written as JSON and Markdown."""

from __future__ import annotations

import json
import logging
import os
import platform
import shutil
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from eval.bench import measure, tiers
from eval.bench.embedders import ReuseEmbedder
from eval.bench.report import evaluate_goals, to_markdown
from eval.bench.synthetic import write_pooled_corpus, write_unique_corpus
from eval.bench.words import QUERIES

ROOT = Path(__file__).resolve().parents[2]
DEV_QUESTIONS = ROOT.parent / "shared" / "eval" / "dev-questions.jsonl"
DEV_CORPUS = ROOT.parent / "shared" / "corpus"


@dataclass(frozen=True)
class BenchConfig:
    work_dir: Path = Path("data/bench")
    out_dir: Path = Path("reports/bench")
    tiers: tuple[int, ...] = (1000, 10000)
    sample_chunks: int = 1000
    pool_chunks: int = 10000
    queries: int = 50
    ask_queries: int = 50
    seed: int = 7
    chroma_url: str | None = None
    isolate: bool = True
    naive: bool = True
    dev: bool = True
    onnx: bool = False
    quick: bool = False
    keep_vectors: bool = False
    serve_threads: tuple[int, ...] = (0,)  # torch intra-op threads while serving; 0 = torch's default
    dev_questions: Path = field(default=DEV_QUESTIONS)
    dev_corpus: Path = field(default=DEV_CORPUS)

    def quickened(self) -> BenchConfig:
        """Small enough for a test: a few hundred chunks, few queries, no dev or ONNX runs."""
        return replace(
            self,
            quick=True,
            tiers=tuple(t for t in self.tiers if t <= 400) or (150, 300),
            sample_chunks=100,
            pool_chunks=200,
            queries=8,
            ask_queries=3,
        )


def machine() -> dict[str, Any]:
    cpu, flags = "unknown", ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name") and cpu == "unknown":
                cpu = line.split(":", 1)[1].strip()
            elif line.startswith("flags") and not flags:
                flags = line.split(":", 1)[1]
    except OSError:
        pass
    memory = None
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = round(kib / 2**20, 1)
    except (OSError, ValueError, IndexError):
        pass
    versions: dict[str, str | None] = {}
    for package in ("torch", "sentence-transformers", "chromadb", "bm25s", "onnxruntime", "langchain-chroma"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "avx512_vnni": "avx512_vnni" in flags.split(),
        "memory_gib": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
    }


def _fresh(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def _tier(config: BenchConfig, target: int, pool: Any, log: measure.Log) -> dict[str, Any]:
    work = config.work_dir
    folder = _fresh(work / f"tier-{target}" / "corpus")
    if target <= pool.chunks:  # a prefix of the unique pool corpus: every passage distinct
        corpus = write_unique_corpus(folder, target, config.seed)
    else:  # assembled from the pool's openings and sections: passages repeat across documents
        corpus = write_pooled_corpus(folder, target, pool, seed=config.seed + target)
    data_dir = _fresh(work / f"tier-{target}" / "data")
    spec = tiers.TierSpec(
        target=target,
        corpus=corpus.folder,
        data_dir=str(data_dir),
        cache=str(work / "vectors.npz"),
        queries=tuple(QUERIES[: config.queries]),
        ask_queries=config.ask_queries,
        chroma_url=config.chroma_url,
        collection=f"bench-{target}",
    )
    log(f"tier {target}: building ({corpus.documents} documents, {corpus.chunks} chunks)")
    build = tiers.run_in_child("build", spec, work / "steps") if config.isolate else tiers.build(spec)
    by_threads: dict[str, dict[str, Any]] = {}
    for threads in config.serve_threads:
        variant = replace(spec, torch_threads=threads or None)
        label = str(threads or "default")
        log(f"tier {target}: timing /search and /ask (torch threads: {label})")
        by_threads[label] = (
            tiers.run_in_child("serve", variant, work / "steps") if config.isolate else tiers.serve(variant)
        )
    first = next(iter(by_threads.values()))
    return {
        "target": target,
        "corpus": corpus.as_dict(),
        "build": build,
        "serve": first,
        "serve_by_threads": by_threads,
    }


def run_benchmark(config: BenchConfig, log: measure.Log = lambda _: None) -> dict[str, Any]:
    """Run every part of the benchmark; returns the report (also written under ``config.out_dir``)."""
    from index import SentenceTransformerEmbedder
    from index.embed import resolve_model

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    for name in ("chromadb", "sentence_transformers", "transformers", "httpx", "bm25s"):
        logging.getLogger(name).setLevel(logging.WARNING)
    if config.quick:
        config = config.quickened()
    kept: Path | None = None  # vectors of an earlier run, kept aside while the work folder is emptied
    if config.keep_vectors and (config.work_dir / "vectors.npz").is_file():
        kept = config.work_dir.parent / f".{config.work_dir.name}-vectors.npz"
        shutil.copyfile(config.work_dir / "vectors.npz", kept)
    work = _fresh(config.work_dir)
    started = time.perf_counter()
    report: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
        "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(config).items()},
    }
    load_started = time.perf_counter()
    model = SentenceTransformerEmbedder()
    model.embed_batch(["warm up the model"])
    report["model"] = {"path": model.name, "load_seconds": round(time.perf_counter() - load_started, 1)}

    log(f"ingest: writing a synthetic corpus of about {config.sample_chunks} chunks")
    sample = write_unique_corpus(work / "sample", config.sample_chunks, config.seed)
    log("ingest: caselearn ingest, then the model alone on the same passages")
    ingest, sample_index, texts, vectors = measure.measure_ingest(
        Path(sample.folder), work / "sample-index", model, config.chroma_url
    )
    report["ingest"] = {"corpus": sample.as_dict(), **ingest}
    queries = QUERIES[: config.queries]
    if config.naive:
        log("naive LangChain pipeline on the same corpus")
        report["naive"] = measure.measure_naive(Path(sample.folder), work / "naive", model, sample_index, queries)
    dev = (config.dev_corpus, config.dev_questions)
    have_dev = config.dev and config.dev_questions.is_file() and config.dev_corpus.is_dir()
    if have_dev:
        report["dev_quality"] = measure.measure_dev_quality(config.dev_corpus, config.dev_questions, work, model, log)
    elif config.dev:
        report["dev_quality"] = {"skipped": f"{config.dev_questions} not found"}
    if config.onnx:
        report["onnx"] = measure.measure_onnx(
            work,
            Path(resolve_model(None)),
            texts,
            vectors,
            ingest["encode_only_per_s"],
            dev if have_dev else None,
            log,
        )
    report["main_process_peak_rss_mib"] = tiers.peak_rss_mib()

    # The tiers: pooled corpora whose passages come from a larger unique corpus (the sample is its prefix).
    cache = ReuseEmbedder(model)
    if kept is not None:
        cache.load(kept)
        kept.unlink()
    cache.remember(texts, vectors)
    cache.save(work / "vectors.npz")
    pool = write_unique_corpus(work / "pool", max(config.pool_chunks, config.sample_chunks), config.seed)
    report["pool"] = pool.as_dict()
    report["tiers"] = [_tier(config, target, pool, log) for target in sorted(config.tiers)]
    report["goals"] = evaluate_goals(report)
    report["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    report["seconds"] = round(time.perf_counter() - started, 1)
    write_report(report, config.out_dir)
    return report


def write_report(report: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = report["started"].replace(":", "").replace("-", "")[:15]
    json_path = out_dir / f"bench-{stamp}.json"
    md_path = out_dir / f"bench-{stamp}.md"
    json_path.write_text(json.dumps(report, indent=2))
    md_path.write_text(to_markdown(report))
    for path, latest in ((json_path, "latest.json"), (md_path, "latest.md")):
        shutil.copyfile(path, out_dir / latest)
    report["files"] = [str(json_path), str(md_path)]
    return json_path, md_path
