from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from fastapi.testclient import TestClient

from assistant.briefing import digest_docx, digest_markdown, summary_markdown
from assistant.learning import (
    Digest,
    Point,
    ReviewLearning,
    classify,
    classify_key_point,
    document_summary,
    theme_digest,
)
from assistant.settings import Settings
from index import CaseIndex, Filters, IndexConfig, ingest_paths
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


def _hyperlinks(word: docx.document.Document) -> list[str]:
    rels = word.part.rels
    body = word.element.body
    return [rels[h.get(docx.oxml.ns.qn("r:id"))].target_ref for h in body.iter(docx.oxml.ns.qn("w:hyperlink"))]


def test_a_word_briefing_prints_on_a4_with_links_that_open_the_cited_page(sample_index: CaseIndex) -> None:
    settings = Settings(data_dir=sample_index.data_dir, partnership="wiltshire")
    client = TestClient(create_app(settings, index=sample_index))
    response = client.get("/themes/fathers/learning", params={"format": "docx"})
    word = docx.Document(io.BytesIO(response.content))
    section = word.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    links = _hyperlinks(word)
    assert links and all(link.startswith(("http://", "https://")) for link in links)
    assert any("#page=" in link for link in links)  # a PDF's citation opens at its page
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Prepared for Wiltshire Safeguarding Vulnerable People Partnership (SVPP) on" in text
    assert "Theme: Fathers" in text and "not a decision" in text.splitlines()[-1]
    assert "<http" not in text  # links are links, not literal addresses
    assert "[1] " in "".join(t.text or "" for t in word.element.body.iter(docx.oxml.ns.qn("w:t")))


def test_the_deployer_chooses_letter_paper(sample_index: CaseIndex) -> None:
    settings = Settings(data_dir=sample_index.data_dir, page_size="Letter")  # any case
    client = TestClient(create_app(settings, index=sample_index))
    word = docx.Document(io.BytesIO(client.get("/themes/fathers/learning", params={"format": "docx"}).content))
    assert round(word.sections[0].page_width.mm) == 216
    assert not any("Prepared for" in p.text for p in word.paragraphs)  # national default: no partnership
    assert word.core_properties.author == "caselearn"


def test_a_stored_document_without_a_published_address_links_to_this_service(tmp_path: Path, embedder: Any) -> None:
    index = CaseIndex(IndexConfig(data_dir=tmp_path / "data"), embedder=embedder)
    copy = tmp_path / "cspr-child-b-summary.pdf"  # no manifest beside the copy: no published address
    copy.write_bytes((SAMPLES / "cspr-child-b-summary.pdf").read_bytes())
    ingest_paths(index, [copy])
    client = TestClient(create_app(Settings(data_dir=index.data_dir), index=index))
    text = client.get("/themes/fathers/learning", params={"format": "md"}).text
    assert "](<http://testserver/documents/" in text and "#page=" in text


def test_markdown_gives_each_cited_page_one_number_and_a_link(sample_index: CaseIndex) -> None:
    client = TestClient(create_app(Settings(data_dir=sample_index.data_dir), index=sample_index))
    text = client.get("/themes/fathers/learning", params={"format": "md"}).text
    cited = [
        re.search(r"\[\\\[(\d+)\\\] (.+?)\]\(<(.+?)>\)$", line) for line in text.splitlines() if line.startswith("- “")
    ]
    assert cited and all(cited)
    number_of: dict[str, str] = {}
    for match in cited:
        assert match is not None and match.group(3).startswith("http")
        number, place = match.group(1), match.group(2)
        assert number_of.setdefault(place, number) == number  # the same page keeps its number
    assert len(set(number_of.values())) == len(number_of) > 1  # and another page gets another
    assert min(number_of.values(), key=int) == "1"


def test_exports_keep_the_documents_characters_literal_and_safe() -> None:
    point = Point(
        "learning",
        "Staff *must* see the child\x0b alone [see] (a) <b>",
        "x.txt",
        "Report] (v2)",
        3,
        None,
        "https://example.org/Neglect Guidance (v2).pdf",
        "doc-1",
    )
    review = ReviewLearning("doc-1", "x.txt", "Report] (v2)", None, 2024, None, (point,))
    digest = Digest("fathers", "Fathers", "About fathers.", (review,), ())
    word = docx.Document(io.BytesIO(digest_docx(digest)))  # a vertical tab would make invalid XML
    assert _hyperlinks(word) == ["https://example.org/Neglect%20Guidance%20%28v2%29.pdf"]
    text = digest_markdown(digest)
    assert "Staff \\*must\\* see the child alone \\[see\\] \\(a\\) \\<b\\>" in text
    assert "(<https://example.org/Neglect%20Guidance%20%28v2%29.pdf>)" in text


def test_a_protocol_is_summarised_as_key_points_not_as_a_review(sample_index: CaseIndex) -> None:
    summary = document_summary(sample_index, "evsp-case-review-protocol.docx")
    assert summary.shape == "key_points" and summary.document_kind == "local_guidance"
    text = summary_markdown(summary)
    assert text.startswith("# Key points:") and "not a case review" in text
    assert "Why this review was commissioned" not in text and "## Timescales" in text
    assert any("within 5 working days" in p.quote for p in summary.of("timescale"))
    assert any("@" in p.quote for p in summary.of("contact"))
    review = document_summary(sample_index, "cspr-child-b-summary.pdf")
    assert review.shape == "briefing" and summary_markdown(review).startswith("# 7-minute briefing:")


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("I am particularly pleased to see the progress the partners have made this year.", None),
        ("My role is to act as a critical friend to the partnership and its leaders.", None),
        ("The number of case referrals in the last 12 months has risen significantly across the county.", "key"),
        ("88% of initial conferences were held within 15 working days of the strategy discussion.", "key"),
        ("Child B was immediately taken to hospital by ambulance after the fall.", "key"),
        ("The review should be completed within six months of the decision to hold it.", "timescale"),
        ("It should be noted that the figures for the last quarter are provisional.", "key"),
        ("Do not wait until you have all the information before you refer.", "must"),
        ("It gives me great pleasure to introduce this year's report of the partnership.", None),
        ("One young person told us: 'I feel safe at school now because people listen to me.'", "key"),
        ("Call Childline on 0800 1111 at any time of the day or night for support.", "contact"),
        ("Department for Education (2023) Working Together. Available at: https://www.gov.uk/x", None),
        ("The local authority must notify the Panel within 5 working days of becoming aware.", "timescale"),
        ("Professionals should contact the business unit at reviews@partnership.example.org.", "contact"),
        ("There is regular contact between the partners and the schools in the county.", "key"),
        ("Practitioners must record the views of the child at every visit they make.", "must"),
        ("Stage | Timescale | Responsible | Within 5 working days", None),
    ],
)
def test_key_points_sort_a_reports_sentences_by_what_they_tell_a_practitioner(sentence: str, kind: str | None) -> None:
    assert classify_key_point(sentence) == kind


def test_a_topic_briefing_is_summarised_as_key_points_without_its_title_twice(sample_index: CaseIndex) -> None:
    summary = document_summary(sample_index, "7-minute-briefing-safe-sleep.html")
    text = summary_markdown(summary)
    assert summary.shape == "key_points" and "Why this review was commissioned" not in text
    assert text.startswith("# Key points: 7-Minute Briefing:") and "7-minute briefing: 7-Minute" not in text
    assert summary.of("must")  # "Babies should be placed with their feet at the foot of the cot…"
