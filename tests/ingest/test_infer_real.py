"""Metadata from the document itself: real published PDFs, and rules on made-up text."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml

from eval.metadata import evaluate, is_clean, load_expectations
from ingest import DocumentMeta, load_document
from ingest.infer import KINDS, infer_kind, infer_meta, infer_year, places
from ingest.models import Block, EmbeddedInfo, Line, RawDocument

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real"
DOCS = REAL / "docs"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def real() -> dict[str, DocumentMeta]:
    if not DOCS.is_dir():
        pytest.skip(f"the real PDFs are not at {DOCS} (../shared/real beside the project)")
    return {path.name: load_document(path).meta for path in sorted(DOCS.glob("*.pdf"))}


def raw(lines: Sequence[str | tuple[str, int]], info: EmbeddedInfo | None = None, fmt: str = "pdf") -> RawDocument:
    """A loader's output from made-up lines; a bare string is on page 1."""
    made = [Line(x, 1) if isinstance(x, str) else Line(x[0], x[1]) for x in lines]
    return RawDocument("made-up.pdf", fmt, tuple(made), info=info or EmbeddedInfo())


def meta_of(lines: Sequence[str | tuple[str, int]], info: EmbeddedInfo | None = None, fmt: str = "pdf") -> DocumentMeta:
    return infer_meta([], raw(lines, info, fmt))


# --- the real documents -------------------------------------------------------------------------------


def test_real_pdfs_meet_the_expected_metadata(real: dict[str, DocumentMeta]) -> None:
    expected = [e for e in load_expectations() if "/real/docs/" in e.file]
    report = evaluate(expected, ROOT, load=lambda path: real[path.name])
    assert len(report.outcomes) == 8
    floors = {"title": 8, "publisher": 6, "nation": 8, "year": 8, "kind": 8, "review_type": 8}
    for field, floor in floors.items():
        right, _ = report.accuracy(field)
        assert right >= floor, (field, [(o.file, o.got[field]) for o in report.outcomes if not o.correct[field]])


def test_real_titles_and_publishers_are_clean(real: dict[str, DocumentMeta]) -> None:
    for name, meta in real.items():
        assert meta.title and is_clean(meta.title), (name, meta.title)
        assert is_clean(meta.publisher), (name, meta.publisher)
        assert meta.kind in KINDS, (name, meta.kind)


def test_cover_year_beats_a_later_reissue_and_the_period_in_the_title(real: dict[str, DocumentMeta]) -> None:
    # Working Together: cover December 2023, file created 2025. London report: about 2023-24, published 2025.
    assert real["working-together-to-safeguard-children-2023.pdf"].year == 2023
    london = real["london-rapid-reviews-analysis-2023-24.pdf"]
    assert london.year == 2025
    assert (london.kind, london.review_type) == ("case_review", "rapid_review")


def test_overlapping_cover_boxes_do_not_make_the_title(real: dict[str, DocumentMeta]) -> None:
    pack = real["lambeth-multi-agency-safeguarding-information-pack-2025.pdf"]
    assert pack.title and "Safeguarding Safeguarding" not in pack.title and "\n" not in pack.title
    assert pack.kind == "training"
    assert pack.publisher == "Lambeth Safeguarding Children Partnership"


def test_crown_copyright_guidance_is_the_departments_and_has_no_review_type(real: dict[str, DocumentMeta]) -> None:
    advice = real["information-sharing-advice-2024.pdf"]
    assert advice.publisher == "Department for Education"
    assert (advice.kind, advice.review_type, advice.nation) == ("guidance", None, "England")


# --- rules on made-up text ----------------------------------------------------------------------------


def test_largest_heading_is_the_title_and_a_short_one_takes_its_subtitle() -> None:
    meta = meta_of(
        [
            "# Neglect",
            "## A guide for practitioners in early years settings",
            "### March 2021",
            "Some body text follows here on the cover page of the guide.",
        ],
        EmbeddedInfo(title="Microsoft Word - neglect guide v3 FINAL.docx", created="2024-02-01"),
    )
    assert meta.title == "Neglect: A guide for practitioners in early years settings"
    assert meta.year == 2021  # the cover date, not the file's creation date
    assert meta.kind == "guidance"


def test_capitals_and_wrapped_cover_lines_make_one_sensible_title() -> None:
    meta = meta_of(["HARROWBY MULTI-AGENCY PROTOCOL", "FOR CHILDREN MISSING", "FROM EDUCATION", "June 2019"])
    assert meta.title == "Harrowby Multi-Agency Protocol for Children Missing from Education"
    assert meta.year == 2019


def test_a_garbled_cover_line_gives_way_to_the_embedded_title() -> None:
    meta = meta_of(
        [
            "# Neglect Neglect Toolkit Toolkit Practitioner",
            "Body text that explains the toolkit and its use in detail.",
        ],
        EmbeddedInfo(title="Neglect Toolkit for Practitioners"),
    )
    assert meta.title == "Neglect Toolkit for Practitioners"


def test_partnership_named_in_the_text_and_its_nation_from_the_place_table() -> None:
    meta = meta_of(
        [
            "# Escalation Policy",
            "On behalf of the Executive of the Barnet Safeguarding Children Partnership we set out how to escalate.",
            ("Barnet Safeguarding Children Partnership, 2 Any Street.", 2),
        ]
    )
    assert meta.publisher == "Barnet Safeguarding Children Partnership"
    assert meta.nation == "England"
    assert meta.kind == "local_guidance"


def test_a_place_with_a_partnerships_initials_is_expanded_and_may_be_a_common_word() -> None:
    meta = meta_of(
        ["Learning Hub", "The Newport SCB shares what reviews have found with every agency in the area."], fmt="txt"
    )
    assert meta.publisher == "Newport Safeguarding Children Board"
    assert meta.nation == "Wales"


def test_a_domestic_homicide_review_is_the_community_safety_partnerships() -> None:
    meta = meta_of(
        [
            "# Domestic Homicide Review",
            "## Into the death of Sam",
            "#### Published 3 May 2021",
            ("The Kirklees Community Safety Partnership commissioned this review in 2019.", 2),
        ]
    )
    assert meta.title == "Domestic Homicide Review: Into the death of Sam"
    assert (meta.kind, meta.review_type, meta.year) == ("case_review", "DHR", 2021)
    assert meta.publisher == "Kirklees Community Safety Partnership"
    assert meta.nation == "England"


def test_a_word_file_name_printed_on_the_page_is_not_a_title() -> None:
    meta = meta_of(["Microsoft Word - scr_final_v2.docx"], EmbeddedInfo(title="Microsoft Word - scr_final_v2.docx"))
    assert meta.title and "Microsoft" not in meta.title and ".docx" not in meta.title


def test_crown_copyright_names_the_department_of_its_imprint() -> None:
    meta = meta_of(
        [
            "# Keeping Learners Safe",
            "### October 2022",
            ("Body text.", 2),
            ("© Crown copyright 2022", 3),
            ("Visit gov.wales for more.", 3),
        ]
    )
    assert meta.publisher == "Welsh Government"
    assert meta.nation == "Wales"


def test_a_document_about_all_four_nations_is_uk() -> None:
    text = "In England reviews differ. Wales and Scotland have their own; Northern Ireland too."
    meta = meta_of(["Review systems compared", text, text], fmt="txt")
    assert meta.nation == "UK"


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Safeguarding Adults Review: Ms E", "case_review"),
        ("Rapid Reviews: a thematic analysis", "case_review"),
        ("Case Reviews in Anytown", "guidance"),
        ("Annual Report 2022-23", "annual_report"),
        ("Seven Minute Briefing: Fabricated Illness", "briefing"),
        ("Level 3 Safeguarding Training Pack", "training"),
        ("Pre-birth Protocol", "guidance"),
    ],
)
def test_kind_from_the_title(title: str, kind: str) -> None:
    assert infer_kind(title) == kind


def test_review_type_only_for_a_case_review() -> None:
    protocol = meta_of(["# Referral Protocol", "How to refer a case for a serious case review (SCR) or a SAR."])
    assert (protocol.kind, protocol.review_type) == ("guidance", None)
    review = meta_of(["# Child Safeguarding Practice Review: Baby Q", "The review looked at the care of Baby Q."])
    assert (review.kind, review.review_type) == ("case_review", "CSPR")


def test_publication_year_not_cited_acts_or_review_dates() -> None:
    assert infer_year("Thresholds", "", cover=["Final version 11 April 2022", "Review date: March 2027"]) == 2022
    assert infer_year("Annual Report 2023/24", "", cover=["Under the Children Act 1989"]) == 2024
    assert infer_year("Guidance", "Under the Children Act 1989 and the Care Act 2014, in 2019", cover=[]) == 2019
    assert infer_year("Guidance", "", tail=["Published: February 2025"], created="2024-12-01") == 2025


def test_the_older_call_with_blocks_an_embedded_title_and_a_file_name_still_works() -> None:
    blocks = [Block("heading", "Seven minute briefing: working with fathers", 1, 1, 1)]
    meta = infer_meta(blocks, "Briefing: Fathers", "fathers.html")
    assert meta.title and "fathers" in meta.title.lower()
    assert meta.kind == "briefing"


def test_the_place_table_lists_each_name_under_one_nation() -> None:
    data = yaml.safe_load((ROOT / "ingest" / "local_authorities.yaml").read_text("utf-8"))
    nations = ("England", "Wales", "Scotland", "Northern Ireland")
    seen: dict[str, str] = {}
    for nation in nations:
        for name in data[nation]:
            assert seen.setdefault(name, nation) == nation, name
    assert set(data["ambiguous"]) <= set(seen)
    assert places().nation_of["Lambeth"] == "England" and places().nation_of["Fife"] == "Scotland"
