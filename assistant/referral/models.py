"""Results of a referral check: facts with their evidence, per-route verdicts, questions, notices."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Verdict = Literal["likely_meets", "may_meet", "unlikely", "needs_more_info"]
Status = Literal["met", "not_met", "unknown"]
FactOrigin = Literal["text", "given", "profile", "default"]
FactValue = bool | int | str | None


@dataclass(frozen=True)
class Fact:
    """A fact about the situation, and the words (or setting) it came from."""

    name: str
    value: FactValue
    origin: FactOrigin
    evidence: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "origin": self.origin, "evidence": self.evidence}


@dataclass(frozen=True)
class Passage:
    """Where an indexed document states a criterion."""

    source: str
    title: str
    page: int | None
    url: str | None
    quote: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class CriterionResult:
    id: str
    text: str
    status: Status
    source: str
    source_url: str | None
    unverified: bool = False
    facts: tuple[str, ...] = ()
    passage: Passage | None = None

    def as_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "passage"}
        out["facts"] = list(self.facts)
        out["passage"] = self.passage.as_dict() if self.passage else None
        return out


@dataclass(frozen=True)
class Form:
    id: str
    name: str
    url: str | None
    contact: str | None
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class RouteResult:
    route: str
    name: str
    nation: str
    verdict: Verdict
    reason: str
    criteria: tuple[CriterionResult, ...]
    form: Form | None
    timescale: str
    timescale_unverified: bool
    who_decides: str
    next_steps: tuple[str, ...]
    automatic: bool = False
    review_type: str | None = None  # Wales SUSR: concise / extended / needs_more_info
    person: str = ""  # how the text names the person this verdict is about
    person_key: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "route": self.route,
            "name": self.name,
            "nation": self.nation,
            "verdict": self.verdict,
            "reason": self.reason,
            "automatic": self.automatic,
            "review_type": self.review_type,
            "criteria": [c.as_dict() for c in self.criteria],
            "form": self.form.as_dict() if self.form else None,
            "timescale": self.timescale,
            "timescale_unverified": self.timescale_unverified,
            "who_decides": self.who_decides,
            "next_steps": list(self.next_steps),
            "person": self.person,
            "person_key": self.person_key,
        }


@dataclass(frozen=True)
class FollowUp:
    fact: str
    question: str
    routes: tuple[str, ...] = ()
    person_key: str = ""
    person: str = ""

    @property
    def key(self) -> str:
        """The name to answer it under: ``fact`` for the main person, ``p2.fact`` for another."""
        return f"{self.person_key}.{self.fact}" if self.person_key else self.fact

    def as_dict(self) -> dict[str, Any]:
        return {
            "fact": self.fact,
            "key": self.key,
            "question": self.question,
            "routes": list(self.routes),
            "person": self.person,
        }


@dataclass(frozen=True)
class PersonResult:
    """One person of the situation: what was read about them and the routes that concern them."""

    key: str
    label: str
    role: str  # subject / perpetrator / relative / other
    facts: dict[str, Fact]
    main: bool = False
    evaluated: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "role": self.role,
            "main": self.main,
            "evaluated": self.evaluated,
            "facts": {k: v.as_dict() for k, v in sorted(self.facts.items())},
        }


@dataclass(frozen=True)
class ReferralResult:
    routes: tuple[RouteResult, ...]
    follow_up_questions: tuple[FollowUp, ...]
    facts: dict[str, Fact]
    notices: tuple[Any, ...]
    partnership: str
    warnings: tuple[str, ...] = field(default=())
    people: tuple[PersonResult, ...] = field(default=())
    danger_evidence: str = ""  # the words that say someone may be at risk now
    summary: Any = None  # assistant.referral.present.Summary: what every channel shows first

    def route(self, route_id: str) -> RouteResult | None:
        return next((r for r in self.routes if r.route == route_id), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "routes": [r.as_dict() for r in self.routes],
            "follow_up_questions": [q.as_dict() for q in self.follow_up_questions],
            "extracted_facts": {k: v.as_dict() for k, v in sorted(self.facts.items())},
            "notices": [n.as_dict() for n in self.notices],
            "partnership": self.partnership,
            "warnings": list(self.warnings),
            "people": [p.as_dict() for p in self.people],
            "danger_evidence": self.danger_evidence,
            "summary": self.summary.as_dict() if self.summary is not None else None,
        }
