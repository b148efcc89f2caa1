"""The benchmark runs end to end and reports every figure; no timing thresholds here (README, Benchmarks)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import integrations.cli.bench  # noqa: F401  (registers ``caselearn bench``)
from eval.bench import tiers
from eval.bench.embedders import ReuseEmbedder, passage_key
from eval.bench.load import LoadResult, load_goals
from eval.bench.naive import NaivePipeline
from eval.bench.report import evaluate_goals, to_markdown
from eval.bench.synthetic import SYNTHETIC_NOTE, write_pooled_corpus, write_unique_corpus
from eval.bench.words import QUERIES
from index import SentenceTransformerEmbedder
from ingest import load_manifest
from integrations.cli import cli


class CountingEmbedder:
    """Deterministic vectors from the text's hash; counts what it was asked to embed."""

    name = "counting"

    def __init__(self) -> None:
        self.calls: list[str] = []

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.extend(texts)
        rows = [np.random.default_rng(zlib.crc32(t.encode())).normal(size=8) for t in texts]
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), 8)


def test_synthetic_corpus_is_deterministic_structured_and_marked_synthetic(tmp_path: Path) -> None:
    first = write_unique_corpus(tmp_path / "a", 200, seed=3)
    again = write_unique_corpus(tmp_path / "b", 200, seed=3)
    assert again.as_dict() | {"folder": ""} == first.as_dict() | {"folder": ""}
    other = write_unique_corpus(tmp_path / "c", 200, seed=4)
    assert first.chunks >= 200 and first.documents >= 2
    files = sorted(p.name for p in (tmp_path / "a").glob("*.md"))
    assert files == sorted(p.name for p in (tmp_path / "b").glob("*.md"))
    assert all((tmp_path / "a" / f).read_text() == (tmp_path / "b" / f).read_text() for f in files)
    assert (tmp_path / "a" / files[0]).read_text() != (tmp_path / "c" / files[0]).read_text()
    assert other.chunks >= 200
    text = (tmp_path / "a" / files[0]).read_text()
    assert text.startswith("# ") and SYNTHETIC_NOTE in text
    assert "\n## " in text and "\n1. " in text and "\n2. " in text  # headings, numbered paragraphs
    manifest = load_manifest(tmp_path / "a" / "manifest.yaml")
    assert set(manifest) == set(files)
    assert all(m.review_type and m.year and m.publisher for m in manifest.values())
    # A prefix: the same seed with a larger target starts with the same documents.
    bigger = write_unique_corpus(tmp_path / "d", 400, seed=3)
    assert bigger.documents > first.documents
    assert (tmp_path / "d" / files[0]).read_text() == text


def test_pooled_corpus_reuses_the_pool_under_new_file_names(tmp_path: Path) -> None:
    pool = write_unique_corpus(tmp_path / "pool", 150, seed=3)
    pooled = write_pooled_corpus(tmp_path / "tier", 600, pool, seed=9)
    assert pooled.kind == "pooled" and pooled.chunks >= 600 and pooled.documents > pool.documents
    names = [p.name for p in (tmp_path / "tier").glob("*.md")]
    assert len(names) == len(set(names)) == pooled.documents
    sections = {s.text for s in pool.sections}
    body = (tmp_path / "tier" / sorted(names)[-1]).read_text()
    assert any(s in body for s in sections)


def test_reuse_embedder_embeds_each_passage_once_and_persists(tmp_path: Path) -> None:
    inner = CountingEmbedder()
    reuse = ReuseEmbedder(inner)
    a = reuse.embed_batch(["Title one — Findings\nThe same passage.", "Title one — Findings\nAnother passage."])
    b = reuse.embed_batch(["Title two — Findings\nThe same passage.", "a query without a title line"])
    assert len(inner.calls) == 3 and reuse.embedded == 3 and reuse.reused == 1
    assert np.array_equal(a[0], b[0])
    assert passage_key("X\nbody") == passage_key("Y\nbody") != passage_key("body2")
    reuse.save(tmp_path / "cache.npz")
    restored = ReuseEmbedder(CountingEmbedder())
    restored.load(tmp_path / "cache.npz")
    assert len(restored) == 3
    assert np.array_equal(restored.embed_batch(["Z\nAnother passage."])[0], a[1])


def test_goals_are_judged_from_the_report() -> None:
    def tier(target: int, p50: float, p95: float) -> dict[str, object]:
        ask = {"p50": p50 / 2, "p95": p95 * 2}
        return {"target": target, "serve": {"search_http_ms": {"p50": p50, "p95": p95}, "ask_http_ms": ask}}

    report = {"ingest": {"ratio": 0.8}, "tiers": [tier(1000, 10, 20), tier(10000, 50, 160), tier(100000, 120, 200)]}
    goals = {g["goal"]: g for g in evaluate_goals(report)}
    assert goals["ingest rate / encode-only rate"]["met"] is True
    assert goals["/search p50 at 10,000 chunks (ms)"]["met"] is True
    assert goals["/search p95 at 10,000 chunks (ms)"]["met"] is False
    assert goals["/search p50 at 100,000 / at 10,000"]["value"] == 2.4
    assert goals["/search p50 at 100,000 / at 10,000"]["met"] is False
    assert goals["/search p95 at 100,000 / at 10,000"]["met"] is True
    assert goals["/ask p50 at 10,000 chunks (ms)"]["met"] is True
    assert goals["/ask p95 at 100,000 chunks (ms)"]["met"] is False
    assert not any("1,000 chunks" in name for name in goals)  # small tiers carry no latency goal


@pytest.mark.slow
def test_naive_pipeline_stores_our_vectors_and_finds_the_file(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "hoarding.txt").write_text("Fire risk rose as belongings blocked the stairs of the flat.\n" * 3)
    (folder / "infant.md").write_text("# Bruising\n\nA bruise on a baby who is not yet mobile needs a referral.\n")
    naive = NaivePipeline(tmp_path / "chroma", embedder)
    result = naive.ingest(folder)
    assert result["files"] == 2 and result["chunks"] == 2 and result["chunks_per_s"] > 0
    hits = naive.search("marks on an immobile infant", k=2)
    assert hits[0].source == "infant.md"
    stored = naive.store.get(ids=["infant.md:0"], include=["embeddings", "documents"])
    expected = embedder.embed_batch([stored["documents"][0]])[0]
    assert np.allclose(np.asarray(stored["embeddings"][0]), expected, atol=1e-5)  # ours, not Chroma's default


@pytest.mark.slow
def test_bench_quick_writes_a_complete_report(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = CliRunner().invoke(
        cli,
        [
            "bench",
            "--quick",
            "--in-process",
            "--serve-threads",
            "0,1",
            "--work-dir",
            str(tmp_path / "work"),
            "--out",
            str(out),
        ],
        obj={},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "ingest / encode-only" in result.output and "Latency (ms) by index size" in result.output
    report = json.loads((out / "latest.json").read_text())
    assert (out / "latest.md").read_text().startswith("# caselearn benchmark")
    machine = report["machine"]
    assert machine["cores"] >= 1 and machine["cpu"] and machine["versions"]["chromadb"]
    ingest = report["ingest"]
    assert ingest["chunks"] >= 100 and ingest["failed"] == 0
    assert ingest["ingest_chunks_per_s"] > 0 and ingest["encode_only_per_s"] > 0 and ingest["ratio"] > 0
    naive = report["naive"]
    assert naive["ingest"]["chunks"] > 0 and naive["ingest"]["chunks_per_s"] > 0
    assert 0 < naive["search_ms"]["p50"] <= naive["search_ms"]["p95"]
    assert 0 < naive["caselearn_search_ms"]["p50"] <= naive["caselearn_search_ms"]["p95"]
    assert [t["corpus"]["kind"] for t in report["tiers"]] == ["unique", "pooled"]
    for tier in report["tiers"]:
        build, serve = tier["build"], tier["serve"]
        assert build["chunks"] >= tier["target"] and build["failed"] == 0
        # (theme tagging embeds its taxonomy once per build, so "embedded" can exceed the new passages)
        assert build["passages_embedded"] + build["passages_reused"] >= build["chunks"]
        assert build["peak_rss_mib"] > 100 and serve["peak_rss_mib"] > 100
        assert serve["chunks"] == build["chunks"] and serve["mean_hits"] == 10
        for key in ("search_http_ms", "search_http_cold_ms", "search_inprocess_ms", "query_encode_ms", "ask_http_ms"):
            assert serve[key]["n"] > 0 and 0 < serve[key]["p50"] <= serve[key]["p95"] <= serve[key]["max"]
        assert serve["ask_answered"] >= 0 and serve["other_processes_cores"] is not None
        assert list(tier["serve_by_threads"]) == ["default", "1"]
        assert tier["serve_by_threads"]["1"]["torch_threads"] == 1
    assert report["tiers"][1]["build"]["passages_reused"] > 0  # the pooled tier reuses vectors
    assert report["goals"][0]["goal"] == "ingest rate / encode-only rate"
    assert ingest["other_processes_cores"] is not None
    assert "## Goals" in to_markdown(report)


@pytest.mark.slow
def test_tier_steps_run_in_their_own_processes(tmp_path: Path) -> None:
    corpus = write_unique_corpus(tmp_path / "corpus", 60, seed=5)
    spec = tiers.TierSpec(
        target=60,
        corpus=corpus.folder,
        data_dir=str(tmp_path / "data"),
        cache=str(tmp_path / "vectors.npz"),
        queries=QUERIES[:3],
        ask_queries=1,
    )
    built = tiers.run_in_child("build", spec, tmp_path / "steps")
    assert built["chunks"] == corpus.chunks and built["passages_embedded"] >= corpus.chunks
    assert (tmp_path / "vectors.npz").is_file()
    served = tiers.run_in_child("serve", spec, tmp_path / "steps")
    assert served["chunks"] == corpus.chunks and served["search_http_ms"]["n"] == 3
    # Each child's peak memory is its own (VmHWM), not inherited from this test process.
    assert 100 < served["peak_rss_mib"] < 4000


@pytest.mark.slow
def test_onnx_int8_embedder_agrees_with_the_torch_model(tmp_path: Path, embedder: SentenceTransformerEmbedder) -> None:
    from eval.bench.embedders import cosine_agreement
    from eval.bench.onnx_backend import OnnxEmbedder, export_onnx, onnx_available, quantize_int8
    from index.embed import resolve_model

    reason = onnx_available()
    if reason is not None:
        pytest.skip(reason)
    model_dir = Path(resolve_model(None))
    fp32 = export_onnx(model_dir, tmp_path / "fp32.onnx")
    int8 = quantize_int8(fp32, tmp_path / "int8.onnx")
    texts = [*QUERIES[:6], "A longer passage about a health visitor's home visit. " * 20]
    reference = embedder.embed_batch(texts)
    assert cosine_agreement(OnnxEmbedder(fp32, model_dir).embed_batch(texts), reference)["min"] > 0.999
    vectors = OnnxEmbedder(int8, model_dir).embed_batch(texts)
    assert vectors.shape == reference.shape and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert cosine_agreement(vectors, reference)["min"] > 0.97


def test_load_goals_fail_on_any_error_or_slow_percentile() -> None:
    def result(errors: dict[str, int], p50: float, p95: float) -> LoadResult:
        return LoadResult(16, 60.0, 1000, 990, errors, 16.7, p50, p95, p95 * 2, p95, 10)

    assert all(g["met"] for g in load_goals(result({}, 200, 300)))
    assert [g["met"] for g in load_goals(result({"500": 1}, 200, 300))] == [False, True, True]
    assert [g["met"] for g in load_goals(result({}, 600, 1200))] == [True, False, False]
