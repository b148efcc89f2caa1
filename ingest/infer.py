"""Infer metadata a manifest did not give: title, review type, year, partnership, nation."""

from __future__ import annotations

import re
from collections import Counter

from ingest.models import Block, DocumentMeta

# Most specific first: "local child safeguarding practice review" before "child safeguarding ...".
REVIEW_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("LCSPR", re.compile(r"\blocal child safeguarding practice review|\bLCSPR\b", re.I)),
    ("CSPR", re.compile(r"\bchild safeguarding practice review|\bCSPR\b", re.I)),
    ("SCR", re.compile(r"\bserious case review|\bSCR\b", re.I)),
    ("SAR", re.compile(r"\bsafeguarding adults? review|\bSAR\b", re.I)),
    ("DARDR", re.compile(r"\bdomestic abuse related death review|\bDARDR\b", re.I)),
    ("DHR", re.compile(r"\bdomestic homicide review|\bDHR\b", re.I)),
    ("SUSR", re.compile(r"\bsingle unified safeguarding review|\bSUSR\b", re.I)),
    ("CMR", re.compile(r"\bcase management review|\bCMR\b", re.I)),
    ("rapid_review", re.compile(r"\brapid review\b", re.I)),
    ("learning_review", re.compile(r"\blearning review\b", re.I)),
)
_PARTNERSHIP = re.compile(
    r"\b((?:[A-Z][A-Za-z&'’-]+\s){1,5}Safeguarding\s(?:Children\s|Adults?\s|Vulnerable\sPeople\s)?"
    r"(?:Partnership|Board))"
)
_YEAR = re.compile(r"\b(20[0-4]\d)\b")
_NATIONS = (
    ("Wales", re.compile(r"\b(Wales|Welsh|Cymru)\b")),
    ("Scotland", re.compile(r"\b(Scotland|Scottish)\b")),
    ("Northern Ireland", re.compile(r"\bNorthern Ireland\b")),
    ("England", re.compile(r"\b(England|English)\b")),
)


def infer_title(blocks: list[Block] | tuple[Block, ...], embedded: str | None, source: str) -> str:
    if embedded and len(embedded) > 3 and not embedded.lower().startswith(("microsoft", "untitled")):
        return embedded
    for block in blocks[:8]:
        if block.kind == "heading" and len(block.text) > 3:
            return block.text
    stem = re.sub(r"[_-]+", " ", source.rsplit(".", 1)[0]).strip()
    return stem[:1].upper() + stem[1:]


def infer_review_type(title: str, opening: str) -> str | None:
    """Review type named in the title, else in the opening lines (guidance names many types later)."""
    for text in (title, opening[:300]):
        for name, pattern in REVIEW_TYPES:
            if pattern.search(text):
                return name
    return None


def infer_year(title: str, head: str) -> int | None:
    found = _YEAR.findall(title)
    if found:
        return int(found[-1])
    years = Counter(int(y) for y in _YEAR.findall(head))
    return years.most_common(1)[0][0] if years else None


def infer_nation(text: str) -> str | None:
    counts = Counter({name: len(p.findall(text)) for name, p in _NATIONS})
    name, n = counts.most_common(1)[0]
    return name if n else None


def infer_meta(blocks: list[Block] | tuple[Block, ...], embedded_title: str | None, source: str) -> DocumentMeta:
    """Best-effort metadata from the document itself."""
    head = "\n".join(b.text for b in blocks)[:4000]
    title = infer_title(blocks, embedded_title, source)
    partnership = _PARTNERSHIP.search(head)
    return DocumentMeta(
        title=title,
        publisher=partnership.group(1).strip() if partnership else None,
        review_type=infer_review_type(title, head),
        nation=infer_nation(head),
        year=infer_year(title, head),
    )
