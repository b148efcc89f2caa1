"""Theme taxonomy and passage tagging: lexical rules first, embedding similarity to confirm.

Precision first: a passage gets a theme when it uses the theme's strong phrases repeatedly, or
once with a meaning close to the theme's description, or its weak words several times with a
close meaning. A single passing phrase in a passage about something else is not enough.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import numpy as np
import yaml

from index.embed import Embedder


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str
    strong: re.Pattern[str] | None
    weak: re.Pattern[str] | None
    questions: tuple[str, ...]


@dataclass(frozen=True)
class TaggingConfig:
    """Thresholds chosen on the odd-numbered half of the hand-labelled passages, precision first;
    the even half is kept for reporting (see README, "Themes")."""

    strong_alone: int = 2  # strong phrase occurrences that tag a passage on their own
    strong_with_meaning: float = 0.40  # cosine needed with a single strong phrase
    weak_count: int = 3  # weak words needed together with a close meaning
    weak_with_meaning: float = 0.45
    meaning_alone: float = 0.60  # cosine that tags on its own (with at least one weak word)


def _pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    parts = []
    for term in terms:
        escaped = re.escape(term.lower()).replace(r"\ ", r"[\s-]+")
        parts.append(escaped[:-2] + r"\w*" if escaped.endswith(r"\*") else escaped + r"\b")
    return re.compile(r"\b(?:" + "|".join(parts) + ")", re.I)


@lru_cache(maxsize=1)
def taxonomy() -> tuple[Theme, ...]:
    """The themes in ``index/themes.yaml``."""
    data = yaml.safe_load((files("index") / "themes.yaml").read_text(encoding="utf-8"))
    return tuple(
        Theme(
            key,
            value["label"],
            value["description"],
            _pattern(value.get("strong", ())),
            _pattern(value.get("weak", ())),
            tuple(value.get("questions", ())),
        )
        for key, value in data["themes"].items()
    )


def theme(theme_id: str) -> Theme | None:
    return next((t for t in taxonomy() if t.id == theme_id), None)


class ThemeTagger:
    """Multi-label theme tagging of passages."""

    def __init__(self, embedder: Embedder, config: TaggingConfig | None = None) -> None:
        self.embedder = embedder
        self.config = config or TaggingConfig()
        self._theme_vectors: np.ndarray | None = None

    def theme_vectors(self) -> np.ndarray:
        if self._theme_vectors is None:
            self._theme_vectors = self.embedder.embed_batch([f"{t.label}. {t.description}" for t in taxonomy()])
        return self._theme_vectors

    def tag(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> list[tuple[str, ...]]:
        """Themes of each text; ``vectors`` are the texts' embeddings when already computed."""
        if not texts:
            return []
        if vectors is None:
            vectors = self.embedder.embed_batch(list(texts))
        sims = np.asarray(vectors) @ self.theme_vectors().T
        return [self._tag_one(text, sims[i]) for i, text in enumerate(texts)]

    def _tag_one(self, text: str, sims: np.ndarray) -> tuple[str, ...]:
        c = self.config
        out = []
        for j, t in enumerate(taxonomy()):
            strong = len(t.strong.findall(text)) if t.strong else 0
            weak = len(t.weak.findall(text)) if t.weak else 0
            meaning = float(sims[j])
            if (
                strong >= c.strong_alone
                or (strong >= 1 and meaning >= c.strong_with_meaning)
                or (weak >= c.weak_count and meaning >= c.weak_with_meaning)
                or ((strong or weak) and meaning >= c.meaning_alone)
            ):
                out.append(t.id)
        return tuple(out)


def mentions_theme(text: str, theme_id: str) -> bool:
    """Whether a sentence uses any of the theme's strong or weak words."""
    t = theme(theme_id)
    if t is None:
        return False
    return bool((t.strong and t.strong.search(text)) or (t.weak and t.weak.search(text)))
