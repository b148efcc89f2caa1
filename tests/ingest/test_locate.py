"""Finding a quote in a stored original: on a PDF page as boxes, in a document's text as a span."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ingest.locate import pdf_quote_boxes, render_pdf_page, text_span

QUOTE = "A strategy discussion should include a social worker, a health practitioner and a police officer."


def _two_page_pdf(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawString(50, 760, "Cover of a fictional test document")
    c.showPage()
    c.drawString(50, 760, "Working with a fictional partnership (test document)")
    c.drawString(50, 700, "A strategy discussion should include a social worker, a health")
    c.drawString(50, 684, "practitioner and a police officer.")
    c.showPage()
    c.save()
    return path


def test_text_span_ignores_line_breaks_case_and_ligatures() -> None:
    text = "Heading\n\nThe ﬁrst STRATEGY discussion\nshould include a social worker. Then more."
    span = text_span(text, "The first strategy discussion should include a social worker.")
    assert span is not None
    assert text[span[0] : span[1]] == "The ﬁrst STRATEGY discussion\nshould include a social worker"


def test_text_span_finds_the_part_of_a_quote_that_runs_off_the_text() -> None:
    text = "Earlier words. A strategy discussion should include a social worker, a health"
    span = text_span(text, QUOTE)
    assert span is not None and text[span[0] :].startswith("A strategy discussion")
    assert text_span(text, "Nothing like this sentence is in the text at all, anywhere.") is None


def test_pdf_quote_boxes_mark_both_lines_of_the_quote_on_its_page_only(tmp_path: Path) -> None:
    pdf = _two_page_pdf(tmp_path / "guide.pdf")
    boxes = pdf_quote_boxes(pdf, 2, QUOTE)
    assert len(boxes) >= 2  # one per line at least
    assert all(0 <= b.left < 1 and 0 <= b.top < 1 and 0 < b.width <= 1 and 0 < b.height < 0.1 for b in boxes)
    tops = sorted(b.top for b in boxes)
    assert tops[0] < 0.2 and tops[-1] > tops[0]  # near the top of an A4 page, two lines
    assert pdf_quote_boxes(pdf, 1, QUOTE) == []
    assert pdf_quote_boxes(pdf, 9, QUOTE) == []


def test_a_pdf_page_renders_as_a_png(tmp_path: Path) -> None:
    png = render_pdf_page(_two_page_pdf(tmp_path / "guide.pdf"), 2, width_px=400)
    assert png.startswith(b"\x89PNG")
