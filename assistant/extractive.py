"""The default answerer: picks the sentences that best answer the question, quoted word for word."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.followup import content_words
from index import Hit
from index.rerank import BULLET
from ingest import sentence_spans

_LIST_ITEM = re.compile(r"\n\n(• [^\n]+|\d{1,2}[.)] [^\n]+)")
_HOW_MANY = re.compile(r"\bhow (many|much|often)\b|\bwhat (number|percentage|proportion)\b", re.I)
_WHEN = re.compile(
    r"^\s*when\b|\bwhat (year|date|time)\b|\bhow (soon|quickly|long|far back)\b|\btimescales?\b"
    r"|\bwithin how\b|\bdeadline\b",
    re.I,
)
_DEFINITION = re.compile(r"^\s*(what|who) (is|are|was|were|does)\b|^\s*what'?s\b|\bmean(s|ing)?\b|\bdefin", re.I)
_DIGIT = re.compile(r"\d")
_DATE = re.compile(
    r"\b(19|20)\d\d\b|\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
    r"\s+(working\s+)?(days?|weeks?|months?|years?|hours?)\b|\bwithin\b|\bno later than\b|\b(january|february|"
    r"march|april|may|june|july|august|september|october|november|december)\b",
    re.I,
)


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage, with its place and scores."""

    hit_rank: int
    hit: Hit
    start: int
    end: int
    text: str
    cosine: float = 0.0
    overlap: float = 0.0
    score: float = 0.0


@dataclass(frozen=True)
class ExtractiveConfig:
    passages: int = 5
    max_sentences: int = 4
    min_chars: int = 30
    max_chars: int = 600
    max_list_chars: int = 900  # a sentence that introduces a list, with its items
    min_sentences: int = 2
    relative_floor: float = 0.7  # keep sentences scoring at least this share of the best one
    second_floor: float = 0.5  # a second sentence, to reach ``min_sentences``, needs this share
    redundancy: float = 0.92


def _terms(text: str) -> set[str]:
    """Word prefixes: a light stand-in for lemmas (referral/referred, child/children)."""
    return {w[:5] for w in content_words(text) if len(w) > 2}


def _with_list(text: str, start: int, end: int, limit: int) -> int:
    """Extend a sentence that introduces a list (ends with ':') over the list items that follow."""
    if not text[start:end].rstrip().endswith(":"):
        return end
    cursor = end
    for match in _LIST_ITEM.finditer(text, end):
        if match.start() != cursor or match.end() - start > limit:
            break
        cursor = match.end()
    return cursor


def _clauses(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """A sentence longer than ``limit`` cut at clause marks ("; ", " – ", ", "), else at spaces."""
    pieces: list[tuple[int, int]] = []
    while end - start > limit:
        window = text[start : start + limit]
        cut = max(
            (window.rfind(mark) + len(mark) for mark in ("; ", " – ", " - ", ", ") if window.rfind(mark) > 0),
            default=-1,
        )
        if cut <= limit // 3:
            cut = window.rfind(" ") + 1 if window.rfind(" ") > 0 else limit
        pieces.append((start, start + cut))
        start += cut
        while start < end and text[start] == " ":
            start += 1
    pieces.append((start, end))
    return [(a, b) for a, b in ((a, len(text[:b].rstrip())) for a, b in pieces) if b > a]


def answer_type_bonus(question: str, sentence: str) -> float:
    """Prefer sentences of the kind of thing asked for: numbers, dates, definitions."""
    bonus = 0.0
    if _HOW_MANY.search(question) and _DIGIT.search(sentence):
        bonus += 0.1
    if _WHEN.search(question) and _DATE.search(sentence):
        bonus += 0.1
    if _DEFINITION.match(question):
        key = _terms(question)
        if key and len(key & _terms(sentence[:80])) >= max(1, len(key) // 2):
            bonus += 0.08
    return bonus


def candidates(hits: Sequence[Hit], config: ExtractiveConfig) -> list[Candidate]:
    """Sentences worth quoting: whole, of reasonable length, not headings."""
    out: list[Candidate] = []
    for rank, hit in enumerate(hits[: config.passages]):
        for sentence_start, sentence_end in sentence_spans(hit.text):
            bullet = BULLET.match(hit.text[sentence_start:sentence_end])
            if bullet:
                sentence_start += bullet.end()
            for start, end in _clauses(hit.text, sentence_start, sentence_end, config.max_chars):
                if end - start < config.min_chars:
                    continue
                end = _with_list(hit.text, start, end, config.max_list_chars)
                text = hit.text[start:end]
                if not text.rstrip("”’\"')").endswith((".", "?", "!", ":", ";")) and len(text) < 100:
                    continue  # a heading or a label, not a sentence
                if text.rstrip("”’\"')").endswith("?"):
                    continue  # a question (a reflective prompt, a heading) does not answer one
                out.append(Candidate(rank, hit, start, end, text))
    return out


def score_candidates(
    question: str, found: list[Candidate], question_vector: np.ndarray, vectors: np.ndarray
) -> list[Candidate]:
    """Score by meaning (cosine of unit vectors, one row per candidate), shared words and retrieval rank."""
    if not found:
        return []
    sims = vectors @ question_vector
    q_terms = _terms(question)
    scored = []
    for cand, sim in zip(found, sims, strict=True):
        overlap = len(q_terms & _terms(cand.text)) / len(q_terms) if q_terms else 0.0
        prior = 1.0 / (1 + cand.hit_rank)
        score = 0.55 * float(sim) + 0.3 * overlap + 0.15 * prior + answer_type_bonus(question, cand.text)
        scored.append(Candidate(cand.hit_rank, cand.hit, cand.start, cand.end, cand.text, float(sim), overlap, score))
    return scored


def select(scored: list[Candidate], config: ExtractiveConfig) -> list[Candidate]:
    """Best sentences above a floor relative to the best, without near-duplicates, in reading order."""
    if not scored:
        return []
    ranked = sorted(scored, key=lambda c: -c.score)
    best = ranked[0].score
    floor = best * config.relative_floor
    chosen: list[Candidate] = []
    for cand in ranked:
        enough = len(chosen) >= config.min_sentences
        if len(chosen) >= config.max_sentences or cand.score < (floor if enough else best * config.second_floor):
            break
        if any(_near_duplicate(cand.text, c.text, config.redundancy) for c in chosen):
            continue
        chosen.append(cand)
    # Reading order: passages in retrieval order, sentences in document order within a passage.
    first_rank = {c.hit_rank: i for i, c in enumerate(chosen)}
    return sorted(chosen, key=lambda c: (first_rank[c.hit_rank], c.hit.char_start + c.start))


def _near_duplicate(a: str, b: str, threshold: float) -> bool:
    ta, tb = set(a.lower().split()), set(b.lower().split())
    if not ta or not tb:
        return False
    return len(ta & tb) / min(len(ta), len(tb)) >= threshold
