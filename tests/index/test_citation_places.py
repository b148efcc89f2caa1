"""Citations say where a quote is: numbered paragraph, printed page number, and whether OCR read it."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from assistant import messages
from assistant.service import Assistant, citation_for
from index import CaseIndex, IndexConfig, ingest_paths
from index.embed import SentenceTransformerEmbedder
from ingest.extract.ocr import ocr_available
from tests.scanned import make_mixed_pdf

PARAGRAPHS = [
    [
        "Working with a fictional partnership (test document)",
        "147. Partners should agree a written escalation route for disagreements about a child's plan,",
        "and review it every year with the safeguarding leads.",
        "148. A strategy discussion should include a social worker, a health practitioner and a police",
        "officer, and should be held within one working day of the concern.",
    ],
    [
        "149. Records of every strategy discussion should be shared with the agencies that took part",
        "within two working days, so that each can act on the decisions.",
    ],
]


def _numbered_pdf(path: Path, printed_offset: int) -> Path:
    """Numbered paragraphs, with a footer that prints the PDF page number minus ``printed_offset``."""
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for number, lines in enumerate([[], *PARAGRAPHS], start=1):
        c.setFont("Helvetica", 11)
        y = height - 80
        for line in lines or ["Cover of a fictional test document"]:
            c.drawString(50, y, line)
            y -= 16
        c.setFont("Helvetica", 9)
        c.drawString(width / 2, 25, str(number - printed_offset))
        c.showPage()
    c.save()
    return path


@pytest.fixture()
def index(tmp_path: Path, embedder: SentenceTransformerEmbedder) -> CaseIndex:
    return CaseIndex(IndexConfig(data_dir=tmp_path / "data"), embedder=embedder)


def test_citation_names_the_numbered_paragraph_and_the_printed_page(tmp_path: Path, index: CaseIndex) -> None:
    ingest_paths(index, [_numbered_pdf(tmp_path / "guide.pdf", printed_offset=1)])
    answer = Assistant(index).answer("Who should take part in a strategy discussion?")
    assert answer.answered
    cited = next(c for c in answer.citations if "social worker" in c.quote)
    assert cited.paragraph == "148"
    assert cited.page == 2 and cited.page_label == "1"
    assert cited.place == "paragraph 148, p. 2 (printed page 1)"


def test_printed_page_is_not_repeated_when_it_matches_the_pdf_page(tmp_path: Path, index: CaseIndex) -> None:
    ingest_paths(index, [_numbered_pdf(tmp_path / "guide.pdf", printed_offset=0)])
    hits = index.search("records of every strategy discussion shared", k=1)
    assert hits[0].page == 3 and hits[0].page_label(3) is None


@pytest.mark.skipif(not ocr_available(), reason="Tesseract is not installed (make ocr)")
def test_scanned_page_is_read_marked_as_ocr_and_named_at_ingest(tmp_path: Path, index: CaseIndex) -> None:
    pdf = make_mixed_pdf(
        tmp_path / "mixed.pdf",
        [["Fictional test review, page one.", "The family moved twice during the review period."]],
        ["The escalation policy allows ten working days", "before the matter goes to the partnership."],
        scanned_at=1,
    )
    report = ingest_paths(index, [pdf])
    outcome = report.outcomes[0]
    assert outcome.result is not None and outcome.result.ocr_pages == (2,)
    note = messages.ingest_note("mixed.pdf", outcome.result)
    assert note is not None and "page 2" in note and "OCR" in note
    hits = index.search("escalation policy working days", k=1)
    assert hits[0].page == 2 and hits[0].ocr_pages == (2,)
    assert "scanned" in (messages.cited_place(2, None, None, True) or "")
    # A quote from the typed page of the same passage is not marked as OCR text.
    start = hits[0].text.find("The family moved")
    assert start >= 0, "the typed page and the scanned page make one passage"
    cited = citation_for(1, hits[0], start, start + 20, None)
    assert cited.page == 1 and not cited.ocr and "scanned" not in (cited.place or "")


def test_scanned_page_without_ocr_is_named_with_how_to_enable_it() -> None:
    from index.models import FileResult

    note = messages.ingest_note("scan.pdf", FileResult("added", "scan.pdf", unread_pages=(4, 7)))
    assert note is not None and "pages 4 and 7" in note and "tesseract-ocr" in note
