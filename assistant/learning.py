"""Theme learning digests and per-document summaries, extractive and cited, for supervision.

Sentences come only from the indexed documents, quoted word for word with their page. Each is
sorted into why the review was commissioned, risk factors, learning for practice,
recommendations, or reflective questions, by the section it sits in and by its own cue words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from index import CaseIndex, Filters, StoredPassage, mentions_theme, theme
from ingest import sentence_spans
from ingest.models import page_at_offset

Kind = Literal["why", "risk", "learning", "recommendation", "question"]
KINDS: tuple[Kind, ...] = ("why", "risk", "learning", "recommendation", "question")
KIND_TITLES = {
    "why": "Why the reviews were commissioned",
    "risk": "Key risk factors",
    "learning": "Learning for practice",
    "recommendation": "Recommendations",
    "question": "Reflective questions for supervision",
}
REVIEW_KINDS = {"case_review", "briefing"}
# Annual reports, guidance, protocols and training packs are not summarised as a 7-minute briefing of a
# review but as key points: what they say, what practitioners must do, by when, and whom to contact.
KeyKind = Literal["key", "must", "timescale", "contact"]
KEY_KINDS: tuple[KeyKind, ...] = ("key", "must", "timescale", "contact")
KEY_TITLES = {
    "key": "Key points",
    "must": "What must be done",
    "timescale": "Timescales",
    "contact": "Contacts",
}
DOCUMENT_KIND_NAMES = {
    "briefing": "a briefing on a topic",  # a 7-minute briefing of a review has a review type and keeps its shape
    "annual_report": "an annual report",
    "training": "a training pack",
    "local_guidance": "local guidance",
    "guidance": "guidance",
}
_NUMBER = r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|twenty-\w+|thirty)"
# An address to write or ring, not the word "contact", and not a reference to read ("Available at:").
_CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.]+|(?<![\d.])(?:\+44 ?|0)\d{2,4}[ -]?\d{3,4}(?:[ -]?\d{3,4})?\b|"
    r"\b(?:call|ring|dial) (?:999|111|101)\b|\bwww\.|https?://|\b[\w-]+\.(?:org|gov|nhs|co|police|sch)\.uk\b",
    re.I,
)
_REFERENCE_LINE = re.compile(r"\bavailable (?:at|from)\s*:?", re.I)
_REFERENCE = re.compile(r"\(\d{4}\)|\bfound that\b", re.I)
# A time to act by: a deadline said with a duty ("must notify … within 5 working days"), never a figure or
# an event looked back on ("88% were held within 15 working days", "was immediately taken to hospital").
_DEADLINE = re.compile(
    rf"\bwithin {_NUMBER} (?:working |calendar )?(?:days?|hours?|weeks?|months?)\b|\bno later than\b|"
    r"\bby (?:\d{1,2}(?::\d\d)? ?[ap]m|the end of the (?:next )?(?:working )?day|noon|midday)\b|"
    r"\bimmediately\b|\bas soon as possible\b|\bthe same (?:working )?day\b|\bwithout delay\b",
    re.I,
)
# A duty or an instruction: "must", "are required to", "have a duty to", or a sentence that is a command.
_DUTY = re.compile(
    r"\b(?:must|shall|need to|needs to|are expected to|is expected to|are required to|is required to|"
    r"have a duty to|has a duty to|are responsible for|is responsible for|should(?! have| be noted| be proud))\b",
    re.I,
)
_COMMAND = re.compile(
    r"^(?:Do not|Don['’]t|Never|Always|Record|Make sure|Ensure|Share|Contact|Complete|Discuss|Refer|Report|Speak|"
    r"Check|Use|Tell|Ask|Seek|Call|Email|Send|Consider|Remember|Follow|Escalate)\b"
)
_NOT_A_DUTY = re.compile(r"%|\bper cent\b|\b(?:were|was) (?:completed|held|made|seen|taken)\b", re.I)
# A foreword's own voice ("It gives me great pleasure…", "I am particularly pleased…", "Our thanks go to…")
# is no key point; a child's words in quotation marks ("'I feel safe at school now'") are.
_FOREWORD = re.compile(
    r"\bgives? me (?:great )?pleasure\b|\bpleasure to (?:introduce|present)\b|\b(?:would like to|wish to) thank\b|"
    r"^thank you\b|\bour thanks\b|^we are (?:really |very |so )?(?:delighted|pleased|proud)\b",
    re.I,
)
_FIRST_PERSON = re.compile(r"(?<!Part )(?<!Appendix )(?<!Annex )\bI\b|\bI['’](?:m|ve|d)\b|\b[Mm]y\b")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’|(?<!\w)'[^']*'(?!\w)")
_URL = re.compile(r"https?://\S+|www\.\S+")

_SECTION = {
    "question": re.compile(r"reflect|questions? (?:for|to)|supervision", re.I),
    "recommendation": re.compile(r"recommend|actions?\b|what needs to be done", re.I),
    "why": re.compile(
        r"why|background|introduction|circumstances|about (?:the|this) review|summary of the case|"
        r"what happened|about (?:mr|mrs|ms|child)",
        re.I,
    ),
    "learning": re.compile(
        r"learning|finding|lesson|analysis|key issues|what we found|themes|what has been done", re.I
    ),
}
_CUES: dict[Kind, re.Pattern[str]] = {
    "recommendation": re.compile(
        r"\b(recommend\w*|should|must|needs? to|will (?:ensure|develop|review|agree))\b", re.I
    ),
    "why": re.compile(
        r"\b(commissioned|was undertaken|this review|following (?:the )?(?:death|injur)|"
        r"was admitted|died|the review (?:considered|looked))\b",
        re.I,
    ),
    "risk": re.compile(
        r"\b(risks?|vulnerab\w*|history of|misuse|cannabis|alcohol|isolat\w*|missed|not brought|"
        r"threat\w*|mental health|unsafe|hoard\w*|refus\w*)\b",
        re.I,
    ),
    "learning": re.compile(
        r"\b(learning|lesson|found that|practitioners?|it is important|did not|was not|were not|"
        r"no one|never|understand\w*)\b",
        re.I,
    ),
}


@dataclass(frozen=True)
class Point:
    kind: Kind | KeyKind
    quote: str
    source: str
    title: str
    page: int | None
    section: str | None
    url: str | None
    document_id: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class ReviewLearning:
    document_id: str
    source: str
    title: str
    review_type: str | None
    year: int | None
    publisher: str | None
    points: tuple[Point, ...]

    def of(self, kind: Kind) -> list[Point]:
        return [p for p in self.points if p.kind == kind]

    def as_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k != "points"}
        data["points"] = {kind: [p.as_dict() for p in self.of(kind)] for kind in KINDS}
        return data


@dataclass(frozen=True)
class Digest:
    theme: str
    label: str
    description: str
    reviews: tuple[ReviewLearning, ...]
    prompts: tuple[str, ...]
    notice: str = "Quoted from published documents. Guidance for reflection, not a decision about any case."

    def sources(self) -> set[str]:
        return {r.source for r in self.reviews}

    def as_dict(self) -> dict[str, Any]:
        return {
            "theme": self.theme,
            "label": self.label,
            "description": self.description,
            "reviews": [r.as_dict() for r in self.reviews],
            "prompts": list(self.prompts),
            "notice": self.notice,
        }


@dataclass(frozen=True)
class DocumentSummary:
    document_id: str
    source: str
    title: str
    review_type: str | None
    year: int | None
    publisher: str | None
    themes: tuple[str, ...]
    points: tuple[Point, ...] = field(default=())
    document_kind: str | None = None
    shape: Literal["briefing", "key_points"] = "briefing"  # key points for reports, guidance and protocols

    def of(self, kind: Kind | KeyKind) -> list[Point]:
        return [p for p in self.points if p.kind == kind]

    def kinds(self) -> tuple[Kind | KeyKind, ...]:
        return KEY_KINDS if self.shape == "key_points" else KINDS

    def as_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k not in ("points", "themes")}
        data["themes"] = list(self.themes)
        data["points"] = {kind: [p.as_dict() for p in self.of(kind)] for kind in self.kinds()}
        return data


def classify(sentence: str, section: str | None) -> Kind | None:
    """Which part of a briefing a sentence belongs to, by its section first, then its own words."""
    text = sentence.strip()
    heading = section or ""
    if text.endswith("?"):
        return "question" if _SECTION["question"].search(heading) or len(text) > 30 else None
    for kind in ("recommendation", "why", "learning"):
        if _SECTION[kind].search(heading):
            return kind  # type: ignore[return-value]
    for kind in ("recommendation", "risk", "learning", "why"):
        if _CUES[kind].search(text):  # type: ignore[index]
            return kind  # type: ignore[return-value]
    return None


def classify_key_point(sentence: str) -> KeyKind | None:
    """Which part of a key-points summary a sentence of a report, guidance or protocol belongs to."""
    text = sentence.strip()
    if text.endswith("?") or "|" in text or _FOREWORD.search(text):
        return None  # a question, a table row run together, a foreword's thanks
    if _FIRST_PERSON.search(_QUOTED.sub(" ", text)):
        return None  # the foreword's own voice (someone's words being quoted are not the writer's)
    if len(_URL.sub(" ", text).split()) < 5:
        return None  # a footnote's address on its own
    if _REFERENCE_LINE.search(text):
        return None  # a reading list's entry
    if _CONTACT.search(text) and not _REFERENCE.search(text):
        return "contact"
    duty = bool(_DUTY.search(text) or _COMMAND.match(text)) and not _NOT_A_DUTY.search(text)
    if duty:
        return "timescale" if _DEADLINE.search(text) else "must"
    return "key" if len(text.split()) >= 8 else None  # "Version 2.1, approved January 2025." is no point


LocalLink = Callable[[str, "int | None"], str]


def _points(
    index: CaseIndex,
    rows: Sequence[StoredPassage],
    title: str,
    local_link: LocalLink | None,
    keep: Callable[[str], bool] | None = None,
    key_points: bool = False,
) -> list[Point]:
    out: list[Point] = []
    seen: set[str] = set()
    for row in rows:
        for start, end in sentence_spans(row.text):
            quote = row.text[start:end].lstrip("•- ").strip()
            if len(quote) < 30 or len(quote) > 600 or quote.lower() in seen or quote.startswith("FICTIONAL"):
                continue
            if not quote.rstrip("”’\"')").endswith((".", "?", "!", ":", ";")) and len(quote) < 100:
                continue  # a heading, not a point
            kind: Kind | KeyKind | None = classify_key_point(quote) if key_points else classify(quote, row.section)
            if kind is None or (keep is not None and not keep(quote) and kind != "why"):
                continue
            seen.add(quote.lower())
            page = page_at_offset(row.page_start, row.page_breaks, row.text.find(quote))
            url = row.url or (local_link(row.document_id, page) if local_link else None)
            if url and page and row.format == "pdf" and "#page=" not in url:
                url = f"{url}#page={page}"
            out.append(Point(kind, quote, row.source, title, page, row.section, url, row.document_id))
    return out


def _cap(points: list[Point], per_kind: int, kinds: Sequence[Kind | KeyKind] = KINDS) -> tuple[Point, ...]:
    kept: list[Point] = []
    for kind in kinds:
        kept.extend([p for p in points if p.kind == kind][:per_kind])
    return tuple(kept)


def theme_digest(
    index: CaseIndex,
    theme_id: str,
    filters: Filters | None = None,
    *,
    per_kind: int = 3,
    local_link: LocalLink | None = None,
) -> Digest | None:
    """Learning on a theme across every indexed document that carries it, grouped by review."""
    t = theme(theme_id)
    if t is None:
        return None
    chunk_ids = set(index.passage_ids_with_themes([theme_id]))
    allowed_docs = set(index.document_ids(filters)) if filters and filters.document_level() else None
    reviews: list[ReviewLearning] = []
    for info in index.documents():
        if allowed_docs is not None and info.id not in allowed_docs:
            continue
        rows = [r for r in index.chunks_of(info.id) if r.id in chunk_ids]
        if not rows:
            continue
        title = info.title or info.source
        points = _points(index, rows, title, local_link, keep=lambda q: mentions_theme(q, theme_id))
        if info.review_type or info.kind in REVIEW_KINDS:
            opening = index.chunks_of(info.id)[:2]
            points = [p for p in _points(index, opening, title, local_link) if p.kind == "why"][:1] + [
                p for p in points if p.kind != "why"
            ]
        points = [p for p in points if p.kind != "question" or p.quote.endswith("?")]
        if not any(p.kind != "why" for p in points):
            continue
        reviews.append(
            ReviewLearning(
                info.id, info.source, title, info.review_type, info.year, info.publisher, _cap(points, per_kind)
            )
        )
    reviews.sort(key=lambda r: (r.review_type is None, -(r.year or 0), r.title))
    return Digest(t.id, t.label, t.description, tuple(reviews), t.questions)


def document_summary(
    index: CaseIndex, document_id: str, *, per_kind: int = 4, local_link: LocalLink | None = None
) -> DocumentSummary:
    """A 7-minute-briefing style summary of a case review or briefing, or key points of a report, guidance
    or protocol (what it says, what practitioners must do, timescales, contacts); every point quoted with
    its page.

    Raises:
        DocumentNotFoundError: no such document.
    """
    info = index.document(document_id)
    rows = index.chunks_of(info.id)
    title = info.title or info.source
    key_points = not info.review_type and info.kind in DOCUMENT_KIND_NAMES
    points = _points(index, rows, title, local_link, key_points=key_points)
    counts = index.document_themes(info.id)
    themes = tuple(sorted(counts, key=lambda k: -counts[k]))
    kinds = KEY_KINDS if key_points else KINDS
    return DocumentSummary(
        info.id,
        info.source,
        title,
        info.review_type,
        info.year,
        info.publisher,
        themes,
        _cap(points, per_kind, kinds),
        info.kind,
        "key_points" if key_points else "briefing",
    )
