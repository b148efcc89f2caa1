"""Mentions of the facts a referral check needs, each with its ConText assertion (medspaCy).

medspaCy's ConText decides whether a mention is negated ("no concerns about neglect"), uncertain
("?LD", "possible learning disability"), hypothetical ("could have died", "attempted suicide") or
historical; its rules here are written for safeguarding records (``context_rules.yaml``). The target
words are in ``lexicon.yaml``. Sentences come from PyRuSH, medspaCy's rule-based sentence splitter.
"""

from __future__ import annotations

import logging
import re
import threading
import warnings
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

_LOCK = threading.Lock()
# How many tokens a cue reaches: records run clauses together without the punctuation ConText expects,
# so "possible learning disability refused food and died" must not make the death uncertain.
MAX_SCOPE = {"NEGATED_EXISTENCE": 8, "POSSIBLE_EXISTENCE": 4, "DENIAL": 6, "HYPOTHETICAL": 10, "TERMINATE": 1}
# TERMINATE's own window is kept to one token on purpose. medspaCy 1.3.1 ends a cue's scope at a terminator
# only when their scopes "overlap", and its overlap test (``medspacy.util.tuple_overlaps``) misses a scope
# that lies wholly inside the other: a terminator scoped to the whole sentence never cut a cue scope that
# MAX_SCOPE had already shortened, so "no learning disability, but died by suicide" negated the death.


@dataclass(frozen=True)
class Hit:
    """One mention of a fact's words and how the text asserts it (ConText categories that modify it)."""

    category: str
    start: int
    end: int
    words: str
    modifiers: frozenset[str] = frozenset()

    @property
    def negated(self) -> bool:
        return "NEGATED_EXISTENCE" in self.modifiers

    @property
    def uncertain(self) -> bool:
        return bool(self.modifiers & {"POSSIBLE_EXISTENCE", "DENIAL"})

    @property
    def hypothetical(self) -> bool:
        return "HYPOTHETICAL" in self.modifiers


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Parsed:
    hits: tuple[Hit, ...]
    clauses: tuple[Clause, ...]
    modifiers: tuple[tuple[str, int, int, int, int], ...]  # (category, cue start, cue end, scope start, scope end)


def _quiet_loguru() -> None:
    """PyRuSH logs every sentence at DEBUG through loguru; nothing of a situation may reach a log."""
    try:
        from loguru import logger

        logger.remove()
    except ImportError:  # pragma: no cover - loguru comes with PyRuSH
        pass
    logging.getLogger("PyRuSH").setLevel(logging.WARNING)


def _yaml(name: str) -> Any:
    return yaml.safe_load((files("assistant.referral.reading") / name).read_text("utf-8"))


@lru_cache(maxsize=1)
def pipeline() -> Any:
    """The medspaCy pipeline with caselearn's target and ConText rules (built once, ~1 s)."""
    _quiet_loguru()
    import medspacy
    from medspacy.context import ConTextRule
    from medspacy.target_matcher import TargetRule

    nlp = medspacy.load(medspacy_enable=["medspacy_pyrush", "medspacy_target_matcher"])
    context = nlp.add_pipe("medspacy_context", config={"rules": None, "span_attrs": "default"})
    rules = []
    for category, entries in _yaml("context_rules.yaml").items():
        for entry in entries:
            literal, direction = entry[0], entry[1]
            pattern = entry[2] if len(entry) > 2 else None
            scope = MAX_SCOPE.get(category)
            rules.append(ConTextRule(literal, category, direction=direction, pattern=pattern, max_scope=scope))
    context.add(rules)
    targets = []
    for category, patterns in _yaml("lexicon.yaml").items():
        for pattern in patterns:
            # A word starts at a word boundary: "charged" is not read inside "discharged".
            targets.append(TargetRule(category.lower(), category, pattern=f"(?i)(?<![a-z])(?:{pattern})"))
    nlp.get_pipe("medspacy_target_matcher").add(targets)
    return nlp


_CLAUSE_BREAK = re.compile(
    r"\s*(?:;|:(?!\d)|\s[-–—]\s|\bbut\b|\bhowever\b|\balthough\b|\bwhereas\b|\bthough\b)\s*", re.I
)


_SENTENCE_END = re.compile(r"(?<=[.!?])['’\")\]]*\s+(?=['‘\"(]?[A-Z0-9])")


def _sentences(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """PyRuSH's sentences, split again where a full stop after a quote or bracket was missed."""
    out = []
    for start, end in spans:
        cursor = start
        for brk in _SENTENCE_END.finditer(text, start, end):
            if brk.start() - cursor >= 3:
                out.append((cursor, brk.start()))
                cursor = brk.end()
        out.append((cursor, end))
    return out


def _clauses(sentences: list[tuple[int, int]], text: str) -> list[Clause]:
    out: list[Clause] = []
    for start, end in _sentences(sentences, text):
        cursor = start
        for brk in _CLAUSE_BREAK.finditer(text, start, end):
            if brk.start() - cursor >= 12:
                out.append(Clause(cursor, brk.start(), text[cursor : brk.start()]))
                cursor = brk.end()
        if end - cursor >= 3:
            out.append(Clause(cursor, end, text[cursor:end]))
    return out


def parse(text: str) -> Parsed:
    """Fact mentions with their assertions, the clauses of the text and ConText's modifiers."""
    nlp = pipeline()
    with _LOCK, warnings.catch_warnings():  # spaCy pipelines are not documented as thread-safe
        warnings.filterwarnings("ignore", message=r"\[W036\]")  # medspaCy's unused inner matcher
        doc = nlp(text)
    hits = []
    for ent in doc.ents:
        # A cue inside the target's own words ("did not make it") does not modify it.
        cues = frozenset(
            m.category
            for m in ent._.modifiers
            if not (ent.start <= m.modifier_span[0] and m.modifier_span[1] <= ent.end)
        )
        hits.append(Hit(ent.label_, ent.start_char, ent.end_char, ent.text, cues))
    graph = doc._.context_graph
    modifiers = tuple(
        (
            m.category,
            doc[m.modifier_span[0]].idx,
            doc[m.modifier_span[1] - 1].idx + len(doc[m.modifier_span[1] - 1]),
            doc[m.scope_span[0]].idx,
            doc[m.scope_span[1] - 1].idx + len(doc[m.scope_span[1] - 1]),
        )
        for m in (graph.modifiers if graph is not None else [])
    )
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    return Parsed(tuple(hits), tuple(_clauses(sentences, text)), modifiers)


def clause_assertion(parsed: Parsed, clause: Clause) -> set[str]:
    """ConText categories whose cue stands in this clause and whose scope covers some of the rest of it."""
    out = set()
    for category, cue_start, cue_end, scope_start, scope_end in parsed.modifiers:
        if category == "TERMINATE" or not (clause.start <= cue_start < clause.end):
            continue
        rest = [(clause.start, cue_start), (cue_end, clause.end)]
        if any(max(a, scope_start) < min(b, scope_end) and b - a > 2 for a, b in rest):
            out.add(category)
    return out
