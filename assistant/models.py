"""Results of the assistant: answers with citations and notices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

NoticeKind = Literal["emergency", "guidance", "abstained", "llm_fallback", "uncertain"]


@dataclass(frozen=True)
class Turn:
    """One turn of a conversation."""

    role: Literal["user", "assistant"]
    content: str


@dataclass(frozen=True)
class Citation:
    """A verbatim quote and exactly where it is."""

    n: int
    source: str
    title: str
    page: int | None
    section: str | None
    url: str | None
    quote: str
    document_id: str
    chunk_id: str
    publisher: str | None = None
    year: int | None = None
    review_type: str | None = None
    # The printed page number where it differs from the PDF page, the numbered paragraph, and whether
    # the quote was read from a scanned page by OCR.
    page_label: str | None = None
    paragraph: str | None = None
    ocr: bool = False
    chapter: str | None = None
    place: str | None = None  # all of that in words, with the page ("paragraph 148, p. 76")
    source_url: str | None = None  # where the document was published, when it came from the web

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Notice:
    kind: NoticeKind
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class Source:
    """A nearby document shown when the assistant does not answer."""

    source: str
    title: str
    page: int | None
    url: str | None
    score: float

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Answer:
    """A short answer whose every sentence is traceable to a citation, or an honest abstention."""

    text: str
    answered: bool
    citations: tuple[Citation, ...] = ()
    notices: tuple[Notice, ...] = ()
    nearest: tuple[Source, ...] = ()
    method: Literal["extractive", "llm", "none"] = "extractive"
    confidence: float = 0.0
    query: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "answered": self.answered,
            "citations": [c.as_dict() for c in self.citations],
            "notices": [n.as_dict() for n in self.notices],
            "nearest": [s.as_dict() for s in self.nearest],
            "method": self.method,
            "confidence": round(self.confidence, 4),
        }
