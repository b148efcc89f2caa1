"""One latency tier: build a CaseIndex over a pooled corpus, then time ``/search`` and ``/ask``.

The endpoints are timed over HTTP against a real ``caselearn serve`` process, as a deployer's
clients would see them, and the serving memory is that server's own. Each step can run in its own
process (``python -m eval.bench.tiers build|serve SPEC OUT``) so that the build's peak memory is its
own too.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np


@dataclass(frozen=True)
class TierSpec:
    """Everything a build or serve step needs; written to JSON for a child process."""

    target: int
    corpus: str
    data_dir: str
    cache: str
    queries: tuple[str, ...]
    ask_queries: int = 50
    k: int = 10
    chroma_url: str | None = None
    collection: str = "caselearn"
    torch_threads: int | None = None  # serve only: torch.set_num_threads; None keeps torch's default

    @classmethod
    def from_json(cls, path: Path) -> TierSpec:
        data = json.loads(path.read_text())
        data["queries"] = tuple(data["queries"])
        return cls(**data)

    def to_json(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2))


@dataclass
class Timings:
    """Milliseconds of repeated calls."""

    ms: list[float] = field(default_factory=list)

    def time(self, call: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        result = call()
        self.ms.append(1000 * (time.perf_counter() - started))
        return result

    def summary(self) -> dict[str, float]:
        return percentiles(self.ms)


def percentiles(ms: Sequence[float]) -> dict[str, float]:
    if not ms:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "mean": 0.0, "max": 0.0}
    values = np.asarray(ms, dtype=np.float64)
    return {
        "n": len(ms),
        "p50": round(float(np.percentile(values, 50)), 1),
        "p95": round(float(np.percentile(values, 95)), 1),
        "mean": round(float(statistics.fmean(ms)), 1),
        "max": round(float(values.max()), 1),
    }


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB.

    ``VmHWM`` from ``/proc/self/status`` where there is one: unlike ``ru_maxrss``, which Linux keeps
    across ``fork``/``exec``, it starts afresh in a new program, so a child's figure is its own.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / 2**20 if sys.platform == "darwin" else peak / 1024, 1)


def current_rss_mib() -> float | None:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


class CpuWatch:
    """How many cores *other* processes kept busy while something ran (``/proc/stat`` less our own CPU).

    Figures taken while other work competes for this machine's cores are not comparable; the
    report carries this so a reader can tell.
    """

    def __init__(self) -> None:
        self._start = self._read()

    @staticmethod
    def _read() -> tuple[float, float | None, float]:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        own = usage.ru_utime + usage.ru_stime
        busy = None
        try:
            fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
            busy = (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            pass
        return time.monotonic(), busy, own

    def other_cores(self, besides_seconds: float = 0.0) -> float | None:
        """Cores busy with other work, not counting this process or ``besides_seconds`` of CPU (a server it runs)."""
        wall0, busy0, own0 = self._start
        wall1, busy1, own1 = self._read()
        if busy0 is None or busy1 is None or wall1 <= wall0:
            return None
        return round(max(0.0, (busy1 - busy0) - (own1 - own0) - besides_seconds) / (wall1 - wall0), 2)


def _config(spec: TierSpec) -> Any:
    from index import IndexConfig

    return IndexConfig(data_dir=Path(spec.data_dir), chroma_url=spec.chroma_url, collection=spec.collection)


def drop_server_collection(url: str, collection: str) -> None:
    """Start a tier from an empty collection on a shared Chroma server."""
    from index.dense import make_client

    client = make_client(url=url)
    try:
        client.delete_collection(collection)
    except Exception:  # absent: nothing to drop
        return


def build(spec: TierSpec) -> dict[str, Any]:
    """Index the tier's corpus through ``ingest_paths``, reusing vectors of repeated passages."""
    from eval.bench.embedders import ReuseEmbedder
    from index import CaseIndex, SentenceTransformerEmbedder, ingest_paths

    model = SentenceTransformerEmbedder()
    model.embed_batch(["warm up"])
    reuse = ReuseEmbedder(model)
    reuse.load(Path(spec.cache))
    cached_before = len(reuse)
    watch = CpuWatch()
    if spec.chroma_url:
        drop_server_collection(spec.chroma_url, spec.collection)
    index = CaseIndex(_config(spec), embedder=reuse)
    started = time.perf_counter()
    report = ingest_paths(index, [Path(spec.corpus)])
    seconds = time.perf_counter() - started
    stats = index.stats()
    docs, chunks, avg = stats.documents, stats.passages, stats.average_passage_chars
    reuse.save(Path(spec.cache))
    pipeline_s = seconds - reuse.encode_seconds
    return {
        "documents": docs,
        "chunks": chunks,
        "failed": len(report.failed),
        "avg_chunk_chars": round(avg, 1),
        "seconds": round(seconds, 1),
        "vectors_cached_before": cached_before,
        "passages_embedded": reuse.embedded,
        "passages_reused": reuse.reused,
        "encode_seconds": round(reuse.encode_seconds, 1),
        "pipeline_seconds": round(pipeline_s, 1),
        "pipeline_chunks_per_s": round(chunks / pipeline_s, 1) if pipeline_s > 0 else None,
        "other_processes_cores": watch.other_cores(),
        "peak_rss_mib": peak_rss_mib(),
    }


def serve(spec: TierSpec) -> dict[str, Any]:
    """Start a real ``caselearn serve`` on the built index and time its endpoints over HTTP.

    This process opens the same index too, to time search and query encoding without HTTP beside
    the server's figures. Memory and CPU are the server's own, read from ``/proc``.
    """
    import httpx

    from eval.bench.processes import cpu_seconds, memory_mib, served
    from index import CaseIndex, SentenceTransformerEmbedder

    env = {"CASELEARN_CHROMA_COLLECTION": spec.collection}
    if spec.chroma_url:
        env["CASELEARN_CHROMA_URL"] = spec.chroma_url
    if spec.torch_threads:
        env["OMP_NUM_THREADS"] = str(spec.torch_threads)  # torch's intra-op threads in the server
    started = time.perf_counter()
    with served(Path(spec.data_dir), env) as server, httpx.Client(base_url=server.url, timeout=120) as client:

        def search(q: str) -> Any:
            response = client.get("/search", params={"q": q, "k": spec.k})
            response.raise_for_status()
            return response.json()

        def ask(q: str) -> Any:
            response = client.post("/ask", json={"question": q})
            response.raise_for_status()
            return response.json()

        first = Timings()
        first.time(partial(search, spec.queries[0]))
        ready_s = time.perf_counter() - started
        watch, server_cpu0 = CpuWatch(), cpu_seconds(server.pid)
        # Pass 1 (cold): torch prepares CPU kernels per input shape, so each new query length costs extra.
        cold_search, cold_ask = Timings(), Timings()
        for q in spec.queries:
            cold_search.time(partial(search, q))
        for q in spec.queries[: spec.ask_queries]:
            cold_ask.time(partial(ask, q))
        # Pass 2 (warm): the figures that stand for a service that has been running a while.
        http, asked = Timings(), Timings()
        hits = [len(http.time(partial(search, q))["hits"]) for q in spec.queries]
        answered = sum(bool(asked.time(partial(ask, q))["answered"]) for q in spec.queries[: spec.ask_queries])
        server_cpu = (cpu_seconds(server.pid) or 0.0) - (server_cpu0 or 0.0)
        other = watch.other_cores(besides_seconds=server_cpu)
        peak, current = memory_mib(server.pid)
        health = client.get("/health").json()
    # Without HTTP, in this process, once the server has stopped.
    if spec.torch_threads:
        import torch

        torch.set_num_threads(spec.torch_threads)
    model = SentenceTransformerEmbedder()
    index = CaseIndex(_config(spec), embedder=model)
    direct, encode = Timings(), Timings()
    for q in spec.queries:
        index.search(q, k=spec.k)  # the first pass prepares kernels and caches, as the server's did
    for q in spec.queries:
        direct.time(partial(index.search, q, k=spec.k))
        encode.time(partial(model.embed_batch, [q]))
    return {
        "chunks": int(health["chunks"]),
        "first_search_ms": round(first.ms[0], 1),
        "ready_seconds": round(ready_s, 1),
        "search_http_cold_ms": cold_search.summary(),
        "ask_http_cold_ms": cold_ask.summary(),
        "search_http_ms": http.summary(),
        "search_inprocess_ms": direct.summary(),
        "query_encode_ms": encode.summary(),
        "ask_http_ms": asked.summary(),
        "ask_answered": answered,
        "mean_hits": round(statistics.fmean(hits), 1) if hits else 0.0,
        "peak_rss_mib": peak if peak is not None else peak_rss_mib(),
        "rss_mib": current,
        "other_processes_cores": other,
        "torch_threads": spec.torch_threads or _torch_threads(),
    }


def _torch_threads() -> int | None:
    try:
        import torch
    except ImportError:
        return None
    return int(torch.get_num_threads())


STEPS: dict[str, Callable[[TierSpec], dict[str, Any]]] = {"build": build, "serve": serve}


def run_in_child(step: str, spec: TierSpec, work: Path) -> dict[str, Any]:
    """Run ``step`` in a fresh Python process; its stderr is shown only if it fails."""
    import subprocess

    work.mkdir(parents=True, exist_ok=True)
    name = f"{step}-{spec.target}" + (f"-t{spec.torch_threads}" if spec.torch_threads else "")
    spec_file = work / f"{name}.spec.json"
    out_file = work / f"{name}.out.json"
    spec.to_json(spec_file)
    out_file.unlink(missing_ok=True)
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    done = subprocess.run(
        [sys.executable, "-m", "eval.bench.tiers", step, str(spec_file), str(out_file)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or not out_file.is_file():
        raise RuntimeError(f"benchmark step {step} ({spec.target} chunks) failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out_file.read_text())
    return result


def main(argv: Sequence[str]) -> int:
    if len(argv) != 3 or argv[0] not in STEPS:
        print("usage: python -m eval.bench.tiers build|serve SPEC.json OUT.json", file=sys.stderr)
        return 2
    import logging

    for name in ("chromadb", "sentence_transformers", "transformers", "httpx", "bm25s"):
        logging.getLogger(name).setLevel(logging.WARNING)
    result = STEPS[argv[0]](TierSpec.from_json(Path(argv[1])))
    Path(argv[2]).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
