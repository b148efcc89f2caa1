"""Real PDFs made in the tests with reportlab, and broken files of several kinds."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def make_pdf(
    path: Path,
    pages: list[list[str]],
    header: str | None = "Test Partnership Review",
    footer: bool = True,
    title: str | None = None,
) -> Path:
    """Write a PDF with one list of lines per page, a running header and a "Page N" footer."""
    c = canvas.Canvas(str(path), pagesize=A4)
    if title:
        c.setTitle(title)
    width, height = A4
    for number, lines in enumerate(pages, start=1):
        if header:
            c.setFont("Helvetica", 9)
            c.drawString(50, height - 30, header)
        c.setFont("Helvetica", 11)
        y = height - 70
        for line in lines:
            c.drawString(50, y, line)
            y -= 16
        if footer:
            c.setFont("Helvetica", 9)
            c.drawString(width / 2, 25, f"Page {number}")
        c.showPage()
    c.save()
    return path


def make_image_only_pdf(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        c.rect(100, 100, 300, 400, fill=1)
        c.showPage()
    c.save()
    return path


def make_encrypted_pdf(path: Path, source: Path, password: str = "secret") -> Path:
    writer = PdfWriter()
    for page in PdfReader(source).pages:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password=password, algorithm="AES-256")
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def make_truncated_pdf(path: Path, source: Path) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def pdf_bytes(pages: list[list[str]]) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for lines in pages:
        y = 800
        for line in lines:
            c.drawString(50, y, line)
            y -= 16
        c.showPage()
    c.save()
    return buf.getvalue()
