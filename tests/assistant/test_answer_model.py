"""The answer model's inputs: the kind of answer asked for, the asking part, follow-ups, the fitted weights."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.answer_model import AnswerModel, QuestionView, ask_part, packaged_model
from assistant.followup import retrieval_query
from assistant.kinds import question_kind, sentence_kinds
from assistant.models import Turn
from assistant.service import Assistant
from index import CaseIndex


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What is a safeguarding adult review?", "definition"),
        ("How quickly does the LADO need to be told?", "time"),
        ("How many rapid reviews did the partnership carry out?", "number"),
        ("Who decides whether a DHR happens?", "who"),
        ("What should happen when a bruise is seen on a baby who is not yet mobile?", "steps"),
        ("What's the out of hours phone number for children's social care?", "contact"),
        ("What did the reviews say about fathers?", "learning"),
        ("Tell me about neglect", "other"),
    ],
)
def test_the_kind_of_answer_is_read_from_the_question(question: str, kind: str) -> None:
    assert question_kind(question) == kind


def test_sentence_kinds_name_the_statements_a_sentence_makes() -> None:
    assert "time" in sentence_kinds("Notifications should be sent within five working days.")
    assert "who" in sentence_kinds("The safeguarding partners must decide whether a review is needed.")
    assert "contact" in sentence_kinds("Call the MASH on 0300 126 1000.")
    assert "time" not in sentence_kinds("Fathers were often invisible to services.")


def test_the_asking_part_is_the_last_question_of_a_message_that_sets_out_a_case() -> None:
    message = "I'm a response officer taking a report for a 14-year-old. Am I allowed to grade them as low risk?"
    assert ask_part(message) == "Am I allowed to grade them as low risk?"
    assert ask_part("what is a SAR") == "what is a SAR"
    view = QuestionView.of("What must a rapid review do? who decides that?", kind_of="who decides that?")
    assert view.kind == "who" and view.ask == "who decides that?"
    assert "wales" in QuestionView.of("What about Wales?").places


def test_a_follow_up_naming_a_counterpart_asks_the_previous_question_about_it() -> None:
    history = [Turn("user", "Who decides whether a review of a child death happens in England?")]
    assert retrieval_query("what about in Wales?", history).startswith(
        "Who decides whether a review of a child death happens in Wales?"
    )
    adults = retrieval_query("and for adults?", history)
    assert "child" not in adults.lower() and "adults" in adults
    plain = retrieval_query("who chairs it?", [Turn("user", "What is a rapid review?")])
    assert plain.count("who chairs it?") == 2 and "rapid review" in plain
    assert retrieval_query("What is a rapid review in England?", history) == "What is a rapid review in England?"


def test_the_packaged_weights_round_trip_and_refuse_other_features() -> None:
    model = packaged_model()
    again = AnswerModel.from_json(model.to_json())
    assert again.to_json() == model.to_json()
    assert (again.answer_below, again.unsure_below) == (model.answer_below, model.unsure_below)
    broken = model.to_json().replace('"cosine"', '"something_else"', 1)
    with pytest.raises(ValueError, match="refit"):
        AnswerModel.from_json(broken)


def test_an_answer_below_the_uncertain_threshold_says_so_in_plain_words(sample_index: CaseIndex) -> None:
    assistant = Assistant(sample_index)
    question = "What should happen when a bruise is seen on a baby who is not yet mobile?"
    sure = assistant.answer(question)
    assert sure.answered and all(n.kind != "uncertain" for n in sure.notices)
    assistant.model = dataclasses.replace(assistant.model, unsure_below=1.0)
    unsure = assistant.answer(question)
    assert unsure.answered
    notice = next(n for n in unsure.notices if n.kind == "uncertain")
    assert notice.text.startswith("I am not sure")
    assistant.model = dataclasses.replace(assistant.model, answer_below=1.0)
    assert not assistant.answer(question).answered
