"""Rebuild headings, paragraphs and bullets from extracted lines, and join broken words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ingest.models import Block, BlockKind, Line

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
_BULLET_GLYPH = re.compile(r"^[•▪◦·●■□➢►✓\uf0b7\uf0a7\uf076\uf0d8*\-–]\s+")
_NUMBERED = re.compile(r"^(\(?[0-9]{1,2}(\.[0-9]{1,2})*[.)]|\(?[a-z]\)|\(?[ivx]{1,4}\))\s+")
_NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+([A-Z].*)$")
_TERMINAL = (".", "!", "?", ":", ";", ",", "”", '"', ")")
_KEEP_HYPHEN = {
    "non",
    "self",
    "multi",
    "co",
    "pre",
    "post",
    "anti",
    "semi",
    "well",
    "long",
    "short",
    "cross",
    "inter",
    "sub",
    "ex",
    "re",
    "under",
    "over",
    "high",
    "low",
    "full",
    "part",
}
_TRAILING_FUNCTION_WORD = re.compile(
    r"\b(a|an|the|and|or|of|to|for|in|into|on|with|by|from|at|as|including|that|which|is|are|was|were)$", re.I
)
_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200a]+")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _looks_like_heading(text: str, prev: str | None, nxt: str | None) -> bool:
    if len(text) > 90 or len(text.split()) > 12 or len(text) < 3 or " | " in text:
        return False
    if text.endswith(_TERMINAL) or not (text[0].isupper() or text[0].isdigit()):
        return False
    if _TRAILING_FUNCTION_WORD.search(text):
        return False
    if prev is not None and prev and not prev.endswith((".", "!", "?", ":")):
        return False
    if nxt is None:
        return False
    if sum(ch.isalpha() for ch in text) < len(text) * 0.5:
        return False
    return nxt[:1].isupper() or nxt[:1].isdigit() or bool(_BULLET_GLYPH.match(nxt))


def join_lines(left: str, right: str) -> str:
    """Join two lines of one paragraph, mending words hyphenated across lines."""
    m = re.search(r"([A-Za-z]+)-$", left)
    if m and right[:1].islower():
        if m.group(1).lower() in _KEEP_HYPHEN:
            return left + right
        return left[:-1] + right
    return f"{left} {right}"


@dataclass
class _Open:
    kind: BlockKind
    text: str
    page_start: int | None
    page_end: int | None
    level: int = 0
    breaks: list[tuple[int, int]] = field(default_factory=list)

    def add(self, text: str, page: int | None) -> None:
        joined = join_lines(self.text, text)
        if page is not None and self.page_end is not None and page != self.page_end:
            self.breaks.append((len(joined) - len(text), page))
        self.text = joined
        self.page_end = page if page is not None else self.page_end

    def freeze(self) -> Block:
        return Block(self.kind, self.text, self.page_start, self.page_end, self.level, tuple(self.breaks))


def _short_line_limit(lines: list[Line]) -> int:
    lengths = sorted(len(line.text) for line in lines if line.text)
    if not lengths:
        return 0
    return int(lengths[int(len(lengths) * 0.9)] * 0.6)


def build_blocks(lines: tuple[Line, ...] | list[Line], *, infer_headings: bool = True) -> list[Block]:
    """Group lines into blocks.

    Blank lines, Markdown headings, short title-like lines (when ``infer_headings``), numbered
    headings and bullet glyphs start new blocks. In paged documents (no blank lines) a short line
    that ends a sentence closes its paragraph. Lines that continue a sentence are joined, across page
    breaks too. Footnote lines become blocks of their own, placed after the paragraph they interrupt.
    """
    cleaned = [Line(_clean(line.text), line.page, line.role) for line in lines]
    nonblank = [line for line in cleaned if line.text]
    short_limit = _short_line_limit(nonblank)
    blocks: list[Block] = []
    current: _Open | None = None
    blank_before = True
    prev_text: str | None = None
    prev_len = 0
    notes: list[Block] = []
    for i, line in enumerate(cleaned):
        text = line.text
        if line.role == "footnote":
            if text:
                notes.append(Block("footnote", text, line.page, line.page))
            continue
        if not text:
            blank_before = True
            continue
        nxt = next((ln.text for ln in cleaned[i + 1 :] if ln.text), None)
        md = _MD_HEADING.match(text)
        numbered_heading = _NUMBERED_HEADING.match(text)
        kind: BlockKind
        level = 0
        if md:
            kind, level, text = "heading", len(md.group(1)), _clean(md.group(2))
        elif (
            numbered_heading
            and len(text) <= 80
            and not text.endswith(_TERMINAL)
            and not _TRAILING_FUNCTION_WORD.search(text)
            and not (nxt or "")[:1].islower()
            and (prev_text is None or prev_text.endswith((".", "!", "?", ":")) or blank_before)
        ):
            kind, level = "heading", numbered_heading.group(1).count(".") + 1
        elif infer_headings and _looks_like_heading(text, _heading_context(current, prev_text, blank_before), nxt):
            kind, level = "heading", 0
        elif _BULLET_GLYPH.match(text):
            kind, text = "bullet", _BULLET_GLYPH.sub("", text)
        elif _NUMBERED.match(text):
            kind = "bullet"
        else:
            kind = "paragraph"
        continues = (
            current is not None
            and kind == "paragraph"
            and not _PARAGRAPH_NUMBER.match(text)
            and current.kind in ("paragraph", "bullet")
            and _continues(current.text, text, blank_before, line.page is not None, prev_len, short_limit)
        )
        if continues and current is not None:
            current.add(text, line.page)
        else:
            if current is not None:
                blocks.append(current.freeze())
            blocks.extend(notes)
            notes = []
            current = _Open(kind, text, line.page, line.page, level)
        blank_before = False
        prev_text = text
        prev_len = len(line.text)
    if current is not None:
        blocks.append(current.freeze())
    blocks.extend(notes)
    return [_numbered(block) for block in blocks]


_PARAGRAPH_NUMBER = re.compile(r"^(\d{1,3})\.\s+(?=[A-Z(‘'\"“])")


def _numbered(block: Block) -> Block:
    """A paragraph that opens with its number ("148. Local authorities ...") keeps the number."""
    m = _PARAGRAPH_NUMBER.match(block.text) if block.kind in ("paragraph", "bullet") else None
    return replace(block, number=m.group(1)) if m else block


def _heading_context(current: _Open | None, prev_text: str | None, blank_before: bool) -> str | None:
    """Text a heading candidate must follow: a paragraph left mid-sentence rules a heading out."""
    if current is None:
        return None
    if blank_before and current.kind != "paragraph":
        return None
    return current.text if blank_before else prev_text


def _continues(block_text: str, text: str, blank_before: bool, paged: bool, prev_len: int, short: int) -> bool:
    ends_sentence = block_text.endswith((".", "!", "?", "”", '"'))
    starts_lower = text[:1].islower() or text[:1] in "(,;£$%0123456789"
    if blank_before:
        # A block left on "into", "the", "and"... is a sentence broken by a blank line, whatever comes next.
        return not ends_sentence and (starts_lower or bool(_TRAILING_FUNCTION_WORD.search(block_text)))
    return not (paged and ends_sentence and prev_len < short and not starts_lower)
