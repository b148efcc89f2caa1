"""Sentence boundaries with character offsets (rule-based, abbreviation-aware)."""

from __future__ import annotations

import re

_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9£])")
_BLOCK_BREAK = re.compile(r"\n\s*\n")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "Dr.", "Mr.", "Mrs.", "Ms.", "No.", "St.", "vs.", "cf.", "Cllr.", "approx.")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences in ``text[start:end]``, trimmed of spaces.

    Blank lines (block separators: headings, list items) always end a sentence.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _BLOCK_BREAK.finditer(text, start, end):
        spans.extend(_sentences(text, cursor, match.start()))
        cursor = match.end()
    spans.extend(_sentences(text, cursor, end))
    return spans


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        before = text[max(start, match.start() - 8) : match.start()]
        if before.endswith(_ABBREVIATIONS) or re.search(r"\b[A-Z]\.$", before):
            continue
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, end))
    return [(a, b) for a, b in (_trim(text, s, e) for s, e in spans) if b > a]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
