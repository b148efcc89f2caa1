"""The fact-labelled referral situations: loading, the train / dev / blind split, and fact-level scores.

Each situation (``eval/sets/referral-facts/part-*.jsonl``) is labelled per person with the facts the
text states, the words they came from, and per route with the expected verdict. The split is fixed
by a hash of the id, so it never depends on file order: 60% train, 20% dev, 20% blind.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.dataset import DatasetError

Split = str  # "train" | "dev" | "blind"
FACTS_DIR = "referral-facts"
# Fact names in the labels that differ from the reader's.
_RENAME = {"age": "subject_age"}
PERSON_FACTS = (
    "subject_age",
    "is_child",
    "died",
    "death_type",
    "serious_harm",
    "near_miss",
    "abuse_or_neglect",
    "self_neglect",
    "domestic_abuse_history",
    "exploitation",
    "adult_with_care_and_support_needs",
    "learning_disability",
    "autistic_diagnosis",
    "looked_after",
    "care_leaver",
    "on_child_protection_register",
    "relationship_to_perpetrator",
)
SITUATION_FACTS = ("nation", "concern_agencies_could_have_worked_better", "at_risk_now")


def split_of(item_id: str) -> Split:
    bucket = int(hashlib.sha1(item_id.encode("utf-8")).hexdigest(), 16) % 10
    return "train" if bucket < 6 else ("dev" if bucket < 8 else "blind")


@dataclass(frozen=True)
class LabelledPerson:
    who: str
    role: str
    facts: dict[str, Any]
    evidence: dict[str, str]


@dataclass(frozen=True)
class LabelledSituation:
    id: str
    situation: str
    partnership: str
    people: tuple[LabelledPerson, ...]
    situation_facts: dict[str, Any]
    situation_evidence: dict[str, str]
    at_risk_now: bool
    at_risk_evidence: str
    raw: dict[str, Any]

    @property
    def main(self) -> LabelledPerson | None:
        return next((p for p in self.people if p.role == "subject"), self.people[0] if self.people else None)

    def subjects(self) -> list[LabelledPerson]:
        return [p for p in self.people if p.role in ("subject", "other_victim")]


def _person(data: dict[str, Any]) -> LabelledPerson:
    facts = {_RENAME.get(k, k): v for k, v in data.get("facts", {}).items()}
    if "subject_age" in facts and isinstance(facts["subject_age"], int):
        facts["is_child"] = facts["subject_age"] < 18
    elif facts.get("age_group") in ("child", "adult"):
        facts["is_child"] = facts["age_group"] == "child"
    facts.pop("age_group", None)
    evidence = {_RENAME.get(k, k): v for k, v in data.get("evidence", {}).items()}
    return LabelledPerson(str(data.get("who", "")), str(data.get("role", "other")), facts, evidence)


def load_labelled_line(item: dict[str, Any]) -> LabelledSituation:
    return LabelledSituation(
        str(item["id"]),
        str(item["situation"]),
        str(item.get("partnership", "national")),
        tuple(_person(p) for p in item.get("people", [])),
        dict(item.get("situation_facts", {})),
        dict(item.get("situation_evidence", {})),
        bool(item.get("at_risk_now", False)),
        str(item.get("at_risk_now_evidence", "")),
        item,
    )


def load_labelled(paths: Iterable[Path]) -> list[LabelledSituation]:
    out = []
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                out.append(load_labelled_line(json.loads(line)))
            except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
                raise DatasetError(f"{path}, line {n}: expected a labelled situation") from exc
    return out


def write_split(items: Sequence[LabelledSituation], path: Path) -> Path:
    """The items as one JSONL file (for ``caselearn eval referral FILE``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(i.raw, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    return path


def labelled_parts(sets: Path) -> list[Path]:
    return sorted((sets / FACTS_DIR).glob("part-*.jsonl"))


def in_split(items: Sequence[LabelledSituation], split: Split) -> list[LabelledSituation]:
    return [s for s in items if split_of(s.id) == split]


def cautious_expectations(item: LabelledSituation) -> dict[str, list[str]]:
    """Where the labels leave a decisive status unstated, "needs more information" is a right answer too:
    a fact the text does not give is unknown, never absent (learning disability or autism for LeDeR,
    looked after or a care leaver for the notifications, domestic abuse for a DHR after a suicide)."""
    nation = item.situation_facts.get("nation", "unknown")
    england = nation in ("england", "unknown")
    extra: dict[str, list[str]] = {}
    for person in item.subjects():
        f = person.facts
        if f.get("died") is not True:
            continue
        age = f.get("subject_age")
        child = f.get("is_child")
        status_unstated = "learning_disability" not in f and "autistic_diagnosis" not in f
        if england and status_unstated and not (isinstance(age, int) and age < 4):
            extra["LEDER"] = ["needs_more_info"]
        if england and child is not False and "looked_after" not in f:
            extra["LACN"] = ["needs_more_info"]
        young = isinstance(age, int) and 16 <= age <= 24
        if england and young and "care_leaver" not in f:
            extra["CLN"] = ["needs_more_info"]
        old_enough = (isinstance(age, int) and age >= 16) or child is False
        suicide = f.get("death_type") == "suicide" and old_enough
        if nation in ("england", "wales", "unknown") and suicide and "domestic_abuse_history" not in f:
            extra["DHR"] = ["needs_more_info"]
    return extra


def scenario_dict(item: LabelledSituation) -> dict[str, Any]:
    """The situation as a route scenario (``eval.referral`` format), cautious answers included."""
    expect: dict[str, Any] = {}
    for route, verdict in item.raw.get("expect", {}).items():
        expect[route] = verdict
    for route, also in cautious_expectations(item).items():
        if route == "susr_type":
            continue
        current = expect.get(route, "unlikely")
        current = current if isinstance(current, list) else [current]
        expect[route] = list(dict.fromkeys([*current, *also]))
    out = {"id": item.id, "situation": item.situation, "expect": expect, "partnership": item.partnership}
    if item.raw.get("form"):
        out["form"] = item.raw["form"]
    return out


# -- fact-level scores ------------------------------------------------------------------------------
Predict = Callable[[str], tuple[dict[str, Any], dict[str, Any]]]  # text -> (main person's facts, situation facts)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, label: Any, got: Any) -> None:
        if got is not None and got == label:
            self.tp += 1
        elif got is not None:
            self.fp += 1
        if label is not None and got != label:
            self.fn += 1

    @property
    def precision(self) -> float:
        return round(self.tp / (self.tp + self.fp), 3) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return round(self.tp / (self.tp + self.fn), 3) if self.tp + self.fn else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn


def fact_scores(items: Sequence[LabelledSituation], predict: Predict) -> dict[str, Counts]:
    """Per fact, the main person's value (and the situation's) against the labels. A value the reader
    gives that the labels do not is a false positive; an unknown where the labels have one is a miss."""
    counts: dict[str, Counts] = {f: Counts() for f in (*PERSON_FACTS, *SITUATION_FACTS)}
    for item in items:
        person, situation = predict(item.situation)
        main = item.main
        labels = main.facts if main else {}
        for fact in PERSON_FACTS:
            counts[fact].add(labels.get(fact), person.get(fact))
        nation = item.situation_facts.get("nation")
        counts["nation"].add(None if nation == "unknown" else nation, situation.get("nation"))
        counts["concern_agencies_could_have_worked_better"].add(
            item.situation_facts.get("concern_agencies_could_have_worked_better"),
            situation.get("concern_agencies_could_have_worked_better"),
        )
        counts["at_risk_now"].add(True if item.at_risk_now else None, True if situation.get("at_risk_now") else None)
    return counts


def fact_table(counts: dict[str, Counts]) -> dict[str, dict[str, float]]:
    return {f: {"precision": c.precision, "recall": c.recall, "support": float(c.support)} for f, c in counts.items()}


# -- readers to compare -----------------------------------------------------------------------------
def reader_predict(semantic: Any = None) -> Predict:
    """The people-and-events reader: the main person's facts and the situation's."""
    from assistant.referral import read

    def predict(text: str) -> tuple[dict[str, Any], dict[str, Any]]:
        reading = read(text, semantic)
        main = reading.person(reading.main)
        facts = {k: v.value for k, v in (main.facts.items() if main else [])}
        situation = {k: v.value for k, v in reading.situation.items()}
        situation["at_risk_now"] = any(
            p.facts.get("at_risk_now") is not None and p.facts["at_risk_now"].value is True for p in reading.people
        )
        return facts, situation

    return predict


def legacy_predict(text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """caselearn 0.1's reader: one bag of facts from hand-written patterns."""
    from eval.baselines.referral_rules_v1 import extract_facts

    facts = {k: v.value for k, v in extract_facts(text).items()}
    situation = {
        "nation": facts.get("nation"),
        "concern_agencies_could_have_worked_better": facts.get("concern_agencies_could_have_worked_better"),
        "at_risk_now": facts.get("others_may_be_at_risk"),
    }
    return facts, situation
