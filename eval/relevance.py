"""Snippet relevance as the dev sets define it: fold case, whitespace, quotes and dashes, then contain.

A snippet may also be stored as ``sha256:<length>:<hex digest>`` of its folded text, for sets over
documents whose sentences must not be copied into the project (``../shared/real``): a text contains
it when one of its windows of that length has that digest.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "″": '"',
        "–": "-",
        "—": "-",
        "‑": "-",
        "−": "-",
        "\u00a0": " ",
    }
)
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_QUOTES).lower()).strip()


_HASHED = re.compile(r"^sha256:(\d+):([0-9a-f]{64})$")


def hashed(snippet: str) -> str:
    """The stored form of a snippet that must not be kept as text (ligatures folded as NFKC does)."""
    folded = fold(unicodedata.normalize("NFKC", snippet))
    return f"sha256:{len(folded)}:{hashlib.sha256(folded.encode()).hexdigest()}"


def _contains(folded: str, snippet: str) -> bool:
    m = _HASHED.match(snippet)
    if m is None:
        return fold(snippet) in folded
    size, digest = int(m.group(1)), m.group(2)
    return any(
        hashlib.sha256(folded[i : i + size].encode()).hexdigest() == digest for i in range(len(folded) - size + 1)
    )


def matches(text: str, snippets: tuple[str, ...] | list[str]) -> list[int]:
    """Indices of the snippets contained in ``text``."""
    folded = fold(text)
    return [i for i, s in enumerate(snippets) if _contains(folded, s)]


def is_relevant(text: str, source: str, snippets: tuple[str, ...], doc: str | None) -> bool:
    if doc is not None and source != doc:
        return False
    return bool(matches(text, snippets))
