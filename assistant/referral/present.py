"""What a practitioner reads first: the verdicts in plain sentences, person by person, and the decisive
facts with the words they came from, ready to be corrected. Every channel renders this summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant import messages
from assistant.referral.models import Fact, FollowUp, PersonResult, RouteResult

# Facts a practitioner may need to correct, in the order they decide routes.
DECISIVE = (
    "subject_age",
    "died",
    "death_type",
    "serious_harm",
    "near_miss",
    "abuse_or_neglect",
    "domestic_abuse_history",
    "relationship_to_perpetrator",
    "adult_with_care_and_support_needs",
    "learning_disability",
    "autistic_diagnosis",
    "looked_after",
    "care_leaver",
    "on_child_protection_register",
    "concern_agencies_could_have_worked_better",
    "nation",
    "subject_to_asp_processes",
    "la_protective_action_within_6_months",
)
_POSITIVE = ("likely_meets", "may_meet")


@dataclass(frozen=True)
class DecisiveFact:
    """One fact a practitioner can confirm or correct: ``key`` is what to send back (``died``, ``p2.died``)."""

    key: str
    fact: str
    label: str
    value: Any
    value_text: str
    words: str  # the words it was read from; "" when not read from the description
    choices: tuple[tuple[str, str], ...]  # (value to send, what to show)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "fact": self.fact,
            "label": self.label,
            "value": self.value,
            "value_text": self.value_text,
            "words": self.words,
            "choices": [{"value": v, "text": t} for v, t in self.choices],
        }


@dataclass(frozen=True)
class PersonLine:
    key: str
    label: str
    text: str
    facts: tuple[DecisiveFact, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "text": self.text, "facts": [f.as_dict() for f in self.facts]}


@dataclass(frozen=True)
class Summary:
    headline: str
    people: tuple[PersonLine, ...]
    nothing_applies: bool
    questions: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "headline": self.headline,
            "people": [p.as_dict() for p in self.people],
            "nothing_applies": self.nothing_applies,
            "questions": list(self.questions),
        }


def _choices(fact: str) -> tuple[tuple[str, str], ...]:
    options = messages.REFERRAL_FACT_CHOICES.get(fact)
    if options:
        return (*tuple(options.items()), ("", messages.ANSWER_NOT_KNOWN))
    if fact == "subject_age":
        return ()
    return (("true", messages.ANSWER_YES), ("false", messages.ANSWER_NO), ("", messages.ANSWER_NOT_KNOWN))


def decisive_facts(person: PersonResult, main: bool, asked: set[str]) -> tuple[DecisiveFact, ...]:
    """The decisive facts read about a person (from the description or given), and those still asked."""
    out = []
    prefix = "" if main else f"{person.key}."
    for name in DECISIVE:
        fact: Fact | None = person.facts.get(name)
        read = fact is not None and fact.origin in ("text", "given") and fact.value is not None
        if not read and f"{prefix}{name}" not in asked:
            continue
        value = fact.value if fact is not None else None
        words = fact.evidence if fact is not None and fact.origin == "text" else ""
        if fact is not None and fact.origin == "given":
            words = messages.REFERRAL_GIVEN
        out.append(
            DecisiveFact(
                f"{prefix}{name}",
                name,
                messages.REFERRAL_FACT_LABELS.get(name, name),
                value,
                messages.referral_value(name, value),
                words,
                _choices(name),
            )
        )
    return tuple(out)


def summarise(
    routes: Sequence[RouteResult],
    people: Sequence[PersonResult],
    questions: Sequence[FollowUp],
) -> Summary:
    positive = [r for r in routes if r.verdict in _POSITIVE]
    open_routes = [r for r in routes if r.verdict == "needs_more_info"]
    nothing = not positive and not open_routes
    asked = {q.key for q in questions}
    lines = []
    for person in people:
        if not person.evaluated and person.role != "perpetrator":
            continue
        mine = [r for r in routes if r.person_key == person.key]
        lines.append(
            PersonLine(
                person.key,
                person.label,
                messages.referral_person_line(person.label, person.role, _about(person.facts), mine),
                decisive_facts(person, person.main, asked) if person.evaluated else (),
            )
        )
    headline = messages.referral_headline(
        [r.name for r in positive if r.verdict == "likely_meets"],
        [r.name for r in positive if r.verdict == "may_meet"],
        [r.name for r in open_routes],
    )
    return Summary(headline, tuple(lines), nothing, tuple(q.question for q in questions[:5]))


def _about(facts: Mapping[str, Fact]) -> list[str]:
    """Short plain phrases for what happened to the person: "died (suicide)", "seriously harmed"."""
    out = []
    for name in ("died", "serious_harm", "near_miss", "abuse_or_neglect", "domestic_abuse_history"):
        fact = facts.get(name)
        if fact is not None and fact.value is True and fact.origin in ("text", "given"):
            phrase = messages.REFERRAL_HAPPENED[name]
            death = facts.get("death_type")
            if name == "died" and death is not None and isinstance(death.value, str):
                phrase = f"{phrase} ({messages.referral_value('death_type', death.value)})"
            out.append(phrase)
    return out
