from __future__ import annotations

import pytest

from assistant.errors import InvalidQuestionError
from assistant.models import Turn
from assistant.service import Assistant
from index import CaseIndex, Filters
from ingest import load_document
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def assistant(sample_index: CaseIndex) -> Assistant:
    return Assistant(sample_index)


def test_answer_quotes_sentences_verbatim_with_numbered_citations(assistant: Assistant) -> None:
    answer = assistant.answer("What should happen when a bruise is seen on a baby who is not yet mobile?")
    assert answer.answered
    assert 1 <= len(answer.citations) <= 4
    for citation in answer.citations:
        assert f"[{citation.n}]" in answer.text
        assert citation.quote in answer.text
        document = load_document(SAMPLES / citation.source)
        assert citation.quote in document.text
    assert any("same day" in c.quote or "same-day" in c.quote for c in answer.citations)


def test_cited_pages_are_the_pages_the_quotes_are_on(assistant: Assistant) -> None:
    answer = assistant.answer("What did the review recommend about fathers and male carers?")
    assert answer.answered
    pdf_citations = [c for c in answer.citations if c.source.endswith(".pdf")]
    assert pdf_citations
    for citation in pdf_citations:
        document = load_document(SAMPLES / citation.source)
        assert document.page_at(document.text.index(citation.quote)) == citation.page
        assert citation.url is not None and citation.url.endswith(f"#page={citation.page}")


def test_out_of_scope_question_abstains_and_shows_nearest_documents(assistant: Assistant) -> None:
    answer = assistant.answer("How long should I roast a two kilogram chicken?")
    assert not answer.answered
    assert answer.citations == ()
    assert answer.nearest
    assert "do not answer" in answer.text


def test_immediate_danger_puts_the_emergency_route_first(assistant: Assistant) -> None:
    answer = assistant.answer("She says he will hurt her tonight if she tells anyone, what is a SAR?")
    assert answer.notices[0].kind == "emergency"
    assert "999" in answer.notices[0].text


def test_every_answer_says_it_is_guidance_not_a_decision(assistant: Assistant) -> None:
    for question in ("What is hoarding?", "What is the offside rule?"):
        kinds = [n.kind for n in assistant.answer(question).notices]
        assert "guidance" in kinds and "emergency" not in kinds


def test_follow_up_is_answered_in_the_light_of_the_previous_turn(assistant: Assistant) -> None:
    history = [
        Turn("user", "What did the safeguarding adult review about Mr D find about hoarding?"),
        Turn("assistant", "..."),
    ]
    answer = assistant.answer("and what were its recommendations?", history=history)
    assert answer.answered
    assert "sar-mr-d-summary.pdf" in {c.source for c in answer.citations}


def test_filters_limit_the_evidence(assistant: Assistant) -> None:
    answer = assistant.answer(
        "What did the review recommend about sharing information?", filters=Filters(review_types=("SAR",))
    )
    assert {c.source for c in answer.citations} == {"sar-mr-d-summary.pdf"}


@pytest.mark.parametrize("question", ["", "   ", "x" * 2001])
def test_empty_or_oversized_questions_are_refused(assistant: Assistant, question: str) -> None:
    with pytest.raises(InvalidQuestionError):
        assistant.answer(question)


@pytest.mark.parametrize(
    "question",
    [
        "What should happen when a bruise is seen on a baby who is not yet mobile?",
        "What did the review recommend about fathers and male carers?",
        "What is a safeguarding adults review?",
    ],
)
def test_one_page_of_one_passage_is_cited_once(assistant: Assistant, question: str) -> None:
    import re

    answer = assistant.answer(question)
    assert answer.answered
    places = [(c.chunk_id, c.page) for c in answer.citations]
    assert len(places) == len(set(places))
    assert {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)} == {c.n for c in answer.citations}
    for citation in answer.citations:
        assert citation.quote in answer.text
        assert citation.quote in load_document(SAMPLES / citation.source).text


def test_a_question_for_a_phone_number_the_documents_do_not_give_says_so(assistant: Assistant) -> None:
    # The safe-sleep briefing is found, but it gives no number to ring: quoting it would not answer.
    answer = assistant.answer("What is the phone number to call about safe sleep advice for a new baby?")
    assert not answer.answered
    assert answer.citations == ()
    assert answer.nearest
    assert "do not give the phone number" in answer.text


def test_a_question_for_a_contact_the_documents_give_is_answered_with_it(assistant: Assistant) -> None:
    answer = assistant.answer("What is the email address of the safeguarding partnership for case review referrals?")
    assert answer.answered
    assert any("@" in c.quote for c in answer.citations)
