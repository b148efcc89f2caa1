"""An ingest killed with SIGKILL leaves nothing half-visible, and the next run completes the work."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index import CaseIndex, IndexConfig, SentenceTransformerEmbedder, ingest_paths
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow


def _committed(data: Path) -> int:
    db = data / "catalog.sqlite3"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def _snapshot(index: CaseIndex) -> tuple[list[tuple[str, str]], list[str], int]:
    docs = sorted((d.id, d.title or "") for d in index.documents())
    chunks = sorted(index.passage_ids_of([d for d, _ in docs]))
    return docs, chunks, index.vectors.count()


@pytest.mark.parametrize("kill_after_documents", [0, 1, 3], ids=["before-any-commit", "after-1", "after-3"])
def test_sigkill_midway_then_rerun_equals_a_clean_ingest(
    tmp_path: Path, embedder: SentenceTransformerEmbedder, shared: Path, kill_after_documents: int
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES, corpus)
    for name in ("002_b791d6ca77c7e7cf.txt", "003_cb3dbd15023419e6.txt"):
        shutil.copy(shared / "corpus" / name, corpus)
    data = tmp_path / "killed"
    env = {**os.environ, "CASELEARN_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "integrations", "ingest", str(corpus)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    if kill_after_documents == 0:
        # While the files are read or the model loads: nothing committed yet. (The catalog is made
        # when the ingest starts; Chroma opens only at the first commit, too late to wait for.)
        while not (data / "catalog.sqlite3").exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)
    while _committed(data) < kill_after_documents and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert _committed(data) < 6, "the ingest finished before it could be interrupted"

    # What was visible after the kill is only whole documents.
    partial = CaseIndex(IndexConfig(data_dir=data), embedder=embedder)
    for info in partial.documents():
        assert info.chunks == len(partial.passage_ids_of([info.id])) > 0

    report = ingest_paths(partial, [corpus])
    assert not report.failed
    clean = CaseIndex(IndexConfig(data_dir=tmp_path / "clean"), embedder=embedder)
    ingest_paths(clean, [corpus])
    assert _snapshot(partial) == _snapshot(clean)
    assert partial._catalog.pending_vectors() == []
    query = "hoarding and fire risk"
    assert [h.chunk_id for h in partial.search(query, k=5)] == [h.chunk_id for h in clean.search(query, k=5)]


def _ingest_process(corpus: Path, data: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CASELEARN_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "integrations", "ingest", str(corpus)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _killed_at(process: subprocess.Popen[bytes], moment: float) -> bool:
    """SIGKILL the process ``moment`` seconds after it started; False if it had finished by then."""
    try:
        process.wait(timeout=moment)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        return True
    return False


def test_sigkill_at_random_moments_across_a_whole_ingest_then_rerun_equals_a_clean_ingest(
    tmp_path: Path, embedder: SentenceTransformerEmbedder, shared: Path
) -> None:
    """ "At any point": one kill in each sixth of an uninterrupted run's duration, at a random
    (seeded, printed) moment within it: start-up, model loading, embedding, commits, keyword index."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES, corpus)
    for name in ("002_b791d6ca77c7e7cf.txt", "003_cb3dbd15023419e6.txt", "004_510a2a629ff4b8bf.txt"):
        shutil.copy(shared / "corpus" / name, corpus)
    started = time.monotonic()
    assert _ingest_process(corpus, tmp_path / "clean").wait(timeout=300) == 0
    duration = time.monotonic() - started
    clean = CaseIndex(IndexConfig(data_dir=tmp_path / "clean"), embedder=embedder)
    rng = random.Random(20261122)
    moments = [round(duration * (i + rng.random()) / 6, 2) for i in range(6)]
    print(f"\nuninterrupted ingest {duration:.1f} s; kills at {moments} s")
    killed_midway = 0
    for n, planned in enumerate(moments):
        data, moment = tmp_path / f"killed-{n}", planned
        # A run can be faster than the measured one (the machine was busier then): if it finishes
        # before its moment, run it again from nothing and kill it a quarter sooner, so every run is cut.
        while not (killed := _killed_at(_ingest_process(corpus, data), moment)) and moment > 0.5:
            shutil.rmtree(data)
            moment *= 0.75
        killed_midway += killed
        if moment != planned:
            print(f"run {n} finished before {planned} s; killed at {moment:.2f} s")
        partial = CaseIndex(IndexConfig(data_dir=data), embedder=embedder)
        for info in partial.documents():  # only whole documents are ever visible
            assert info.chunks == len(partial.passage_ids_of([info.id])) > 0
        assert not ingest_paths(partial, [corpus]).failed
        assert _snapshot(partial) == _snapshot(clean), f"after a kill at {moment} s"
        assert partial._catalog.pending_vectors() == []
        query = "bruising in a baby who is not mobile"
        assert [h.chunk_id for h in partial.search(query, k=5)] == [h.chunk_id for h in clean.search(query, k=5)]
    assert killed_midway == 6
