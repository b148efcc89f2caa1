"""Rating answers over HTTP (the web page's buttons use the same endpoint): signed, text-free tokens."""

from __future__ import annotations

import typing

import pytest
from fastapi.testclient import TestClient

from assistant import messages
from assistant.feedback import REASONS, FeedbackStore
from assistant.settings import Settings
from index import CaseIndex
from integrations.api.app import create_app
from integrations.api.schemas import FeedbackIn

pytestmark = pytest.mark.slow

QUESTION = "What should happen when a bruise is seen on a baby?"


@pytest.fixture()
def client(sample_index: CaseIndex, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    # A data directory of its own for the ratings; the index is the shared sample index.
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("feedback")), index=sample_index)
    return TestClient(app)


def _store(client: TestClient) -> FeedbackStore:
    store: FeedbackStore = client.app.state.feedback  # type: ignore[attr-defined]
    return store


def test_an_answer_can_be_rated_with_its_token_and_no_question_text_is_kept(client: TestClient) -> None:
    answer = client.post("/ask", json={"question": QUESTION}).json()
    token = answer["feedback_token"]
    assert token and "bruise" not in token.lower()
    response = client.post("/feedback", json={"token": token, "rating": "not_helpful", "reason": "incomplete"})
    assert response.status_code == 201 and response.json()["message"] == messages.FEEDBACK_THANKS
    [record] = _store(client).records()
    assert (record.channel, record.rating, record.reason, record.question) == ("web", "not_helpful", "incomplete", None)
    assert set(record.sources) == {
        f"{c['source']}#p{c['page']}" if c["page"] else c["source"] for c in answer["citations"]
    }
    assert record.question_hash == _store(client).question_hash(QUESTION)


def test_a_forged_or_damaged_token_is_refused_with_a_plain_message(client: TestClient) -> None:
    token = client.post("/ask", json={"question": QUESTION}).json()["feedback_token"]
    payload, _, signature = token.partition(".")
    # The first character always changes (a fixed "0" was sometimes the one already there).
    forged = payload + "." + ("1" if signature[0] == "0" else "0") + signature[1:]
    assert forged != token
    for bad in (forged, "e30." + signature, "not-a-token", payload):
        response = client.post("/feedback", json={"token": bad, "rating": "helpful"})
        assert response.status_code == 400 and response.json()["error"] == messages.FEEDBACK_INVALID
    assert _store(client).records() == []
    wrong_reason = client.post("/feedback", json={"token": token, "rating": "not_helpful", "reason": "bad"})
    assert wrong_reason.status_code == 422


def test_question_text_is_kept_only_when_the_deployer_allows_it_and_it_is_the_rated_question(
    sample_index: CaseIndex, tmp_path_factory: pytest.TempPathFactory
) -> None:
    settings = Settings(data_dir=tmp_path_factory.mktemp("feedback-text"), feedback_store_text=True)
    client = TestClient(create_app(settings, index=sample_index))
    token = client.post("/ask", json={"question": QUESTION}).json()["feedback_token"]
    client.post("/feedback", json={"token": token, "rating": "helpful", "question": "Some other text"})
    client.post("/feedback", json={"token": token, "rating": "helpful", "question": QUESTION})
    assert [r.question for r in _store(client).records()] == [None, QUESTION]


def test_the_reason_codes_of_the_api_are_the_stores(client: TestClient) -> None:
    field = FeedbackIn.model_fields["reason"].annotation
    literal = next(a for a in typing.get_args(field) if a is not type(None))
    assert typing.get_args(literal) == REASONS
    options = client.get("/feedback/options").json()
    assert list(options["reasons"]) == list(REASONS) and options["question"] == messages.FEEDBACK_QUESTION
