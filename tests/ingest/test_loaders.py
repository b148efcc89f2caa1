from __future__ import annotations

from pathlib import Path

import docx
import pytest

from ingest import Reason, UnreadableFileError, extract, load_document

HTML = """<!doctype html><html><head><title>Briefing: Fathers</title>
<script>trackVisitor("secret-tracking-code");</script><style>.x{}</style></head>
<body><nav><a href="/">Home</a><a href="/menu">Menu item</a></nav>
<div class="cookie-banner">We use cookies. Accept all cookies</div>
<main><h1>Seven minute briefing: working with fathers</h1>
<h2>Why it matters</h2>
<p>Reviews repeatedly find that fathers and male carers are not seen or assessed by services,
even when they provide day to day care for the child.</p>
<ul><li>Ask who lives in the home and who visits.</li><li>Record the father's details.</li></ul>
<h2>What to do</h2><p>Invite both parents to every appointment and record who attended.</p>
</main><footer>Copyright the council. Privacy policy.</footer></body></html>"""


def test_html_keeps_main_content_and_headings_without_boilerplate(tmp_path: Path) -> None:
    page = tmp_path / "fathers.html"
    page.write_text(HTML, encoding="utf-8")
    doc = load_document(page)
    assert "fathers and male carers are not seen" in doc.text
    assert "Invite both parents" in doc.text
    assert "secret-tracking-code" not in doc.text
    assert "Menu item" not in doc.text
    assert "Privacy policy" not in doc.text
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert "Why it matters" in headings


def test_docx_headings_lists_and_tables_are_read(tmp_path: Path) -> None:
    path = tmp_path / "protocol.docx"
    document = docx.Document()
    document.add_heading("Case review protocol", level=1)
    document.add_paragraph("Any agency can refer a case to the review group using the referral form.")
    document.add_heading("Timescales", level=2)
    document.add_paragraph("Notify the national panel within five working days.", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Step"
    table.cell(0, 1).text = "Days"
    table.cell(1, 0).text = "Rapid review"
    table.cell(1, 1).text = "15"
    document.save(str(path))
    doc = load_document(path)
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["Case review protocol", "Timescales"]
    assert "Notify the national panel within five working days." in doc.text
    assert "Rapid review | 15" in doc.text
    assert doc.meta.title == "Case review protocol"


def test_text_in_legacy_encoding_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    text = "Café meeting notes\n\nThe social worker’s visit was cancelled. The child’s voice was not heard – again."
    path.write_bytes(text.encode("cp1252"))
    doc = load_document(path)
    assert "social worker’s visit" in doc.text
    assert "Café" in doc.text


def test_markdown_headings_become_sections(tmp_path: Path) -> None:
    path = tmp_path / "briefing.md"
    path.write_text("# Safe sleep\n\n## Background\n\nBabies should sleep on their backs.\n", encoding="utf-8")
    doc = load_document(path)
    assert doc.section_at(doc.text.index("Babies")) == "Background"


def test_unsupported_type_and_binary_text_are_refused(tmp_path: Path) -> None:
    image = tmp_path / "photo.png"
    image.write_bytes(b"\x89PNG....")
    with pytest.raises(UnreadableFileError) as err:
        extract(image)
    assert err.value.reason is Reason.UNSUPPORTED
    binary = tmp_path / "data.txt"
    binary.write_bytes(b"\x00\x01\x02\x03" * 100)
    with pytest.raises(UnreadableFileError) as err:
        extract(binary)
    assert err.value.reason is Reason.UNSUPPORTED


def test_corrupt_docx_is_named_as_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(UnreadableFileError) as err:
        extract(path)
    assert err.value.reason is Reason.CORRUPT


def _odd_characters(text: str) -> str:
    """Ligatures, a soft hyphen, a zero-width space and a vertical tab, as exported text carries them."""
    return text.replace("finding", "\ufb01nding").replace("safeguarding", "safe\u00adguarding") + "\u200b\x0b"


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".docx"])
def test_every_format_is_cleaned_of_ligatures_invisible_marks_and_control_characters(
    tmp_path: Path, suffix: str
) -> None:
    sentence = _odd_characters("The key finding was that safeguarding information was not shared with the school.")
    path = tmp_path / f"briefing{suffix}"
    if suffix == ".docx":
        document = docx.Document()
        document.add_paragraph(sentence.replace("\x0b", ""))  # Word cannot hold control characters
        document.save(str(path))
    elif suffix == ".html":
        path.write_text(f"<html><body><main><p>{sentence}</p></main></body></html>", encoding="utf-8")
    else:
        path.write_text(sentence, encoding="utf-8")
    text = load_document(path).text
    assert "The key finding was that safeguarding information was not shared" in text
    assert not any(ch in text for ch in ("\ufb01", "\u00ad", "\u200b", "\x0b"))


def test_fractions_and_superscripts_keep_their_form(tmp_path: Path) -> None:
    # NFKC alone would quote "within 11⁄2 hours" and "88%3".
    path = tmp_path / "note.txt"
    path.write_text("Children were seen within 1½ hours in 88%³ of cases.", encoding="utf-8")
    assert "within 1½ hours in 88%³ of cases" in load_document(path).text


def test_metadata_is_read_from_the_cleaned_text(tmp_path: Path) -> None:
    path = tmp_path / "review.md"
    path.write_text("# Child Safe\u00adguarding Practice Review: Child ﬁ\n\nThe review found...", encoding="utf-8")
    document = load_document(path)
    assert document.meta.title is not None and "\u00ad" not in document.meta.title and "ﬁ" not in document.meta.title
    assert document.meta.review_type == "CSPR"
