"""Follow-up queries, the out-of-scope word check and sentence selection, without the model or an index."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.extractive import Candidate, ExtractiveConfig, candidates, select
from assistant.followup import is_follow_up, retrieval_query
from assistant.kinds import must_state, question_kind, states
from assistant.models import Turn
from assistant.scope import is_name, specific_words, unmentioned
from index import Hit
from index.words import content_words

ENGLAND_CHILD = "What should happen when a child is at risk in England?"


def _history(*questions: str) -> list[Turn]:
    turns: list[Turn] = []
    for question in questions:
        turns += [Turn("user", question), Turn("assistant", "An answer.")]
    return turns


# -- followup -----------------------------------------------------------------------------------


def test_content_words_lower_case_and_drop_question_words_and_single_letters() -> None:
    assert content_words("What is the role of a Multi-Agency panel, I wonder?") == [
        "role",
        "multi-agency",
        "panel",
        "wonder",
    ]


def test_short_or_back_referring_questions_are_follow_ups_and_full_questions_are_not() -> None:
    assert is_follow_up("and for adults?")
    assert is_follow_up("who decides that?")
    assert not is_follow_up("How should a multi-agency strategy discussion be recorded when police attend late?")


def test_retrieval_query_without_a_previous_user_question_is_the_question() -> None:
    assert retrieval_query("and for adults?", []) == "and for adults?"
    assert retrieval_query("and for adults?", [Turn("assistant", "Hello."), Turn("user", "   ")]) == "and for adults?"


def test_retrieval_query_leaves_a_standalone_question_alone() -> None:
    question = "How should a multi-agency strategy discussion be recorded when police attend late?"
    assert retrieval_query(question, _history(ENGLAND_CHILD)) == question


def test_retrieval_query_swaps_the_nation_a_follow_up_names() -> None:
    query = retrieval_query("and in Wales?", _history("Are adults in Scotland safe?", ENGLAND_CHILD))
    assert query == "What should happen when a child is at risk in Wales? and in Wales?"
    ni = retrieval_query("what about NI?", _history("Are children in England safe?"))
    assert ni == "Are children in Northern Ireland safe? what about NI?"


def test_retrieval_query_swaps_children_for_adults_in_every_wording() -> None:
    query = retrieval_query("and for adults?", _history("Should children and young people be seen alone?"))
    assert query == "Should adults and adults be seen alone? and for adults?"


def test_retrieval_query_without_a_counterpart_repeats_the_follow_up_before_the_last_question() -> None:
    query = retrieval_query(" who decides that? ", _history("An older question?", ENGLAND_CHILD))
    assert query == f"who decides that? who decides that? {ENGLAND_CHILD}"


def test_retrieval_query_does_not_swap_when_the_follow_up_names_two_nations() -> None:
    query = retrieval_query("what about in Wales and Scotland?", _history(ENGLAND_CHILD))
    assert query.endswith(ENGLAND_CHILD)
    assert "Wales and Scotland?" in query


# -- scope --------------------------------------------------------------------------------------


def test_specific_words_keep_uncommon_words_in_order_without_repeats_or_possessives() -> None:
    question = "Did Hobson's mother tell Hobson about the IRD held in Hackney?"
    assert specific_words(question) == ["Hobson", "IRD", "Hackney"]


def test_specific_words_ignore_everyday_words_and_short_words() -> None:
    assert specific_words("Besides that, what got done about it?") == []
    assert specific_words("Zq and Zzyzx") == ["Zzyzx"]  # two letters are too short to judge


def test_specific_words_threshold_decides_what_counts_as_uncommon() -> None:
    assert specific_words("the mother", threshold=9.0) == ["the", "mother"]
    assert specific_words("Hobson", threshold=0.0) == []


def test_unmentioned_asks_the_index_only_about_the_uncommon_words() -> None:
    asked: list[list[str]] = []

    def unindexed(words: list[str]) -> list[str]:
        asked.append(words)
        return [w for w in words if w != "Hackney"]

    assert unmentioned("Was Hobson seen in Hackney?", unindexed) == ["Hobson"]
    assert asked == [["Hobson", "Hackney"]]


def test_unmentioned_does_not_consult_the_index_when_every_word_is_common() -> None:
    def unindexed(words: list[str]) -> list[str]:
        raise AssertionError("should not be called")

    assert unmentioned("What did the school do?", unindexed) == []


def test_is_name_is_true_for_capitalised_words_and_acronyms_only() -> None:
    assert is_name("Hobson") and is_name("IRD")
    assert not is_name("toddler")
    assert not is_name("")


# -- extractive ---------------------------------------------------------------------------------


def _hit(text: str, chunk_id: str = "c1", char_start: int = 0) -> Hit:
    return Hit(
        chunk_id=chunk_id,
        document_id="d",
        source="d.pdf",
        title="T",
        text=text,
        score=1.0,
        page=1,
        page_start=1,
        page_end=1,
        section=None,
        url=None,
        char_start=char_start,
        char_end=char_start + len(text),
    )


PASSAGE = (
    "Findings\n\n"
    "The social worker did not visit the family for six weeks. What went wrong here in this case? "
    "Status: summary of a review.\n\n"
    "The review recommends the following:\n\n"
    "• Health visitors should share concerns promptly.\n\n"
    "• Schools should record every absence.\n\n"
    "The guidance states that practitioners must:"
)


def test_candidates_skip_headings_questions_labels_and_dangling_introductions() -> None:
    found = candidates([_hit(PASSAGE)], ExtractiveConfig())
    texts = [c.text for c in found]
    assert texts[0] == "The social worker did not visit the family for six weeks."
    assert found[0].first_in_passage and not any(c.first_in_passage for c in found[1:])
    assert not any(t.startswith(("Findings", "What went wrong", "Status:", "The guidance states")) for t in texts)
    assert all(PASSAGE[c.start : c.end] == c.text for c in found)


def test_candidates_keep_a_list_with_the_sentence_that_introduces_it() -> None:
    found = candidates([_hit(PASSAGE)], ExtractiveConfig())
    intro = next(c for c in found if c.text.startswith("The review recommends"))
    assert intro.list_intro
    assert intro.text.endswith("• Schools should record every absence.")
    assert "Health visitors should share concerns promptly." in [c.text for c in found]  # bullet stripped


def test_candidates_cut_a_long_sentence_at_clause_marks_within_the_limit() -> None:
    text = "The agencies met again to review the plan; " * 6 + "then they agreed on the next steps."
    found = candidates([_hit(text)], ExtractiveConfig(max_chars=100))
    assert len(found) > 1
    assert all(len(c.text) <= 100 for c in found)
    assert all(c.text.endswith(";") for c in found[:-1])


def test_candidates_read_only_the_configured_number_of_passages() -> None:
    hits = [_hit(f"Passage number {i} says something long enough to quote.", f"c{i}") for i in range(4)]
    found = candidates(hits, ExtractiveConfig(passages=2))
    assert [c.hit_rank for c in found] == [0, 1]


def _candidate(hit: Hit, sentence: str, score: float) -> Candidate:
    start = hit.text.index(sentence)
    return Candidate(0, hit, start, start + len(sentence), sentence, score=score)


def _unit(*rows: list[float]) -> np.ndarray:
    vectors = np.asarray(rows, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


TWO_FACTS = _hit("The police were told on Monday about the bruises. The school nurse saw the child every week in term.")


def test_select_returns_the_best_and_close_seconds_in_reading_order() -> None:
    first = _candidate(TWO_FACTS, "The police were told on Monday about the bruises.", 0.6)
    second = _candidate(TWO_FACTS, "The school nurse saw the child every week in term.", 0.9)
    picked = select([second, first], _unit([1, 0], [0, 1]), ExtractiveConfig(), second_ratio=0.5)
    assert picked == [first, second]


def test_select_drops_sentences_scoring_well_below_the_best() -> None:
    weak = _candidate(TWO_FACTS, "The police were told on Monday about the bruises.", 0.2)
    best = _candidate(TWO_FACTS, "The school nurse saw the child every week in term.", 0.9)
    assert select([weak, best], _unit([1, 0], [0, 1]), ExtractiveConfig(), second_ratio=0.5) == [best]
    assert select([], np.zeros((0, 2)), ExtractiveConfig(), 0.5) == []


def test_select_quotes_one_fact_once_when_two_passages_share_most_words() -> None:
    other = _hit("The police were told on Monday about the bruises on the arm.", "c2")
    echo = _candidate(other, "The police were told on Monday about the bruises on the arm.", 0.8)
    best = _candidate(TWO_FACTS, "The police were told on Monday about the bruises.", 0.9)
    # orthogonal vectors: only the share of words in common makes them one fact
    assert select([best, echo], _unit([1, 0], [0, 1]), ExtractiveConfig(), 0.5) == [best]
    assert select([best, echo], _unit([1, 0], [0, 1]), ExtractiveConfig(redundancy=0.95), 0.5) == [best, echo]


def test_select_quotes_one_fact_once_when_two_quotes_mean_the_same() -> None:
    other = _hit("Nobody informed the constabulary until the start of the week.", "c2")
    paraphrase = _candidate(other, other.text, 0.8)
    best = _candidate(TWO_FACTS, "The police were told on Monday about the bruises.", 0.9)
    assert select([best, paraphrase], _unit([1, 0], [1, 0.01]), ExtractiveConfig(), 0.5) == [best]
    assert select([best, paraphrase], _unit([1, 0], [0, 1]), ExtractiveConfig(), 0.5) == [best, paraphrase]


def test_select_does_not_quote_overlapping_spans_of_one_passage() -> None:
    whole = _candidate(TWO_FACTS, TWO_FACTS.text, 0.9)
    part = _candidate(TWO_FACTS, "The school nurse saw the child every week in term.", 0.85)
    assert select([whole, part], _unit([1, 0], [0, 1]), ExtractiveConfig(redundancy=1.0), 0.5) == [whole]


def test_select_stops_at_the_maximum_number_of_sentences() -> None:
    hit = _hit("One. Two. Three.")
    found = [Candidate(0, hit, i * 5, i * 5 + 4, f"fact {i} {'x' * i}", score=1.0 - i / 100) for i in range(3)]
    picked = select(found, np.eye(3, dtype=np.float32), ExtractiveConfig(max_sentences=2), 0.5)
    assert [c.score for c in picked] == [1.0, 0.99]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What's the out-of-hours phone number for children's social care?", "contact"),
        ("How soon must the local authority notify the Panel?", "time"),
        ("How often should the risk assessment be reviewed?", "time"),
        ("How many rapid reviews were held last year?", "number"),
    ],
)
def test_a_question_asking_for_a_value_must_be_answered_by_a_quote_that_states_one(question: str, kind: str) -> None:
    assert question_kind(question) == kind
    assert must_state(kind, question)


@pytest.mark.parametrize(
    "question",
    [
        "When should a rapid review be held?",  # in what circumstances, not a time
        "How should a pharmacist address a mark on a baby's arm?",  # address as a verb
        "Should I email or phone children's social care about a bruise on a baby?",  # how, not a number
    ],
)
def test_a_question_that_does_not_ask_for_the_value_itself_is_not_held_to_one(question: str) -> None:
    assert not must_state(question_kind(question), question)


@pytest.mark.parametrize(
    ("kind", "quote", "stated"),
    [
        ("contact", "Call the Emergency Duty Team on 0345 123 4567 out of hours.", True),
        ("contact", "Email the team at safeguarding@example.gov.uk.", True),
        ("contact", "Carers should contact the child's social worker or the out-of-hours team.", False),
        ("contact", "Ring the duty desk on (01244) 977277.", True),
        ("contact", "Report online at gov.uk/report-child-abuse.", True),
        ("contact", "Write to the unit at 4 Castle Street, Chester CH1 2HS.", True),
        ("time", "Core groups meet monthly.", True),
        ("time", "Decisions are made by the next working day.", True),
        ("time", "He was seen on four occasions.", True),
        ("time", "The local authority must notify the Panel within 5 working days.", True),
        ("time", "Ofsted inspects the quality of care in children's homes.", False),
        ("number", "We notified 2 cases to the Panel.", True),
        ("number", "Rapid reviews look at what happened and why.", False),
    ],
)
def test_a_quote_states_a_value_of_the_kind_asked_for_only_when_it_gives_one(
    kind: str, quote: str, stated: bool
) -> None:
    assert states(kind, quote) is stated  # type: ignore[arg-type]
