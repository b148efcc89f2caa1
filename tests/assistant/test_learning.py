from __future__ import annotations

import io

import docx
import pytest
from fastapi.testclient import TestClient

from assistant.briefing import digest_docx, digest_markdown, summary_markdown
from assistant.learning import classify, document_summary, theme_digest
from assistant.settings import Settings
from index import CaseIndex, Filters
from ingest import load_document
from integrations.api.app import create_app
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow


def test_sentences_are_classified_by_section_then_cue() -> None:
    assert classify("Health visitors should ask who lives in the home.", "Recommendations") == "recommendation"
    assert classify("The review was commissioned after the baby died.", "Background") == "why"
    assert classify("How do you keep the father in view?", "Reflective questions for supervision") == "question"
    assert classify("Practitioners did not consider his executive functioning.", "Key findings") == "learning"


def test_fathers_digest_cites_the_reviews_that_carry_the_learning(sample_index: CaseIndex) -> None:
    digest = theme_digest(sample_index, "fathers")
    assert digest is not None
    assert "cspr-child-b-summary.pdf" in digest.sources()
    assert "sar-mr-d-summary.pdf" not in digest.sources()
    for review in digest.reviews:
        document = load_document(SAMPLES / review.source)
        for point in review.points:
            assert point.quote in document.text  # every point is a verbatim, cited quote
    child_b = next(r for r in digest.reviews if r.source == "cspr-child-b-summary.pdf")
    assert child_b.of("recommendation") and all(p.page for p in child_b.points)


def test_digest_filters_and_unknown_theme(sample_index: CaseIndex) -> None:
    digest = theme_digest(sample_index, "self_neglect", Filters(review_types=("LCSPR",)))
    assert digest is not None and "sar-mr-d-summary.pdf" not in digest.sources()
    assert theme_digest(sample_index, "astrology") is None


def test_exports_markdown_and_word(sample_index: CaseIndex) -> None:
    digest = theme_digest(sample_index, "self_neglect")
    assert digest is not None
    text = digest_markdown(digest)
    assert text.startswith("# Learning from case reviews: Self-neglect") and "p. " in text
    word = docx.Document(io.BytesIO(digest_docx(digest)))
    assert any(p.style.name.startswith("Heading") for p in word.paragraphs)


def test_document_summary_has_findings_and_recommendations(sample_index: CaseIndex) -> None:
    summary = document_summary(sample_index, "sar-mr-d-summary.pdf")
    assert summary.review_type == "SAR" and summary.year == 2024
    assert "self_neglect" in summary.themes
    assert summary.of("recommendation") and summary.of("learning")
    assert "7-minute briefing" in summary_markdown(summary)


def test_theme_endpoints(sample_index: CaseIndex) -> None:
    client = TestClient(create_app(Settings(data_dir=sample_index.data_dir), index=sample_index))
    themes = client.get("/themes").json()
    assert {t["id"] for t in themes} >= {"fathers", "self_neglect"}
    body = client.get("/themes/fathers/learning").json()
    assert body["reviews"] and body["reviews"][0]["points"]
    word = client.get("/themes/fathers/learning", params={"format": "docx"})
    assert word.status_code == 200 and word.content.startswith(b"PK")
    assert client.get("/themes/fathers/learning", params={"format": "md"}).text.startswith("# Learning")
    assert client.get("/themes/astrology/learning").status_code == 404
    docs = client.get("/documents").json()
    sar = next(d for d in docs if d["source"] == "sar-mr-d-summary.pdf")
    assert client.get(f"/documents/{sar['id']}/summary").json()["review_type"] == "SAR"
    assert client.get("/documents/nope/summary").status_code == 404
