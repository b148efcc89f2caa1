"""Might this situation meet the criteria for a review or notification? A suggestion, never a decision."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

from assistant import messages
from assistant.models import Notice
from assistant.referral.gazetteer import places_in
from assistant.referral.models import (
    CriterionResult,
    Fact,
    FollowUp,
    Form,
    Passage,
    PersonResult,
    ReferralResult,
    RouteResult,
    Verdict,
)
from assistant.referral.present import summarise
from assistant.referral.reading.reader import PersonReading, Reading, read
from assistant.referral.reading.semantic import SemanticReader
from assistant.referral.rules import CHECKS, Situation, Tri, label, tri_and, wales_adult_type, wales_child_type
from assistant.safety import FrontDoor, emergency_notice

PROFILES = ("wiltshire", "cheshire-west", "national")
# Flags that decide no route on their own after a death or serious harm: taken as absent when nothing
# suggests them. Learning disability, autism, being looked after or a care leaver, and domestic abuse
# are never defaulted: unknown stays unknown and becomes a follow-up question.
DEFAULT_ABSENT = (
    "sibling_looked_after",
    "near_miss",
    "good_practice_learning",
    "child_caused_serious_harm",
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
        "sibling_on_child_protection_register",
        "exploitation",
        "at_risk_now",
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


def split_given(given: Mapping[str, Any] | None) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Facts the practitioner gave: ``"died"`` is about the main person, ``"p2.died"`` about person p2."""
    out: dict[str, dict[str, Any]] = {}
    warnings: list[str] = []
    for key, value in (given or {}).items():
        who, _, name = key.rpartition(".")
        if name not in KNOWN_FACTS:
            warnings.append(messages.referral_unknown_fact(name))
            continue
        out.setdefault(who, {})[name] = value
    return out, warnings


def resolve_facts(reading: Reading, key: str, given: Mapping[str, dict[str, Any]], partnership: str) -> dict[str, Fact]:
    """One person's facts: read from the text, overridden by what the practitioner gave, with the
    situation's facts and the profile's nation. Nothing that decides a route defaults to absent."""
    person = reading.person(key)
    facts: dict[str, Fact] = dict(reading.situation)
    if person is not None:
        facts.update(person.facts)
    if facts.get("exploitation") is not None and facts["exploitation"].value is True:
        facts.setdefault("abuse_or_neglect", Fact("abuse_or_neglect", True, "text", facts["exploitation"].evidence))
    mine = dict(given.get("", {})) if key == reading.main else {}
    mine.update(given.get(key, {}))
    for name, value in mine.items():
        facts[name] = Fact(name, value, "given", "given explicitly")
    if "subject_age" in mine and isinstance(mine["subject_age"], int) and "is_child" not in mine:
        facts["is_child"] = Fact("is_child", mine["subject_age"] < 18, "given", "given explicitly")
    at_risk = facts.pop("at_risk_now", None)
    if at_risk is not None and at_risk.value is True and "at_risk_of_significant_harm" not in facts:
        facts["at_risk_of_significant_harm"] = Fact("at_risk_of_significant_harm", True, "text", at_risk.evidence)
    leaver = facts.get("care_leaver")
    if leaver is not None and leaver.value is True and "looked_after" not in mine:
        # A care leaver was looked after in the past; "looked after" in the rules means at the time.
        facts["looked_after"] = Fact("looked_after", False, leaver.origin, leaver.evidence)
    if "nation" not in facts:
        nation = profile(partnership)["nation"]
        facts["nation"] = Fact("nation", nation, "profile", "")
    if "died" not in facts and (
        any(facts.get(k) is not None and facts[k].value is True for k in ("serious_harm", "near_miss"))
        or (facts.get("serious_harm") is not None and facts["serious_harm"].value is False)
    ):
        facts["died"] = Fact("died", False, "default", "")
    for name in DEFAULT_ABSENT:
        if name not in facts:
            facts[name] = Fact(name, False, "default", "")
    return facts


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
    failed = [c["text"] for c, v in checked if v is False]
    unknown = [c["text"] for c, v in checked if v is None]
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
    # Being looked after or a care leaver is never assumed absent after a death: unknown asks.
    if s.flag("looked_after") is not False and s.died() and england_like and (s.flag("looked_after") or child):
        out.append(ev.simple("LACN"))
    young = s.age is not None and 16 <= s.age <= 24
    if s.died() and england_like and (s.flag("care_leaver") or (s.flag("care_leaver") is None and young)):
        out.append(ev.simple("CLN"))
        if child is False and s.flag("care_leaver"):
            out.append(ev.result("CDR", "unlikely", messages.REFERRAL_CDR_ADULT, ev.criteria("CDR")))
    if adult is not False and nation in (None, "england"):
        sar = ev.simple("SAR_M")
        if adult is True or s.flag("adult_with_care_and_support_needs"):
            out.append(sar)
            # The Board may review any case of an adult with care and support needs: offered whenever
            # the mandatory review is not clearly met, so an undecided one never hides the discretionary one.
            if sar.verdict != "likely_meets" and s.flag("adult_with_care_and_support_needs") and adult:
                out.append(ev.simple("SAR_D"))
    # A death after suspected abuse or neglect may be a domestic homicide even when the text does not say who
    # was responsible (neglect by a carer who was family): asked, not ruled out.
    # Self-neglect alone is harm by nobody else: no domestic homicide question.
    by_another = s.flag("abuse_or_neglect") is True and not (
        s.flag("self_neglect") is True and s.flag("domestic_abuse_history") is not True
    )
    abused = by_another and s.death_type() not in ("natural_expected", "accident")
    if s.died() and (s.death_type() in ("homicide", "suicide") or s.get("relationship_to_perpetrator") or abused):
        dhr = ev.simple("DHR")
        if not (s.death_type() == "suicide" and dhr.verdict == "unlikely"):
            out.append(dhr)
    if (
        s.died()
        and (s.get("learning_disability") is not False or s.get("autistic_diagnosis") is not False)
        and nation in (None, "england")
    ):
        leder = ev.simple("LEDER")
        if leder.verdict != "unlikely" or s.flag("learning_disability") or s.flag("autistic_diagnosis"):
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
            out.append(_scotland_adult(ev))
    if nation == "northern_ireland" and child is not False:
        cmr = ev.simple("CMR")
        if cmr.verdict != "likely_meets" and s.flag("good_practice_learning"):
            cmr = ev.result("CMR", "may_meet", messages.REFERRAL_NI_GOOD_PRACTICE, ev.criteria("CMR"))
        out.append(cmr)
    return out


def _scotland_adult(ev: _Evaluation) -> RouteResult:
    """Route 1 needs adult support and protection processes; route 2 (not under them, but another inquiry,
    review or court process gives cause for concern) is the Committee's to consider: may meet, never unlikely."""
    alr = ev.simple("SCO_ALR")
    checked = ev.criteria("SCO_ALR")
    others = [v for c, v in checked if c["check"] != "asp_processes"]
    asp = next(v for c, v in checked if c["check"] == "asp_processes")
    if asp is False and all(v is True for v in others):
        return ev.result("SCO_ALR", "may_meet", messages.REFERRAL_SCOT_NOT_ASP, checked)
    return alr


def follow_up_questions(
    routes: list[RouteResult], facts: Mapping[str, Fact], person_key: str = "", person: str = ""
) -> list[FollowUp]:
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
    return [FollowUp(f, spec()["questions"][f], tuple(dict.fromkeys(routes_of[f])), person_key, person) for f in ranked]


_RANK: dict[str, int] = {"likely_meets": 3, "may_meet": 2, "needs_more_info": 1, "unlikely": 0}


def _evaluated(reading: Reading) -> list[PersonReading]:
    """The people a review could be about: the main subject and anyone else harmed in the same events.
    A relative's death in the background ("her grandmother died last year") is not one of them."""
    out: list[PersonReading] = []
    for person in reading.people:
        if person.key == reading.main:
            out.insert(0, person)
            continue
        if person.role == "perpetrator" and _died_not_after_killing(person, reading):
            out.append(person)  # someone thought to have harmed another, who then died: their death is reviewed too
            continue
        if person.role == "perpetrator":
            caused = person.facts.get("child_caused_serious_harm")
            if person.facts.get("is_child") is not None and person.facts["is_child"].value is True and caused:
                out.append(person)  # a child who seriously harmed someone may be notified (table row E11)
            continue
        harmed = any(
            person.facts.get(f) is not None and person.facts[f].value is True for f in ("died", "serious_harm")
        )
        if harmed and not _is_background(person):
            out.append(person)
    return out


_BACKGROUND = frozenset(
    {
        "grandmother",
        "grandfather",
        "gran",
        "nan",
        "grandad",
        "grandma",
        "grandpa",
        "aunt",
        "uncle",
        "cousin",
        "relative",
        "nana",
        "granny",
        "auntie",
    }
)


def _at_risk_now(reading: Reading, given: Mapping[str, dict[str, Any]]) -> str:
    """The words saying someone may be at risk now, or "" when nothing does."""
    for who in given.values():
        if who.get("others_may_be_at_risk") is True or who.get("at_risk_now") is True:
            return messages.REFERRAL_RISK_GIVEN
    for person in reading.people:
        fact = person.facts.get("at_risk_now")
        if fact is not None and fact.value is True:
            return fact.evidence
    return ""


def _merge(per_person: list[tuple[PersonReading, list[RouteResult]]]) -> list[RouteResult]:
    """One verdict per route: the one for the person it most applies to, in the order routes were found."""
    best: dict[str, RouteResult] = {}
    for person, routes in per_person:
        for route in routes:
            labelled = replace(route, person=person.label, person_key=person.key)
            old = best.get(route.route)
            if old is None or _RANK[route.verdict] > _RANK[old.verdict]:
                best[route.route] = labelled
    return list(best.values())


_EVENT_UNION = (
    "died",
    "death_type",
    "serious_harm",
    "near_miss",
    "abuse_or_neglect",
    "self_neglect",
    "domestic_abuse_history",
    "exploitation",
    "relationship_to_perpetrator",
    "at_risk_now",
)


def _hedge_attribution(
    routes: list[RouteResult],
    reading: Reading,
    given: Mapping[str, dict[str, Any]],
    partnership: str,
    find_passage: PassageFinder | None,
) -> list[RouteResult]:
    """Who something happened to is the reader's least certain judgement. For each person of the situation,
    the routes are also checked as if every event read (a death, harm, abuse) had happened to them; a route
    that would then apply is never reported as unlikely, but as needing more information: who it happened to."""
    # Only people the words describe (an age, a status, something that happened to them): a sister or a friend
    # named in passing is not checked as if the events were hers.
    involved = [p for p in reading.people if p.role != "perpetrator" and not _is_background(p) and _described(p)]
    if len(involved) < 2 and not any(p.role == "perpetrator" for p in reading.people):
        return routes
    events: dict[str, Fact] = {}
    for person in reading.people:
        if _is_background(person):
            continue
        for name in _EVENT_UNION:
            if person.role == "perpetrator" and name in ("died", "death_type") and _took_own_life(person):
                continue  # the perpetrator's own death after a homicide is its own event
            fact = person.facts.get(name)
            if fact is None or fact.value is None:
                continue
            old = events.get(name)
            if old is None or old.value is None or (fact.value is True and old.value is False):
                events[name] = fact
    by_route = {r.route: r for r in routes}
    for person in involved:
        # What the words say about this person themselves ("the baby was unharmed") stands; the rest is widened.
        own = {k: f for k, f in person.facts.items() if f.value is not None and k in _EVENT_UNION}
        unharmed = own.get("serious_harm")
        if unharmed is not None and unharmed.value is False and "died" not in own:
            own["died"] = Fact("died", False, unharmed.origin, unharmed.evidence)  # "was unharmed": alive too
        widened_facts = {**person.facts, **events, **own}
        widened = Reading(
            tuple(replace(p, facts=widened_facts) if p.key == person.key else p for p in reading.people),
            reading.situation,
            reading.main,
        )
        resolved = resolve_facts(widened, person.key, given, partnership)
        _never_unlikely(by_route, resolved, person, messages.REFERRAL_WHO_IT_HAPPENED_TO, partnership, find_passage)
    return list(by_route.values())


def _hedge_geography(
    routes: list[RouteResult],
    situation: str,
    evaluated: list[PersonReading],
    resolved_of: Mapping[str, dict[str, Fact]],
    partnership: str,
    find_passage: PassageFinder | None,
) -> list[RouteResult]:
    """Where the words name places in more than one nation ("lives in Chepstow ... staying with her dad in
    Gloucester"), which nation's process applies is the reader's guess: a route that would apply in another
    nation named is never reported as unlikely, but as needing more information: where it happened."""
    named: dict[str, str] = {}
    for place, nation, _ in places_in(situation):
        named.setdefault(nation, place)
    if len(named) < 2:
        return routes
    by_route = {r.route: r for r in routes}
    for person in evaluated:
        facts = resolved_of.get(person.key, {})
        current = facts.get("nation")
        if current is None or current.origin == "given":
            continue
        for nation in sorted(set(named) - {current.value}):
            moved = {**facts, "nation": Fact("nation", nation, "text", named[nation])}
            _never_unlikely(by_route, moved, person, messages.REFERRAL_WHERE_IT_HAPPENED, partnership, find_passage)
    return list(by_route.values())


def _never_unlikely(
    by_route: dict[str, RouteResult],
    alternative: Mapping[str, Fact],
    person: PersonReading,
    reason: str,
    partnership: str,
    find_passage: PassageFinder | None,
) -> None:
    """A route that would apply with the ``alternative`` facts is shown as needing more information, for
    ``reason``, where it is now unlikely or left out (a fallback review is not added beside its statutory route)."""
    for wide in evaluate_routes(_Evaluation(Situation(alternative), partnership, find_passage)):
        if wide.verdict not in ("likely_meets", "may_meet") or _covered(wide.route, by_route):
            continue
        now = by_route.get(wide.route)
        if now is None or now.verdict == "unlikely":
            by_route[wide.route] = replace(
                now or wide,
                verdict="needs_more_info",
                reason=reason,
                person=now.person if now else person.label,
                person_key=now.person_key if now else person.key,
            )


def _described(person: PersonReading) -> bool:
    """The words say something of this person: an age, a child or an adult, a status, something that happened
    to them. (Leaving out a child or adult read from the role word alone, "the baby", cost a critical miss on
    dev: such a person is still checked.)"""
    return any(f.value is not None for f in person.facts.values())


# Routes for a case no statutory route takes: not suggested "in case" when that statutory route already applies.
_FALLBACK_OF = {"LLR": ("SIN", "RR", "LCSPR"), "SAR_D": ("SAR_M",)}


def _covered(route: str, by_route: Mapping[str, RouteResult]) -> bool:
    return any(
        by_route[r].verdict in ("likely_meets", "may_meet") for r in _FALLBACK_OF.get(route, ()) if r in by_route
    )


def _died_not_after_killing(person: PersonReading, reading: Reading) -> bool:
    """A perpetrator who died, where nobody else was killed: "she would say he'd hit her ... he hanged himself"."""
    died = person.facts.get("died")
    if died is None or died.value is not True:
        return False
    killed = (
        p.facts.get("death_type") is not None and p.facts["death_type"].value == "homicide"
        for p in reading.people
        if p.key != person.key
    )
    return not any(killed)


def _took_own_life(person: PersonReading) -> bool:
    fact = person.facts.get("death_type")
    return fact is not None and fact.value == "suicide"


def _is_background(person: PersonReading) -> bool:
    return person.label.split()[-1].lower() in _BACKGROUND and "relationship_to_perpetrator" not in person.facts


def check_referral(
    situation: str,
    facts: Mapping[str, Any] | None = None,
    partnership: str = "national",
    find_passage: PassageFinder | None = None,
    semantic: SemanticReader | None = None,
) -> ReferralResult:
    """Suggest which review or notification routes might apply, person by person, every criterion explained.

    Raises:
        UnknownPartnershipError: no profile of that name.
    """
    profile(partnership)  # fail early on an unknown profile
    given, warnings = split_given(facts)
    reading = read(situation, semantic)
    evaluated = _evaluated(reading)
    per_person: list[tuple[PersonReading, list[RouteResult]]] = []
    resolved_of: dict[str, dict[str, Fact]] = {}
    questions: list[FollowUp] = []
    for person in evaluated:
        resolved = resolve_facts(reading, person.key, given, partnership)
        resolved_of[person.key] = resolved
        ev = _Evaluation(Situation(resolved), partnership, find_passage)
        routes = evaluate_routes(ev)
        per_person.append((person, routes))
        key = "" if person.key == reading.main else person.key
        questions.extend(follow_up_questions(routes, resolved, key, "" if not key else person.label))
    routes = _hedge_attribution(_merge(per_person), reading, given, partnership, find_passage)
    routes = _hedge_geography(routes, situation, evaluated, resolved_of, partnership, find_passage)
    main_facts = resolved_of.get(reading.main) or resolve_facts(reading, reading.main, given, partnership)
    seen: set[str] = set()
    unique_questions = [q for q in questions if not (q.key in seen or seen.add(q.key))]  # type: ignore[func-returns-value]
    door = front_door_of(partnership)
    danger = _at_risk_now(reading, given)
    notices: list[Notice] = []
    if danger:
        urgent = emergency_notice(door)
        notices.append(Notice(urgent.kind, f"{urgent.text} {messages.REFERRAL_DANGER_BECAUSE.format(words=danger)}"))
    notices.append(Notice("guidance", messages.referral_safeguarding_first(door.name)))
    notices.append(Notice("guidance", messages.REFERRAL_NOT_A_DECISION))
    if Situation(main_facts).nation == "northern_ireland" and Situation(main_facts).is_adult() is not False:
        notices.append(Notice("guidance", messages.REFERRAL_NI_ADULTS))
    if not any(r.verdict != "unlikely" for r in routes):
        notices.append(Notice("guidance", messages.REFERRAL_NO_ROUTE))
    evaluated_keys = {p.key for p in evaluated}
    people = tuple(
        PersonResult(
            p.key,
            p.label,
            p.role,
            resolved_of.get(p.key, p.facts),
            p.key == reading.main,
            p.key in evaluated_keys,
        )
        for p in reading.people
    )
    return ReferralResult(
        tuple(routes),
        tuple(unique_questions),
        main_facts,
        tuple(notices),
        partnership,
        tuple(warnings),
        people,
        danger,
        summarise(routes, people, unique_questions),
    )
