"""What a page prints around its text: running headers and footers, page numbers and contents lists."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ingest.extract.pdf_layout import PageLines, TextLine

_BAND = 0.085  # share of the page height at the top and at the bottom where running lines sit
_WIDE_BAND = 0.15  # further in, a line is running only when it recurs at the same height
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–—]?\s*(\d{1,4})\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
_LEADER = re.compile(r"^(?P<entry>.*?\S)\s*(?:\.{3,}|…{2,}|(?:\. ){3,}|_{3,})\s*(?P<page>\d{1,3})$")
_CONTENTS_TITLE = re.compile(r"^(table of )?contents$", re.I)


@dataclass(frozen=True)
class Furniture:
    """Per page: the indices of lines to drop, and the printed page number when one was read."""

    dropped: tuple[frozenset[int], ...]
    printed: tuple[int | None, ...]
    contents_pages: tuple[int, ...]


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def _in_band(line: TextLine, page: PageLines, band: float = _BAND) -> bool:
    return line.baseline > page.height * (1 - band) or line.baseline < page.height * band


def _running(
    line: TextLine, page: PageLines, counts: Counter[str], placed: Counter[tuple[str, int]], need: int
) -> bool:
    if _in_band(line, page) and counts[_key(line.text)] >= need:
        return True
    return _in_band(line, page, _WIDE_BAND) and placed[_placed(line)] >= need


def _placed(line: TextLine) -> tuple[str, int]:
    return _key(line.text), round(line.baseline / 3)


def _page_number(text: str) -> int | None:
    m = _PAGE_NUMBER.match(text.strip())
    return int(m.group(1)) if m else None


def find_furniture(pages: list[PageLines]) -> Furniture:
    """Lines in the top or bottom band that repeat across pages, page numbers, and contents lists.

    A line in a band is running furniture when its text (digits aside) recurs in the bands of at least
    two pages and of 30% of the pages; a bare number, "Page N" or "N of M" there is the printed page number.
    """
    counts: Counter[str] = Counter()
    placed: Counter[tuple[str, int]] = Counter()  # the same line at the same height, a little further in
    for page in pages:
        counts.update({_key(line.text) for line in page.lines if _in_band(line, page)})
        placed.update({_placed(line) for line in page.lines if _in_band(line, page, _WIDE_BAND)})
    need = max(2, round(len(pages) * 0.3))
    dropped: list[frozenset[int]] = []
    printed: list[int | None] = []
    contents: list[int] = []
    for number, page in enumerate(pages, start=1):
        drop: set[int] = set()
        found: int | None = None
        for i, line in enumerate(page.lines):
            value = _page_number(line.text) if _in_band(line, page) else None
            if value is not None:
                drop.add(i)
                found = found if found is not None else value
            elif len(pages) >= 2 and _running(line, page, counts, placed, need):
                drop.add(i)
        leaders = [i for i, line in enumerate(page.lines) if i not in drop and _LEADER.match(line.text)]
        if len(leaders) >= 3:
            contents.append(number)
            drop.update(leaders)
            drop.update(i for i, line in enumerate(page.lines) if _CONTENTS_TITLE.match(line.text))
        dropped.append(frozenset(drop))
        printed.append(found)
    return Furniture(tuple(dropped), tuple(printed), tuple(contents))


def page_labels(printed: tuple[int | None, ...]) -> tuple[str | None, ...]:
    """Printed page numbers by PDF page, when they differ from the PDF's own numbering.

    The offset between printed and PDF numbers that most pages agree on is applied to the pages that
    printed none; nothing is returned when the numbers agree with the PDF's or too few were read.
    """
    offsets = Counter(n - index for index, n in enumerate(printed, start=1) if n is not None)
    if not offsets:
        return ()
    offset, support = offsets.most_common(1)[0]
    numbered = sum(n is not None for n in printed)
    if offset == 0 or support < max(2, numbered * 0.5):
        return ()
    labels: list[str | None] = []
    for index, n in enumerate(printed, start=1):
        value = n if n is not None and n - index == offset else index + offset
        labels.append(str(value) if value >= 0 else None)
    return tuple(labels)
