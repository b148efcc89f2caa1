"""Snippet relevance as the dev sets define it: fold case, whitespace, quotes and dashes, then contain."""

from __future__ import annotations

import re

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


def matches(text: str, snippets: tuple[str, ...] | list[str]) -> list[int]:
    """Indices of the snippets contained in ``text``."""
    folded = fold(text)
    return [i for i, s in enumerate(snippets) if fold(s) in folded]


def is_relevant(text: str, source: str, snippets: tuple[str, ...], doc: str | None) -> bool:
    if doc is not None and source != doc:
        return False
    return bool(matches(text, snippets))
