"""OCR for PDF pages without a text layer: pypdfium2 renders the page, Tesseract reads it.

Tesseract is the command ``pytesseract.pytesseract.tesseract_cmd`` names (``"tesseract"`` on the PATH by
default), and its output is parsed as ``pytesseract.image_to_data`` parses it.

Every setting comes in as an argument; this module reads nothing from the environment. Tesseract is an optional
system program: ``ocr_available()`` says whether it can be run, and the OCR functions raise
``OcrUnavailableError`` (an ``IngestError``) with a sentence on how to enable it when it cannot.

PDFium is not thread-safe: do not call ``ocr_page`` while another thread uses pypdfium2.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pypdfium2
import pytesseract
from PIL import Image

from ingest.errors import IngestError, Reason, UnreadableFileError

# Every sentence shown to users about OCR, in one place (a candidate for ``assistant.messages``).
OCR_MESSAGES: dict[str, str] = {
    "how_to_enable": "install Tesseract (Debian: apt-get install tesseract-ocr tesseract-ocr-eng) or run `make ocr`",
    "unavailable": "OCR is not available because Tesseract could not be found or run; to enable OCR, {how_to_enable}",
    "no_language": (
        "OCR cannot read the language {lang!r} because Tesseract has no data for it; "
        "install it (Debian: apt-get install {packages})"
    ),
    "failed": "OCR failed on this page: {detail}",
    "timeout": "OCR took longer than {seconds:g} seconds on this page and was stopped",
    "bad_page": "page index {page_index} is out of range: the PDF has {pages} page(s), numbered from 0",
    "bad_argument": "OCR setting {name} must be {expected}, not {value!r}",
}

DEFAULT_MIN_CONFIDENCE = 40.0  # mean word confidence (0-100) below which a line is dropped as noise
DEFAULT_TIMEOUT_S = 120.0  # per page; Tesseract takes a few seconds on a dense A4 page at 300 dpi
_MAX_PIXELS = 40_000_000  # about A2 at 300 dpi; larger pages are rendered at a lower resolution
_VERSION_PROBE_TIMEOUT_S = 10.0
_HAS_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_LANG = re.compile(r"[A-Za-z0-9_]+(\+[A-Za-z0-9_]+)*")  # Tesseract language codes, "+"-joined


class OcrError(IngestError):
    """OCR could not produce text; ``str(error)`` is a plain sentence for users."""


class OcrUnavailableError(OcrError):
    """Tesseract, or its data for the requested language, is not installed."""


class OcrFailedError(OcrError):
    """Tesseract ran but failed or ran out of time."""


@dataclass(frozen=True)
class OcrText:
    """Text read from one page image.

    ``lines`` are the kept text lines in Tesseract's reading order; ``text`` is them joined by newlines.
    ``mean_confidence`` (0-100) is the mean word confidence over the kept lines, or None when none was kept.
    """

    text: str
    lines: tuple[str, ...]
    mean_confidence: float | None


@lru_cache(maxsize=8)
def _tesseract_runs(cmd: str) -> bool:
    try:
        done = subprocess.run(
            [cmd, "--version"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=_VERSION_PROBE_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    output = (done.stdout + done.stderr).decode("utf-8", "replace").strip().lower()
    return done.returncode == 0 and output.startswith("tesseract")


def ocr_available() -> bool:
    """Whether the Tesseract program that pytesseract will call is present and runs (cached per command)."""
    return _tesseract_runs(str(pytesseract.pytesseract.tesseract_cmd))


def clear_ocr_cache() -> None:
    """Forget what ``ocr_available`` found, e.g. after Tesseract was installed while the process runs."""
    _tesseract_runs.cache_clear()


def _unavailable() -> OcrUnavailableError:
    how = OCR_MESSAGES["how_to_enable"]
    return OcrUnavailableError(OCR_MESSAGES["unavailable"].format(how_to_enable=how))


def _check_positive(name: str, value: float | None, *, allow_none: bool = False) -> None:
    if value is None and allow_none:
        return
    if value is None or isinstance(value, bool) or not value > 0:
        expected = "a positive number" + (" or None" if allow_none else "")
        raise OcrError(OCR_MESSAGES["bad_argument"].format(name=name, expected=expected, value=value))


def _lines_from_data(data: dict[str, list[object]], min_confidence: float) -> tuple[list[str], list[float]]:
    """Group Tesseract's word rows into lines, dropping empty words and low-confidence or symbol-only lines."""
    words: dict[tuple[object, ...], list[tuple[str, float]]] = {}
    for i, raw in enumerate(data.get("text", [])):
        word = str(raw).strip()
        if not word:
            continue
        try:
            conf = float(str(data["conf"][i]))
        except (KeyError, IndexError, ValueError):
            continue
        if conf < 0:  # rows for blocks, paragraphs and lines carry -1
            continue
        key = tuple(data[k][i] for k in ("page_num", "block_num", "par_num", "line_num"))
        words.setdefault(key, []).append((word, conf))
    lines: list[str] = []
    confidences: list[float] = []
    for line_words in words.values():  # dicts keep insertion order: Tesseract's reading order
        confs = [conf for _, conf in line_words]
        line = " ".join(word for word, _ in line_words)
        if sum(confs) / len(confs) < min_confidence or not _HAS_LETTER_OR_DIGIT.search(line):
            continue
        lines.append(line)
        confidences.extend(confs)
    return lines, confidences


def _image_dpi(image: Image.Image) -> int | None:
    """The resolution recorded in ``image.info["dpi"]`` (``render_page`` sets it), if any."""
    try:
        x_dpi = float(image.info["dpi"][0])
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    return round(x_dpi) if x_dpi >= 1 else None


def _missing_language(message: str) -> bool:
    return "Failed loading language" in message or "couldn't load any languages" in message


def _png_bytes(image: Image.Image) -> bytes:
    """The image as PNG for Tesseract's stdin; transparency is flattened onto white, as on paper."""
    if "A" in image.getbands() or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    elif image.mode not in ("1", "L", "RGB"):
        image = image.convert("RGB")
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def _tesseract_tsv(
    image: Image.Image, *, lang: str, dpi: int | None, timeout_s: float | None, threads: int | None
) -> str:
    """Run pytesseract's Tesseract command on the image and return its TSV (words, boxes, confidences).

    Tesseract is run here rather than through ``pytesseract.image_to_data`` only so that its OpenMP
    threads can be set for this one process (pytesseract always passes the parent's environment): on a
    busy machine Tesseract's default of one thread per core made pages 2 to 6 times slower.
    """
    args = [str(pytesseract.pytesseract.tesseract_cmd), "stdin", "stdout", "-l", lang]
    if dpi:
        args += ["--dpi", str(dpi)]
    args.append("tsv")
    env = dict(os.environ)
    if threads:
        env["OMP_THREAD_LIMIT"] = str(threads)
    try:
        done = subprocess.run(
            args, input=_png_bytes(image), capture_output=True, timeout=timeout_s, env=env, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrFailedError(OCR_MESSAGES["timeout"].format(seconds=timeout_s or 0)) from exc
    except OSError as exc:  # not there, not executable
        raise _unavailable() from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        if _missing_language(message):
            packages = " ".join(f"tesseract-ocr-{code}" for code in lang.split("+") if code)
            raise OcrUnavailableError(OCR_MESSAGES["no_language"].format(lang=lang, packages=packages))
        detail = message.splitlines()[-1] if message else f"exit status {done.returncode}"
        raise OcrFailedError(OCR_MESSAGES["failed"].format(detail=detail))
    return done.stdout.decode("utf-8", "replace")


def ocr_image(
    image: Image.Image,
    *,
    lang: str = "eng",
    dpi: int | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    timeout_s: float | None = DEFAULT_TIMEOUT_S,
    threads: int | None = 1,
) -> OcrText:
    """OCR a page image already rendered (a PIL image).

    ``lang`` is Tesseract's language code (``"eng"``, ``"eng+fra"``); ``dpi`` the image's resolution
    (default: ``image.info["dpi"]``, if set), which helps Tesseract size the text; lines whose mean
    word confidence is below ``min_confidence`` (0-100), or that hold no letter or digit, are dropped;
    ``timeout_s`` (None: no limit) stops Tesseract on a page that takes too long; ``threads`` is how
    many threads Tesseract may use (None: its default, one per core; 1 is fastest on a shared machine
    and when pages are read side by side).
    """
    _check_positive("dpi", dpi, allow_none=True)
    _check_positive("timeout_s", timeout_s, allow_none=True)
    _check_positive("threads", threads, allow_none=True)
    if not _LANG.fullmatch(lang):
        raise OcrError(OCR_MESSAGES["bad_argument"].format(name="lang", expected="like 'eng' or 'eng+fra'", value=lang))
    if not ocr_available():
        raise _unavailable()
    if dpi is None:
        dpi = _image_dpi(image)
    tsv = _tesseract_tsv(image, lang=lang, dpi=round(dpi) if dpi else None, timeout_s=timeout_s, threads=threads)
    data = pytesseract.pytesseract.file_to_dict(tsv, "\t", -1)  # what image_to_data(output_type=DICT) returns
    lines, confidences = _lines_from_data(data, min_confidence)
    mean = round(sum(confidences) / len(confidences), 1) if confidences else None
    return OcrText(text="\n".join(lines), lines=tuple(lines), mean_confidence=mean)


def render_page(path: Path, page_index: int, *, dpi: int = 300) -> Image.Image:
    """Render one page (0-based) to a grayscale PIL image at ``dpi`` (lower for pages too large to hold)."""
    _check_positive("dpi", dpi)
    if isinstance(page_index, bool) or not isinstance(page_index, int):
        raise OcrError(OCR_MESSAGES["bad_argument"].format(name="page_index", expected="an int", value=page_index))
    if not path.is_file():
        raise UnreadableFileError(path.name, Reason.NOT_FOUND)
    try:
        pdf = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pypdfium2.raw.FPDF_ERR_PASSWORD:
            raise UnreadableFileError(path.name, Reason.ENCRYPTED) from exc
        raise UnreadableFileError(path.name, Reason.CORRUPT, str(exc)) from exc
    except OSError as exc:
        raise UnreadableFileError(path.name, Reason.NOT_FOUND, str(exc)) from exc
    try:
        if not 0 <= page_index < len(pdf):
            raise OcrError(OCR_MESSAGES["bad_page"].format(page_index=page_index, pages=len(pdf)))
        page = pdf[page_index]
        try:
            width, height = page.get_size()  # PDF points, 1/72 inch
            scale = dpi / 72
            pixels = width * height * scale * scale
            if pixels > _MAX_PIXELS:
                scale *= (_MAX_PIXELS / pixels) ** 0.5
            bitmap = page.render(scale=scale, grayscale=True)
            try:
                image = bitmap.to_pil().copy()  # an "L" image shares the bitmap's buffer until copied
            finally:
                bitmap.close()
            rendered_dpi = max(1, round(scale * 72))
            image.info["dpi"] = (rendered_dpi, rendered_dpi)
            return image
        finally:
            page.close()
    except pypdfium2.PdfiumError as exc:
        raise UnreadableFileError(path.name, Reason.CORRUPT, str(exc)) from exc
    finally:
        pdf.close()


def ocr_page(
    path: Path,
    page_index: int,
    *,
    dpi: int = 300,
    lang: str = "eng",
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    timeout_s: float | None = DEFAULT_TIMEOUT_S,
    threads: int | None = 1,
) -> OcrText:
    """Render page ``page_index`` (0-based) of the PDF at ``path`` and OCR it; see ``ocr_image``."""
    if not ocr_available():
        raise _unavailable()
    image = render_page(path, page_index, dpi=dpi)
    return ocr_image(image, lang=lang, min_confidence=min_confidence, timeout_s=timeout_s, threads=threads)
