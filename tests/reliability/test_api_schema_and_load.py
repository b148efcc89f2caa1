"""schemathesis against the OpenAPI schema (no 5xx), and 16 concurrent clients asking for a minute."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, given, settings

from assistant.settings import Settings
from index import CaseIndex, IndexConfig, SentenceTransformerEmbedder, ingest_paths
from integrations.api.app import create_app
from tests.conftest import SAMPLES
from tests.servers import free_port, wait_for

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


@pytest.fixture(scope="module")
def served(app_index: CaseIndex) -> Iterator[str]:
    port = free_port()
    app = create_app(Settings(data_dir=app_index.data_dir, ask_rate_limit=0), index=app_index)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    wait_for(f"{url}/health")
    yield url
    server.should_exit = True
    thread.join(timeout=10)


QUESTIONS = [
    "What should happen when a bruise is seen on a baby?",
    "What is executive functioning?",
    "How quickly must the Panel be notified?",
    "Where should a baby sleep?",
    "Who decides on a SAR?",
]


def test_sixteen_clients_asking_for_a_minute_get_no_errors(served: str) -> None:
    deadline = time.monotonic() + 60
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        with httpx.Client(base_url=served, timeout=60) as http:
            i = n
            while time.monotonic() < deadline and len(latencies) < 5000:  # bounded in time and count
                started = time.perf_counter()
                response = http.post("/ask", json={"question": QUESTIONS[i % len(QUESTIONS)]})
                with lock:
                    latencies.append(time.perf_counter() - started)
                    if response.status_code != 200:
                        failures.append(str(response.status_code))
                i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not failures
    assert len(latencies) >= 16
    p50 = statistics.median(latencies)
    p95 = sorted(latencies)[int(0.95 * len(latencies)) - 1]
    print(f"\n16 clients for 60 s: {len(latencies)} answers, p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
