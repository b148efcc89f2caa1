"""POST /referral-check and ``caselearn referral-check``, with passages linked from the index."""

from __future__ import annotations

import json
import re

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


INTERNAL = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|\bp\d+\.[a-z]|\b(?:True|False|None)\b|specification")


def _cli(sample_index: CaseIndex, situation: str, *args: str, answers: str | None = None) -> str:
    result = CliRunner().invoke(
        cli, ["--data-dir", str(sample_index.data_dir), "referral-check", situation, *args], input=answers, obj={}
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_cli_prints_the_headline_people_and_facts_read_first_in_plain_words(sample_index: CaseIndex) -> None:
    text = _cli(sample_index, "A father killed his partner and their 12-year-old, then himself.", "--no-input")
    lines = text.splitlines()
    assert lines[0].startswith("Likely: Domestic homicide review")
    assert lines[1].startswith("  • Father: thought to be responsible")
    assert "What was read, person by person" in text and "  12-year-old" in text
    assert "    Age: 12  (read from: “12-year-old”)" in text
    assert "    Has died: yes  (read from: “killed his”)" in text
    assert "For the 12-year-old: every criterion appears to be met" in text
    assert "A few answers would make this clearer:" in text  # listed, not asked, without a terminal
    assert text.rstrip().endswith("under the local safeguarding process.")
    assert not INTERNAL.search(text), INTERNAL.search(text)


def test_cli_asks_every_follow_up_question_and_shows_what_changed(sample_index: CaseIndex) -> None:
    situation = "An 80-year-old woman died at home. The district nurses and the GP visited."
    # Harm: yes; abuse or neglect: yes; care and support needs: "not sure"; agencies: "?"; the rest: Enter.
    text = _cli(sample_index, situation, "--ask", answers="y\nyes\nnot sure\n?\n\n\n")
    assert "A few questions to sharpen this" in text
    asked = text[text.index("A few questions") : text.index("After your answers")]
    assert asked.count("(yes or no; Enter if not known)") == 6  # every question still open, in turn
    changes = text[text.index("After your answers") :]
    assert changes.startswith("After your answers: Needs more information: Safeguarding adults review")
    assert "Is abuse or neglect" not in changes and "Who decides" not in changes  # only what changed
    assert changes.rstrip().endswith("under the local safeguarding process.")
    assert not INTERNAL.search(text), INTERNAL.search(text)


def test_cli_offers_the_listed_choices_and_asks_again_after_an_unclear_answer(sample_index: CaseIndex) -> None:
    # Care and support needs: Enter; agencies: "maybe"; who is responsible: "perhaps" (asked again), then 1.
    text = _cli(sample_index, "A woman, 52, was killed.", "--ask", answers="\nmaybe\nperhaps\n1\nno\nn\n")
    assert "  1. a partner\n  2. a former partner" in text
    assert "Please type one of the numbers listed" in text
    changes = text[text.index("After your answers") :].splitlines()
    dhr = "Domestic homicide review / domestic abuse related death review (DHR/DARDR)"
    leder = "LeDeR notification (people with a learning disability and autistic people)"
    assert f"  • {dhr}: needs more information → likely" in changes
    assert f"  • {leder}: needs more information → not suggested" in changes
    assert not INTERNAL.search(text), INTERNAL.search(text)


def test_cli_answers_about_another_person_go_back_under_their_key(sample_index: CaseIndex) -> None:
    situation = "A father killed his partner and their 12-year-old, then himself."
    # The partner's age first, then Enter to each question, except "yes" when asked if the child was in care.
    text = _cli(sample_index, situation, "--ask", answers="34\n\n\n\n\nyes\n\n\n")
    assert "About the 12-year-old: Was the child in care (looked after)" in text
    changes = text[text.index("After your answers") :]
    assert (
        "Death of a looked-after child notified to the Secretary of State and Ofsted: needs more information → likely"
        in changes
    )
