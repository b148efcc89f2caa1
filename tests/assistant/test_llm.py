from __future__ import annotations

import pytest

from assistant.llm import NO_ANSWER, SYSTEM_PROMPT
from assistant.service import Assistant
from index import CaseIndex
from tests.fakes import FakeChat

pytestmark = pytest.mark.slow
QUESTION = "What did the review find about hoarding and fire risk?"


def test_llm_answer_keeps_valid_citations_renumbered_and_drops_invalid(sample_index: CaseIndex) -> None:
    chat = FakeChat("Mr D's home was a fire risk [2]. Services shared little [9]. Nobody escalated [2][1].")
    answer = Assistant(sample_index, chat=chat).answer(QUESTION)
    assert answer.method == "llm"
    assert answer.text == "Mr D's home was a fire risk. [1] Nobody escalated. [1][2]"
    assert [c.n for c in answer.citations] == [1, 2]
    prompt = chat.prompts[0]
    assert prompt[0] == ("system", SYSTEM_PROMPT)
    for citation in answer.citations:
        assert citation.quote in prompt[-1][1]  # quotes come from the passages the model saw


def test_llm_that_cites_nothing_falls_back_to_the_extractive_answer(sample_index: CaseIndex) -> None:
    answer = Assistant(sample_index, chat=FakeChat("Mr D lived alone.")).answer(QUESTION)
    assert answer.method == "extractive" and answer.citations
    assert "llm_fallback" in [n.kind for n in answer.notices]


def test_llm_failure_or_no_answer_falls_back(sample_index: CaseIndex) -> None:
    for reply in (TimeoutError("slow"), NO_ANSWER):
        answer = Assistant(sample_index, chat=FakeChat(reply)).answer(QUESTION)
        assert answer.method == "extractive" and answer.answered


def test_llm_is_not_called_when_the_documents_do_not_answer(sample_index: CaseIndex) -> None:
    chat = FakeChat()
    answer = Assistant(sample_index, chat=chat).answer("Who won the FA Cup final last season?")
    assert not answer.answered and chat.prompts == []
