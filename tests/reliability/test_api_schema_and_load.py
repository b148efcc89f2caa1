"""schemathesis against the OpenAPI schema (no 5xx), and 16 concurrent clients asking for a minute."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from assistant.settings import Settings
from eval.bench.load import CLOSERS, OPENERS, LoadConfig, run_load_benchmark, unique_questions
from index import CaseIndex, IndexConfig, SentenceTransformerEmbedder, ingest_paths
from integrations.api.app import create_app
from tests.conftest import ROOT, SAMPLES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def app_index(tmp_path_factory: pytest.TempPathFactory, embedder: SentenceTransformerEmbedder) -> CaseIndex:
    index = CaseIndex(IndexConfig(data_dir=tmp_path_factory.mktemp("schema")), embedder=embedder)
    ingest_paths(index, [SAMPLES])
    return index


def test_no_request_the_schema_allows_causes_a_server_error(app_index: CaseIndex) -> None:
    """Every operation in the OpenAPI schema, with bounded generated examples (schemathesis + hypothesis)."""
    app = create_app(Settings(data_dir=app_index.data_dir, ask_rate_limit=0), index=app_index)
    api = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:

        @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def check(case: schemathesis.Case) -> None:
            response = case.call()
            assert response.status_code < 500, (case.method, case.path, response.status_code)

        check()


def test_sixteen_clients_asking_for_a_minute_get_no_errors(shared: Path, tmp_path: Path) -> None:
    """A real `caselearn serve` process; every request a question not asked before in the run.

    The latency bounds are a benchmark goal, printed by `caselearn bench-load` in CI (house
    rule: speed goals live in benchmarks, not in timed tests); this test prints the figures.
    """
    config = LoadConfig(
        corpus=(shared / "corpus",),
        questions=(shared / "eval" / "dev-questions.jsonl", ROOT / "eval" / "sets" / "corpus-questions.jsonl"),
        work_dir=tmp_path / "load",
        out_dir=tmp_path / "reports",
        clients=16,
        seconds=60,
    )
    report = run_load_benchmark(config)
    result = report["result"]
    assert result["errors"] == {}
    assert result["requests"] >= 16 and result["seconds"] >= 55
    assert result["answered"] >= 0.8 * result["requests"]  # real answers, not refusals
    assert (tmp_path / "reports" / "load-latest.json").is_file()
    print(
        f"\n16 clients for {result['seconds']} s: {result['requests']} answers, "
        f"p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, goals: "
        + ", ".join(f"{g['goal']} {'met' if g['met'] else 'NOT met'}" for g in report["goals"])
    )


def test_load_questions_are_all_different() -> None:
    questions = unique_questions(["Where should a baby sleep?", "Who decides on a SAR?"])
    assert len(questions) == len(set(questions)) == 2 * len(OPENERS) * len(CLOSERS)
