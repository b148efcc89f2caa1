"""Several service workers sharing one data directory and one real Chroma server.

Documents added, changed or removed through one worker are searchable (keyword and dense) through
the others without a restart: each search compares the catalog's generation with the keyword
index it holds and reloads it when the catalog has moved on; vectors live on the shared server.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path
from typing import Any

import pytest

from index import CaseIndex, IndexConfig, SentenceTransformerEmbedder
from tests.servers import chroma_server, serve_process

pytestmark = pytest.mark.slow

NOTE = (
    "# Kestrelmoor briefing\n\n"
    "The Kestrelmoor panel asks every {who} to record unannounced visits within {days} days.\n"
)


def _write(folder: Path, name: str, who: str, days: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(NOTE.format(who=who, days=days), encoding="utf-8")
    return path


def test_two_indexes_share_a_chroma_server_and_see_each_others_changes(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    with chroma_server(tmp_path / "chroma") as url:
        config = IndexConfig(data_dir=tmp_path / "data", chroma_url=url)
        writer = CaseIndex(config, embedder=embedder)
        reader = CaseIndex(config, embedder=embedder)
        assert reader.search("Kestrelmoor", k=3) == []  # empty, and the reader has loaded its keyword index
        loaded = reader.refresh_keyword_index().generation

        writer.add_file(_write(tmp_path / "docs", "kestrelmoor.md", "health visitor", "two"))
        # No restart and no call on the reader: its next search notices the new generation.
        assert reader._catalog.generation() > loaded
        bm25 = reader.search("Kestrelmoor unannounced visits", k=3, mode="bm25")
        dense = reader.search("recording home visits that were not announced", k=3, mode="dense")
        assert bm25[0].source == dense[0].source == "kestrelmoor.md"
        assert reader.refresh_keyword_index().generation == writer._catalog.generation()

        writer.add_file(_write(tmp_path / "docs", "kestrelmoor.md", "school nurse", "five"))
        changed = reader.search("Kestrelmoor school nurse", k=3, mode="bm25")
        assert "school nurse" in changed[0].text and "health visitor" not in changed[0].text
        assert len(reader.search("Kestrelmoor", k=10, mode="hybrid")) == 1  # old version's passages are gone

        writer.remove("kestrelmoor.md")
        assert reader.search("Kestrelmoor", k=3, mode="bm25") == []
        assert reader.search("recording home visits that were not announced", k=3, mode="dense") == []


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read())


def _request(url: str, method: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> Any:
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    with urllib.request.urlopen(req, timeout=120) as response:
        return json.loads(response.read())


def _upload(base: str, name: str, content: bytes) -> Any:
    boundary = "caselearnboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: text/markdown\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return _request(f"{base}/documents", "POST", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def _search(base: str, query: str) -> list[dict[str, Any]]:
    hits: list[dict[str, Any]] = _get(f"{base}/search?" + urllib.parse.urlencode({"q": query, "k": 3}))["hits"]
    return hits


def _service(data_dir: Path, chroma_url: str) -> AbstractContextManager[str]:
    """``caselearn serve`` as its own process (one service worker)."""
    return serve_process(data_dir, {"CASELEARN_CHROMA_URL": chroma_url})


def test_two_service_processes_share_documents_through_the_chroma_server(tmp_path: Path) -> None:
    with ExitStack() as stack:
        url = stack.enter_context(chroma_server(tmp_path / "chroma"))
        first = stack.enter_context(_service(tmp_path / "data", url))
        second = stack.enter_context(_service(tmp_path / "data", url))
        assert _search(second, "Kestrelmoor unannounced visits") == []

        uploaded = _upload(first, "kestrelmoor.md", NOTE.format(who="health visitor", days="two").encode())
        hits = _search(second, "Kestrelmoor unannounced visits")
        assert hits and hits[0]["source"] == "kestrelmoor.md" and "health visitor" in hits[0]["text"]

        _request(f"{second}/documents/{uploaded['document']['id']}", "DELETE")
        assert _search(first, "Kestrelmoor unannounced visits") == []
        assert _get(f"{first}/health")["documents"] == _get(f"{second}/health")["documents"] == 0
