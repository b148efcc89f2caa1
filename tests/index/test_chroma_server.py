from __future__ import annotations

from pathlib import Path

import pytest

from index import CaseIndex, IndexConfig, SentenceTransformerEmbedder, ingest_paths
from tests.conftest import SAMPLES
from tests.servers import chroma_server

pytestmark = pytest.mark.slow


def test_index_works_against_a_real_chroma_server(tmp_path: Path, embedder: SentenceTransformerEmbedder) -> None:
    with chroma_server(tmp_path / "chroma-server") as url:
        config = IndexConfig(data_dir=tmp_path / "data", chroma_url=url)
        index = CaseIndex(config, embedder=embedder)
        report = ingest_paths(index, [SAMPLES / "sar-mr-d-summary.pdf", SAMPLES / "cspr-child-b-summary.pdf"])
        assert report.count("added") == 2
        assert not (tmp_path / "data" / "chroma").exists()
        hits = index.search("hoarding and fire risk", k=3)
        assert hits[0].source == "sar-mr-d-summary.pdf"
        assert index.info()["vector_store"] == url
        # A second service worker sharing the same server and data directory sees the same index.
        other = CaseIndex(config, embedder=embedder)
        assert other.vectors.count() == index.vectors.count() > 0
        index.remove("sar-mr-d-summary.pdf")
        assert all(h.source != "sar-mr-d-summary.pdf" for h in other.search("hoarding", k=5))
