from __future__ import annotations

from pathlib import Path

import pytest

from ingest import Reason, UnreadableFileError, chunk_document, extract, load_document
from tests.pdfs import (
    PNG_BYTES,
    make_encrypted_pdf,
    make_image_only_pdf,
    make_pdf,
    make_truncated_pdf,
)

BODY = [
    [
        "1. Introduction",
        "The review considered the support given to the family between",
        "2022 and 2024. Practitioners described a busy and stretched safe-",
        "guarding system in which the non-",
        "accidental nature of the injury was not considered early enough.",
    ],
    [
        "This sentence started on the first page and the review panel",
        "finished it here on the second page of the report.",
        "2. Findings",
        "The health visitor did not see the father at any contact.",
    ],
    [
        "3. Recommendations",
        "The partnership should make sure fathers are invited to every contact.",
    ],
]


@pytest.fixture()
def report_pdf(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "review.pdf", BODY, title="Child Safeguarding Practice Review: Child Z")


def test_running_header_and_page_footer_are_removed(report_pdf: Path) -> None:
    doc = load_document(report_pdf)
    assert "Test Partnership Review" not in doc.text
    assert "Page 2" not in doc.text


def test_words_hyphenated_across_lines_are_joined_and_compounds_kept(report_pdf: Path) -> None:
    doc = load_document(report_pdf)
    assert "safeguarding system" in doc.text
    assert "non-accidental nature" in doc.text


def test_sentence_split_across_a_page_break_is_one_sentence(report_pdf: Path) -> None:
    doc = load_document(report_pdf)
    assert "the review panel finished it here on the second page" in doc.text


def test_page_numbers_follow_the_text(report_pdf: Path) -> None:
    doc = load_document(report_pdf)
    assert doc.page_at(doc.text.index("The health visitor")) == 2
    assert doc.page_at(doc.text.index("invited to every contact")) == 3
    assert doc.page_at(doc.text.index("Introduction")) == 1


def test_chunks_know_the_pages_they_span(report_pdf: Path) -> None:
    doc = load_document(report_pdf)
    chunks = chunk_document(doc, max_chars=400, min_chars=100)
    spanning = [c for c in chunks if "finished it here" in c.text]
    assert spanning
    assert spanning[0].page_end == 2
    assert all(doc.text[c.char_start : c.char_end] == c.text for c in chunks)


def test_title_and_review_type_are_inferred_from_pdf_metadata(report_pdf: Path) -> None:
    doc = load_document(report_pdf)
    assert doc.meta.title == "Child Safeguarding Practice Review: Child Z"
    assert doc.meta.review_type == "CSPR"


def test_shared_annual_report_keeps_page_exact_text(shared: Path) -> None:
    doc = load_document(shared / "pdf" / "svpp-annual-report-2023-24.pdf")
    assert doc.page_count == 29
    assert doc.page_at(doc.text.index("4413 DA related contacts into MASH")) == 3
    assert doc.page_at(doc.text.index("Wiltshire Constabulary £47,700")) == 29
    # The running header is gone from every page.
    assert doc.text.count("SVPP Annual Report 2023-2024\n") <= 1
    # A sentence that runs from page 1 onto page 2 is joined.
    assert "require further check and tests going forward" in doc.text


def test_encrypted_pdf_is_named_as_encrypted(tmp_path: Path, report_pdf: Path) -> None:
    locked = make_encrypted_pdf(tmp_path / "locked.pdf", report_pdf)
    with pytest.raises(UnreadableFileError) as err:
        extract(locked)
    assert err.value.reason is Reason.ENCRYPTED


def test_truncated_pdf_is_named_as_corrupt(tmp_path: Path, report_pdf: Path) -> None:
    broken = make_truncated_pdf(tmp_path / "broken.pdf", report_pdf)
    with pytest.raises(UnreadableFileError) as err:
        extract(broken)
    assert err.value.reason is Reason.CORRUPT


def test_image_named_pdf_is_named_as_corrupt(tmp_path: Path) -> None:
    fake = tmp_path / "photo.pdf"
    fake.write_bytes(PNG_BYTES)
    with pytest.raises(UnreadableFileError) as err:
        extract(fake)
    assert err.value.reason is Reason.CORRUPT


def test_scanned_pdf_without_text_layer_needs_ocr(tmp_path: Path) -> None:
    scanned = make_image_only_pdf(tmp_path / "scan.pdf")
    with pytest.raises(UnreadableFileError) as err:
        extract(scanned)
    assert err.value.reason is Reason.NO_TEXT


def test_empty_file_is_named_as_empty(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(UnreadableFileError) as err:
        extract(empty)
    assert err.value.reason is Reason.EMPTY


def test_running_header_and_footer_of_a_two_page_document_are_removed(tmp_path: Path) -> None:
    pdf = make_pdf(
        tmp_path / "two.pdf",
        [
            ["The first page says the family was known to services", "for a long time before the review."],
            ["The second page ends the report."],
        ],
    )
    doc = load_document(pdf)
    assert "Test Partnership Review" not in doc.text and "Page 1" not in doc.text and "Page 2" not in doc.text


def test_reading_a_pdf_reports_each_page_to_whoever_listens(tmp_path: Path) -> None:
    from ingest.progress import reporting

    path = make_pdf(tmp_path / "three.pdf", [["First page text."], ["Second page text."], ["Third page text."]])
    heard: list[str] = []
    with reporting(heard.append):
        extract(path)
    assert heard == [f"Reading three.pdf: page {n} of 3" for n in (1, 2, 3)]
    extract(path)  # nobody listening: nothing reported, nothing fails
    assert len(heard) == 3
