"""The assistant: retrieve, answer with verbatim quotes (or an optional LLM), abstain when unsure."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant import messages
from assistant.errors import ChatModelError, InvalidQuestionError
from assistant.extractive import Candidate, ExtractiveConfig, candidates, score_candidates, select
from assistant.followup import retrieval_query
from assistant.llm import ChatModel, llm_answer
from assistant.models import Answer, Citation, Notice, Source, Turn
from assistant.referral import (
    PROFILES,
    ReferralResult,
    SemanticReader,
    UnknownPartnershipError,
    check_referral,
    front_door_of,
    packaged_heads,
)
from assistant.referral.models import Passage
from assistant.safety import FrontDoor, notices_for
from assistant.scope import unmentioned
from index import CaseIndex, Filters, Hit
from index.rerank import sentences as rerank_sentences
from ingest import sentence_spans

logger = logging.getLogger(__name__)

LocalLink = Callable[[str, "int | None"], str]


@dataclass(frozen=True)
class AssistantConfig:
    k: int = 8
    max_question_chars: int = 2000
    # Calibrated on in-scope and out-of-scope questions (see README, "Answer quality").
    abstain_below: float = 0.45
    extractive: ExtractiveConfig = field(default_factory=ExtractiveConfig)


def citation_for(n: int, hit: Hit, start: int, end: int, local_link: LocalLink | None) -> Citation:
    page = hit.page_at(start)
    url = hit.url
    if url and "#page=" in url and page is not None:
        url = url.split("#page=")[0] + f"#page={page}"
    if url is None and local_link is not None:
        url = local_link(hit.document_id, page)
    return Citation(
        n=n,
        source=hit.source,
        title=hit.title,
        page=page,
        section=hit.section,
        url=url,
        quote=hit.text[start:end],
        document_id=hit.document_id,
        chunk_id=hit.chunk_id,
        publisher=hit.publisher,
        year=hit.year,
        review_type=hit.review_type,
        page_label=hit.page_label(page),
        paragraph=hit.paragraph_at(start),
        ocr=page in hit.ocr_pages,
        chapter=hit.chapter,
        place=messages.cited_place(
            page, hit.page_label(page), hit.paragraph_at(start), page in hit.ocr_pages, hit.chapter
        ),
    )


class Assistant:
    """Answers questions from the indexed documents only."""

    def __init__(
        self,
        index: CaseIndex,
        *,
        config: AssistantConfig | None = None,
        chat: ChatModel | None = None,
        front_door: FrontDoor | None = None,
        local_link: LocalLink | None = None,
        partnership: str = "national",
    ) -> None:
        self.index = index
        self.config = config or AssistantConfig()
        self.chat = chat
        self.partnership = partnership
        self.front_door = front_door or front_door_of(partnership)
        self.local_link = local_link
        self._passages: dict[str, Passage | None] = {}
        self._semantic: SemanticReader | bool | None = False  # False: not built yet

    def semantic_reader(self) -> SemanticReader | None:
        """The referral reader's clause classifiers, on this index's embedding model. None when the packaged
        weights were trained on another model than the one configured (the rules then read alone)."""
        if self._semantic is False:
            heads = packaged_heads()
            usable = heads is not None and heads.model == self.index.config.embedding_model
            self._semantic = SemanticReader(self.index.request_embedder.embed_batch, heads) if usable else None  # type: ignore[arg-type]
        return self._semantic  # type: ignore[return-value]

    def validate(self, question: str) -> str:
        text = question.strip()
        if not text:
            raise InvalidQuestionError(messages.EMPTY_QUESTION)
        if len(text) > self.config.max_question_chars:
            raise InvalidQuestionError(
                messages.QUESTION_TOO_LONG.format(length=len(text), limit=self.config.max_question_chars)
            )
        return text

    def search(self, question: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        return self.index.search(self.validate(question), k=k, filters=filters)

    def answer(self, question: str, history: Sequence[Turn] = (), filters: Filters | None = None) -> Answer:
        """Answer in two to five quoted sentences, or say plainly that the documents do not answer."""
        started = time.perf_counter()
        text = self.validate(question)
        notices = notices_for(text, self.front_door)
        query = retrieval_query(text, history)
        vector = self.index.query_vector(query)
        hits = self.index.search(query, k=self.config.k, filters=filters, vector=vector)
        if not hits:
            return Answer(
                messages.NOT_ANSWERED if self.index.catalog.counts()[0] else messages.NO_DOCUMENTS_TO_ANSWER,
                False,
                notices=tuple(notices),
                method="none",
                query=query,
            )
        missing = unmentioned(text, self.index.unindexed_words)
        if missing:
            logger.info("abstained: %d uncommon words not in any document", len(missing))
            return Answer(
                messages.not_mentioned(missing),
                False,
                notices=tuple(notices),
                nearest=_nearest(hits),
                method="none",
                query=query,
            )
        found = candidates(hits, self.config.extractive)
        scored = score_candidates(
            query,
            found,
            vector,
            self.index.sentence_vectors.vectors([(c.hit.chunk_id, c.text) for c in found]),
        )
        confidence = max((c.score for c in scored), default=0.0)
        nearest = _nearest(hits)
        if confidence < self.config.abstain_below:
            logger.info("abstained (confidence %.3f) in %.0f ms", confidence, 1000 * (time.perf_counter() - started))
            return Answer(
                messages.NOT_ANSWERED,
                False,
                notices=tuple(notices),
                nearest=nearest,
                method="none",
                confidence=confidence,
                query=query,
            )
        if self.chat is not None:
            try:
                answer = llm_answer(self.chat, text, hits[: self.config.extractive.passages], history, self._cite)
                if answer is not None:
                    return Answer(answer[0], True, answer[1], tuple(notices), nearest, "llm", confidence, query)
            except ChatModelError:
                logger.warning("language model failed; falling back to the extractive answer")
            notices.append(Notice("llm_fallback", messages.LLM_FALLBACK))
        chosen = select(scored, self.config.extractive)
        body, citations = self._compose(chosen)
        logger.info("answered with %d quotes in %.0f ms", len(citations), 1000 * (time.perf_counter() - started))
        return Answer(body, True, citations, tuple(notices), nearest, "extractive", confidence, query)

    def prepare(self, progress: Callable[[int, int], None] | None = None, batch: int = 64) -> int:
        """Embed ahead of time every sentence answers quote and search re-scores, so first answers are fast too.

        Resumable: sentences already kept are skipped. Returns how many passages needed sentences
        embedded (search's sentences are embedded at ingest, so a passage counts for its answer sentences).
        """
        ids = self.index.passage_ids()
        prepared = 0
        for start in range(0, len(ids), batch):
            hits = self.index.passages(ids[start : start + batch])
            found = candidates(hits, dataclasses.replace(self.config.extractive, passages=len(hits)))
            searched = [(hit.chunk_id, sentence) for hit in hits for sentence in rerank_sentences(hit.text)]
            todo = self.index.sentence_vectors.missing([(c.hit.chunk_id, c.text) for c in found] + searched)
            self.index.sentence_vectors.precompute(todo, self.index.embedder)
            prepared += len({chunk_id for chunk_id, _ in todo})
            if progress is not None:
                progress(min(start + batch, len(ids)), len(ids))
        return prepared

    def referral_check(
        self, situation: str, facts: Mapping[str, Any] | None = None, partnership: str | None = None
    ) -> ReferralResult:
        """Which review or notification routes might apply: a suggestion for the safeguarding lead.

        Raises:
            InvalidQuestionError: empty or oversized description, or an unknown partnership profile.
        """
        text = situation.strip()
        if not text:
            raise InvalidQuestionError(messages.EMPTY_SITUATION)
        if len(text) > self.config.max_question_chars * 2:
            raise InvalidQuestionError(
                messages.QUESTION_TOO_LONG.format(length=len(text), limit=self.config.max_question_chars * 2)
            )
        name = partnership or self.partnership
        try:
            return check_referral(text, facts, name, self._find_passage, self.semantic_reader())
        except UnknownPartnershipError as exc:
            raise InvalidQuestionError(
                messages.UNKNOWN_PARTNERSHIP.format(name=exc.name, choices=", ".join(PROFILES))
            ) from exc

    def _find_passage(self, query: str, must_contain: tuple[str, ...]) -> Passage | None:
        """The indexed passage that states a criterion, if the documents contain one."""
        cached = self._passages.get(query, False)
        if cached is not False:
            return cached  # type: ignore[return-value]
        found = None
        for hit in self.index.search(query, k=5):
            lowered = hit.text.lower()
            if all(word.lower() in lowered for word in must_contain):
                start = max(0, lowered.find(must_contain[0].lower()))
                sentence = next(((a, b) for a, b in sentence_spans(hit.text) if a <= start < b), (0, len(hit.text)))
                citation = self._cite(0, hit, *sentence)
                found = Passage(hit.source, hit.title, citation.page, citation.url, citation.quote)
                break
        self._passages[query] = found
        return found

    def _cite(self, n: int, hit: Hit, start: int, end: int) -> Citation:
        return citation_for(n, hit, start, end, self.local_link)

    def _compose(self, chosen: list[Candidate]) -> tuple[str, tuple[Citation, ...]]:
        """The answer text with a reference after each quote. Quotes from one page of one passage share one
        citation; quotes that follow one another in the passage are quoted as one stretch of it."""
        runs = _runs(chosen)
        numbers: dict[tuple[str, int | None], int] = {}
        citations: list[Citation] = []
        parts: list[str] = []
        for hit, start, end in runs:
            key = (hit.chunk_id, hit.page_at(start))
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                citations.append(self._cite(numbers[key], hit, start, end))
            parts.append(f"{hit.text[start:end]} [{numbers[key]}]")
        return " ".join(parts), tuple(citations)


def _runs(chosen: list[Candidate]) -> list[tuple[Hit, int, int]]:
    """The quotes in answer order, each one joined with the next when that one follows it in the same passage
    with only white space between (two sentences of one paragraph become one quote)."""
    runs: list[tuple[Hit, int, int]] = []
    for cand in chosen:
        if runs:
            hit, start, end = runs[-1]
            if hit.chunk_id == cand.hit.chunk_id and cand.start >= end and not hit.text[end : cand.start].strip():
                runs[-1] = (hit, start, cand.end)
                continue
        runs.append((cand.hit, cand.start, cand.end))
    return runs


def _nearest(hits: Sequence[Hit], limit: int = 3) -> tuple[Source, ...]:
    out: list[Source] = []
    seen: set[str] = set()
    for hit in hits:
        if hit.document_id in seen:
            continue
        seen.add(hit.document_id)
        out.append(Source(hit.source, hit.title, hit.page, hit.url, round(hit.score, 4)))
        if len(out) == limit:
            break
    return tuple(out)
