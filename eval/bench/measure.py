"""The benchmark's measurements that run in the main process: ingest vs encode-only, the naive
LangChain pipeline, retrieval quality on the dev questions, and the ONNX experiment."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from eval.bench.embedders import cosine_agreement, timed_encode
from eval.bench.naive import CHUNK_OVERLAP, CHUNK_SIZE, NaivePipeline
from eval.bench.tiers import CpuWatch, Timings
from eval.dataset import load_questions
from eval.retrieval import evaluate_retrieval
from index import CaseIndex, Hit, IndexConfig, ingest_paths
from index.embed import Embedder
from index.store import embedding_text

Log = Callable[[str], None]
QUALITY_KEYS = ("hit_rate@1", "hit_rate@5", "mrr@10", "ndcg@10")


def embedding_texts(index: CaseIndex) -> list[str]:
    """What the model saw for every indexed passage, in catalog order."""
    ids = index.passage_ids_of([d.id for d in index.documents()])
    rows = index.passage_rows(ids)
    return [embedding_text(rows[i].title, rows[i].section, rows[i].text) for i in ids if i in rows]


def measure_ingest(
    folder: Path, data_dir: Path, model: Embedder, chroma_url: str | None
) -> tuple[dict[str, Any], CaseIndex, list[str], np.ndarray]:
    """caselearn's ingest rate beside the model's encode-only rate on the same passages."""
    index = CaseIndex(IndexConfig(data_dir=data_dir, chroma_url=chroma_url, collection="bench-sample"), embedder=model)
    watch = CpuWatch()
    started = time.perf_counter()
    report = ingest_paths(index, [folder])
    seconds = time.perf_counter() - started
    stats = index.stats()
    docs, chunks, avg = stats.documents, stats.passages, stats.average_passage_chars
    texts = embedding_texts(index)
    vectors, encode_s = timed_encode(model, texts)
    ingest_rate = chunks / seconds if seconds else 0.0
    encode_rate = len(texts) / encode_s if encode_s else 0.0
    section = {
        "documents": docs,
        "chunks": chunks,
        "failed": len(report.failed),
        "avg_chunk_chars": round(avg, 1),
        "ingest_seconds": round(seconds, 2),
        "ingest_chunks_per_s": round(ingest_rate, 2),
        "encode_only_seconds": round(encode_s, 2),
        "encode_only_per_s": round(encode_rate, 2),
        "ratio": round(ingest_rate / encode_rate, 3) if encode_rate else 0.0,
        "vector_store": chroma_url or "chroma (embedded)",
        "other_processes_cores": watch.other_cores(),
    }
    return section, index, texts, vectors


def search_latency(search: Callable[[str], object], queries: Sequence[str]) -> dict[str, float]:
    """p50/p95 of the second of two passes over ``queries`` (the first warms the model's kernels)."""
    for q in queries:
        search(q)
    timings = Timings()
    for q in queries:
        timings.time(partial(search, q))
    return timings.summary()


def measure_naive(
    folder: Path, data_dir: Path, model: Embedder, index: CaseIndex, queries: Sequence[str]
) -> dict[str, Any]:
    """The naive LangChain pipeline on the same files, and both searched in-process with the same queries."""
    naive = NaivePipeline(data_dir, model)
    ingest = naive.ingest(folder)
    return {
        "pipeline": f"RecursiveCharacterTextSplitter({CHUNK_SIZE}, {CHUNK_OVERLAP}) + same MiniLM + langchain-chroma",
        "ingest": ingest,
        "search_ms": search_latency(lambda q: naive.search(q, 10), queries),
        "caselearn_search_ms": search_latency(lambda q: index.search(q, k=10), queries),
    }


def _quality(name: str, search: Callable[[str, int], list[Hit]], questions_file: Path) -> dict[str, Any]:
    report = evaluate_retrieval(name, search, load_questions(questions_file), k=10)
    return {"name": name, **{k: report.metrics[k] for k in QUALITY_KEYS}}


def caselearn_quality(
    name: str, embedder: Embedder, corpus: Path, questions: Path, data_dir: Path, modes: Sequence[str]
) -> list[dict[str, Any]]:
    index = CaseIndex(IndexConfig(data_dir=data_dir), embedder=embedder)
    ingest_paths(index, [corpus])
    rows = []
    for mode in modes:

        def run(q: str, k: int, mode: str = mode) -> list[Hit]:
            return index.search(q, k=k, mode=mode)  # type: ignore[arg-type]

        rows.append(_quality(f"{name}, {mode}", run, questions))
    return rows


def measure_dev_quality(corpus: Path, questions: Path, work: Path, model: Embedder, log: Log) -> dict[str, Any]:
    """hit@1 and MRR@10 on the dev questions: naive LangChain vs caselearn (dense and hybrid)."""
    log("dev questions: naive LangChain pipeline")
    naive = NaivePipeline(work / "dev-naive", model)
    chunks = naive.ingest(corpus)["chunks"]
    rows = [_quality("naive LangChain (dense)", lambda q, k: naive.search(q, k), questions)]
    log("dev questions: caselearn")
    rows += caselearn_quality("caselearn", model, corpus, questions, work / "dev-caselearn", ("dense", "hybrid"))
    return {
        "questions": str(questions),
        "corpus": str(corpus),
        "count": len(load_questions(questions)),
        "naive_chunks": chunks,
        "rows": rows,
    }


def measure_onnx(
    work: Path,
    model_dir: Path,
    texts: Sequence[str],
    torch_vectors: np.ndarray,
    torch_rate: float,
    dev: tuple[Path, Path] | None,
    log: Log,
) -> dict[str, Any]:
    """Speed, agreement with torch and retrieval quality of MiniLM through onnxruntime, fp32 and int8."""
    from eval.bench.onnx_backend import OnnxEmbedder, export_onnx, onnx_available, quantize_int8

    reason = onnx_available()
    if reason is not None:
        return {"skipped": reason}
    started = time.perf_counter()
    fp32 = export_onnx(model_dir, work / "onnx" / "minilm-fp32.onnx")
    int8 = quantize_int8(fp32, work / "onnx" / "minilm-int8.onnx")
    result: dict[str, Any] = {
        "export_seconds": round(time.perf_counter() - started, 1),
        "torch_per_s": round(torch_rate, 2),
        "texts": len(texts),
        "variants": [],
    }
    for name, path in (("onnx fp32", fp32), ("onnx int8", int8)):
        log(f"ONNX experiment: {name}")
        embedder = OnnxEmbedder(path, model_dir)
        embedder.embed_batch(list(texts[:8]))
        vectors, seconds = timed_encode(embedder, texts)
        rate = len(texts) / seconds if seconds else 0.0
        variant: dict[str, Any] = {
            "name": name,
            "file_mib": round(path.stat().st_size / 2**20, 1),
            "per_s": round(rate, 2),
            "speedup": round(rate / torch_rate, 2) if torch_rate else None,
            "cosine_to_torch": cosine_agreement(vectors, torch_vectors),
        }
        if dev is not None:
            corpus, questions = dev
            slug = name.replace(" ", "-")
            variant["quality"] = caselearn_quality(
                f"caselearn {name}", embedder, corpus, questions, work / f"dev-{slug}", ("dense", "hybrid")
            )
        result["variants"].append(variant)
    return result
