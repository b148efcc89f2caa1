"""Three-valued checks of each criterion, and each route's verdict, following the specification's
decision tables and reference pseudo-code (``True`` met, ``False`` not met, ``None`` unknown).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from assistant.referral.models import Fact, Verdict

Tri = bool | None


def tri_and(*values: Tri) -> Tri:
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def tri_or(*values: Tri) -> Tri:
    if any(v is True for v in values):
        return True
    if any(v is None for v in values):
        return None
    return False


def label(value: Tri, discretionary: bool = False) -> Verdict:
    if value is True:
        return "may_meet" if discretionary else "likely_meets"
    return "unlikely" if value is False else "needs_more_info"


@dataclass(frozen=True)
class Situation:
    """Facts with the accessors the rules need."""

    facts: Mapping[str, Fact]

    def get(self, name: str) -> object:
        fact = self.facts.get(name)
        return fact.value if fact else None

    def flag(self, name: str) -> Tri:
        value = self.get(name)
        return value if isinstance(value, bool) else None

    @property
    def age(self) -> int | None:
        value = self.get("subject_age")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def nation(self) -> str | None:
        value = self.get("nation")
        return value if isinstance(value, str) and value != "unknown" else None

    def age_at_least(self, years: int) -> Tri:
        if self.age is not None:
            return self.age >= years
        child = self.flag("is_child")
        if child is True and years >= 18:
            return False
        if child is False and years <= 18:
            return True
        return None

    def is_child(self) -> Tri:
        if self.age is not None:
            return self.age < 18
        return self.flag("is_child")

    def is_adult(self) -> Tri:
        child = self.is_child()
        return None if child is None else not child

    def in_nation(self, *nations: str) -> Tri:
        return None if self.nation is None else self.nation in nations

    def died(self) -> Tri:
        return self.flag("died")

    def death_type(self) -> str | None:
        value = self.get("death_type")
        return value if isinstance(value, str) else None

    def abuse_or_neglect(self) -> Tri:
        """Abuse or neglect known or suspected; for adults, self-neglect counts."""
        if self.flag("abuse_or_neglect") is True or self.flag("self_neglect") is True:
            return True
        return self.flag("abuse_or_neglect")

    def died_or_serious_harm(self) -> Tri:
        if self.died() is True or self.flag("serious_harm") is True:
            return True
        if self.died() is False:
            return self.flag("serious_harm")
        return None


def _england_geography(s: Situation) -> Tri:
    if s.nation is None:
        return None
    if s.nation == "england":
        return True
    # s16C(1)(b): a child normally resident in an English area, harmed or killed outside England.
    return s.get("normally_resident_nation") == "england"


def _dhr_relationship(s: Situation) -> Tri:
    rel = s.get("relationship_to_perpetrator")
    if rel in (
        "relative",
        "relative_household",
        "intimate_partner_current",
        "intimate_partner_former",
        "household_member",
    ):
        return True
    if rel in ("stranger", "other_known", "none"):
        return False
    if rel is None and s.death_type() == "suicide":
        return True if s.flag("domestic_abuse_history") else None
    return None


def _dhr_cause(s: Situation) -> Tri:
    death = s.death_type()
    if death == "homicide":
        return True
    if death == "suicide":
        return s.flag("domestic_abuse_history")
    return None


def _leder_eligible(s: Situation) -> Tri:
    ld = tri_and(s.flag("learning_disability"), s.age_at_least(4))
    autism = tri_and(s.flag("autistic_diagnosis"), s.age_at_least(18))
    return tri_or(ld, autism)


def _alive_serious_abuse(s: Situation) -> Tri:
    """Alive and serious abuse or neglect known or suspected. A near miss after abuse or neglect ("another hour
    out there and he would have died") leaves open whether the neglect was serious, whatever the injuries."""
    if s.abuse_or_neglect() is True and s.flag("serious_harm") is False and s.flag("near_miss") is True:
        return None
    return tri_and(s.abuse_or_neglect(), s.flag("serious_harm"))


def _sar_condition(s: Situation) -> Tri:
    if s.died() is True:
        return s.abuse_or_neglect()
    if s.died() is False:
        return _alive_serious_abuse(s)
    return None


def _wales_harm(s: Situation) -> Tri:
    return s.died_or_serious_harm()


def _scot_child_factor(s: Situation) -> Tri:
    death = s.death_type()
    violent = None if s.died() and death is None else death in ("suicide", "homicide")
    register = tri_or(s.flag("on_child_protection_register"), s.flag("sibling_on_child_protection_register"))
    return tri_or(s.abuse_or_neglect(), register, violent)


def _scot_adult_harm(s: Situation) -> Tri:
    if s.died() is True:
        return True if s.death_type() in ("suicide", "accident", "homicide") else s.abuse_or_neglect()
    if s.died() is False:
        return _alive_serious_abuse(s)
    return None


def _ni_factor(s: Situation) -> Tri:
    return tri_or(
        s.abuse_or_neglect(),
        s.flag("on_child_protection_register"),
        s.flag("sibling_on_child_protection_register"),
        s.flag("looked_after"),
        s.flag("sibling_looked_after"),
    )


def _local_learning(s: Situation) -> Tri:
    # Harm below the serious threshold where abuse or neglect is suspected is learning too (table row E4).
    below_threshold = True if s.flag("serious_harm") is not True and s.abuse_or_neglect() is True else None
    signals = (
        s.flag("near_miss"),
        below_threshold,
        s.flag("at_risk_of_significant_harm"),
        s.flag("good_practice_learning"),
        s.flag("child_caused_serious_harm"),
        True if s.death_type() == "suicide" else None,
    )
    return True if any(v is True for v in signals) else None


CHECKS: dict[str, Callable[[Situation], Tri]] = {
    "in_england": _england_geography,
    "in_wales": lambda s: s.in_nation("wales"),
    "in_scotland": lambda s: s.in_nation("scotland"),
    "in_ni": lambda s: s.in_nation("northern_ireland"),
    "england_or_wales": lambda s: s.in_nation("england", "wales"),
    "is_child": lambda s: s.is_child(),
    "is_adult": lambda s: s.is_adult(),
    "age_ge_16": lambda s: s.age_at_least(16),
    "age_le_24": lambda s: None if s.age is None else s.age <= 24,
    "died": lambda s: s.died(),
    "died_or_serious_harm": lambda s: s.died_or_serious_harm(),
    "abuse_or_neglect": lambda s: s.abuse_or_neglect(),
    "serious_child_case": lambda s: tri_and(s.died_or_serious_harm(), s.abuse_or_neglect()),
    "learning_for_agencies": lambda s: s.flag("concern_agencies_could_have_worked_better"),
    "looked_after": lambda s: s.flag("looked_after"),
    "care_leaver": lambda s: s.flag("care_leaver"),
    "care_needs": lambda s: s.flag("adult_with_care_and_support_needs"),
    "agencies_concern": lambda s: s.flag("concern_agencies_could_have_worked_better"),
    "sar_condition": _sar_condition,
    "dhr_relationship": _dhr_relationship,
    "dhr_cause": _dhr_cause,
    "leder_eligible": _leder_eligible,
    "wales_harm": _wales_harm,
    "wales_child_type": lambda s: True,  # decides the type, not whether the route applies
    "wales_adult_type": lambda s: True,
    "adult_at_risk": lambda s: tri_and(s.flag("adult_with_care_and_support_needs"), s.abuse_or_neglect()),
    # Scotland counts risk of significant harm, so near misses are in scope.
    "scot_child_harm": lambda s: tri_or(
        s.died_or_serious_harm(), s.flag("at_risk_of_significant_harm"), True if s.flag("near_miss") else None
    ),
    "scot_child_factor": _scot_child_factor,
    "asp_processes": lambda s: s.flag("subject_to_asp_processes"),
    "scot_adult_harm": _scot_adult_harm,
    "ni_harm": lambda s: s.died_or_serious_harm(),
    "ni_factor": _ni_factor,
    "local_learning": _local_learning,
    # Filled in by the evaluator from other routes' verdicts:
    "sin_likely": lambda s: None,
    "statutory_routes_not_met": lambda s: None,
}


def wales_child_type(s: Situation) -> str:
    on_register = s.flag("on_child_protection_register")
    looked_after = s.flag("looked_after")
    recent = tri_or(on_register, looked_after)
    return {True: "extended", False: "concise", None: "needs_more_info"}[recent]


def wales_adult_type(s: Situation) -> str:
    action = s.flag("la_protective_action_within_6_months")
    return {True: "extended", False: "concise", None: "concise"}[action]
