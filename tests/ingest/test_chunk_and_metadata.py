from __future__ import annotations

import itertools
import statistics
from pathlib import Path

from ingest import DocumentMeta, chunk_document, load_document, load_manifest
from ingest.infer import infer_review_type, infer_year
from tests.conftest import SAMPLES


def test_chunks_are_contiguous_spans_of_bounded_size(shared: Path) -> None:
    doc = load_document(shared / "corpus" / "003_cb3dbd15023419e6.txt")
    chunks = chunk_document(doc)
    sizes = [len(c.text) for c in chunks]
    assert max(sizes) <= 1300
    assert 600 <= statistics.median(sizes) <= 1200
    for chunk in chunks:
        assert doc.text[chunk.char_start : chunk.char_end] == chunk.text
    # Consecutive chunks overlap a little or touch; nothing is skipped but separators.
    for a, b in itertools.pairwise(chunks):
        assert b.char_start <= a.char_end + 2


def test_chunk_ids_are_stable_and_unique(shared: Path) -> None:
    path = shared / "corpus" / "002_b791d6ca77c7e7cf.txt"
    first = [c.id for c in chunk_document(load_document(path))]
    second = [c.id for c in chunk_document(load_document(path))]
    assert first == second
    assert len(set(first)) == len(first)


def test_headings_start_chunks_and_name_their_section() -> None:
    doc = load_document(SAMPLES / "sar-mr-d-summary.pdf")
    chunks = chunk_document(doc)
    sections = {c.section for c in chunks}
    assert "Recommendations" in sections
    rec = next(c for c in chunks if c.section == "Recommendations")
    assert rec.text.startswith("Recommendations")
    assert rec.page_start is not None


def test_manifest_metadata_overrides_inference() -> None:
    manifest = load_manifest(SAMPLES / "manifest.yaml")
    doc = load_document(SAMPLES / "cspr-child-b-summary.pdf", manifest["cspr-child-b-summary.pdf"])
    assert doc.meta.review_type == "LCSPR"
    assert doc.meta.year == 2025
    assert doc.meta.url and doc.meta.url.startswith("https://example.org")


def test_review_type_and_year_inferred_from_titles() -> None:
    assert infer_review_type("Safeguarding Adults Review: Mrs A", "") == "SAR"
    assert infer_review_type("Domestic Homicide Review into the death of Emily", "") == "DHR"
    assert infer_review_type("Local Child Safeguarding Practice Review – Child T", "") == "LCSPR"
    assert infer_review_type("Annual report", "This rapid review considered") == "rapid_review"
    assert infer_review_type("Annual report 2023", "Our year in numbers") is None
    assert infer_year("Serious Case Review 2019: Child F", "") == 2019


def test_metadata_fills_only_missing_fields() -> None:
    given = DocumentMeta(title="Given", year=2020)
    merged = given.merged_over(DocumentMeta(title="Inferred", year=2001, nation="Wales"))
    assert (merged.title, merged.year, merged.nation) == ("Given", 2020, "Wales")
