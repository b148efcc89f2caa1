"""POST /referral-check and ``caselearn referral-check``, with passages linked from the index."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from assistant.settings import Settings
from index import CaseIndex
from integrations.api.app import create_app
from integrations.cli import cli

pytestmark = pytest.mark.slow
BABY = "A 9-week-old baby has a skull fracture that doctors think was inflicted. The family live in Trowbridge."


@pytest.fixture(scope="module")
def client(sample_index: CaseIndex) -> TestClient:
    return TestClient(create_app(Settings(data_dir=sample_index.data_dir, partnership="wiltshire"), index=sample_index))


def test_referral_check_returns_routes_questions_facts_and_notices(client: TestClient) -> None:
    body = client.post("/referral-check", json={"situation": BABY}).json()
    routes = {r["route"]: r for r in body["routes"]}
    assert routes["SIN"]["verdict"] == "likely_meets"
    assert routes["SIN"]["form"]["id"] == "wiltshire_sin_form"  # CASELEARN_PARTNERSHIP profile
    assert {c["status"] for c in routes["SIN"]["criteria"]} == {"met"}
    assert body["extracted_facts"]["subject_age"] == {"value": 0, "origin": "text", "evidence": "9-week-old"}
    assert body["notices"][-1]["text"].startswith("This is a suggestion")


def test_criteria_link_to_the_indexed_passage_that_states_them(client: TestClient) -> None:
    body = client.post("/referral-check", json={"situation": BABY}).json()
    sin = next(r for r in body["routes"] if r["route"] == "SIN")
    passage = sin["criteria"][0]["passage"]
    assert passage is not None and passage["source"].endswith((".docx", ".pdf", ".html"))
    assert "notify" in passage["quote"].lower() or "panel" in passage["quote"].lower()


def test_request_may_name_another_profile_and_give_facts(client: TestClient) -> None:
    body = client.post(
        "/referral-check", json={"situation": BABY, "partnership": "national", "facts": {"abuse_or_neglect": False}}
    ).json()
    routes = {r["route"]: r for r in body["routes"]}
    assert routes["SIN"]["verdict"] == "unlikely"
    assert body["extracted_facts"]["abuse_or_neglect"]["origin"] == "given"
    assert body["partnership"] == "national"


@pytest.mark.parametrize(
    "payload",
    [
        {"situation": ""},
        {"situation": "x", "partnership": "atlantis"},
        {"situation": "x", "facts": {"age": [1, 2]}},
        {"nope": 1},
    ],
)
def test_bad_referral_requests_get_a_clear_4xx(client: TestClient, payload: dict) -> None:
    response = client.post("/referral-check", json=payload)
    assert 400 <= response.status_code < 500 and response.json()["error"]


def test_cli_json_output(sample_index: CaseIndex) -> None:
    result = CliRunner().invoke(
        cli,
        ["--data-dir", str(sample_index.data_dir), "referral-check", BABY, "--partnership", "wiltshire", "--json"],
        obj={},
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["routes"][0]["route"] == "SIN"


def test_cli_asks_follow_up_questions_and_checks_again(sample_index: CaseIndex) -> None:
    situation = "An 80-year-old woman died at home. The district nurses and the GP had concerns."
    result = CliRunner().invoke(
        cli,
        ["--data-dir", str(sample_index.data_dir), "referral-check", situation, "--ask"],
        input="y\n" * 10,
        obj={},
    )
    assert result.exit_code == 0, result.output
    assert "A few questions" in result.stdout
    assert "Safeguarding adults review (mandatory, Care Act s44(1)): likely meets" in result.stdout
