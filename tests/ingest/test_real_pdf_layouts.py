"""Layout problems of the eight real published PDFs in ../shared/real, each checked where it occurs.

The documents are read at run time and none of their sentences is copied here: checks are patterns
(a digit glued between words, dotted leaders) or come from the file itself (lines repeated across pages).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from ingest import Document, load_document
from ingest.extract.ocr import ocr_available
from ingest.extract.pdf import PdfOptions, extract_pdf
from tests.conftest import SHARED

REAL = SHARED / "real" / "docs"
WORKING_TOGETHER = "working-together-to-safeguard-children-2023.pdf"
LAMBETH = "lambeth-multi-agency-safeguarding-information-pack-2025.pdf"
LONDON = "london-rapid-reviews-analysis-2023-24.pdf"
THRESHOLDS = "northamptonshire-thresholds-guidance-2022.pdf"
MISSING = "northamptonshire-missing-children-protocol-2022.pdf"
INFO_SHARING = "information-sharing-advice-2024.pdf"
FACTSHEET = "lscp-factsheet-parental-substance-use-2025.pdf"

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is not beside the project")


@cache
def _doc(name: str) -> Document:
    return load_document(REAL / name)


def _repeated_raw_lines(name: str) -> set[str]:
    """Lines that pypdf reads on at least half the pages: running headers and footers (numbers aside)."""
    reader = PdfReader(REAL / name)
    counts: Counter[str] = Counter()
    for page in reader.pages:
        lines = {ln.strip() for ln in (page.extract_text() or "").splitlines() if len(ln.strip()) > 4}
        counts.update(lines)
    return {line for line, n in counts.items() if n >= max(2, len(reader.pages) // 2) and not line.isdigit()}


def test_ligatures_are_folded_so_keyword_search_matches() -> None:
    doc = _doc(LONDON)
    assert "\ufb01" not in doc.text and "\ufb02" not in doc.text
    assert "notifiable" in doc.text.lower() and "significant" in doc.text.lower()


@pytest.mark.parametrize("name", [THRESHOLDS, FACTSHEET])
def test_running_headers_and_footers_are_not_in_the_text(name: str) -> None:
    repeated = _repeated_raw_lines(name)
    assert repeated, "the document should have running lines to remove"
    text = _doc(name).text
    assert not [line for line in repeated if line in text]


def test_no_control_or_private_use_glyphs_survive_and_bullets_stay_apart() -> None:
    for name in (LAMBETH, MISSING, THRESHOLDS, INFO_SHARING, FACTSHEET):
        doc = _doc(name)
        assert not re.search("[\x00-\x08\x0b-\x1f\ue000-\uf8ff]", doc.text), name
        for block in doc.blocks:
            if block.kind == "bullet":
                # One bullet per block: a glyph mid-text would be two bullets fused (and one cited on the wrong page).
                assert " • " not in block.text[2:], (name, block.page_start)


def test_footnotes_are_kept_apart_on_their_own_page() -> None:
    doc = _doc(WORKING_TOGETHER)
    notes = [b for b in doc.blocks if b.kind == "footnote"]
    assert len(notes) > 100
    assert all(b.page_start == b.page_end and b.text.startswith("Footnote") for b in notes)
    # The body never carries a footnote's "N https://..." line.
    body = [b.text for b in doc.blocks if b.kind != "footnote"]
    assert not [t for t in body if re.search(r"(^|\. )\d{1,3} (https?://|See )", t)]


def test_superscript_footnote_markers_do_not_glue_words_together() -> None:
    text = _doc(INFO_SHARING).text
    assert not re.findall(r"\b[a-z]{3,}\d{1,3}(?:and|or|the|to|of)\b", text)


def test_contents_pages_are_left_out() -> None:
    doc = _doc(MISSING)
    assert not re.search(r"\.{6,}\s*\d{1,3}", doc.text)
    assert not [b for b in doc.blocks if b.page_start in (2, 3) and b.kind != "footnote"]


def test_table_rows_keep_their_cells_together() -> None:
    doc = _doc(THRESHOLDS)
    rows = [b for b in doc.blocks if b.page_start == 10 and " | " in b.text]
    assert len(rows) >= 2
    assert any("Early Help Assessment (EHA)" in b.text for b in doc.blocks if b.page_start in (10, 11))


def test_printed_page_numbers_are_read_where_they_differ_from_the_pdf_pages() -> None:
    raw = extract_pdf(REAL / LAMBETH, PdfOptions(ocr=None))
    assert raw.page_labels[0] == "0" and raw.page_labels[56] == "56"
    assert extract_pdf(REAL / WORKING_TOGETHER, PdfOptions(ocr=None)).page_labels == ()


def test_bookmarks_and_numbered_paragraphs_give_sections() -> None:
    doc = _doc(WORKING_TOGETHER)
    numbered = [b for b in doc.blocks if b.number is not None]
    assert len(numbered) > 300
    on_108 = [b for b in numbered if b.page_start == 108]
    assert on_108 and all(b.number is not None and int(b.number) > 200 for b in on_108)
    offset = doc.block_offsets[doc.blocks.index(on_108[0])]
    assert doc.section_at(offset) is not None
    assert [b for b in doc.blocks if b.kind == "heading" and b.text.startswith("Chapter 3")]


def test_image_only_page_without_ocr_is_named() -> None:
    raw = extract_pdf(REAL / LAMBETH, PdfOptions(ocr=None))
    assert raw.unread_pages == (57,)


@pytest.mark.skipif(not ocr_available(), reason="Tesseract is not installed (make ocr)")
def test_image_only_page_is_read_with_ocr() -> None:
    raw = extract_pdf(REAL / LAMBETH)
    assert raw.ocr_pages == (57,)
    words = " ".join(line.text for line in raw.lines if line.page == 57)
    assert len(words) > 150 and re.search(r"\b(10|15|20)\b", words)


def test_extraction_reads_the_eight_documents_without_losing_pages() -> None:
    for path in sorted(Path(REAL).glob("*.pdf")):
        doc = load_document(path)
        pages = {b.page_start for b in doc.blocks}
        assert doc.page_count is not None and len(pages) >= doc.page_count * 0.7, path.name
