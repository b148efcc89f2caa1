"""Benchmarks that print figures: ingest and encode rates, search and answer latency at 1k-100k
chunks, peak memory, a naive LangChain pipeline for comparison, and an ONNX embedding experiment.

Run with ``caselearn bench`` (see README, "Benchmarks"). Speed goals live here, never in timed tests.
"""

from eval.bench.runner import BenchConfig, run_benchmark

__all__ = ["BenchConfig", "run_benchmark"]
