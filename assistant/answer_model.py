"""The answer model: which sentences answer the question, and whether any does.

Two small logistic models over features of the question and of each candidate sentence (meaning, shared
words weighted by how uncommon they are, retrieval rank, the kind of answer asked for and the kinds of
statement the sentence makes, whether the passage is from the document or nation the question names).
Their weights (``answer_model.json``, a few hundred bytes) are fitted by ``python -m eval.answer_train``
on tuning questions only; the features are here so that answering and training compute them alike.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from wordfreq import zipf_frequency

from assistant.kinds import KINDS, Kind, question_kind, sentence_kinds
from index import Hit
from index.words import content_words

WEIGHTS = Path(__file__).with_name("answer_model.json")

SENTENCE_FEATURES: tuple[str, ...] = (
    "cosine",
    "cosine_gap",
    "overlap",
    "weighted_overlap",
    "weighted_overlap_gap",
    "passage_overlap",
    "ask_cosine",
    "ask_cosine_gap",
    "ask_overlap",
    "ask_overlap_gap",
    "rank_prior",
    "kind_missing",
    *(f"kind_{kind}" for kind in KINDS),
    "length",
    "footnote",
    "first_in_passage",
    "named_document",
    "named_elsewhere",
    "named_in_passage",
    "term_leads",
    "list_intro",
)
QUESTION_FEATURES: tuple[str, ...] = (
    "best_probability",
    "best_cosine",
    "best_weighted_overlap",
    "passages_cover",
    "uncommon_cover",
    "unmentioned_words",
)

_NATIONS = re.compile(r"\b(england|english|wales|welsh|scotland|scottish|northern ireland|ni)\b", re.I)
_NATION_NAMES = {"english": "england", "welsh": "wales", "scottish": "scotland", "ni": "northern ireland"}
_CAPITALISED = re.compile(r"(?<![.?!]\s)(?<!^)\b([A-Z][a-z]{3,}(?:[- ][A-Z][a-z]+)*)")
_FOOTNOTE = re.compile(r"^Footnote \w+:")


@lru_cache(maxsize=20000)
def _weight(word: str) -> float:
    """How much a shared word says: common words little, uncommon ones (terms, places, names) more."""
    return min(1.5, max(0.15, (6.5 - zipf_frequency(word, "en")) / 3))


@lru_cache(maxsize=50000)  # passages and their sentences recur across questions; treat the result as read-only
def _terms(text: str) -> dict[str, float]:
    """Word prefixes (a light stand-in for lemmas) with their weights."""
    out: dict[str, float] = {}
    for word in content_words(text):
        if len(word) > 2:
            out[word[:5]] = max(out.get(word[:5], 0.0), _weight(word))
    return out


@dataclass(frozen=True)
class QuestionView:
    """What the features need from the question."""

    text: str
    kind: Kind
    terms: dict[str, float]
    places: frozenset[str]  # nations and capitalised place or document names, lower case
    ask: str  # the asking part: the last question of a message that sets out a case first
    ask_terms: dict[str, float]

    @classmethod
    def of(cls, question: str, kind_of: str | None = None) -> QuestionView:
        """``question`` is what was searched for; ``kind_of``, when given, the latest question asked (a
        follow-up's own wording says what kind of answer it wants; the question before it does not)."""
        kind = question_kind(kind_of) if kind_of is not None else "other"
        if kind == "other":
            kind = question_kind(question)
        places = {_NATION_NAMES.get(m.lower(), m.lower()) for m in _NATIONS.findall(question)}
        places |= {m.lower() for m in _CAPITALISED.findall(question) if zipf_frequency(m, "en") < 4.5}
        ask = ask_part(kind_of if kind_of is not None else question)
        return cls(question, kind, _terms(question), frozenset(places), ask, _terms(ask))


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z\"'‘“(])")


def ask_part(question: str) -> str:
    """The question a message asks: its last sentence ending in "?" (else its last sentence).

    "I'm a response officer taking a report for a 14-year-old. Am I allowed to grade them as low risk?"
    asks the second sentence; the first sets out the case.
    """
    parts = [p.strip() for p in _SENTENCE_END.split(question.strip()) if p.strip()]
    asking = [p for p in parts if p.endswith("?")]
    return (asking or parts or [question])[-1]


def _covered(terms: dict[str, float], *texts: str) -> float:
    """The share of the terms' weight that the texts contain (each text's terms are kept, see ``_terms``)."""
    if not terms:
        return 0.0
    present = [_terms(text) for text in texts]
    return sum(w for t, w in terms.items() if any(t in p for p in present)) / sum(terms.values())


def _plain_overlap(terms: dict[str, float], text: str) -> float:
    return len(terms.keys() & _terms(text).keys()) / len(terms) if terms else 0.0


@dataclass(frozen=True)
class SentenceInput:
    """One candidate sentence as the features see it."""

    text: str
    hit: Hit
    hit_rank: int
    first_in_passage: bool
    list_intro: bool


def _passage_view(question: QuestionView, hit: Hit) -> tuple[float, bool, bool]:
    """What a passage's sentences share: how much of the question it covers, whether it comes from the
    document or nation the question names, and whether its text names it."""
    meta = " ".join(filter(None, (hit.title, hit.publisher, hit.nation, hit.source))).lower()
    text = hit.text.lower() if question.places else ""
    return (
        _covered(question.terms, hit.text),
        any(p in meta for p in question.places),
        any(p in text for p in question.places),
    )


def sentence_features(
    question: QuestionView, items: Sequence[SentenceInput], cosines: np.ndarray, ask_cosines: np.ndarray
) -> np.ndarray:
    """One row of :data:`SENTENCE_FEATURES` per candidate (``ask_cosines``: with the asking part)."""
    if not items:
        return np.zeros((0, len(SENTENCE_FEATURES)), dtype=np.float32)
    weighted = np.array([_covered(question.terms, item.text) for item in items])
    asked = np.array([_covered(question.ask_terms, item.text) for item in items])
    best_cosine, best_weighted, best_ask_cosine, best_asked = (
        float(cosines.max()),
        float(weighted.max()),
        float(ask_cosines.max()),
        float(asked.max()),
    )
    passages = {item.hit.chunk_id: _passage_view(question, item.hit) for item in items}
    rows = []
    for item, cosine, overlap, ask_cosine, ask_overlap in zip(
        items, cosines, weighted, ask_cosines, asked, strict=True
    ):
        cover, named_doc, named_text = passages[item.hit.chunk_id]
        kinds = sentence_kinds(item.text)
        lead = item.text[:70]
        rows.append(
            [
                float(cosine),
                float(cosine) - best_cosine,
                _plain_overlap(question.terms, item.text),
                float(overlap),
                float(overlap) - best_weighted,
                cover,
                float(ask_cosine),
                float(ask_cosine) - best_ask_cosine,
                float(ask_overlap),
                float(ask_overlap) - best_asked,
                1.0 / (1 + item.hit_rank),
                float(question.kind != "other" and question.kind not in kinds),
                *(float(question.kind == kind and kind in kinds) for kind in KINDS),
                math.log(max(20, len(item.text))) - 4.5,
                float(bool(_FOOTNOTE.match(item.text))),
                float(item.first_in_passage),
                float(named_doc),
                float(bool(question.places) and not named_doc and not named_text),
                float(named_text),
                _covered(question.terms, lead) if question.kind == "definition" else 0.0,
                float(item.list_intro),
            ]
        )
    return np.asarray(rows, dtype=np.float32)


def question_features(
    question: QuestionView,
    probabilities: np.ndarray,
    cosines: np.ndarray,
    features: np.ndarray,
    hits: Sequence[Hit],
    unmentioned: int,
) -> np.ndarray:
    """The row of :data:`QUESTION_FEATURES`: how well the best candidates and passages cover the question
    (``unmentioned``: how many of its uncommon words no indexed passage contains)."""
    uncommon = {t: w for t, w in question.terms.items() if w >= 0.8}
    best = int(np.argmax(probabilities)) if len(probabilities) else -1
    overlap_column = SENTENCE_FEATURES.index("weighted_overlap")
    return np.asarray(
        [
            float(probabilities[best]) if best >= 0 else 0.0,
            float(cosines.max()) if len(cosines) else 0.0,
            float(features[best, overlap_column]) if best >= 0 else 0.0,
            _covered(question.terms, *(hit.text for hit in hits[:3])),
            _covered(uncommon, *(hit.text for hit in hits[:5])) if uncommon else 1.0,
            min(unmentioned, 2) / 2,
        ],
        dtype=np.float32,
    )


@dataclass(frozen=True)
class Logistic:
    names: tuple[str, ...]
    coef: np.ndarray
    intercept: float

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        if rows.shape[0] == 0:
            return np.zeros(0, dtype=np.float32)
        out: np.ndarray = 1.0 / (1.0 + np.exp(-(rows @ self.coef + self.intercept)))
        return out


@dataclass(frozen=True)
class AnswerModel:
    sentences: Logistic
    answerable: Logistic
    answer_below: float  # answer only when the answerable model's probability reaches this
    unsure_below: float  # and say the answer is uncertain below this
    second_ratio: float  # further quotes need this share of the best quote's probability

    def to_json(self) -> str:
        def part(model: Logistic) -> dict[str, object]:
            return {
                "features": list(model.names),
                "coef": [round(float(c), 5) for c in model.coef],
                "intercept": round(model.intercept, 5),
            }

        return json.dumps(
            {
                "sentences": part(self.sentences),
                "answerable": part(self.answerable),
                "answer_below": self.answer_below,
                "unsure_below": self.unsure_below,
                "second_ratio": self.second_ratio,
            },
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> AnswerModel:
        data = json.loads(text)

        def part(raw: dict[str, object], expected: tuple[str, ...]) -> Logistic:
            names: tuple[str, ...] = tuple(raw["features"])  # type: ignore[arg-type]
            if names != expected:
                raise ValueError("the answer model's weights were fitted on other features: refit them")
            return Logistic(names, np.asarray(raw["coef"], dtype=np.float32), float(raw["intercept"]))  # type: ignore[arg-type]

        return cls(
            part(data["sentences"], SENTENCE_FEATURES),
            part(data["answerable"], QUESTION_FEATURES),
            float(data["answer_below"]),
            float(data["unsure_below"]),
            float(data["second_ratio"]),
        )


@lru_cache(maxsize=1)
def packaged_model() -> AnswerModel:
    return AnswerModel.from_json(WEIGHTS.read_text("utf-8"))
