"""A deterministic synthetic load corpus: review-like Markdown files with headings and numbered paragraphs.

Every document says it is synthetic; places, people and events are invented from the word lists in
:mod:`eval.bench.words`. Two kinds of corpus:

* **unique** (:func:`write_unique_corpus`): every sentence combination drawn afresh, so every passage
  differs; used to measure ingest and encode rates.
* **pooled** (:func:`write_pooled_corpus`): each document is a unique file with its own name and
  metadata, assembled from a pool of openings and sections (those of a unique corpus). Passages repeat
  across documents, so their embeddings can be reused; used to build the 10k and 100k chunk tiers.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from eval.bench import words as w
from ingest import DocumentMeta, chunk_document, load_document

SYNTHETIC_NOTE = (
    "This is a synthetic document generated for benchmarking caselearn. The partnership, people, places "
    "and events are invented and describe no real case."
)
_KIND_PLAN = (
    ("background", 1, 2),
    ("episodes", 2, 4),
    ("analysis", 1, 3),
    ("findings", 1, 3),
    ("recommendations", 1, 1),
)


@dataclass(frozen=True)
class Section:
    kind: str
    text: str


@dataclass(frozen=True)
class Opening:
    """Title, metadata and first paragraphs of a document."""

    title: str
    publisher: str
    review_type: str
    nation: str
    year: int
    text: str


@dataclass(frozen=True)
class SyntheticDoc:
    file: str
    opening: Opening
    sections: tuple[Section, ...]

    @property
    def text(self) -> str:
        return "\n\n".join([self.opening.text, *(s.text for s in self.sections)]) + "\n"

    def manifest_entry(self) -> dict[str, object]:
        o = self.opening
        return {
            "file": self.file,
            "title": o.title,
            "publisher": o.publisher,
            "kind": "case_review",
            "review_type": o.review_type,
            "nation": o.nation,
            "year": o.year,
        }

    def meta(self) -> DocumentMeta:
        o = self.opening
        return DocumentMeta(
            title=o.title,
            publisher=o.publisher,
            kind="case_review",
            review_type=o.review_type,
            nation=o.nation,
            year=o.year,
        )


@dataclass
class CorpusStats:
    """What was written: files, characters and the chunks the real chunker makes of them."""

    folder: str
    documents: int = 0
    chars: int = 0
    chunks: int = 0
    kind: str = "unique"
    openings: list[Opening] = field(default_factory=list, repr=False)
    sections: list[Section] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, object]:
        return {
            "folder": self.folder,
            "kind": self.kind,
            "documents": self.documents,
            "chars": self.chars,
            "chunks": self.chunks,
            "avg_doc_chars": round(self.chars / self.documents) if self.documents else 0,
        }


class Writer:
    """Sentences, paragraphs, sections and openings from one seeded random source."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.observations = w.CHILD_OBSERVATIONS

    def _pick(self, options: tuple[str, ...]) -> str:
        return self.rng.choice(options)

    def sentence(self, kind: str, subject: str) -> str:
        r = self.rng
        if kind == "episodes":
            return (
                f"In {self._pick(w.MONTHS)} {r.randint(2015, 2024)} the {self._pick(w.AGENCIES)} "
                f"{self._pick(w.CONTACTS)} for {subject}, and {self._pick(self.observations)}."
            )
        if kind in ("analysis", "findings"):
            lead = self._pick(("The review found that", "Practitioners told the review that", "It is clear that"))
            return f"{lead} {self._pick(w.FINDINGS)}; as a result {self._pick(w.CONSEQUENCES)}."
        if kind == "recommendations":
            return (
                f"The partnership should ask the {self._pick(w.AGENCIES)} to {self._pick(w.ACTIONS)} "
                f"so that {self._pick(w.OUTCOMES)}."
            )
        if r.random() < 0.5:
            return (
                f"The {self._pick(w.AGENCIES)} first became aware of {subject} in {r.randint(2012, 2022)}, "
                f"when {self._pick(self.observations)}."
            )
        return (
            f"{self._pick(w.CONNECTORS)} the {self._pick(w.AGENCIES)} had been involved with {subject} "
            f"because {self._pick(self.observations)}."
        )

    def paragraph(self, kind: str, subject: str) -> str:
        return " ".join(self.sentence(kind, subject) for _ in range(self.rng.randint(2, 4)))

    def section(self, kind: str, subject: str) -> Section:
        heading = self._pick(w.SECTION_HEADINGS[kind])
        paragraphs = [f"{i}. {self.paragraph(kind, subject)}" for i in range(1, self.rng.randint(3, 6) + 1)]
        return Section(kind, f"## {heading}\n\n" + "\n\n".join(paragraphs))

    def opening(self) -> tuple[Opening, str]:
        r = self.rng
        code, long_name, who = r.choice(w.REVIEW_KINDS)
        subject = self._pick(w.CHILD_SUBJECTS if who == "child" else w.ADULT_SUBJECTS)
        self.observations = w.CHILD_OBSERVATIONS if who == "child" else w.ADULT_OBSERVATIONS
        place = self._pick(w.PLACES)
        partnership = f"{place} Safeguarding Partnership (synthetic)"
        year = r.randint(2016, 2025)
        title = f"{long_name}: {subject} ({place})"
        summary = " ".join(self.sentence("background", subject) for _ in range(3))
        text = (
            f"# {title}\n\n{SYNTHETIC_NOTE}\n\nPublished by {partnership} in {year}.\n\n"
            f"## Introduction\n\n1. This {long_name.lower()} was commissioned after concerns about the care of "
            f"{subject}. {summary}"
        )
        return Opening(title, partnership, code, self._pick(w.NATIONS), year, text), subject

    def document(self, n: int) -> SyntheticDoc:
        opening, subject = self.opening()
        sections = [
            self.section(kind, subject) for kind, low, high in _KIND_PLAN for _ in range(self.rng.randint(low, high))
        ]
        return SyntheticDoc(_file_name(n, opening), opening, tuple(sections))


def _file_name(n: int, opening: Opening) -> str:
    return f"synthetic-{n:06d}-{opening.review_type.lower().replace('_', '-')}.md"


def count_chunks(path: Path, meta: DocumentMeta) -> int:
    """Chunks the real pipeline (default settings) makes of one file."""
    return len(chunk_document(load_document(path, meta)))


def _write(folder: Path, docs: Iterator[SyntheticDoc], target_chunks: int, stats: CorpusStats) -> CorpusStats:
    """Write documents until the real chunker has made ``target_chunks`` passages."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest: list[dict[str, object]] = []
    for doc in docs:
        if stats.chunks >= target_chunks:
            break
        path = folder / doc.file
        text = doc.text
        path.write_text(text, encoding="utf-8")
        manifest.append(doc.manifest_entry())
        stats.documents += 1
        stats.chars += len(text)
        stats.chunks += count_chunks(path, doc.meta())
        if stats.kind == "unique":
            stats.openings.append(doc.opening)
            stats.sections.extend(doc.sections)
    (folder / "manifest.yaml").write_text(
        "# Synthetic benchmark corpus: every document is invented.\n"
        + yaml.safe_dump({"documents": manifest}, sort_keys=False),
        encoding="utf-8",
    )
    return stats


def write_unique_corpus(folder: Path, target_chunks: int, seed: int = 7) -> CorpusStats:
    """Documents of freshly drawn text until about ``target_chunks`` passages; deterministic by seed."""
    writer = Writer(seed)
    docs = (writer.document(n) for n in range(1, 10**7))
    return _write(folder, docs, target_chunks, CorpusStats(str(folder)))


def pooled_documents(openings: list[Opening], sections: list[Section], seed: int) -> Iterator[SyntheticDoc]:
    """Endless documents assembled from a pool: an opening, then sections of each kind in review order."""
    rng = random.Random(seed)
    by_kind: dict[str, list[Section]] = {}
    for s in sections:
        by_kind.setdefault(s.kind, []).append(s)
    n = 0
    while True:
        n += 1
        opening = rng.choice(openings)
        chosen: list[Section] = []
        for kind, low, high in _KIND_PLAN:
            pool = by_kind.get(kind, [])
            if pool:
                chosen.extend(rng.sample(pool, min(len(pool), rng.randint(low, high))))
        yield SyntheticDoc(_file_name(n, opening), opening, tuple(chosen))


def write_pooled_corpus(folder: Path, target_chunks: int, pool: CorpusStats, seed: int = 11) -> CorpusStats:
    """About ``target_chunks`` passages of documents assembled from ``pool``'s openings and sections."""
    if not pool.openings or not pool.sections:
        raise ValueError("the pool corpus has no openings or sections")
    docs = pooled_documents(pool.openings, pool.sections, seed)
    return _write(folder, docs, target_chunks, CorpusStats(str(folder), kind="pooled"))
