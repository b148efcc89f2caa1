"""Referral metrics: verdict agreement per (scenario, route), critical misses, over-calls, forms."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.referral import ReferralResult
from eval.dataset import DatasetError
from eval.referral_facts import load_labelled_line, scenario_dict

CheckFn = Callable[[str, str], ReferralResult]
POSITIVE = ("likely_meets", "may_meet")


@dataclass(frozen=True)
class Scenario:
    id: str
    situation: str
    expect: dict[str, list[str]]
    partnership: str = "wiltshire"
    form: str | None = None
    susr_type: str | None = None
    at_risk_now: bool | None = None  # labelled: someone may be at risk now (the emergency notice should lead)


@dataclass(frozen=True)
class ScenarioResult:
    id: str
    pairs: int
    agreed: int
    critical_misses: tuple[str, ...]
    over_calls: tuple[str, ...]
    disagreements: tuple[str, ...]
    form_right: bool | None
    emergency_first: bool = False
    at_risk_now: bool | None = None


@dataclass(frozen=True)
class ReferralReport:
    name: str
    metrics: dict[str, float]
    results: tuple[ScenarioResult, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "metrics": self.metrics, "results": [r.__dict__ for r in self.results]}


def load_scenarios(path: Path, default_partnership: str = "wiltshire") -> list[Scenario]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            at_risk = item.get("at_risk_now")
            if "people" in item:  # a fact-labelled situation: its route expectations, cautious answers included
                item = scenario_dict(load_labelled_line(item))
            expect = {k: (v if isinstance(v, list) else [v]) for k, v in item["expect"].items() if k != "susr_type"}
            out.append(
                Scenario(
                    str(item["id"]),
                    str(item["situation"]),
                    expect,
                    item.get("partnership", default_partnership),
                    item.get("form"),
                    item["expect"].get("susr_type"),
                    at_risk,
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise DatasetError(f"{path}, line {n}: expected an object with 'situation' and 'expect'") from exc
    return out


def judge(scenario: Scenario, result: ReferralResult) -> ScenarioResult:
    """A route left out counts as ``unlikely``; routes reported but not expected count as pairs too."""
    got = {r.route: r.verdict for r in result.routes}
    pairs = agreed = 0
    critical: list[str] = []
    over: list[str] = []
    wrong: list[str] = []
    for route in sorted(set(scenario.expect) | set(got)):
        expected = scenario.expect.get(route, ["unlikely"])
        verdict = got.get(route, "unlikely")
        if route not in scenario.expect and verdict == "unlikely":
            continue  # an unexpected route reported as unlikely agrees with "left out"
        pairs += 1
        if verdict in expected:
            agreed += 1
            continue
        wrong.append(f"{route}: {verdict} (expected {'/'.join(expected)})")
        if verdict == "unlikely" and any(e in POSITIVE for e in expected):
            critical.append(route)
        if verdict in POSITIVE and not any(e in POSITIVE for e in expected):
            over.append(route)
    if scenario.susr_type:
        pairs += 1
        susr = result.route("SUSR_C") or result.route("SUSR_A")
        if susr is not None and susr.review_type == scenario.susr_type:
            agreed += 1
        else:
            wrong.append(f"susr_type: {susr.review_type if susr else None} (expected {scenario.susr_type})")
    form_right = None
    if scenario.form:
        form_right = any(
            r.form is not None and r.form.id == scenario.form for r in result.routes if r.verdict in POSITIVE
        )
    first = result.notices[0].kind == "emergency" if result.notices else False
    return ScenarioResult(
        scenario.id, pairs, agreed, tuple(critical), tuple(over), tuple(wrong), form_right, first, scenario.at_risk_now
    )


def evaluate_referral(name: str, check: CheckFn, scenarios: Sequence[Scenario]) -> ReferralReport:
    results = [judge(s, check(s.situation, s.partnership)) for s in scenarios]
    pairs = sum(r.pairs for r in results)
    forms = [r.form_right for r in results if r.form_right is not None]
    metrics = {
        "scenarios": float(len(results)),
        "route_pairs": float(pairs),
        "agreement": round(sum(r.agreed for r in results) / pairs, 4) if pairs else 0.0,
        "critical_misses": float(sum(len(r.critical_misses) for r in results)),
        "over_calls": float(sum(len(r.over_calls) for r in results)),
        "scenarios_all_right": round(sum(r.agreed == r.pairs for r in results) / len(results), 4) if results else 0,
    }
    if forms:
        metrics["form_right"] = round(sum(forms) / len(forms), 4)
    labelled = [r for r in results if r.at_risk_now is not None]
    if labelled:
        at_risk = [r for r in labelled if r.at_risk_now]
        calm = [r for r in labelled if not r.at_risk_now]
        if at_risk:
            metrics["emergency_first_when_at_risk"] = round(sum(r.emergency_first for r in at_risk) / len(at_risk), 4)
        if calm:
            metrics["emergency_first_otherwise"] = round(sum(r.emergency_first for r in calm) / len(calm), 4)
    return ReferralReport(name, metrics, tuple(results))
