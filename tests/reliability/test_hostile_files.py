"""Broken and hostile files: a plain reason each, never a crash (fuzzed with hypothesis)."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import UnreadableFileError, chunk_document, extract, load_document
from tests.pdfs import pdf_bytes

SUFFIXES = [".pdf", ".txt", ".md", ".html", ".docx"]


def _read(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        with contextlib.suppress(UnreadableFileError):  # a plain, named reason is the expected outcome for junk
            chunk_document(load_document(path))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_never_crash_a_loader(data: bytes, suffix: str) -> None:
    _read(data, suffix)


@settings(max_examples=30, deadline=None)
@given(
    prefix=st.sampled_from([b"%PDF-1.7\n", b"PK\x03\x04", b"<html>", b"\xef\xbb\xbf"]), tail=st.binary(max_size=2048)
)
def test_plausible_headers_with_junk_never_crash(prefix: bytes, tail: bytes) -> None:
    for suffix in SUFFIXES:
        _read(prefix + tail, suffix)


@settings(max_examples=25, deadline=None)
@given(text=st.text(max_size=3000))
def test_any_unicode_text_loads_or_is_named(text: str) -> None:
    _read(text.encode("utf-8", "surrogatepass"), ".txt")


def test_truncated_real_pdfs_at_many_lengths(tmp_path: Path) -> None:
    data = pdf_bytes([["A paragraph about safeguarding practice."] * 20] * 3)
    for cut in range(0, len(data), max(1, len(data) // 25)):
        path = tmp_path / f"cut{cut}.pdf"
        path.write_bytes(data[:cut])
        with contextlib.suppress(UnreadableFileError):
            extract(path)


def test_a_single_enormous_line_is_chunked_within_bounds(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    path.write_text("word " * 200_000)
    chunks = chunk_document(load_document(path))
    assert chunks and max(len(c.text) for c in chunks) <= 1300


def test_html_scripts_are_never_indexed(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body><main><p>Real content about escalation of concerns.</p>"
        "<script>alert('x'); var secretToken = 1;</script></main></body></html>"
    )
    text = load_document(path).text
    assert "Real content" in text and "secretToken" not in text and "alert" not in text
