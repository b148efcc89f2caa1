"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from index import Filters


class FiltersIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    review_types: list[str] = Field(default_factory=list, max_length=20, examples=[["SAR"]])
    year_from: int | None = Field(default=None, ge=1900, le=2100)
    year_to: int | None = Field(default=None, ge=1900, le=2100)
    nations: list[str] = Field(default_factory=list, max_length=10)
    publishers: list[str] = Field(default_factory=list, max_length=10)
    sources: list[str] = Field(default_factory=list, max_length=50)

    def to_filters(self) -> Filters:
        return Filters(
            review_types=tuple(self.review_types),
            year_from=self.year_from,
            year_to=self.year_to,
            nations=tuple(self.nations),
            publishers=tuple(self.publishers),
            sources=tuple(self.sources),
        )


class TurnIn(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(max_length=8000)


class AskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The length limit is the assistant's (CASELEARN_MAX_QUESTION_CHARS), refused in plain words.
    question: str = Field(examples=["What should a rapid review do?"])
    history: list[TurnIn] = Field(default_factory=list, max_length=20)
    conversation_id: str | None = Field(default=None, max_length=64)
    filters: FiltersIn | None = None


class CitationOut(BaseModel):
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
    page_label: str | None = None
    paragraph: str | None = None
    ocr: bool = False
    chapter: str | None = None
    place: str | None = None
    source_url: str | None = None  # where the document was published (the viewer link is `url`)


class NoticeOut(BaseModel):
    kind: str
    text: str


class AskOut(BaseModel):
    answer: str
    answered: bool
    citations: list[CitationOut]
    notices: list[NoticeOut]
    nearest: list[dict[str, Any]]
    method: str
    confidence: float
    conversation_id: str
    feedback_token: str | None = Field(
        default=None, description="send it back to POST /feedback to rate this answer (carries no question text)"
    )


class HitOut(BaseModel):
    chunk_id: str
    document_id: str
    source: str
    title: str
    page: int | None
    pages: list[int]
    section: str | None
    text: str
    score: float
    url: str | None
    review_type: str | None = None
    publisher: str | None = None
    nation: str | None = None
    year: int | None = None
    kind: str | None = None


class SearchOut(BaseModel):
    query: str
    hits: list[HitOut]


class DocumentOut(BaseModel):
    id: str
    source: str
    title: str | None
    format: str
    review_type: str | None
    publisher: str | None
    nation: str | None
    year: int | None
    kind: str | None
    url: str | None
    chunks: int
    pages: int | None
    ingested_at: str
    file_url: str | None
    newer_version: str | None = Field(default=None, description="file name of a newer version in the library")
    older_versions: list[str] = Field(default_factory=list, description="file names of older versions kept")


class UploadOut(BaseModel):
    status: str
    document: DocumentOut
    note: str | None = Field(default=None, description="a plain sentence when the file duplicates or versions another")


class ErrorOut(BaseModel):
    error: str


class FeedbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=1, max_length=4000, description="the feedback_token of the answer")
    rating: Literal["helpful", "not_helpful"]
    reason: Literal["wrong_answer", "wrong_source", "not_relevant", "incomplete", "out_of_date", "other"] | None = None
    question: str | None = Field(
        default=None,
        max_length=4000,
        description="kept only when the deployer set CASELEARN_FEEDBACK_STORE_TEXT and it is the question rated",
    )


class FeedbackOut(BaseModel):
    id: int
    message: str


class FeedbackOptionsOut(BaseModel):
    question: str
    helpful: str
    not_helpful: str
    reason_prompt: str
    reasons: dict[str, str]
    send: str
    thanks: str
