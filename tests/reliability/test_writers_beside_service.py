"""Several writers, one truth: `caselearn ingest` and `remove` in their own processes while a
`caselearn serve` process answers searches and questions, for embedded Chroma and a Chroma server.

The service must see a document added elsewhere within seconds, forget a removed one as fast,
and answer every request in flight meanwhile without a server error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import SAMPLES
from tests.servers import chroma_server, serve_process

pytestmark = pytest.mark.slow

FIRST = ("sar-mr-d-summary.pdf", "cspr-child-b-summary.pdf")
ADDED = "7-minute-briefing-safe-sleep.html"
ADDED_QUESTION = "co-sleeping on a sofa after drinking alcohol"
QUESTIONS = ("hoarding and fire risk", "bruising in a baby who is not mobile", ADDED_QUESTION)
UPLOADED = "evsp-case-review-protocol.docx"
UPLOADED_QUESTION = "how to refer a case for consideration of a review"
SEEN_WITHIN_S = 5.0


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "integrations.cli", *args], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done


@contextmanager
def _traffic(url: str) -> Iterator[Counter[int]]:
    """Two clients searching and asking without pause until the block ends; yields status counts."""
    statuses: Counter[int] = Counter()
    stop = threading.Event()

    def client(ask: bool) -> None:
        with httpx.Client(base_url=url, timeout=60) as http:
            i = 0
            while not stop.is_set():
                question = QUESTIONS[i % len(QUESTIONS)]
                i += 1
                if ask:
                    response = http.post("/ask", json={"question": f"What does the learning say about {question}?"})
                else:
                    response = http.get("/search", params={"q": question, "k": 10})
                statuses[response.status_code] += 1

    threads = [threading.Thread(target=client, args=(ask,), daemon=True) for ask in (False, True)]
    for thread in threads:
        thread.start()
    try:
        yield statuses
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)


def _sources(url: str, question: str = ADDED_QUESTION) -> set[str]:
    response = httpx.get(f"{url}/search", params={"q": question, "k": 10}, timeout=60)
    assert response.status_code == 200, response.text
    return {h["source"] for h in response.json()["hits"]}


def _seconds_until(
    condition: bool, url: str, limit: float = 30.0, name: str = ADDED, question: str = ADDED_QUESTION
) -> float:
    """Seconds until the document is (``condition`` True) or is not among the hits."""
    began = time.monotonic()
    while (name in _sources(url, question)) != condition:
        assert time.monotonic() - began < limit, "the service never caught up"
        time.sleep(0.2)
    return time.monotonic() - began


@pytest.mark.parametrize("store", ["embedded", "server"])
def test_cli_ingest_and_remove_beside_a_running_service(store: str, tmp_path: Path) -> None:
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    for name in FIRST:
        shutil.copy(SAMPLES / name, first / name)
    shutil.copy(SAMPLES / ADDED, later / ADDED)
    data = tmp_path / "data"
    with chroma_server(tmp_path / "chroma-server") if store == "server" else _no_server() as chroma_url:
        extra = {"CASELEARN_CHROMA_URL": chroma_url} if chroma_url else {}
        env = dict(os.environ, CASELEARN_DATA_DIR=str(data), HF_HUB_OFFLINE="1", **extra)
        _cli(env, "ingest", str(first))
        with serve_process(data, env=extra) as url:
            assert ADDED not in _sources(url)
            with _traffic(url) as statuses:
                _cli(env, "ingest", str(later))
                found_after = _seconds_until(True, url)
                _cli(env, "remove", ADDED)
                gone_after = _seconds_until(False, url)
                _cli(env, "ingest", str(later))  # and back again, into a store read afresh
                again_after = _seconds_until(True, url)
                # The service writes too (an upload), then the command line removes what it added.
                with (SAMPLES / UPLOADED).open("rb") as file:
                    upload = httpx.post(f"{url}/documents", files={"file": (UPLOADED, file)}, timeout=300)
                assert upload.status_code == 201, upload.text
                assert UPLOADED in _sources(url, UPLOADED_QUESTION)
                _cli(env, "remove", UPLOADED)
                assert _seconds_until(False, url, name=UPLOADED, question=UPLOADED_QUESTION) <= SEEN_WITHIN_S
            print(
                f"\n{store}: added seen after {found_after:.1f} s, removed gone after {gone_after:.1f} s, "
                f"re-added seen after {again_after:.1f} s; requests in flight: {dict(statuses)}"
            )
            assert max(found_after, gone_after, again_after) <= SEEN_WITHIN_S
            assert sum(statuses.values()) > 0
            assert all(code < 500 for code in statuses), dict(statuses)


@contextmanager
def _no_server() -> Iterator[str | None]:
    yield None
