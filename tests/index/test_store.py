from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from index import (
    CaseIndex,
    DocumentNotFoundError,
    Filters,
    IndexConfig,
    IndexMismatchError,
    SentenceTransformerEmbedder,
    ingest_paths,
)
from tests.conftest import SAMPLES


def _state(index: CaseIndex) -> tuple[set[str], set[str], int]:
    documents = {d.id for d in index.documents()}
    chunk_ids = set(index.passage_ids_of(sorted(documents)))
    return documents, chunk_ids, index.vectors.count()


def test_search_finds_the_passage_with_its_page_and_section(sample_index: CaseIndex) -> None:
    hits = sample_index.search("bruising on a baby who is not yet mobile", k=5)
    assert hits
    top = hits[0]
    assert top.source == "cspr-child-b-summary.pdf"
    assert top.page is not None and top.page_start is not None
    assert top.url and "#page=" in top.url
    assert top.title.startswith("Local Child Safeguarding Practice Review")
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_every_search_mode_returns_results(sample_index: CaseIndex) -> None:
    for mode in ("bm25", "dense", "hybrid"):
        hits = sample_index.search("hoarding and fire risk for an older man", k=3, mode=mode)  # type: ignore[arg-type]
        assert hits and hits[0].source == "sar-mr-d-summary.pdf", mode


def test_acronyms_are_expanded_for_keyword_search(fresh_index: CaseIndex, tmp_path: Path) -> None:
    (tmp_path / "long-form.txt").write_text("The domestic homicide review panel met in March to agree terms.")
    (tmp_path / "other.txt").write_text("The panel met in March to agree the annual budget for training.")
    ingest_paths(fresh_index, [tmp_path / "long-form.txt", tmp_path / "other.txt"])
    hits = fresh_index.search("When did the DHR panel meet?", k=2, mode="bm25")
    assert hits[0].source == "long-form.txt"


def test_filters_restrict_results(sample_index: CaseIndex) -> None:
    only_sar = sample_index.search("learning for practice", k=10, filters=Filters(review_types=("SAR",)))
    assert only_sar and {h.source for h in only_sar} == {"sar-mr-d-summary.pdf"}
    recent = sample_index.search("learning for practice", k=10, filters=Filters(year_from=2025))
    assert recent and all(h.year is not None and h.year >= 2025 for h in recent)
    by_source = sample_index.search("safe sleep", k=10, filters=Filters(sources=("7-minute-briefing-safe-sleep.html",)))
    assert by_source and {h.source for h in by_source} == {"7-minute-briefing-safe-sleep.html"}
    assert sample_index.search("safe sleep", filters=Filters(nations=("Scotland",))) == []


def test_empty_and_unicode_queries_are_safe(sample_index: CaseIndex) -> None:
    assert sample_index.search("   ") == []
    assert isinstance(sample_index.search("père ❤ 子供"), list)


def test_reingest_skips_unchanged_and_replaces_changed_files(fresh_index: CaseIndex, sample_copy: Path) -> None:
    first = ingest_paths(fresh_index, [sample_copy])
    assert first.count("added") == 4
    before = _state(fresh_index)
    again = ingest_paths(fresh_index, [sample_copy])
    assert again.count("unchanged") == 4 and again.count("added") == 0
    assert _state(fresh_index) == before

    page = sample_copy / "7-minute-briefing-safe-sleep.html"
    page.write_text(page.read_text().replace("</main>", "<p>Zebra crossings are a new local theme.</p></main>"))
    changed = ingest_paths(fresh_index, [sample_copy])
    assert changed.count("updated") == 1
    _documents, chunks, vectors = _state(fresh_index)
    assert vectors == len(chunks)
    assert fresh_index.search("zebra crossings", k=1, mode="bm25")[0].source == page.name


def test_remove_deletes_passages_vectors_and_file(fresh_index: CaseIndex, sample_copy: Path) -> None:
    ingest_paths(fresh_index, [sample_copy])
    removed = fresh_index.remove("sar-mr-d-summary.pdf")
    assert removed.source == "sar-mr-d-summary.pdf"
    documents, chunks, vectors = _state(fresh_index)
    assert len(documents) == 3 and vectors == len(chunks)
    assert all(h.source != "sar-mr-d-summary.pdf" for h in fresh_index.search("hoarding", k=10))
    assert not (fresh_index.files_dir / removed.file_name).exists()  # type: ignore[operator]
    with pytest.raises(DocumentNotFoundError):
        fresh_index.remove("sar-mr-d-summary.pdf")


def test_vectors_written_but_never_committed_are_invisible_and_cleaned(
    fresh_index: CaseIndex, sample_copy: Path
) -> None:
    """The state a crash between storing vectors and committing leaves behind."""
    ingest_paths(fresh_index, [sample_copy / "sar-mr-d-summary.pdf"])
    ghost = ["ghost-chunk-1", "ghost-chunk-2"]
    fresh_index._catalog.mark_pending("ghost-doc", ghost)
    vector = fresh_index.embedder.embed_batch(["hoarding and self-neglect"])
    fresh_index.vectors.add(ghost, vector.repeat(2, axis=0), ["ghost-doc", "ghost-doc"])
    assert all(h.chunk_id not in ghost for h in fresh_index.search("hoarding and self-neglect", k=20))
    assert fresh_index.recover() == 2
    _documents, chunks, vectors = _state(fresh_index)
    assert vectors == len(chunks)


def test_stale_keyword_index_is_rebuilt_from_the_catalog(fresh_index: CaseIndex, sample_copy: Path) -> None:
    ingest_paths(fresh_index, [sample_copy])
    shutil.rmtree(fresh_index.data_dir / "bm25")
    reopened = CaseIndex(fresh_index.config, embedder=fresh_index.embedder)
    assert reopened.search("hoarding", k=1, mode="bm25")[0].source == "sar-mr-d-summary.pdf"


def test_index_refuses_a_different_embedding_model(fresh_index: CaseIndex) -> None:
    with pytest.raises(IndexMismatchError):
        CaseIndex(IndexConfig(data_dir=fresh_index.data_dir, embedding_model="some/other-model"))


def test_bad_files_are_reported_and_good_files_still_indexed(fresh_index: CaseIndex, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(SAMPLES / "sar-mr-d-summary.pdf", folder)
    (folder / "empty.txt").write_text("")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 truncated")
    (folder / "picture.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "manifest.yaml").write_text("documents: [not, a, mapping")
    report = ingest_paths(fresh_index, [folder, tmp_path / "missing.pdf"])
    statuses = {Path(o.path).name: (o.status, o.reason.value if o.reason else None) for o in report.outcomes}
    assert statuses["sar-mr-d-summary.pdf"] == ("added", None)
    assert statuses["empty.txt"] == ("failed", "empty")
    assert statuses["scan.pdf"] == ("failed", "corrupt")
    assert statuses["picture.jpg"] == ("skipped", "unsupported")
    assert statuses["missing.pdf"] == ("failed", "not_found")
    assert statuses["manifest.yaml"] == ("failed", "bad_manifest")
    assert [d.source for d in fresh_index.documents()] == ["sar-mr-d-summary.pdf"]


def test_info_reports_counts_and_a_loadable_model(sample_index: CaseIndex) -> None:
    info = sample_index.info()
    assert info["documents"] == 4
    assert info["chunks"] > 10
    assert 300 < info["avg_chunk_chars"] < 1300
    assert Path(info["embedding_model"]).is_dir()


def test_an_index_reads_its_store_afresh_after_another_process_changed_it(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    """The index stands in for a running service; `caselearn ingest` and `remove` run beside it."""
    config = IndexConfig(data_dir=tmp_path / "data")
    service = CaseIndex(config, embedder=embedder)
    ingest_paths(service, [SAMPLES / "sar-mr-d-summary.pdf"])
    assert service.search("hoarding and fire risk", k=3)[0].source == "sar-mr-d-summary.pdf"
    env = dict(os.environ, CASELEARN_DATA_DIR=str(config.data_dir), HF_HUB_OFFLINE="1")
    cli = [sys.executable, "-m", "integrations.cli"]
    subprocess.run([*cli, "ingest", str(SAMPLES / "cspr-child-b-summary.pdf")], env=env, check=True, timeout=300)
    hits = service.search("bruising on a baby who is not yet mobile", k=3, mode="dense")
    assert hits and hits[0].source == "cspr-child-b-summary.pdf"
    assert service.search("bruising on a baby who is not yet mobile", k=3)[0].source == "cspr-child-b-summary.pdf"
    subprocess.run([*cli, "remove", "cspr-child-b-summary.pdf"], env=env, check=True, timeout=300)
    assert all(h.source != "cspr-child-b-summary.pdf" for h in service.search("bruising on a baby", k=10))
    assert service.vectors.count() == len(service.passage_ids_of([d.id for d in service.documents()]))


def test_own_writes_do_not_make_an_index_read_its_store_again(fresh_index: CaseIndex) -> None:
    before = fresh_index.vectors
    ingest_paths(fresh_index, [SAMPLES / "sar-mr-d-summary.pdf"])
    fresh_index.remove("sar-mr-d-summary.pdf")
    assert fresh_index.vectors is before
