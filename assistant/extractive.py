"""The default answerer: picks the sentences that best answer the question, quoted word for word.

Candidates are whole sentences of the best passages (a sentence that introduces a list keeps its list;
headings, questions, table syntax and dangling introductions are not quoted). The answer model
(:mod:`assistant.answer_model`) scores them; the best are quoted, one quote per fact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.answer_model import AnswerModel, QuestionView, SentenceInput, sentence_features
from index import Hit
from index.rerank import BULLET
from ingest import sentence_spans

_LIST_ITEM = re.compile(r"\n\n(• [^\n]+|\d{1,2}[.)] [^\n]+)")
_BULLET_ITEM = re.compile(r"\n\n• [^\n]+")


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage, with its place and scores."""

    hit_rank: int
    hit: Hit
    start: int
    end: int
    text: str
    first_in_passage: bool = False
    list_intro: bool = False
    cosine: float = 0.0
    score: float = 0.0  # the answer model's probability that the sentence answers the question


@dataclass(frozen=True)
class ExtractiveConfig:
    passages: int = 5
    max_sentences: int = 4
    min_chars: int = 30
    max_chars: int = 600
    max_list_chars: int = 900  # a sentence that introduces a list, with its items
    # Share of their words (Jaccard) two quotes may have in common before they count as one fact: two
    # sentences on one template ("This case did not meet the criteria for a SAR…") can be two facts.
    redundancy: float = 0.6
    same_meaning: float = 0.9  # cosine of two quotes' vectors above which they say the same thing


def _with_list(text: str, start: int, end: int, limit: int) -> int:
    """Extend a sentence that introduces a list (ends with ':', or a title line right above the list) over
    the list items that follow."""
    if not _introduces(text, end):
        return end
    cursor = end
    for match in _LIST_ITEM.finditer(text, end):
        if match.start() != cursor or match.end() - start > limit:
            break
        cursor = match.end()
    return cursor


def _introduces(text: str, end: int) -> bool:
    if text[:end].rstrip().endswith(":"):
        return True
    following = _BULLET_ITEM.match(text, end)  # numbered paragraphs are not a title's list
    return following is not None and not text[:end].rstrip().endswith((".", "!", "?", ";"))


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


_TABLE_START = re.compile(r"\s*\|\s*")  # matched at the quote's start (``match`` with a position)
_TABLE_END = re.compile(r"\s*\|\s*$")
_TABLE_RULE = re.compile(r"^[\s|:-]+$")
# A front-matter label and its value ("Status: summary of a review for publication."), not a statement.
_LABEL_LINE = re.compile(r"^[A-Z][A-Za-z]+( [A-Za-z]+)?: [^:]{0,100}$")


def _table_row(text: str, start: int, end: int) -> tuple[int, int]:
    """A Markdown table row quoted as a row: without its outer pipes."""
    lead = _TABLE_START.match(text, start, end)
    if lead:
        start = lead.end()
    trail = _TABLE_END.search(text, start, end)
    if trail:
        end = trail.start()
    return start, end


def candidates(hits: Sequence[Hit], config: ExtractiveConfig) -> list[Candidate]:
    """Sentences worth quoting: whole, of reasonable length, not headings, questions or table rules."""
    out: list[Candidate] = []
    for rank, hit in enumerate(hits[: config.passages]):
        first = True
        for sentence_start, sentence_end in sentence_spans(hit.text):
            bullet = BULLET.match(hit.text[sentence_start:sentence_end])
            if bullet:
                sentence_start += bullet.end()
            for start, end in _clauses(hit.text, sentence_start, sentence_end, config.max_chars):
                start, end = _table_row(hit.text, start, end)
                if end - start < config.min_chars or _TABLE_RULE.match(hit.text[start:end]):
                    continue
                extended = _with_list(hit.text, start, end, config.max_list_chars)
                keeps_list = extended > end
                text = hit.text[start:extended]
                bare = text.rstrip("”’\"')")
                if not keeps_list and not bullet and len(text) < 100 and not bare.endswith((".", "?", "!", ":", ";")):
                    continue  # a heading or a label, not a sentence (a list item need not end with a stop)
                if not keeps_list and (_LABEL_LINE.match(text) or text.rstrip().endswith(":")):
                    continue  # a front-matter label; an introduction ("… states:") whose list is not here
                if bare.endswith("?"):
                    continue  # a question (a prompt, a heading) answers nothing
                out.append(Candidate(rank, hit, start, extended, text, first, keeps_list))
                first = False
    return out


def score_candidates(
    question: QuestionView,
    found: list[Candidate],
    vectors: np.ndarray,
    question_vector: np.ndarray,
    ask_vector: np.ndarray,
    model: AnswerModel,
) -> tuple[list[Candidate], np.ndarray]:
    """Each candidate with the answer model's probability that it answers the question, and the feature rows."""
    if not found:
        return [], np.zeros((0, 0), dtype=np.float32)
    cosines = vectors @ question_vector
    rows = sentence_features(
        question,
        [SentenceInput(c.text, c.hit, c.hit_rank, c.first_in_passage, c.list_intro) for c in found],
        cosines,
        vectors @ ask_vector,
    )
    probabilities = model.sentences.probabilities(rows)
    scored = [
        Candidate(c.hit_rank, c.hit, c.start, c.end, c.text, c.first_in_passage, c.list_intro, float(cos), float(p))
        for c, cos, p in zip(found, cosines, probabilities, strict=True)
    ]
    return scored, rows


def select(
    scored: list[Candidate], vectors: np.ndarray, config: ExtractiveConfig, second_ratio: float
) -> list[Candidate]:
    """The best sentence, and the next best that score close to it and say something else, in reading order."""
    if not scored:
        return []
    order = sorted(range(len(scored)), key=lambda i: -scored[i].score)
    best = scored[order[0]].score
    chosen: list[int] = []
    for i in order:
        if len(chosen) >= config.max_sentences or scored[i].score < best * second_ratio:
            break
        if any(_same_fact(scored[i], scored[j], vectors[i], vectors[j], config) for j in chosen):
            continue
        chosen.append(i)
    picked = [scored[i] for i in chosen]
    # Reading order: passages in the order of their best quote, sentences in document order within a passage.
    first_rank: dict[str, int] = {}
    for c in picked:
        first_rank.setdefault(c.hit.chunk_id, len(first_rank))
    return sorted(picked, key=lambda c: (first_rank[c.hit.chunk_id], c.hit.char_start + c.start))


def _same_fact(a: Candidate, b: Candidate, va: np.ndarray, vb: np.ndarray, config: ExtractiveConfig) -> bool:
    """Two quotes that state one fact: overlapping in the passage, nearly the same words, or the same meaning."""
    if a.hit.chunk_id == b.hit.chunk_id and a.start < b.end and b.start < a.end:
        return True
    if float(va @ vb) >= config.same_meaning:
        return True
    ta, tb = set(a.text.lower().split()), set(b.text.lower().split())
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) >= config.redundancy
