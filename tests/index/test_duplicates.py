"""Duplicates and versions of documents, with the real embedding model and real Chroma."""

from __future__ import annotations

import shutil
import sqlite3
import textwrap
from pathlib import Path

import pytest
import yaml

from assistant.service import Assistant
from index import CaseIndex, IndexConfig, IngestReport, export_data, import_data, ingest_paths
from index.dedupe import NEAR_DUPLICATE, VERSION_OVERLAP, signature, similarity
from tests.pdfs import make_pdf

pytestmark = pytest.mark.slow

TITLE = "Local Child Safeguarding Practice Review: Child K"
REVIEW = [
    "Background",
    "Child K was fourteen months old when she was admitted to hospital with a fractured femur. Her mother "
    "had moved to the Harrowfield estate six weeks earlier, after leaving a refuge in another county, and "
    "the family was not yet registered with a general practice.",
    "The health visiting service received the transfer notification late, and the new birth records did not "
    "follow the family. No agency held the whole history, and each saw only a short part of it.",
    "Findings",
    "Practitioners accepted the explanation that Child K had fallen from a sofa without checking whether it "
    "was plausible for a child who was not yet walking. The emergency department did not ask about other "
    "adults in the household, and the mother's new partner was never seen by any professional.",
    "Information held by the refuge about previous domestic abuse was not shared with the receiving area, "
    "because staff believed consent was needed. The review found that a referral should have been made to "
    "children's social care on the day of the first attendance.",
    "Recommendations",
    "The partnership should make sure that transfer-in records for children under two are chased within five "
    "working days, and that the emergency department asks who else lives in the home whenever a non-mobile "
    "child presents with an injury.",
    "Refuges should be reminded that the safety of a child overrides the wish for consent when information "
    "is shared with the local authority where the family has moved.",
]
BOILERPLATE = (
    "This review was commissioned by the Harrowfield Safeguarding Children Partnership under Working Together "
    "to Safeguard Children. Its purpose is learning, not blame. Names have been changed, and the family were "
    "invited to contribute their views to the review. The partnership thanks every practitioner who took part."
)
OTHER_REVIEW = [
    "Background",
    "Jayden was sixteen when he was stabbed near a retail park after several months of going missing from "
    "home. He had been excluded from school in Year 10 and was spending his evenings with older young people "
    "who were known to the police for supplying drugs.",
    "Findings",
    "The youth offending service and the school each recorded signs of criminal exploitation, but no "
    "strategy meeting was held and the National Referral Mechanism was not considered. Return home "
    "interviews were offered by telephone and were never completed.",
    "Recommendations",
    "The partnership should review the contextual safeguarding pathway so that a missing episode, an "
    "exclusion and police intelligence together trigger a multi-agency exploitation meeting within a week.",
]
PROTOCOL_TITLE = "Harrowfield Protocol: Escalating Concerns Between Agencies"
PROTOCOL_2022 = [
    "Purpose",
    "This protocol tells practitioners what to do when they disagree with another agency's decision about a "
    "child's safety. Professional challenge is expected and welcomed, and it must never delay a referral.",
    "Stage one",
    "Speak to the practitioner in the other agency within two working days and record the conversation, the "
    "concern and what was agreed.",
    "Stage two",
    "If the concern is not resolved, your manager contacts the other agency's manager within five working "
    "days. The managers agree a plan and write it down.",
    "Stage three",
    "If managers cannot agree, the designated safeguarding leads meet within ten working days and the "
    "partnership business unit is told.",
]
PROTOCOL_2024 = [
    *PROTOCOL_2022[:5],
    "If the concern is not resolved, your manager contacts the other agency's manager within three working "
    "days. The managers agree a plan, write it down and share it with both practitioners.",
    "Stage three",
    "If managers cannot agree, the heads of service meet within five working days, the partnership "
    "business unit is told, and the case is added to the quarterly escalation audit.",
    "Stage four",
    "Unresolved disagreements are taken to the independent scrutineer, whose decision is final.",
]


def _pdf_lines(blocks: list[str]) -> list[list[str]]:
    """Wrapped lines, a blank line between paragraphs, split over two pages."""
    lines: list[str] = []
    for block in blocks:
        lines.extend(textwrap.wrap(block, 88) or [""])
        lines.append("")
    half = len(lines) // 2
    return [lines[:half], lines[half:]]


def _text(blocks: list[str], width: int = 70) -> str:
    return "\n\n".join(textwrap.fill(b, width) for b in blocks) + "\n"


def _html(title: str, blocks: list[str], headings: set[str]) -> str:
    body = "".join(f"<h2>{b}</h2>" if b in headings else f"<p>{b}</p>" for b in blocks)
    return (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<main><h1>{title}</h1>{body}</main><footer>Harrowfield SCP</footer></body></html>"
    )


def _manifest(folder: Path, entries: dict[str, tuple[str, int]]) -> None:
    docs = [
        {"file": name, "title": title, "publisher": "Harrowfield Safeguarding Children Partnership", "year": year}
        for name, (title, year) in entries.items()
    ]
    (folder / "manifest.yaml").write_text(yaml.safe_dump({"documents": docs}))


def _statuses(report: IngestReport) -> dict[str, str]:
    return {Path(o.path).name: o.status for o in report.outcomes}


def _consistent(index: CaseIndex) -> None:
    chunks = index.passage_ids_of([d.id for d in index.documents()])
    assert index.vectors.count() == len(chunks) and index._catalog.pending_vectors() == []


def test_same_pdf_under_two_names_is_kept_once_across_runs(fresh_index: CaseIndex, tmp_path: Path) -> None:
    first = make_pdf(tmp_path / "child-k-review.pdf", _pdf_lines([TITLE, *REVIEW]), title=TITLE)
    copy = tmp_path / "incoming" / "CSPR final (1).pdf"
    copy.parent.mkdir()
    shutil.copy(first, copy)
    assert _statuses(ingest_paths(fresh_index, [first])) == {"child-k-review.pdf": "added"}
    report = ingest_paths(fresh_index, [copy])
    (outcome,) = report.outcomes
    assert outcome.status == "duplicate" and outcome.result is not None
    assert outcome.result.same_file and outcome.result.same_as is not None
    assert outcome.result.same_as.source == "child-k-review.pdf"
    assert [d.source for d in fresh_index.documents()] == ["child-k-review.pdf"]
    # A re-run of both: the original is still unchanged, the copy is answered from the catalog.
    again = ingest_paths(fresh_index, [first, copy])
    assert _statuses(again) == {"child-k-review.pdf": "unchanged", "CSPR final (1).pdf": "duplicate"}
    _consistent(fresh_index)


def test_a_pdf_and_its_text_and_web_copies_are_kept_once(fresh_index: CaseIndex, tmp_path: Path) -> None:
    folder = tmp_path / "reviews"
    folder.mkdir()
    # Alphabetically the copies come first; the PDF is still the one kept, as it has pages.
    make_pdf(folder / "practice-review.pdf", _pdf_lines([TITLE, *REVIEW]), header="Harrowfield SCP", title=TITLE)
    (folder / "a-practice-review.txt").write_text(_text([TITLE, *REVIEW]))
    # The web page differs in a few words as well as in layout, navigation and footer.
    web = [b.replace("fourteen months old", "14 months old").replace("sofa", "settee") for b in REVIEW]
    (folder / "b-practice-review.html").write_text(_html(TITLE, web, {"Background", "Findings", "Recommendations"}))
    report = ingest_paths(fresh_index, [folder])
    assert _statuses(report) == {
        "a-practice-review.txt": "duplicate",
        "b-practice-review.html": "duplicate",
        "practice-review.pdf": "added",
    }
    for outcome in report.outcomes:
        if outcome.status == "duplicate":
            assert outcome.result is not None and outcome.result.same_as is not None
            assert outcome.result.same_as.source == "practice-review.pdf" and not outcome.result.same_file
    assert [d.source for d in fresh_index.documents()] == ["practice-review.pdf"]
    hits = fresh_index.search("refuge information sharing without consent", k=10)
    assert hits and {h.source for h in hits} == {"practice-review.pdf"}
    answer = Assistant(fresh_index).answer(
        "What should the emergency department ask when a non-mobile child presents with an injury?"
    )
    assert answer.citations and {c.source for c in answer.citations} == {"practice-review.pdf"}
    assert _statuses(ingest_paths(fresh_index, [folder])) == {
        "a-practice-review.txt": "duplicate",
        "b-practice-review.html": "duplicate",
        "practice-review.pdf": "unchanged",
    }
    _consistent(fresh_index)


def test_different_reviews_sharing_a_boilerplate_paragraph_are_both_kept(
    fresh_index: CaseIndex, tmp_path: Path
) -> None:
    (tmp_path / "child-k.txt").write_text(_text([TITLE, BOILERPLATE, *REVIEW]))
    other_title = "Local Child Safeguarding Practice Review: Jayden"
    (tmp_path / "jayden.txt").write_text(_text([other_title, BOILERPLATE, *OTHER_REVIEW]))
    report = ingest_paths(fresh_index, [tmp_path / "child-k.txt", tmp_path / "jayden.txt"])
    assert _statuses(report) == {"child-k.txt": "added", "jayden.txt": "added"}
    assert len(fresh_index.documents()) == 2


def test_near_duplicate_threshold_both_sides(fresh_index: CaseIndex, tmp_path: Path) -> None:
    (tmp_path / "review.txt").write_text(_text([TITLE, *REVIEW]))
    ingest_paths(fresh_index, [tmp_path / "review.txt"])
    # A few words changed: the same document.
    few = [b.replace("six weeks", "seven weeks").replace("five working days", "ten working days") for b in REVIEW]
    (tmp_path / "review-copy.md").write_text(_text([TITLE, *few], width=100))
    # Two of the six paragraphs rewritten: a different document (no year, so not a version either).
    rewritten = [*REVIEW]
    rewritten[2], rewritten[5] = OTHER_REVIEW[1], OTHER_REVIEW[3]
    (tmp_path / "review-reworked.md").write_text(_text([TITLE, *rewritten]))
    report = ingest_paths(fresh_index, [tmp_path / "review-copy.md", tmp_path / "review-reworked.md"])
    assert _statuses(report) == {"review-copy.md": "duplicate", "review-reworked.md": "added"}
    signatures = dict(fresh_index._catalog.signatures())
    ids = {d.source: d.id for d in fresh_index.documents()}
    assert similarity(signatures[ids["review.txt"]], signatures[ids["review-reworked.md"]]) < NEAR_DUPLICATE


def _protocols(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(exist_ok=True)
    old = folder / "escalation-protocol-2022.txt"
    new = folder / "escalation-protocol.txt"
    old.write_text(_text([PROTOCOL_TITLE, *PROTOCOL_2022]))
    new.write_text(_text([PROTOCOL_TITLE, *PROTOCOL_2024]))
    _manifest(folder, {old.name: (PROTOCOL_TITLE, 2022), new.name: (PROTOCOL_TITLE, 2024)})
    return old, new


def test_the_two_protocol_versions_overlap_but_are_not_duplicates() -> None:
    old, new = _text([PROTOCOL_TITLE, *PROTOCOL_2022]), _text([PROTOCOL_TITLE, *PROTOCOL_2024])
    score = similarity(signature(old), signature(new))
    assert VERSION_OVERLAP <= score < NEAR_DUPLICATE


def test_a_newer_version_replaces_the_older_one(fresh_index: CaseIndex, tmp_path: Path) -> None:
    old, new = _protocols(tmp_path / "protocols")
    assert _statuses(ingest_paths(fresh_index, [old])) == {old.name: "added"}
    stored_old = fresh_index.data_dir / "files" / fresh_index.documents()[0].file_name  # type: ignore[operator]
    assert fresh_index.search("designated safeguarding leads meet", k=3, mode="bm25")[0].source == old.name
    report = ingest_paths(fresh_index, [new], versions="replace")
    (outcome,) = report.outcomes
    assert outcome.status == "added" and outcome.result is not None
    assert [d.source for d in outcome.result.replaced] == [old.name]
    assert [d.source for d in fresh_index.documents()] == [new.name]
    assert not stored_old.exists()
    # The old version's passages are gone from search and answers.
    assert fresh_index.passage_ids_of([fresh_index.find_document(new.name).id])  # type: ignore[union-attr]
    hits = fresh_index.search("designated safeguarding leads meet within ten working days", k=10)
    assert hits and {h.source for h in hits} == {new.name}
    assert "ten working days" not in " ".join(h.text for h in hits)
    _consistent(fresh_index)
    # The older file offered again is not added back, and a re-run says the same.
    for _ in range(2):
        again = ingest_paths(fresh_index, [old, new], versions="replace")
        assert _statuses(again) == {old.name: "older_version", new.name: "unchanged"}
    assert [d.source for d in fresh_index.documents()] == [new.name]


def test_both_versions_in_one_folder_keep_only_the_newest(fresh_index: CaseIndex, tmp_path: Path) -> None:
    old, new = _protocols(tmp_path / "protocols")
    report = ingest_paths(fresh_index, [old.parent], versions="replace")
    # escalation-protocol-2022.txt comes first, is added, then replaced within the same run.
    result = next(o.result for o in report.outcomes if Path(o.path).name == new.name)
    assert result is not None and [d.source for d in result.replaced] == [old.name]
    assert [d.source for d in fresh_index.documents()] == [new.name]
    _consistent(fresh_index)


def test_keep_leaves_both_versions_searchable_and_marks_the_newer(fresh_index: CaseIndex, tmp_path: Path) -> None:
    old, new = _protocols(tmp_path / "protocols")
    ingest_paths(fresh_index, [new], versions="keep")
    report = ingest_paths(fresh_index, [old], versions="keep")
    (outcome,) = report.outcomes
    assert outcome.status == "added" and outcome.result is not None and outcome.result.newer is not None
    assert outcome.result.newer.source == new.name
    listing = {d.source: d for d in fresh_index.documents()}
    assert listing[old.name].newer_version == new.name and listing[old.name].older_versions == ()
    assert listing[new.name].newer_version is None and listing[new.name].older_versions == (old.name,)
    sources = {h.source for h in fresh_index.search("escalating concerns between agencies stage three", k=10)}
    assert sources == {old.name, new.name}
    assert _statuses(ingest_paths(fresh_index, [old, new], versions="keep")) == {
        old.name: "unchanged",
        new.name: "unchanged",
    }


def test_a_different_review_with_a_reused_title_is_not_a_version(fresh_index: CaseIndex, tmp_path: Path) -> None:
    """Anonymised titles are reused ("Child K" in 2019 and 2023): different text is not a new version."""
    folder = tmp_path / "reviews"
    folder.mkdir()
    (folder / "child-k-2019.txt").write_text(_text([TITLE, *OTHER_REVIEW]))
    (folder / "child-k-2023.txt").write_text(_text([TITLE, *REVIEW]))
    _manifest(folder, {"child-k-2019.txt": (TITLE, 2019), "child-k-2023.txt": (TITLE, 2023)})
    report = ingest_paths(fresh_index, [folder], versions="replace")
    assert _statuses(report) == {"child-k-2019.txt": "added", "child-k-2023.txt": "added"}
    assert all(o.result is not None and not o.result.replaced for o in report.outcomes)
    assert len(fresh_index.documents()) == 2


def test_fingerprints_travel_in_a_backup(fresh_index: CaseIndex, tmp_path: Path) -> None:
    make_pdf(tmp_path / "practice-review.pdf", _pdf_lines([TITLE, *REVIEW]), title=TITLE)
    (tmp_path / "practice-review.txt").write_text(_text([TITLE, *REVIEW]))
    ingest_paths(fresh_index, [tmp_path / "practice-review.pdf"])
    export_data(fresh_index, tmp_path / "backup.tar.gz")
    restored = CaseIndex(IndexConfig(data_dir=tmp_path / "restored"), embedder=fresh_index.embedder)
    import_data(restored, tmp_path / "backup.tar.gz")
    assert restored._catalog.without_signature() == []
    assert _statuses(ingest_paths(restored, [tmp_path / "practice-review.txt"])) == {"practice-review.txt": "duplicate"}


def test_documents_indexed_before_signatures_existed_are_still_found(fresh_index: CaseIndex, tmp_path: Path) -> None:
    (tmp_path / "practice-review.md").write_text(_text([TITLE, *REVIEW]))
    ingest_paths(fresh_index, [tmp_path / "practice-review.md"])
    fresh_index._catalog.close()
    with sqlite3.connect(fresh_index._catalog.path) as conn:  # as an earlier release left it
        conn.execute("DROP INDEX IF EXISTS documents_by_content")
        conn.execute("ALTER TABLE documents DROP COLUMN signature")
        conn.execute("DROP TABLE not_added")
    older = CaseIndex(fresh_index.config, embedder=fresh_index.embedder)
    (tmp_path / "copy.txt").write_text(_text([TITLE, *REVIEW], width=50))
    assert _statuses(ingest_paths(older, [tmp_path / "copy.txt"])) == {"copy.txt": "duplicate"}
    assert older._catalog.without_signature() == []
