"""Read a situation into people and what happened to each, with the words every fact came from.

Three layers, each doing what it is good at:
- deterministic rules for ages, places, people and relationships (``ages``, ``people``, the gazetteer);
- medspaCy's ConText for negation, uncertainty and hypotheticals over the target words in
  ``lexicon.yaml`` (``assertions``);
- clause classifiers on frozen MiniLM embeddings for the facts practitioners phrase in endless ways
  (``semantic``); they only ever add a fact the words missed, and never rule one out.
Facts the text does not give stay unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from assistant.referral.gazetteer import places_in
from assistant.referral.models import Fact, FactValue
from assistant.referral.reading.assertions import Clause, Hit, Parsed, clause_assertion, parse
from assistant.referral.reading.people import Cast, Mention, Person, cast_of
from assistant.referral.reading.semantic import SemanticReader

# What a word category says, when affirmed: (fact, value) pairs; the first is the one a negation denies.
IMPLIES: dict[str, tuple[tuple[str, FactValue], ...]] = {
    "DIED": (("died", True),),
    "SURVIVED": (("died", False),),
    "SUICIDE": (("death_type", "suicide"), ("died", True)),
    "HOMICIDE": (("death_type", "homicide"), ("died", True), ("abuse_or_neglect", True)),
    "ACCIDENT": (("death_type", "accident"),),
    "ACCIDENT_DEATH": (("death_type", "accident"), ("died", True)),
    "NATURAL_EXPECTED": (("death_type", "natural_expected"),),
    "SUDI": (("death_type", "sudi_unexplained"), ("died", True)),
    "SERIOUS_HARM": (("serious_harm", True),),
    "MINOR_HARM": (("serious_harm", False),),
    "NO_HARM": (("serious_harm", False),),
    "HARM_ANY": (),
    "NEAR_MISS": (("near_miss", True),),
    "ABUSE_NEGLECT": (("abuse_or_neglect", True),),
    "CARE_GOOD": (("abuse_or_neglect", False),),
    "KNOWN_TO_SERVICES": (("abuse_or_neglect", True),),
    "CONCERNS": (("abuse_or_neglect", True),),
    "SELF_NEGLECT": (("self_neglect", True), ("abuse_or_neglect", True)),
    "DOMESTIC_ABUSE": (("domestic_abuse_history", True), ("abuse_or_neglect", True)),
    "EXPLOITATION": (("exploitation", True), ("abuse_or_neglect", True)),
    "CARE_NEEDS": (("adult_with_care_and_support_needs", True),),
    "LEARNING_DISABILITY": (("learning_disability", True), ("adult_with_care_and_support_needs", True)),
    "AUTISM": (("autistic_diagnosis", True),),
    "LOOKED_AFTER": (("looked_after", True),),
    "CARE_LEAVER": (("care_leaver", True),),
    "CP_PLAN": (("on_child_protection_register", True),),
    "AGENCIES_CONCERN": (("concern_agencies_could_have_worked_better", True),),
    "AGENCIES_GOOD": (("concern_agencies_could_have_worked_better", False),),
    "GOOD_PRACTICE": (("good_practice_learning", True),),
    "ASP": (("subject_to_asp_processes", True),),
    "LA_PROTECTIVE": (("la_protective_action_within_6_months", True),),
    "AT_RISK_NOW": (("at_risk_now", True),),
    "CHILD_CAUSED_HARM": (("child_caused_serious_harm", True),),
}
# Suspicion is enough for these: "concerns about neglect", "?NAI", "suspected DA" affirm them.
SUSPICION_COUNTS = frozenset(
    {
        "ABUSE_NEGLECT",
        "SELF_NEGLECT",
        "DOMESTIC_ABUSE",
        "EXPLOITATION",
        "AT_RISK_NOW",
        "AGENCIES_CONCERN",
        "HOMICIDE",
        "SUICIDE",
        "SUDI",
        "NEAR_MISS",
    }
)
# Facts about the whole situation rather than one person.
SITUATION_FACTS = frozenset(
    {
        "concern_agencies_could_have_worked_better",
        "good_practice_learning",
        "subject_to_asp_processes",
        "la_protective_action_within_6_months",
    }
)
# Categories about something that happened to someone: they belong to the person it happened to.
EVENTS = frozenset(
    {
        "DIED",
        "SURVIVED",
        "SUICIDE",
        "HOMICIDE",
        "ACCIDENT",
        "ACCIDENT_DEATH",
        "SUDI",
        "SERIOUS_HARM",
        "MINOR_HARM",
        "NO_HARM",
        "HARM_ANY",
        "NEAR_MISS",
        "ABUSE_NEGLECT",
        "DOMESTIC_ABUSE",
        "EXPLOITATION",
        "NATURAL_EXPECTED",
    }
)
# Categories about who someone is (diagnoses, plans, care): they belong to the clause's subject.
STATUS = frozenset({"CARE_NEEDS", "LEARNING_DISABILITY", "AUTISM", "LOOKED_AFTER", "CARE_LEAVER", "CP_PLAN"})
# Verbs whose object is the person harmed: "he killed his partner", "she was assaulted by".
_HARM_VERB = re.compile(
    r"\b(killed|kill(?:s|ing)?|murdered|stabbed|strangled|strangles|shot|assaulted|attacked|attacks|beat(?:s|en)?|"
    r"punched|punches|kicked|kicks|hit|hits|shook|shaken|smothered|suffocated|poisoned|harmed|hurt|hurts|injured|"
    r"abused|abuses|raped|neglected|exploited|groomed|threatened|threatens|controlled|controls|choked|chokes|"
    r"burned|scalded|pushed|pushes|slapped|slaps|drowned)\b",
    re.I,
)
_PASSIVE_BEFORE = re.compile(r"\b(was|were|been|being|got|is|are|had been|has been)\s+(?:\w+\s+)?$", re.I)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:with|to|from|by|for|at|and|of|told|called|rang)\s+(?:(?:his|her|their|the|a)\s+)?$", re.I
)
# "returned to mum", "staying with her dad", "found by a neighbour": after a finding, not whom it is about
# (unlike "the death of Callum", "concerns for the baby", "no injuries to his brother").
_PLACE_OR_COMPANY_BEFORE = re.compile(
    r"\b(?:with|from|by|at|(?:returned|went|gone|taken|sent|back|home|moved|released|handed) to)\s+"
    r"(?:(?:his|her|their|the|a)\s+)?$",
    re.I,
)
_BY = re.compile(r"\bby\s+(?:(?:his|her|their|the|a|an|its)\s+)?", re.I)
_STOP = re.compile(r"[.;!?]|\b(who|which|after|because|when|while|before|since|although|but)\b", re.I)
# "brother charged w/ manslaughter", "son arrested on suspicion of murder": the one named did it.
_ACCUSED_BEFORE = re.compile(
    r"\b(?:charged|arrested|convicted|remanded|detained|held|questioned|interviewed)\b[^.;]{0,30}(?:$|murder|manslaughter)",
    re.I,
)
_CARER_RELATIONS = frozenset({"parent", "partner", "carer"})
_REFLEXIVE = frozenset({"himself", "herself", "themselves"})
_RELATION_OF_ROLE = {
    "partner": "intimate_partner_current",
    "ex_partner": "intimate_partner_former",
    "parent": "relative",
    "child_of": "relative",
    "sibling": "relative",
    "relative": "relative",
    "household": "household_member",
    "carer": "other_known",
    "known": "other_known",
    "stranger": "stranger",
}
_HOUSEHOLD = re.compile(r"\b(lived with|living with|lives with|shared (?:a |the )?(?:flat|house|home))\b", re.I)
_RESIDENCE = re.compile(
    r"\b(lives? in|living in|lived in|from|resident in|normally (?:lives|resides) in|home (?:is )?in|"
    r"placed (?:by|from)|looked after by)\s+(?:the\s+)?(?:\w+\s+){0,2}$",
    re.I,
)


@dataclass
class _Value:
    value: FactValue
    evidence: str
    rank: int  # 3 words, 2 semantic, 1 inferred


@dataclass
class PersonReading:
    """What the text says about one person."""

    key: str
    label: str
    role: str  # subject / perpetrator / relative / other
    facts: dict[str, Fact] = field(default_factory=dict)


@dataclass(frozen=True)
class Reading:
    people: tuple[PersonReading, ...]
    situation: dict[str, Fact]
    main: str  # key of the main subject

    def person(self, key: str) -> PersonReading | None:
        return next((p for p in self.people if p.key == key), None)


class _Board:
    """Facts per person as they are read, keeping the strongest and, at equal strength, the safer value."""

    def __init__(self) -> None:
        self.values: dict[str, dict[str, _Value]] = {}

    def put(self, who: str, fact: str, value: FactValue, evidence: str, rank: int) -> None:
        slot = self.values.setdefault(who, {})
        old = slot.get(fact)
        if old is None or rank > old.rank or (rank == old.rank and _safer(value, old.value)):
            slot[fact] = _Value(value, evidence, rank)

    def get(self, who: str, fact: str) -> FactValue:
        value = self.values.get(who, {}).get(fact)
        return value.value if value else None


def _safer(new: FactValue, old: FactValue) -> bool:
    """At equal strength, a fact that keeps a route open wins: True over unknown over False."""
    order = {True: 2, None: 1, False: 0}
    if isinstance(new, bool | None) and isinstance(old, bool | None):
        return order[new] > order[old]
    return False


def _possessive(mention: Mention, cast: Cast) -> bool:
    """ "his" in "his partner": a pronoun that owns the next role word is not itself the person meant."""
    if not mention.pronoun or mention.words.lower() not in ("his", "her", "their"):
        return False
    return any(0 < m.start - mention.end <= 25 and not m.pronoun for m in cast.mentions)


def _people_in(cast: Cast, start: int, end: int) -> list[tuple[Mention, Person]]:
    return [(m, p) for m, p in cast.in_span(start, end) if not _possessive(m, cast)]


def _victims_and_actor(
    text: str, hit: Hit, clause: Clause, cast: Cast
) -> tuple[list[Person], Person | None, Mention | None, bool]:
    """For a harm verb: who it was done to, who did it, the actor's mention, and whether it was done to self."""
    verb = None
    for match in _HARM_VERB.finditer(text, max(clause.start, hit.start - 12), min(clause.end, hit.end + 12)):
        verb = match
        break
    if verb is None:
        return [], None, None, False
    sentence_end = _STOP.search(text, verb.end(), clause.end)
    after_end = sentence_end.start() if sentence_end else clause.end
    before = _people_in(cast, clause.start, verb.start())
    after = _people_in(cast, verb.end(), after_end)
    by_person = _BY.search(text, verb.end(), after_end)
    passive = (
        bool(_PASSIVE_BEFORE.search(text[clause.start : verb.start()]))
        or bool(re.match(r"\s+by\b", text[verb.end() : verb.end() + 4]))
        # "Bethan L, stabbed at home last night by her husband": a participle whose doer comes after "by".
        or (by_person is not None and any(m.start >= by_person.end() - 1 for m, _ in after))
    )
    if passive:
        by = _BY.search(text, verb.end(), after_end)
        actor = next(((m, p) for m, p in after if by and m.start >= by.start()), None)
        if not before:  # "Mrs A, 70, killed at her home by her son": the one harmed is earlier in the sentence
            sentence = max((m.end() for m in re.finditer(r"[.!?]\s|\n", text[: verb.start()])), default=0)
            before = _people_in(cast, sentence, verb.start())
        victims = [before[-1][1]] if before else []
        return victims, actor[1] if actor else None, actor[0] if actor else None, False
    if after:
        actor = before[-1] if before else None
        victims, reflexive = [], False
        for m, p in after:
            if m.words.lower() in _REFLEXIVE:
                reflexive = True
            elif actor is None or p is not actor[1]:
                victims.append(p)
        return list(dict.fromkeys(victims)), actor[1] if actor else None, actor[0] if actor else None, reflexive
    return ([before[-1][1]] if before else []), None, None, False


def _about(
    text: str, start: int, clause: Clause, cast: Cast, main: Person | None, status: bool = False
) -> Person | None:
    """The person a fact at ``start`` is about. An event: the nearest person before it in the clause. A
    status (a diagnosis, a plan, being in care): the clause's subject, the first person it names. Else the
    first person after it, else the person the record is about."""
    before = _people_in(cast, clause.start, start)
    if before:
        if status:
            # "her son Richard, who lived with her and has schizophrenia": a "who" clause is about the one before it.
            who = [w.start() for w in re.finditer(r",?\s+who\b", text[clause.start : start])]
            if who:
                owners = [(m, p) for m, p in before if m.start < clause.start + who[-1] and not m.pronoun]
                if owners:
                    return owners[-1][1]
            return before[0][1]
        # "X, 27, lived with his mum ... died": someone named after a preposition is not who it happened to.
        subjects = [(m, p) for m, p in before if not _PREPOSITION_BEFORE.search(text[max(0, m.start - 14) : m.start])]
        return (subjects or before)[-1][1]
    after = _people_after(text, cast, start, clause.end)
    if after:
        return after[0][1]
    # Findings with nobody named ("GCS 8, bulging fontanelle") are about the person the record is about.
    return main or cast.last_before(clause.start)


def _clause_of(parsed: Parsed, offset: int) -> Clause:
    for clause in parsed.clauses:
        if clause.start <= offset < clause.end:
            return clause
    return Clause(offset, offset + 1, "")


# Safeguarding processes among the words for suspected abuse: their absence is no finding.
_PROCESS = re.compile(
    r"strategy|\bs ?4[27]\b|section 4[27]|arrest|charged|\brui\b|investigation|bail|police protection|"
    r"protection order|\bepo\b",
    re.I,
)
_NEGATION_WORD = re.compile(r"\b(?:not|never|no|nobody|no one|no-one|failed)\b|n['’]t\b", re.I)


def _values(hit: Hit) -> list[tuple[str, FactValue, int]]:
    """(fact, value, rank) that one word hit asserts, after its ConText modifiers."""
    implied = IMPLIES.get(hit.category, ())
    if hit.category == "HARM_ANY":
        return [("serious_harm", False, 3)] if hit.negated else []
    if hit.hypothetical and not hit.negated:
        if hit.category in ("DIED", "SUICIDE", "HOMICIDE", "SERIOUS_HARM", "SUDI", "ACCIDENT_DEATH"):
            out: list[tuple[str, FactValue, int]] = [("near_miss", True, 3)]
            if hit.category != "SERIOUS_HARM":
                out.append(("died", False, 1))
            return out
        if hit.category in ("NEAR_MISS", "AT_RISK_NOW"):
            return [(f, v, 3) for f, v in implied]
        return []
    if hit.category in ("NEAR_MISS", "AT_RISK_NOW"):
        # "could have died", "had not swallowed": the words are already counterfactual; a negation or an
        # "if" around them ("if the neighbour had not called, he could have drowned") does not undo them.
        # Nor near words of danger now ("does not want to go home tonight", "has not been found", "is not
        # safe"): a missed emergency costs more than an extra notice.
        return [(f, v, 3) for f, v in implied]
    if hit.category == "ABUSE_NEGLECT" and hit.negated and _PROCESS.search(hit.words):
        # "No strategy discussion has taken place", "not arrested": a process not (yet) started says
        # nothing about whether there was abuse or neglect.
        return []
    if hit.category == "AGENCY_ACTION":
        # A step services take says something only when the words say it was not taken ("the GP was never
        # told": the negation may sit inside the words themselves).
        not_taken = hit.negated or bool(_NEGATION_WORD.search(hit.words))
        return [("concern_agencies_could_have_worked_better", True, 2)] if not_taken and not hit.uncertain else []
    if hit.category == "AGENCIES_CONCERN" and hit.negated:
        # "the GP was never told", "it was never sent, and the HV wasn't told": the words name a failure, often
        # with its own negation, which a cue nearby does not undo; "no gaps in" leaves it open, never false.
        return [(f, v, 3) for f, v in implied] if _NEGATION_WORD.search(hit.words) else []
    if hit.category in ("KNOWN_TO_SERVICES", "CONCERNS"):
        # "Not known to any services" leans against abuse or neglect without ruling it out: the weakest word.
        return [("abuse_or_neglect", False, 1)] if hit.negated else []
    if hit.negated:
        if not implied or hit.category in (
            "MINOR_HARM",
            "NO_HARM",
            "SURVIVED",
            "CARE_GOOD",
            "HOMICIDE",
            "SUICIDE",
            "SUDI",
            "ACCIDENT",
            "NATURAL_EXPECTED",
            "NEAR_MISS",
        ):
            return []
        fact, value = implied[0]
        if hit.category == "AGENCIES_GOOD":
            return [(fact, True, 3)]
        return [(fact, (not value) if isinstance(value, bool) else None, 3)]
    if hit.uncertain and hit.category not in SUSPICION_COUNTS:
        fact, _ = implied[0] if implied else ("", None)
        return [(fact, None, 3)] if fact else []
    return [(f, v, 3) for f, v in implied]


def _nation(text: str) -> tuple[Fact | None, Fact | None]:
    incident: Fact | None = None
    residence: Fact | None = None
    others: list[Fact] = []
    for place, nation, offset in places_in(text):
        before = text[max(0, offset - 40) : offset]
        if _RESIDENCE.search(before):
            residence = residence or Fact("normally_resident_nation", nation, "text", place)
        else:
            others.append(Fact("nation", nation, "text", place))
    away = [f for f in others if residence is not None and f.value != residence.value]
    incident = away[0] if away else (others[0] if others else None)
    if incident is None and residence is not None:
        incident = Fact("nation", residence.value, "text", residence.evidence)
    return incident, residence


_BACKGROUND_ROLES = frozenset({"grandmother", "grandfather", "aunt", "uncle", "cousin", "relative", "grandchild"})
_FAMILY_ROLES = frozenset({"parent", "partner", "ex_partner", "relative", "carer", "known", "household", "stranger"})


# Someone who rang, reported or found it ("02:14 call from female at an address", "found by a carer",
# "informed by Kayleigh's partner") tells of the events: not whom the record is about.
_REPORTER_BEFORE = re.compile(
    r"\b(?:call(?:ed|s)?|phone ?call|ringing|rang|phoned|referral|referred|report(?:ed|s)?|message|e-?mail|"
    r"text|voicemail|informed|told|alerted|raised|found|discovered|contact(?:ed)?)\s+(?:in\s+)?(?:from|by)\s+"
    r"(?:an?\s+|the\s+|(?:his|her|their|[A-Z]\w+'s)\s+)?$",
    re.I,
)


def _reporter(person: Person, text: str) -> bool:
    """Someone introduced as who rang or found it, by a role word alone ("call from female", "found by a
    carer"). Not someone named or given an age ("Call from Mr Hill, 70, who says his son hits him"): a caller
    so described is often the one harmed."""
    if person.age is not None or any(m.role == "named" for m in person.mentions):
        return False
    start = person.first.start
    return bool(_REPORTER_BEFORE.search(text[max(0, start - 40) : start]))


def _topic(people: list[Person], text: str) -> Person | None:
    """Whom a record is about when a clause names nobody: the first person named who is not introduced by
    their relation to someone else ("Mum", "her partner", "a neighbour") or as who rang or reported it; else
    the first child; else the first."""
    told = [p for p in people if not _reporter(p, text)] or people
    own = next((p for p in told if p.first.relation not in _FAMILY_ROLES and not p.first.pronoun), None)
    child = next((p for p in told if p.group == "child"), None)
    return own or child or (told[0] if told else None)


def _main_subject(people: Iterable[Person], board: _Board, roles: dict[str, str]) -> Person | None:
    candidates = [p for p in people if roles.get(p.key) != "perpetrator"]
    # A grandparent's or aunt's death is background unless nobody else is in the situation.
    ranked = [p for p in candidates if p.role not in _BACKGROUND_ROLES] or candidates
    for fact in ("died", "serious_harm", "near_miss", "abuse_or_neglect"):
        hit = next((p for p in ranked if board.get(p.key, fact) is True), None)
        if hit is not None:
            return hit
    child = next((p for p in ranked if p.group == "child"), None)
    return child or (ranked[0] if ranked else None)


def read(text: str, semantic: SemanticReader | None = None) -> Reading:
    """People and facts of a situation; ``semantic`` adds what the words miss (skip it for rules alone)."""
    cast = cast_of(text)
    parsed = parse(text)
    board = _Board()
    roles: dict[str, str] = {}
    relation_to_actor: dict[str, tuple[str, str]] = {}
    accused: list[tuple[Person | None, Mention | None, Hit, Clause]] = []
    situation: dict[str, Fact] = {}
    people = list(cast.people)
    fallback = Person("p0", [Mention(0, 0, "the person", "person", "", "", "")])
    main_guess = _topic(people, text)
    unnamed: list[tuple[str, FactValue, str, int]] = []  # findings to give the record's subject once known

    def owner(person: Person | None) -> str:
        return (person or main_guess or fallback).key

    for hit in parsed.hits:
        values = _values(hit)
        if not values:
            continue
        clause = _clause_of(parsed, hit.start)
        if hit.category not in STATUS and _only_false(values) and _names_nobody(text, hit, clause, cast):
            # "Not injured, returned to mum": a finding in a sentence that names nobody before it is about whom
            # the record is about, decided once the whole record is read, not the next person named.
            unnamed += [(fact, value, hit.words, rank) for fact, value, rank in values]
            continue
        targets: list[Person | None] = []
        inside = [(m, p) for m, p in cast.in_span(hit.start, hit.end) if m.pronoun and not _possessive(m, cast)]
        if hit.category in EVENTS and inside:
            # "tracked her phone", "kept her from her family": the person named inside the words.
            before = _people_in(cast, clause.start, hit.start)
            actor_pair = before[-1] if before and before[-1][1] is not inside[0][1] else None
            victims = [inside[0][1]]
            if actor_pair is not None:
                roles.setdefault(actor_pair[1].key, "perpetrator")
                relation_to_actor[victims[0].key] = _relation(victims[0], actor_pair[1], actor_pair[0], text, clause)
            targets = list(victims)
        elif hit.category == "HOMICIDE" and (
            _ACCUSED_BEFORE.search(text[clause.start : hit.start]) or _ACCUSED_BEFORE.match(hit.words)
        ):
            before = _people_in(cast, clause.start, hit.start)
            before = [(m, p) for m, p in before if not m.pronoun] or before  # "Partner (..., lives with him)"
            if before:
                accused.append((before[-1][1], before[-1][0], hit, clause))
                roles.setdefault(before[-1][1].key, "perpetrator")
            else:
                accused.append((None, None, hit, clause))
            continue
        elif hit.category in EVENTS:
            victims, actor, actor_mention, reflexive = _victims_and_actor(text, hit, clause, cast)
            if actor is not None and (victims or reflexive):
                roles.setdefault(actor.key, "perpetrator")
                for victim in victims:
                    relation_to_actor[victim.key] = _relation(victim, actor, actor_mention, text, clause)
                if reflexive and hit.category in ("HOMICIDE", "DIED"):
                    board.put(actor.key, "died", True, hit.words, 3)
                    board.put(actor.key, "death_type", "suicide", hit.words, 3)
            targets = list(victims) or [_about(text, hit.start, clause, cast, main_guess)]
        else:
            targets = [_about(text, hit.start, clause, cast, main_guess, status=hit.category in STATUS)]
        targets = _with_listed(targets, people)
        carers = any(p is not None and p.relation in _CARER_RELATIONS for p in targets)
        if hit.category == "ABUSE_NEGLECT" and not hit.negated and carers:
            # A carer's drinking, arrest or violence is a concern about the children in their care.
            targets += [p for p in people if p.group == "child" and p not in targets]
        for fact, value, rank in values:
            if fact in SITUATION_FACTS:
                old = situation.get(fact)
                if old is None or (value is True and old.value is not True):
                    situation[fact] = Fact(fact, value, "text", hit.words)
                continue
            for person in targets:
                board.put(owner(person), fact, value, hit.words, rank)

    for actor, actor_mention, hit, clause in accused:
        # The person killed is whoever the record says died (else the person it is about), never the accused.
        killed = next(
            (p for p in people if p is not actor and board.get(p.key, "died") is True),
            main_guess if main_guess is not actor else None,
        )
        if killed is None:
            continue
        for fact, value, rank in _values(hit):
            board.put(killed.key, fact, value, hit.words, rank)
        if actor is not None:
            relation_to_actor.setdefault(killed.key, _relation(killed, actor, actor_mention, text, clause))

    if semantic is not None:
        _add_semantic(text, parsed, cast, board, semantic, main_guess, owner, situation, roles)

    # "then himself" after a killing: the one who killed died too, by suicide.
    for person in people:
        for mention in person.mentions:
            then = re.search(r"\bthen\s+$", text[max(0, mention.start - 8) : mention.start])
            if mention.words.lower() in _REFLEXIVE and then and roles.get(person.key) == "perpetrator":
                board.put(person.key, "died", True, text[mention.start - 5 : mention.end], 3)
                board.put(person.key, "death_type", "suicide", text[mention.start - 5 : mention.end], 3)

    _children_who_saw_it(text, parsed, cast, board, roles)
    main = _main_subject(people, board, roles) or main_guess
    for fact, value, words, rank in unnamed:
        board.put(owner(main), fact, value, words, rank)
    _share_household_facts(people, board, main)
    readings = []
    for person in people or [fallback]:
        facts: dict[str, Fact] = {}
        for fact, found in board.values.get(person.key, {}).items():
            facts[fact] = Fact(fact, found.value, "text", found.evidence)
        age = person.age
        if age is not None:
            facts["subject_age"] = Fact("subject_age", age.years, "text", age.words)
            facts["is_child"] = Fact("is_child", age.years < 18, "text", age.words)
        elif person.group:
            facts["is_child"] = Fact("is_child", person.group == "child", "text", person.first.words)
        if person.key in relation_to_actor:
            rel, words = relation_to_actor[person.key]
            facts["relationship_to_perpetrator"] = Fact("relationship_to_perpetrator", rel, "text", words)
            if "is_child" not in facts and re.search(r"\b(?:ex-?)?(?:husband|wife)\b", words, re.I):
                facts["is_child"] = Fact("is_child", False, "text", words)  # someone with a husband or wife
        role = roles.get(person.key) or (
            "subject"
            if any(
                facts.get(f) is not None and facts[f].value is True
                for f in ("died", "serious_harm", "near_miss", "abuse_or_neglect", "at_risk_now")
            )
            else "other"
        )
        if main is not None and person.key == main.key and role == "other":
            role = "subject"
        readings.append(PersonReading(person.key, person.label(), role, facts))
    incident, residence = _nation(text)
    if incident is not None:
        situation["nation"] = incident
    if residence is not None:
        situation["normally_resident_nation"] = residence
    return Reading(tuple(readings), situation, (main or fallback).key)


def _names_nobody(text: str, hit: Hit, clause: Clause, cast: Cast) -> bool:
    """Whether the sentence names nobody the hit could be about: nobody before it, and after it only people
    somewhere someone went ("Not injured, returned to mum" names nobody; "Her brother, 6, was in the room,
    not hurt" and "Not injured: her sister, 5" name whom it is about)."""
    return not _people_in(cast, clause.start, hit.start) and not _people_after(text, cast, hit.end, clause.end)


def _people_after(text: str, cast: Cast, start: int, end: int) -> list[tuple[Mention, Person]]:
    """People named between ``start`` and ``end`` who could be whom a finding before them is about: not
    those named where someone went ("Not injured, returned to mum")."""
    return [
        (m, p)
        for m, p in _people_in(cast, start, end)
        if not _PLACE_OR_COMPANY_BEFORE.search(text[max(0, m.start - 14) : m.start])
    ]


# "Her children were in the flat at the time", "the 6yo saw it": a child present at violence in the home.
_PRESENT = re.compile(
    r"\b(?:witnessed|saw|heard|(?:was|were) (?:in|at) (?:the )?(?:house|flat|home|room|property|address|same room)|"
    r"(?:was|were) present)\b",
    re.I,
)


def _children_who_saw_it(text: str, parsed: Parsed, cast: Cast, board: _Board, roles: dict[str, str]) -> None:
    """Seeing or hearing a parent or carer killed or abused is harm to a child (Adoption and Children Act
    2002 s120): where the words say someone harmed another or a killing or domestic abuse happened, a child
    named in a sentence that places them there may be at risk of significant harm (the weakest strength)."""
    violent = "perpetrator" in roles.values() or any(
        board.get(key, "death_type") == "homicide" or board.get(key, "domestic_abuse_history") is True
        for key in board.values
    )
    if not violent:
        return
    for clause in parsed.clauses:
        present = _PRESENT.search(text, clause.start, clause.end)
        if present is None:
            continue
        for _, person in _people_in(cast, clause.start, clause.end):
            child = person.age.years < 18 if person.age is not None else person.group == "child"
            if child and roles.get(person.key) != "perpetrator":
                board.put(person.key, "at_risk_of_significant_harm", True, present.group(0), 1)


def _only_false(values: list[tuple[str, FactValue, int]]) -> bool:
    """Whether a hit only rules something out for a person, in words that say so ("no injuries", "no other
    marks"); the weakest ("no family concerns") stays with whom the sentence names."""
    return bool(values) and all(
        value is False and fact not in SITUATION_FACTS and rank >= 3 for fact, value, rank in values
    )


def _with_listed(targets: list[Person | None], people: list[Person]) -> list[Person | None]:
    """What is said of one child of "her children aged 5 and 9" is said of the plural: each of them."""
    lists = frozenset().union(*(p.listed for p in targets if p is not None))
    if not lists:
        return targets
    return targets + [p for p in people if p not in targets and p.listed & lists]


def _relation(
    victim: Person, actor: Person, actor_mention: Mention | None, text: str, clause: Clause
) -> tuple[str, str]:
    """How the person harmed relates to the one who harmed them, from the role words used."""
    words = actor_mention.words if actor_mention else actor.first.words
    for person in (victim, actor):
        for mention in person.mentions:
            rel = _RELATION_OF_ROLE.get(mention.relation)
            if rel and not mention.pronoun:
                return rel, f"{mention.possessor} {mention.words}".strip()
    household = _HOUSEHOLD.search(text)
    if household:
        return "household_member", household.group(0)
    return "unknown", words


def _share_household_facts(people: list[Person], board: _Board, main: Person | None) -> None:
    """Concerns about a brother or sister are concerns about the household: the subject child shares them;
    a sibling on a plan or in care is recorded as such for the routes that ask about siblings."""
    if main is None:
        return
    for person in people:
        if person is main or person.relation != "sibling":
            continue
        if board.get(person.key, "on_child_protection_register") is True:
            board.put(main.key, "sibling_on_child_protection_register", True, "a sibling on a plan", 2)
        if board.get(person.key, "looked_after") is True:
            board.put(main.key, "sibling_looked_after", True, "a sibling in care", 2)
        if board.get(person.key, "abuse_or_neglect") is True and main.group == "child":
            board.put(main.key, "abuse_or_neglect", True, "concerns about a brother or sister", 1)


# Someone now looked after away from the events: with a grandparent, an aunt or uncle, foster carers, in hospital.
_SAFE_PLACE = re.compile(
    r"\b(?:with|at) (?:(?:his|her|their|the) )?(?:(?:maternal|paternal) )?(?:gran(?:ny|dparents?)?|nan(?:a|na)?|"
    r"grandma|grandmother|grandad|grandfather|aunt(?:ie)?|uncle|(?:ex-)?foster carers?|kinship carers?)\b|"
    r"\b(?:in|placed in|moved to) (?:foster care|an? (?:emergency )?(?:foster )?placement|hospital)\b",
    re.I,
)


_KIN_GROUPS = ("gran|nan|grand", "aunt|uncle", "foster|kinship")


def _safe_place(clause: Clause, harmers: list[Person]) -> bool:
    """Whether the clause only places someone with carers away from the events ("Cody staying with paternal
    gran meantime"), carers who are not the ones who harmed. Cautious: it is no safe place when nobody is
    named as having harmed, when one of them is known only by name, when a harmer is in the clause, when the
    clause goes on after the place ("… and his sisters are at home with dad"), or when the carers are of the
    harmer's kind ("at the grandparents' house" after the grandfather hit the child)."""
    place = _SAFE_PLACE.search(clause.text)
    if place is None or not harmers or re.search(r"\b(?:and|who|while|but|whereas)\b|,", clause.text[place.end() :]):
        return False
    words = []
    for person in harmers:
        relations = [m for m in person.mentions if not m.pronoun and m.role not in ("named", "person")]
        if not relations:
            return False  # "Dean": who he is to the family is not said
        words += [m.words for m in relations]
        if any(clause.start <= m.start < clause.end for m in person.mentions):
            return False
    kin = next((group for group in _KIN_GROUPS if re.search(group, place.group(0), re.I)), None)
    return kin is None or not re.search(kin, " ".join(words), re.I)


def _add_semantic(
    text: str,
    parsed: Parsed,
    cast: Cast,
    board: _Board,
    semantic: SemanticReader,
    main_guess: Person | None,
    owner: Callable[[Person | None], str],
    situation: dict[str, Fact],
    roles: dict[str, str],
) -> None:
    clauses = list(parsed.clauses)
    if not clauses:
        return
    harmers = [p for p in cast.people if roles.get(p.key) == "perpetrator"]
    found = semantic.facts([c.text for c in clauses])
    for clause, facts in zip(clauses, found, strict=True):
        if _safe_place(clause, harmers):
            # "Cody staying with paternal gran meantime": where someone is now, looked after by someone else;
            # the classifier reads "where someone is now", which alone is no danger.
            facts = [(f, v) for f, v in facts if f != "at_risk_now"]
        if not facts:
            continue
        cues = clause_assertion(parsed, clause)
        if cues & {"NEGATED_EXISTENCE", "HYPOTHETICAL", "POSSIBLE_EXISTENCE", "DENIAL"}:
            continue  # the classifier only adds affirmed facts; ConText found a cue that says otherwise
        person = _about(text, clause.start, clause, cast, main_guess)
        words = clause.text.strip()[:80]
        for fact, value in facts:
            if fact in SITUATION_FACTS:
                situation.setdefault(fact, Fact(fact, value, "text", words))
            else:
                board.put(owner(person), fact, value, words, 2)
