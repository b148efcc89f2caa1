"""Might this situation meet the criteria for a review or notification? A suggestion, never a decision."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

from assistant import messages
from assistant.models import Notice
from assistant.referral.extract import extract_facts
from assistant.referral.models import (
    CriterionResult,
    Fact,
    FollowUp,
    Form,
    Passage,
    ReferralResult,
    RouteResult,
    Verdict,
)
from assistant.referral.rules import CHECKS, Situation, Tri, label, tri_and, wales_adult_type, wales_child_type
from assistant.safety import FrontDoor, emergency_notice, signals_danger

PROFILES = ("wiltshire", "cheshire-west", "national")
# Status flags taken as absent when nothing in the situation suggests them (shown as "default").
DEFAULT_ABSENT = (
    "looked_after",
    "sibling_looked_after",
    "care_leaver",
    "learning_disability",
    "autistic_diagnosis",
    "near_miss",
    "good_practice_learning",
    "child_caused_serious_harm",
    "domestic_abuse_history",
)
KNOWN_FACTS = frozenset(
    {
        "nation",
        "normally_resident_nation",
        "subject_age",
        "is_child",
        "died",
        "death_type",
        "serious_harm",
        "at_risk_of_significant_harm",
        "abuse_or_neglect",
        "self_neglect",
        "looked_after",
        "care_leaver",
        "on_child_protection_register",
        "adult_with_care_and_support_needs",
        "concern_agencies_could_have_worked_better",
        "relationship_to_perpetrator",
        "domestic_abuse_history",
        "learning_disability",
        "autistic_diagnosis",
        "near_miss",
        "good_practice_learning",
        "subject_to_asp_processes",
        "la_protective_action_within_6_months",
        "child_caused_serious_harm",
        "others_may_be_at_risk",
        "sibling_looked_after",
    }
)
PassageFinder = Callable[[str, tuple[str, ...]], "Passage | None"]


class UnknownPartnershipError(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@lru_cache(maxsize=1)
def spec() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((files("assistant.referral") / "criteria.yaml").read_text("utf-8"))
    return data


@lru_cache(maxsize=8)
def profile(name: str) -> dict[str, Any]:
    if name not in PROFILES:
        raise UnknownPartnershipError(name)
    text = (files("assistant.referral") / "profiles" / f"{name}.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def front_door_of(name: str) -> FrontDoor:
    door = profile(name)["front_door"]
    return FrontDoor(name=door["name"], phone=door.get("phone"), out_of_hours=door.get("out_of_hours"))


def _form(key: str, partnership: str) -> Form | None:
    for name in (partnership, "national"):
        entry = profile(name).get("forms", {}).get(key)
        if entry:
            return Form(entry["id"], entry["name"], entry.get("url"), entry.get("contact"), entry.get("note"))
    return None


def resolve_facts(
    situation: str, given: Mapping[str, Any] | None, partnership: str
) -> tuple[dict[str, Fact], list[str]]:
    """Extracted facts, overridden by explicit ones, completed with the profile's nation and defaults."""
    facts = extract_facts(situation)
    warnings: list[str] = []
    for name, value in (given or {}).items():
        if name not in KNOWN_FACTS:
            warnings.append(messages.referral_unknown_fact(name))
            continue
        facts[name] = Fact(name, value, "given", "given explicitly")
    if "subject_age" in facts and isinstance(facts["subject_age"].value, int) and "is_child" not in (given or {}):
        facts["is_child"] = Fact(
            "is_child", facts["subject_age"].value < 18, facts["subject_age"].origin, facts["subject_age"].evidence
        )
    leaver = facts.get("care_leaver")
    if leaver is not None and leaver.value is True and "looked_after" not in (given or {}):
        # A care leaver was looked after in the past; "looked after" in the rules means at the time.
        facts["looked_after"] = Fact("looked_after", False, "text", f"{leaver.evidence} (no longer looked after)")
    if "nation" not in facts:
        facts["nation"] = Fact(
            "nation",
            profile(partnership)["nation"],
            "profile",
            f"no place named; assumed from the {partnership} profile",
        )
    if "died" not in facts and any(k in facts for k in ("serious_harm", "near_miss")):
        facts["died"] = Fact("died", False, "default", "no death is mentioned")
    for name in DEFAULT_ABSENT:
        if name not in facts:
            facts[name] = Fact(name, False, "default", "not mentioned")
    return facts, warnings


@dataclass
class _Evaluation:
    situation: Situation
    partnership: str
    find_passage: PassageFinder | None

    def criteria(self, route: str, overrides: Mapping[str, Tri] | None = None) -> list[tuple[dict[str, Any], Tri]]:
        out = []
        for criterion in spec()["routes"][route]["criteria"]:
            value = (overrides or {}).get(criterion["check"], CHECKS[criterion["check"]](self.situation))
            out.append((criterion, value))
        return out

    def result(
        self,
        route: str,
        verdict: Verdict,
        reason: str,
        checked: list[tuple[dict[str, Any], Tri]],
        review_type: str | None = None,
    ) -> RouteResult:
        data = spec()["routes"][route]
        sources = spec()["sources"]
        passage = None
        if self.find_passage and data.get("passage"):
            passage = self.find_passage(data["passage"]["query"], tuple(data["passage"]["must_contain"]))
        criteria = tuple(
            CriterionResult(
                id=c["id"],
                text=c["text"],
                status={True: "met", False: "not_met", None: "unknown"}[v],  # type: ignore[arg-type]
                source=sources[c["source"]]["title"],
                source_url=sources[c["source"]]["url"],
                unverified=not sources[c["source"]]["verified"],
                facts=tuple(c.get("facts", ())),
                passage=passage,
            )
            for c, v in checked
        )
        return RouteResult(
            route=route,
            name=data["name"],
            nation=data["nation"],
            verdict=verdict,
            reason=reason,
            criteria=criteria,
            form=_form(data["form"], self.partnership),
            timescale=data["timescale"],
            timescale_unverified=bool(data.get("timescale_unverified")),
            who_decides=data["who_decides"],
            next_steps=tuple(data["next_steps"]),
            automatic=bool(data.get("automatic")),
            review_type=review_type,
        )

    def simple(self, route: str, overrides: Mapping[str, Tri] | None = None) -> RouteResult:
        checked = self.criteria(route, overrides)
        data = spec()["routes"][route]
        verdict = label(tri_and(*(v for _, v in checked)), bool(data.get("discretionary")))
        return self.result(route, verdict, _reason(verdict, checked), checked)


def _reason(verdict: Verdict, checked: list[tuple[dict[str, Any], Tri]]) -> str:
    failed = [c["id"] for c, v in checked if v is False]
    unknown = [c["id"] for c, v in checked if v is None]
    if verdict == "unlikely" and failed:
        return messages.referral_reason_not_met(failed)
    if verdict == "needs_more_info":
        return messages.referral_reason_unknown(unknown)
    return messages.referral_reason_met(verdict)


def evaluate_routes(ev: _Evaluation) -> list[RouteResult]:
    """Every route that may apply, following the decision tables; plainly irrelevant routes are left out."""
    s = ev.situation
    out: list[RouteResult] = []
    child, adult = s.is_child(), s.is_adult()
    nation = s.nation
    england_like = nation in (None, "england") or s.get("normally_resident_nation") == "england"

    if child is not False and england_like:
        sin = ev.simple("SIN")
        caused_harm = bool(s.flag("child_caused_serious_harm")) and s.died() is not True
        if caused_harm:  # E11: injuries described are the victim's; the child's own harm is not known
            sin = ev.result("SIN", "may_meet", messages.REFERRAL_CHILD_CAUSED_HARM, ev.criteria("SIN"))
        out.append(sin)
        if sin.verdict == "may_meet":
            rr = ev.simple("RR", {"sin_likely": True})
            out.append(ev.result("RR", "may_meet", rr.reason, ev.criteria("RR", {"sin_likely": None})))
        elif sin.verdict != "unlikely":
            out.append(ev.simple("RR", {"sin_likely": True if sin.verdict == "likely_meets" else None}))
        serious = CHECKS["serious_child_case"](s)
        lcspr_checked = ev.criteria("LCSPR")
        lcspr_verdict: Verdict = (
            "may_meet" if serious or caused_harm else ("unlikely" if serious is False else "needs_more_info")
        )
        out.append(ev.result("LCSPR", lcspr_verdict, _reason(lcspr_verdict, lcspr_checked), lcspr_checked))
        learning = CHECKS["local_learning"](s)
        if (sin.verdict in ("unlikely", "needs_more_info") or caused_harm) and learning:
            out.append(ev.simple("LLR", {"statutory_routes_not_met": True}))
        if s.died() is True:
            out.append(ev.simple("CDR"))
    elif child is not False and nation not in ("england",) and s.died() is not None:
        out.append(ev.result("SIN", "unlikely", messages.referral_other_nation(nation), ev.criteria("SIN")))
    if s.flag("looked_after") and s.died() and england_like:
        out.append(ev.simple("LACN"))
    if s.flag("care_leaver") and s.died() and england_like:
        out.append(ev.simple("CLN"))
        if child is False:
            out.append(ev.result("CDR", "unlikely", messages.REFERRAL_CDR_ADULT, ev.criteria("CDR")))
    if adult is not False and nation in (None, "england"):
        sar = ev.simple("SAR_M")
        if adult is True or s.flag("adult_with_care_and_support_needs"):
            out.append(sar)
            if sar.verdict == "unlikely" and s.flag("adult_with_care_and_support_needs") and adult:
                out.append(ev.simple("SAR_D"))
    if s.died() and (s.death_type() in ("homicide", "suicide") or s.get("relationship_to_perpetrator")):
        dhr = ev.simple("DHR")
        if not (s.death_type() == "suicide" and dhr.verdict == "unlikely"):
            out.append(dhr)
    if (
        s.died()
        and (s.get("learning_disability") is not False or s.get("autistic_diagnosis") is not False)
        and nation in (None, "england")
    ):
        leder = ev.simple("LEDER")
        if leder.verdict != "unlikely" or s.flag("learning_disability"):
            out.append(leder)
    if nation == "wales":
        if child is not False:
            checked = ev.criteria("SUSR_C")
            verdict = label(tri_and(*(v for _, v in checked)))
            out.append(
                ev.result(
                    "SUSR_C",
                    verdict,
                    _reason(verdict, checked),
                    checked,
                    wales_child_type(s) if verdict != "unlikely" else None,
                )
            )
        if adult is not False:
            checked = ev.criteria("SUSR_A")
            verdict = label(tri_and(*(v for _, v in checked)))
            out.append(
                ev.result(
                    "SUSR_A",
                    verdict,
                    _reason(verdict, checked),
                    checked,
                    wales_adult_type(s) if verdict != "unlikely" else None,
                )
            )
    if nation == "scotland":
        if child is not False:
            out.append(ev.simple("SCO_CLR"))
        if adult is not False:
            out.append(ev.simple("SCO_ALR"))
    if nation == "northern_ireland" and child is not False:
        cmr = ev.simple("CMR")
        if cmr.verdict != "likely_meets" and s.flag("good_practice_learning"):
            cmr = ev.result("CMR", "may_meet", messages.REFERRAL_NI_GOOD_PRACTICE, ev.criteria("CMR"))
        out.append(cmr)
    return out


def follow_up_questions(routes: list[RouteResult], facts: Mapping[str, Fact]) -> list[FollowUp]:
    """Questions for the unknown facts of undecided routes, the most decisive (most routes) first."""
    order = list(spec()["questions"])
    counts: Counter[str] = Counter()
    routes_of: dict[str, list[str]] = {}
    for route in routes:
        if route.verdict != "needs_more_info" and route.review_type != "needs_more_info":
            continue
        for criterion in route.criteria:
            if criterion.status != "unknown" and not (
                route.review_type == "needs_more_info" and criterion.id.endswith(".5")
            ):
                continue
            for fact in criterion.facts:
                if fact in spec()["questions"] and (facts.get(fact) is None or facts[fact].value is None):
                    counts[fact] += 1
                    routes_of.setdefault(fact, []).append(route.route)
    ranked = sorted(counts, key=lambda f: (-counts[f], order.index(f) if f in order else len(order)))
    return [FollowUp(f, spec()["questions"][f], tuple(dict.fromkeys(routes_of[f]))) for f in ranked]


def check_referral(
    situation: str,
    facts: Mapping[str, Any] | None = None,
    partnership: str = "national",
    find_passage: PassageFinder | None = None,
) -> ReferralResult:
    """Suggest which review or notification routes might apply, with every criterion explained.

    Raises:
        UnknownPartnershipError: no profile of that name.
    """
    profile(partnership)  # fail early on an unknown profile
    resolved, warnings = resolve_facts(situation, facts, partnership)
    ev = _Evaluation(Situation(resolved), partnership, find_passage)
    routes = evaluate_routes(ev)
    questions = follow_up_questions(routes, resolved)
    door = front_door_of(partnership)
    notices: list[Notice] = []
    if signals_danger(situation) or resolved.get("others_may_be_at_risk"):
        notices.append(emergency_notice(door))
    notices.append(Notice("guidance", messages.referral_safeguarding_first(door.name)))
    notices.append(Notice("guidance", messages.REFERRAL_NOT_A_DECISION))
    if ev.situation.nation == "northern_ireland" and ev.situation.is_adult() is not False:
        notices.append(Notice("guidance", messages.REFERRAL_NI_ADULTS))
    if not routes:
        notices.append(Notice("guidance", messages.REFERRAL_NO_ROUTE))
    return ReferralResult(tuple(routes), tuple(questions), resolved, tuple(notices), partnership, tuple(warnings))
