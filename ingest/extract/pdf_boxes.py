"""From a page's lines to boxes: paragraphs, bullets, table rows, headings and footnotes.

A box is a run of lines in PDFium's order that sit under one another at the body's line spacing
and overlap horizontally. Boxes whose first lines share a baseline side by side are cells of one
table row and are joined with `` | ``. Type larger than the body's (or bold, short lines) makes a
heading, a PDF bookmark on the page names one, and small type at the foot of the page that opens
with a number is a footnote.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from ingest.extract.pdf_layout import PageLines, TextLine
from ingest.normalise import BULLET, bullet_at_start
from ingest.structure import join_lines

_NUMBER_START = re.compile(r"^\(?\d{1,3}(\.\d{1,2})*[.)]\s")
_FOOTNOTE_START = re.compile(r"^(\d{1,3})\s*(?=\S)")


@dataclass(frozen=True)
class Box:
    text: str
    lines: tuple[TextLine, ...]
    role: str = "body"  # body, heading, footnote
    level: int = 0

    @property
    def first(self) -> TextLine:
        return self.lines[0]

    @property
    def size(self) -> float:
        return statistics.median(line.size for line in self.lines)


@dataclass(frozen=True)
class Typography:
    """The document's body type size, line spacing, and the sizes that mark headings (largest first)."""

    body: float
    leading: float
    heading_sizes: tuple[float, ...]


def typography(pages: list[PageLines]) -> Typography:
    sizes: Counter[float] = Counter()
    steps: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[line.size] += len(line.text)
        for a, b in zip(page.lines, page.lines[1:], strict=False):
            if a.size == b.size and 0 < a.baseline - b.baseline < 3 * a.size:
                steps[round(a.baseline - b.baseline)] += 1
    body = sizes.most_common(1)[0][0] if sizes else 11.0
    leading = float(steps.most_common(1)[0][0]) if steps else body * 1.2
    total = sum(sizes.values()) or 1
    bigger = sorted({s for s, n in sizes.items() if s >= body * 1.15 and n / total < 0.2}, reverse=True)
    return Typography(body, max(leading, body), tuple(bigger[:4]))


def _starts_box(prev: TextLine, line: TextLine, leading: float, short: float) -> bool:
    gap = prev.baseline - line.baseline
    if prev.x1 - prev.x0 < short and not prev.text.endswith(("-", ",")) and line.text[:1].isupper():
        return True  # a short line (a heading, a paragraph's end) before a capital
    if gap > 1.3 * max(leading, prev.size * 1.1) or gap < -0.5 * line.size:
        return True
    if abs(prev.size - line.size) > 0.6 or line.x0 > prev.x1 + 2 or line.x1 < prev.x0 - 2:
        return True
    if prev.bold != line.bold and not line.text[:1].islower() and prev.text.endswith((".", ":", "?", "!")):
        return True
    if prev.bold and not line.bold and not line.text[:1].islower() and len(prev.text) < 60:
        return True
    return bullet_at_start(line.text)[0] or (bool(_NUMBER_START.match(line.text)) and line.x0 <= prev.x0 + 1)


def _group(lines: list[TextLine], leading: float) -> list[list[TextLine]]:
    widths = sorted(line.x1 - line.x0 for line in lines)
    short = widths[int(len(widths) * 0.75)] * 0.6 if len(widths) >= 8 else 0.0
    groups: list[list[TextLine]] = []
    for line in lines:
        if groups and not _starts_box(groups[-1][-1], line, leading, short):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _text(lines: list[TextLine]) -> str:
    text = lines[0].text
    for line in lines[1:]:
        text = join_lines(text, line.text)
    return text


def _split_inline_bullets(text: str) -> list[str]:
    """A bullet glyph mid-line (a symbol-font bullet read as a control character) starts a new item."""
    parts = [p.strip() for p in text.split(f" {BULLET} ")]
    return [parts[0], *(f"{BULLET} {p}" for p in parts[1:])] if len(parts) > 1 else [text]


def _rows(boxes: list[Box]) -> list[Box]:
    """Join side-by-side boxes that start on one baseline into a table row."""
    out: list[Box] = []
    for box in boxes:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.role == "body"
            and box.role == "body"
            and abs(prev.lines[0].baseline - box.first.baseline) <= 1.5
            and box.first.x0 > max(line.x1 for line in prev.lines if line.baseline >= box.first.baseline - 1) - 2
        ):
            out[-1] = Box(f"{prev.text} | {box.text}", prev.lines + box.lines)
        else:
            out.append(box)
    return out


def _heading_level(box: Box, type_: Typography) -> int:
    text, size = box.text, box.size
    if len(box.lines) > 3 or len(text) > 150 or text.endswith((".", ",", ";")):
        return 0
    for level, heading_size in enumerate(type_.heading_sizes, start=1):
        if size >= heading_size - 0.3:
            return level
    if all(line.bold for line in box.lines) and len(text) <= 90 and size >= type_.body - 0.5:
        return len(type_.heading_sizes) + 1
    return 0


def _footnotes(boxes: list[Box], page: PageLines, type_: Typography) -> int:
    """Index of the first footnote box at the foot of the page (len(boxes) when there is none)."""
    start = len(boxes)
    for i in range(len(boxes) - 1, -1, -1):
        box = boxes[i]
        if box.size > type_.body * 0.9 or box.first.baseline > page.height * 0.5:
            break
        start = i
    for i in range(start, len(boxes)):
        if bullet_at_start(boxes[i].text)[0]:
            start = i + 1  # a list in small type (a boxed extract) is not a footnote, nor what comes before it
    while start < len(boxes) and not _FOOTNOTE_START.match(boxes[start].text):
        start += 1
    return start


def _split_footnotes(box: Box) -> list[Box]:
    groups: list[list[TextLine]] = []
    for line in box.lines:
        if not groups or (_FOOTNOTE_START.match(line.text) and line.x0 <= groups[-1][0].x0 + 1):
            groups.append([line])
        else:
            groups[-1].append(line)
    return [Box(_text(g), tuple(g), "footnote") for g in groups]


def page_boxes(
    page: PageLines, keep: list[TextLine], type_: Typography, bookmarks: dict[str, int] | None = None
) -> list[Box]:
    """Boxes of one page's kept lines, in reading order, with roles and heading levels."""
    boxes: list[Box] = []
    for group in _group(keep, type_.leading):
        for part in _split_inline_bullets(_text(group)):
            boxes.append(Box(part, tuple(group)))
    boxes = _rows(boxes)
    cut = _footnotes(boxes, page, type_)
    body, notes = boxes[:cut], boxes[cut:]
    marked = bookmarks or {}
    out: list[Box] = []
    for box in body:
        key = fold_title(box.text)
        level = marked.get(key) or _heading_level(box, type_)
        out.append(Box(box.text, box.lines, "heading", level) if level else box)
    for note in notes:
        out.extend(_split_footnotes(note))
    return out


def fold_title(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
