"""Text signatures, the near-duplicate threshold and the version rules (no model needed)."""

from __future__ import annotations

from index.dedupe import (
    NEAR_DUPLICATE,
    VERSION_OVERLAP,
    are_versions,
    most_similar,
    same_publisher,
    shingles,
    signature,
    similarity,
    title_key,
)

PARAGRAPHS = [
    "The health visitor saw the family twice before the move and recorded that the mother seemed low.",
    "Nobody asked who else lived in the house, and the new partner was not known to any agency.",
    "The school raised concerns about attendance in the spring term but did not make a referral.",
    "Police attended a call about shouting at the address and recorded it as a verbal argument only.",
    "The review found that each agency held a piece of the picture and nobody put the pieces together.",
    "Supervision should ask practitioners to name every adult in the household at each contact.",
    "The partnership will audit transfer-in records for children under two within six months.",
    "Managers should check that a referral has been made whenever a non-mobile baby has a bruise.",
]
TEXT = "\n\n".join(PARAGRAPHS)


def test_layout_case_bullets_and_spacing_do_not_change_the_signature() -> None:
    as_bullets = "\n".join(f"• {p.upper()}" for p in PARAGRAPHS)
    rewrapped = "  ".join(TEXT.split())
    assert similarity(signature(TEXT), signature(as_bullets)) == 1.0
    assert similarity(signature(TEXT), signature(rewrapped)) == 1.0


def test_a_few_changed_words_stay_above_the_threshold() -> None:
    changed = TEXT.replace("twice", "three times").replace("spring", "autumn").replace("six months", "a year")
    assert similarity(signature(TEXT), signature(changed)) >= NEAR_DUPLICATE


def test_a_rewritten_quarter_falls_below_the_threshold_but_still_overlaps() -> None:
    reworked = [*PARAGRAPHS]
    reworked[1] = "The mother's new partner had convictions for violence that were recorded in another force area."
    reworked[4] = "Learning from this review was shared at a multi-agency event attended by ninety practitioners."
    score = similarity(signature(TEXT), signature("\n\n".join(reworked)))
    assert VERSION_OVERLAP <= score < NEAR_DUPLICATE


def test_most_similar_picks_the_closest_and_skips_unusable_signatures() -> None:
    other = signature("A different text about fire risk and hoarding in a flat with blocked stairs.")
    best = most_similar(signature(TEXT), [("other", other), ("same", signature(TEXT)), ("broken", b"")])
    assert best == ("same", 1.0)
    assert most_similar(signature(TEXT), []) is None


def test_short_texts_have_a_signature() -> None:
    assert shingles("Two words") == {"two words"}
    assert similarity(signature("Two words"), signature("two, words!")) == 1.0


def test_version_rules() -> None:
    title = "Harrowfield Protocol: Escalating Concerns"
    publisher = "Harrowfield Safeguarding Children Partnership"
    assert title_key("  harrowfield PROTOCOL — escalating concerns ") == title_key(title)
    assert title_key("Contents") is None  # one word says too little
    assert same_publisher(publisher, publisher + " (fictional)") and same_publisher(None, publisher)
    assert not same_publisher(publisher, "Northolme Safeguarding Partnership")
    assert are_versions((title, publisher, 2022), (title.upper(), None, 2024))
    assert not are_versions((title, publisher, 2024), (title, publisher, 2024))  # same year: cannot tell
    assert not are_versions((title, publisher, None), (title, publisher, 2024))
    assert not are_versions((title, publisher, 2022), (title, "Northolme Safeguarding Partnership", 2024))
