"""Scanned-looking PDFs made in the tests: pages that are only a picture of text, with no text layer."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter

from tests.pdfs import make_pdf

A4_INCHES = (8.27, 11.69)
FONT_PATHS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in FONT_PATHS:
        if candidate.is_file():
            return ImageFont.truetype(str(candidate), size)
    return ImageFont.load_default(size=size)  # Pillow >= 10.1 scales its built-in font


def scanned_pages(pages: list[list[str]], dpi: int = 200) -> list[Image.Image]:
    """One white A4 greyscale image per page, its lines drawn in 12 pt black text from the top left."""
    width, height = round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi)
    font = _font(round(12 * dpi / 72))
    step = round(18 * dpi / 72)
    images = []
    for lines in pages:
        image = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(image)
        y = dpi  # one-inch margins
        for line in lines:
            draw.text((dpi, y), line, fill=0, font=font)
            y += step
        images.append(image)
    return images


def make_scanned_pdf(path: Path, pages: list[list[str]], dpi: int = 200) -> Path:
    """Write an image-only PDF (one picture per page, no text layer) showing the given lines."""
    if not 150 <= dpi <= 300:
        raise ValueError("dpi must be between 150 and 300")
    images = scanned_pages(pages, dpi)
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi))
    return path


def make_mixed_pdf(
    path: Path,
    text_pages: list[list[str]],
    scanned_page_lines: list[str],
    scanned_at: int,
    dpi: int = 200,
) -> Path:
    """Write a PDF of ``text_pages`` with real text and one scanned page inserted at 0-based ``scanned_at``."""
    if not 0 <= scanned_at <= len(text_pages):
        raise ValueError(f"scanned_at must be between 0 and {len(text_pages)}")
    with tempfile.TemporaryDirectory() as tmp:
        text = PdfReader(make_pdf(Path(tmp) / "text.pdf", text_pages)) if text_pages else None
        buf = io.BytesIO()
        scanned_pages([scanned_page_lines], dpi)[0].save(buf, "PDF", resolution=float(dpi))
        scan = PdfReader(buf)
        writer = PdfWriter()
        text_iter = iter(text.pages if text else [])
        for index in range(len(text_pages) + 1):
            writer.add_page(scan.pages[0] if index == scanned_at else next(text_iter))
        with path.open("wb") as fh:
            writer.write(fh)
    return path
