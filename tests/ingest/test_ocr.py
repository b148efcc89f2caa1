"""OCR of pages with no text layer, with the real Tesseract on test-made scanned PDFs."""

from __future__ import annotations

import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytesseract
import pytest
from pypdf import PdfReader

from ingest import IngestError, Reason, UnreadableFileError
from ingest.extract.ocr import (
    OCR_MESSAGES,
    OcrError,
    OcrFailedError,
    OcrText,
    OcrUnavailableError,
    _lines_from_data,
    clear_ocr_cache,
    ocr_available,
    ocr_image,
    ocr_page,
    render_page,
)
from tests.pdfs import make_encrypted_pdf, make_pdf
from tests.scanned import make_mixed_pdf, make_scanned_pdf, scanned_pages

needs_tesseract = pytest.mark.skipif(
    not ocr_available(), reason="Tesseract is not installed: run `make ocr` (Debian: apt-get install tesseract-ocr)"
)

SCANNED = [
    [
        "Child Safeguarding Practice Review",
        "The health visitor noticed bruising on the infant.",
        "Practitioners escalated their concerns to the manager.",
    ],
    [
        "Chronology of agency involvement",
        "The school nurse shared information with children's social care.",
    ],
]


def words(text: str) -> set[str]:
    return {w.strip(".,;:'\"()").lower() for w in text.split()}


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    clear_ocr_cache()
    yield
    clear_ocr_cache()


@pytest.fixture(scope="module")
def scanned_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_scanned_pdf(tmp_path_factory.mktemp("scan") / "scanned.pdf", SCANNED, dpi=200)


def test_the_scanned_pdf_has_no_text_layer(scanned_pdf: Path) -> None:
    pages = PdfReader(scanned_pdf).pages
    assert len(pages) == 2
    assert all(not (page.extract_text() or "").strip() for page in pages)


def test_ocr_available_matches_a_tesseract_on_the_path() -> None:
    assert ocr_available() is (shutil.which(pytesseract.pytesseract.tesseract_cmd) is not None)


@needs_tesseract
def test_ocr_page_reads_the_words_drawn(scanned_pdf: Path) -> None:
    first = ocr_page(scanned_pdf, 0, dpi=200)
    second = ocr_page(scanned_pdf, 1, dpi=200)
    assert isinstance(first, OcrText)
    assert {"safeguarding", "bruising", "infant", "practitioners", "escalated"} <= words(first.text)
    assert {"chronology", "agency", "nurse"} <= words(second.text)
    assert "bruising" not in words(second.text)
    # Lines come back one per drawn line, in reading order, and text is those lines joined.
    assert len(first.lines) == 3
    assert "review" in first.lines[0].lower()
    assert "escalated" in first.lines[-1].lower()
    assert first.text == "\n".join(first.lines)
    assert first.mean_confidence is not None and 70 <= first.mean_confidence <= 100


@needs_tesseract
def test_ocr_image_reads_an_image_the_caller_rendered() -> None:
    image = scanned_pages([["Multi-agency escalation protocol"]], dpi=200)[0]
    result = ocr_image(image, dpi=200)
    assert {"escalation", "protocol"} <= words(result.text)
    assert result.lines == (result.text,)


@needs_tesseract
def test_a_blank_page_gives_no_lines(tmp_path: Path) -> None:
    result = ocr_page(make_scanned_pdf(tmp_path / "blank.pdf", [[]]), 0, dpi=150)
    assert result == OcrText(text="", lines=(), mean_confidence=None)


@needs_tesseract
def test_ocr_reads_the_scanned_page_of_a_mixed_pdf(tmp_path: Path) -> None:
    text_pages = [["Introduction to the review"], ["Findings of the panel"]]
    path = make_mixed_pdf(tmp_path / "mixed.pdf", text_pages, ["Recommendations for the partnership"], scanned_at=1)
    pages = PdfReader(path).pages
    assert len(pages) == 3
    assert "Introduction" in pages[0].extract_text()
    assert not (pages[1].extract_text() or "").strip()
    assert "Findings" in pages[2].extract_text()
    assert {"recommendations", "partnership"} <= words(ocr_page(path, 1, dpi=200).text)


@needs_tesseract
def test_a_missing_language_says_which_package_to_install(scanned_pdf: Path) -> None:
    with pytest.raises(OcrUnavailableError, match="tesseract-ocr-zzz"):
        ocr_page(scanned_pdf, 0, dpi=150, lang="zzz")


def test_without_tesseract_the_error_says_how_to_enable_ocr(
    scanned_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-tesseract-here"))
    clear_ocr_cache()
    assert ocr_available() is False
    for call in (lambda: ocr_page(scanned_pdf, 0), lambda: ocr_image(scanned_pages([["x"]])[0])):
        with pytest.raises(OcrUnavailableError) as err:
            call()
        assert isinstance(err.value, IngestError)
        message = str(err.value)
        assert OCR_MESSAGES["how_to_enable"] in message
        assert "apt-get install tesseract-ocr tesseract-ocr-eng" in message
        assert "make ocr" in message


def fake_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    """Point pytesseract at a script that answers --version like Tesseract 5 and runs ``body`` otherwise."""
    fake = tmp_path / "tesseract"
    fake.write_text(f'#!/bin/sh\nif [ "$1" = "--version" ]; then echo "tesseract 5.3.0"; exit 0; fi\n{body}\n')
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(fake))
    clear_ocr_cache()
    assert ocr_available() is True


def test_a_failing_tesseract_raises_ocr_failed_and_gets_one_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_tesseract(tmp_path, monkeypatch, 'echo "page broke with $OMP_THREAD_LIMIT thread(s)" >&2; exit 1')
    image = scanned_pages([["x"]], dpi=150)[0]
    with pytest.raises(OcrFailedError, match="page broke with 1 thread"):
        ocr_image(image)
    with pytest.raises(OcrFailedError, match="page broke with 3 thread"):
        ocr_image(image, threads=3)


def test_a_slow_tesseract_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_tesseract(tmp_path, monkeypatch, f"exec {shutil.which('sleep') or '/bin/sleep'} 30")
    with pytest.raises(OcrFailedError, match=r"longer than 0\.5 seconds"):
        ocr_image(scanned_pages([["x"]], dpi=150)[0], timeout_s=0.5)


def test_bad_settings_raise_ocr_errors(scanned_pdf: Path) -> None:
    image = scanned_pages([["x"]], dpi=150)[0]
    for kwargs in ({"lang": "eng; rm"}, {"lang": ""}, {"dpi": -5}, {"threads": 0}, {"timeout_s": 0}):
        with pytest.raises(OcrError):
            ocr_image(image, **kwargs)  # type: ignore[arg-type]


@needs_tesseract
def test_transparent_images_are_read_as_if_on_white() -> None:
    grey = scanned_pages([["Strategy discussion held"]], dpi=200)[0]
    rgba = grey.convert("RGBA")
    rgba.putalpha(grey.point(lambda v: 255 - v))  # black text on a fully transparent page
    assert {"strategy", "discussion"} <= words(ocr_image(rgba, dpi=200).text)


def test_low_confidence_and_symbol_only_lines_are_dropped() -> None:
    rows = [  # (block, line, word, conf, text) as Tesseract's TSV gives them; -1 rows are containers
        (1, 1, 0, -1, ""),
        (1, 1, 1, 95, "Escalation"),
        (1, 1, 2, 91, "policy"),
        (1, 1, 3, 90, " "),
        (1, 2, 1, 12, "~~e"),
        (1, 2, 2, 20, "ii"),
        (1, 3, 1, 88, "|"),
        (1, 3, 2, 85, "—"),
        (1, 4, 1, 90, "____"),
        (2, 1, 1, 80, "Step"),
        (2, 1, 2, 70, "two"),
    ]
    data: dict[str, list[object]] = {
        "page_num": [1] * len(rows),
        "block_num": [r[0] for r in rows],
        "par_num": [1] * len(rows),
        "line_num": [r[1] for r in rows],
        "word_num": [r[2] for r in rows],
        "conf": [r[3] for r in rows],
        "text": [r[4] for r in rows],
    }
    lines, confidences = _lines_from_data(data, min_confidence=40)
    assert lines == ["Escalation policy", "Step two"]
    assert confidences == [95, 91, 80, 70]


def test_render_page_sets_size_and_dpi(scanned_pdf: Path) -> None:
    image = render_page(scanned_pdf, 1, dpi=100)
    assert image.mode == "L"
    assert image.info["dpi"] == (100, 100)
    assert abs(image.width - 827) <= 2 and abs(image.height - 1169) <= 2


def test_bad_pages_and_files_raise_ingest_errors(scanned_pdf: Path, tmp_path: Path) -> None:
    with pytest.raises(OcrError, match="out of range"):
        render_page(scanned_pdf, 2)
    with pytest.raises(OcrError, match="out of range"):
        render_page(scanned_pdf, -1)
    with pytest.raises(OcrError, match="dpi"):
        render_page(scanned_pdf, 0, dpi=0)
    with pytest.raises(UnreadableFileError) as missing:
        render_page(tmp_path / "missing.pdf", 0)
    assert missing.value.reason is Reason.NOT_FOUND
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(make_pdf(tmp_path / "ok.pdf", [["x"]]).read_bytes()[:200])
    with pytest.raises(UnreadableFileError) as corrupt:
        render_page(broken, 0)
    assert corrupt.value.reason is Reason.CORRUPT
    locked = make_encrypted_pdf(tmp_path / "locked.pdf", tmp_path / "ok.pdf")
    with pytest.raises(UnreadableFileError) as encrypted:
        render_page(locked, 0)
    assert encrypted.value.reason is Reason.ENCRYPTED
