"""The assistant: retrieve, answer with verbatim quotes (or an optional LLM), abstain when unsure."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assistant import messages
from assistant.answer_model import AnswerModel, QuestionView, packaged_model, question_features
from assistant.errors import ChatModelError, InvalidQuestionError
from assistant.extractive import Candidate, ExtractiveConfig, candidates, score_candidates, select
from assistant.followup import retrieval_query
from assistant.kinds import must_state, question_kind, states
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
from assistant.scope import is_name, unmentioned
from index import CaseIndex, Filters, Hit
from index.rerank import sentences as rerank_sentences
from ingest import sentence_spans

logger = logging.getLogger(__name__)

# (document id, page, quote) -> where the stored original opens at that quote
LocalLink = Callable[[str, "int | None", "str | None"], str]


ASK_SHARE = 0.6  # embed the asking part on its own only when the rest (a case set out first) is long


@dataclass(frozen=True)
class Gathered:
    """Everything an answer is chosen from: the passages found, their scored sentences and the confidence."""

    text: str  # the question as asked
    query: str  # what was searched for (the question read with the one before it, for a follow-up)
    question: QuestionView
    hits: list[Hit]
    candidates: list[Candidate]
    vectors: np.ndarray  # one unit vector per candidate
    rows: np.ndarray  # the answer model's features, one row per candidate
    question_row: np.ndarray
    confidence: float  # the answer model's probability that the documents answer the question
    unmentioned_names: tuple[str, ...] = ()  # names in the question that no indexed passage contains
    unmentioned_words: int = 0  # other uncommon words of the question that no indexed passage contains


@dataclass(frozen=True)
class AssistantConfig:
    k: int = 8
    max_question_chars: int = 2000
    extractive: ExtractiveConfig = field(default_factory=ExtractiveConfig)


def checked_question(question: str, limit: int) -> str:
    """The question without surrounding space, refused whole (never cut) when empty or over ``limit``.

    Raises:
        InvalidQuestionError: empty, or longer than ``limit`` characters.
    """
    text = question.strip()
    if not text:
        raise InvalidQuestionError(messages.EMPTY_QUESTION)
    if len(text) > limit:
        raise InvalidQuestionError(messages.QUESTION_TOO_LONG.format(length=len(text), limit=limit))
    return text


def citation_for(n: int, hit: Hit, start: int, end: int, local_link: LocalLink | None) -> Citation:
    page = hit.page_at(start)
    published = hit.url
    if published and "#page=" in published and page is not None:
        published = published.split("#page=")[0] + f"#page={page}"
    url = local_link(hit.document_id, page, hit.text[start:end]) if local_link is not None else published
    return Citation(
        n=n,
        source=hit.source,
        title=hit.title,
        page=page,
        section=hit.section,
        url=url,
        source_url=published,
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
        self.model: AnswerModel = packaged_model()

    def semantic_reader(self) -> SemanticReader | None:
        """The referral reader's clause classifiers, on this index's embedding model. None when the packaged
        weights were trained on another model than the one configured (the rules then read alone)."""
        if self._semantic is False:
            heads = packaged_heads()
            usable = heads is not None and heads.model == self.index.config.embedding_model
            self._semantic = SemanticReader(self.index.request_embedder.embed_batch, heads) if usable else None  # type: ignore[arg-type]
        return self._semantic  # type: ignore[return-value]

    def validate(self, question: str) -> str:
        return checked_question(question, self.config.max_question_chars)

    def search(self, question: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        return self.index.search(self.validate(question), k=k, filters=filters)

    def gather(self, question: str, history: Sequence[Turn] = (), filters: Filters | None = None) -> Gathered:
        """Retrieve for the question (read with the conversation before it) and score every candidate sentence."""
        text = self.validate(question)
        query = retrieval_query(text, history)
        view = QuestionView.of(query, kind_of=text)
        if len(view.ask) >= ASK_SHARE * len(query):  # the asking part is most of it: one vector serves both
            vector = ask_vector = self.index.query_vector(query)
        else:
            vector, ask_vector = self.index.query_vectors([query, view.ask])
        hits = self.index.search(query, k=self.config.k, filters=filters, vector=vector)
        found = candidates(hits, self.config.extractive)
        vectors = self.index.sentence_vectors.vectors([(c.hit.chunk_id, c.text) for c in found])
        scored, rows = score_candidates(view, found, vectors, vector, ask_vector, self.model)
        cosines = np.asarray([c.cosine for c in scored], dtype=np.float32)
        probabilities = np.asarray([c.score for c in scored], dtype=np.float32)
        missing = unmentioned(text, self.index.unindexed_words) if hits else []
        names = [w for w in missing if is_name(w)]
        question_row = question_features(view, probabilities, cosines, rows, hits, len(missing) - len(names))
        confidence = float(self.model.answerable.probabilities(question_row[None, :])[0]) if scored else 0.0
        others = len(missing) - len(names)
        return Gathered(text, query, view, hits, scored, vectors, rows, question_row, confidence, tuple(names), others)

    def answer(self, question: str, history: Sequence[Turn] = (), filters: Filters | None = None) -> Answer:
        """Answer in one to four quoted sentences, or say plainly that the documents do not answer."""
        started = time.perf_counter()
        found = self.gather(question, history, filters)
        text, query, hits = found.text, found.query, found.hits
        notices = notices_for(text, self.front_door)
        if not hits:
            return Answer(
                messages.NOT_ANSWERED if not self.index.is_empty() else messages.NO_DOCUMENTS_TO_ANSWER,
                False,
                notices=tuple(notices),
                method="none",
                query=query,
            )
        nearest = _nearest(hits)
        if found.unmentioned_names:
            logger.info("abstained: %d names not in any document", len(found.unmentioned_names))
            return Answer(
                messages.not_mentioned(list(found.unmentioned_names)),
                False,
                notices=tuple(notices),
                nearest=nearest,
                method="none",
                query=query,
            )
        confidence = found.confidence
        if confidence < self.model.answer_below:
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
        if confidence < self.model.unsure_below:
            notices.append(Notice("uncertain", messages.UNCERTAIN_ANSWER))
        if self.chat is not None:
            try:
                answer = llm_answer(self.chat, text, hits[: self.config.extractive.passages], history, self._cite)
                if answer is not None:
                    return Answer(answer[0], True, answer[1], tuple(notices), nearest, "llm", confidence, query)
            except ChatModelError:
                logger.warning("language model failed; falling back to the extractive answer")
            notices.append(Notice("llm_fallback", messages.LLM_FALLBACK))
        chosen = select(found.candidates, found.vectors, self.config.extractive, self.model.second_ratio)
        kind = question_kind(text)
        if chosen and must_state(kind, text) and not any(states(kind, c.text) for c in chosen):
            # "What's the out-of-hours number…" answered by quotes that give no number: not an answer.
            logger.info("abstained: no quote states the kind of answer asked for (%s)", kind)
            return Answer(
                messages.not_stated(kind),
                False,
                notices=tuple(n for n in notices if n.kind != "uncertain"),
                nearest=nearest,
                method="none",
                confidence=confidence,
                query=query,
            )
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
                messages.SITUATION_TOO_LONG.format(length=len(text), limit=self.config.max_question_chars * 2)
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
        citation, which quotes (and opens the viewer at) the best of them; quotes that follow one another in
        the passage are quoted as one stretch of it."""
        runs = _runs(chosen)
        best: dict[tuple[str, int | None], tuple[float, Hit, int, int]] = {}
        parts: list[tuple[str, tuple[str, int | None]]] = []
        for hit, start, end, score in runs:
            key = (hit.chunk_id, hit.page_at(start))
            if key not in best or score > best[key][0]:
                best[key] = (score, hit, start, end)
            parts.append((hit.text[start:end], key))
        order = list(dict.fromkeys(key for _, key in parts))
        numbers = {key: n for n, key in enumerate(order, start=1)}
        citations = tuple(self._cite(numbers[key], *best[key][1:]) for key in order)
        return " ".join(f"{text} [{numbers[key]}]" for text, key in parts), citations


def _runs(chosen: list[Candidate]) -> list[tuple[Hit, int, int, float]]:
    """The quotes in answer order, each one joined with the next when that one follows it in the same passage
    with only white space between (two sentences of one paragraph become one quote), with their best score."""
    runs: list[tuple[Hit, int, int, float]] = []
    for cand in chosen:
        if runs:
            hit, start, end, score = runs[-1]
            if hit.chunk_id == cand.hit.chunk_id and cand.start >= end and not hit.text[end : cand.start].strip():
                runs[-1] = (hit, start, cand.end, max(score, cand.score))
                continue
        runs.append((cand.hit, cand.start, cand.end, cand.score))
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
