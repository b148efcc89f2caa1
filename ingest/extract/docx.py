"""Word (.docx) loader: headings, lists and tables as Markdown-like lines."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from ingest.errors import Reason, UnreadableFileError
from ingest.models import Line, RawDocument


def _paragraph_line(par: Paragraph) -> str:
    text = par.text.strip()
    if not text:
        return ""
    style = (par.style.name if par.style is not None else "") or ""
    if style.startswith("Heading"):
        level = int(style.split()[-1]) if style.split()[-1].isdigit() else 1
        return "#" * min(level, 6) + " " + text
    if style == "Title":
        return "# " + text
    if "List" in style:
        return "- " + text
    return text


def _table_lines(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        cells = [c.text.strip().replace("\n", " ") for c in row.cells]
        if any(cells):
            rows.append(" | ".join(cells))
    return rows


def _body_lines(document: DocxDocument) -> list[str]:
    lines: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            lines.append(_paragraph_line(item))
        else:
            lines.extend(["", *_table_lines(item), ""])
    return lines


def extract_docx(path: Path) -> RawDocument:
    """Read a ``.docx`` file."""
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableFileError(path.name, Reason.CORRUPT, type(exc).__name__) from exc
    except Exception as exc:  # python-docx surfaces lxml and package errors directly
        raise UnreadableFileError(path.name, Reason.CORRUPT, type(exc).__name__) from exc
    lines = _body_lines(document)
    if not any(line.strip() for line in lines):
        raise UnreadableFileError(path.name, Reason.EMPTY)
    title = (document.core_properties.title or "").strip() or None
    return RawDocument(path.name, "docx", tuple(Line(line, None) for line in lines), embedded_title=title)
