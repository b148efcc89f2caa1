"""Each package's public surface is small and pinned."""

import assistant
import index
import ingest


def test_ingest_public_api() -> None:
    assert "chunk_document" in ingest.__all__ and "load_document" in ingest.__all__
    assert all(hasattr(ingest, name) for name in ingest.__all__)


def test_index_public_api() -> None:
    assert {"CaseIndex", "Hit", "Filters", "ingest_paths"} <= set(index.__all__)
    assert all(hasattr(index, name) for name in index.__all__)


def test_assistant_public_api() -> None:
    assert all(hasattr(assistant, name) for name in assistant.__all__)
