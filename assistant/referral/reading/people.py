"""Who is in a situation: people mentioned, their ages and relationships, and which person each clause is about.

Deterministic: role words ("mother", "the baby", "her ex-partner", "Mr T"), ages beside them, and
pronouns resolved to the latest person they can refer to. Professionals are not people of the case.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.referral.gazetteer import places_in
from assistant.referral.reading.ages import Age, ages_in

# canonical role: (gender, age group, relation to the people around them)
ROLES: dict[str, tuple[str, str, str]] = {
    "baby": ("", "child", ""),
    "child": ("", "child", ""),
    "boy": ("m", "child", ""),
    "girl": ("f", "child", ""),
    "son": ("m", "", "child_of"),
    "daughter": ("f", "", "child_of"),
    "teenager": ("", "child", ""),
    "sibling": ("", "", "sibling"),
    "brother": ("m", "", "sibling"),
    "sister": ("f", "", "sibling"),
    "mother": ("f", "adult", "parent"),
    "father": ("m", "adult", "parent"),
    "stepfather": ("m", "adult", "parent"),
    "stepmother": ("f", "adult", "parent"),
    "parent": ("", "adult", "parent"),
    "partner": ("", "adult", "partner"),
    "boyfriend": ("m", "", "partner"),
    "girlfriend": ("f", "", "partner"),
    "husband": ("m", "adult", "partner"),
    "wife": ("f", "adult", "partner"),
    "ex-partner": ("", "adult", "ex_partner"),
    "ex-husband": ("m", "adult", "ex_partner"),
    "ex-wife": ("f", "adult", "ex_partner"),
    "ex-boyfriend": ("m", "", "ex_partner"),
    "ex-girlfriend": ("f", "", "ex_partner"),
    "grandmother": ("f", "adult", "relative"),
    "grandfather": ("m", "adult", "relative"),
    "grandchild": ("", "", "relative"),
    "aunt": ("f", "adult", "relative"),
    "uncle": ("m", "adult", "relative"),
    "cousin": ("", "", "relative"),
    "relative": ("", "", "relative"),
    "woman": ("f", "adult", ""),
    "man": ("m", "adult", ""),
    "adult": ("", "adult", ""),
    "person": ("", "", ""),
    "resident": ("", "adult", ""),
    "patient": ("", "", ""),
    "lodger": ("", "adult", "household"),
    "carer": ("", "adult", "carer"),
    "neighbour": ("", "adult", "known"),
    "friend": ("", "", "known"),
    "stranger": ("", "adult", "stranger"),
    "suspect": ("", "", ""),
}
_WORDS: dict[str, str] = {
    "baby": "baby",
    "babies": "baby",
    "infant": "baby",
    "newborn": "baby",
    "new-born": "baby",
    "neonate": "baby",
    "toddler": "child",
    "child": "child",
    "kid": "child",
    "young person": "child",
    "yp": "child",
    "pupil": "child",
    "student": "person",
    "schoolboy": "boy",
    "schoolgirl": "girl",
    "youngster": "child",
    "boy": "boy",
    "girl": "girl",
    "son": "son",
    "stepson": "son",
    "grandson": "grandchild",
    "daughter": "daughter",
    "stepdaughter": "daughter",
    "granddaughter": "grandchild",
    "teenager": "teenager",
    "teen": "teenager",
    "adolescent": "teenager",
    "twin": "sibling",
    "sib": "sibling",
    "sibs": "sibling",
    "sibling": "sibling",
    "half-sibling": "sibling",
    "brother": "brother",
    "half-brother": "brother",
    "stepbrother": "brother",
    "sister": "sister",
    "half-sister": "sister",
    "stepsister": "sister",
    "mother": "mother",
    "mum": "mother",
    "mom": "mother",
    "mam": "mother",
    "mummy": "mother",
    "father": "father",
    "dad": "father",
    "daddy": "father",
    "stepfather": "stepfather",
    "stepdad": "stepfather",
    "step-dad": "stepfather",
    "step-father": "stepfather",
    "stepmother": "stepmother",
    "stepmum": "stepmother",
    "parent": "parent",
    "partner": "partner",
    "boyfriend": "boyfriend",
    "bf": "boyfriend",
    "girlfriend": "girlfriend",
    "husband": "husband",
    "wife": "wife",
    "spouse": "partner",
    "fiance": "partner",
    "fiancé": "partner",
    "fiancée": "partner",
    "ex-partner": "ex-partner",
    "ex partner": "ex-partner",
    "former partner": "ex-partner",
    "estranged partner": "ex-partner",
    "ex": "ex-partner",
    "ex-husband": "ex-husband",
    "estranged husband": "ex-husband",
    "ex-wife": "ex-wife",
    "estranged wife": "ex-wife",
    "ex-boyfriend": "ex-boyfriend",
    "ex-girlfriend": "ex-girlfriend",
    "grandmother": "grandmother",
    "grandma": "grandmother",
    "gran": "grandmother",
    "granny": "grandmother",
    "nan": "grandmother",
    "nana": "grandmother",
    "nanna": "grandmother",
    "grandfather": "grandfather",
    "grandad": "grandfather",
    "granddad": "grandfather",
    "grandpa": "grandfather",
    "aunt": "aunt",
    "auntie": "aunt",
    "aunty": "aunt",
    "uncle": "uncle",
    "cousin": "cousin",
    "relative": "relative",
    "woman": "woman",
    "lady": "woman",
    "female": "woman",
    "man": "man",
    "gentleman": "man",
    "male": "man",
    "adult": "adult",
    "person": "person",
    "resident": "resident",
    "patient": "patient",
    "service user": "patient",
    "client": "patient",
    "tenant": "resident",
    "pensioner": "resident",
    "widow": "woman",
    "widower": "man",
    "lodger": "lodger",
    "flatmate": "lodger",
    "housemate": "lodger",
    "carer": "carer",
    "neighbour": "neighbour",
    "friend": "friend",
    "acquaintance": "friend",
    "stranger": "stranger",
    "suspect": "suspect",
    "perpetrator": "suspect",
    "offender": "suspect",
    "assailant": "suspect",
    "attacker": "suspect",
}
# Compounds in which a role word names no person ("child protection plan", "mother and baby unit").
_NOT_A_PERSON = (
    r"(?! (?:in need|protection|death|sexual|criminal|exploitation|abuse|safeguarding|care|services|"
    r"social|health|and adolescent|development|minding|minder|benefit|seat|'s services|'s social|trust|unit|"
    r"and family|and baby unit|mental health|friendly|proof|maintenance|arrangements|liaison|group|"
    r"resident(?:ial)?)\b)"
)
_PLURALS = {"babies": "babies", "children": "child", "kids": "kid", "siblings": "sibling", "brothers": "brother"}
_ROLE_RE = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in sorted(_WORDS, key=len, reverse=True)) + r")(?:s)?\b" + _NOT_A_PERSON,
    re.I,
)
_PLURAL_RE = re.compile(r"\b(children|kids|siblings)\b" + _NOT_A_PERSON, re.I)
# How names are written in records: a given name ("Ruby-Jo"), then a surname in any case ("Carter",
# "McBRIDE", "O'Neill", "FAIRCLOUGH") or an initial ("W", "F.").
_GIVEN = r"[A-Z][a-z]{1,14}(?:-[A-Z][a-z]+)?"
_SURNAME = r"(?:Mc|Mac|O'|D')?[A-Z][A-Za-z]{1,20}(?:-[A-Z][A-Za-z]+)?|[A-Z]\.?(?![\w'-])"
# "Mr T", "Mrs Hughes", "Mr Paul W", "Mrs Margaret Carter", "Mr Dean FAIRCLOUGH": a title, a name, a surname.
_TITLE_RE = re.compile(rf"\b(Mr|Mrs|Ms|Miss|Mx)\.? ?({_GIVEN}|[A-Z])\b(?: ({_SURNAME}))?")
# "Bethan L", "Lee D", "Harley McBRIDE", "Tomos HARRIES": a given name with a surname initial or a surname in
# capitals, as police and case notes write them.
_NAME_INITIAL_RE = re.compile(
    r"\b([A-Z][a-z]{2,14}(?:-[A-Z][a-z]+)?) ((?:Mc|Mac|O')?[A-Z]{2,}[A-Za-z]*(?:-[A-Z]+)?|[A-Z](?![\w'-]))\.?"
)
# An age after these words is a length of time ("in 18 months", "for 3 years"), not a person.
_DURATION_BEFORE = re.compile(
    r"\b(?:in|for|over|within|last|past|after|than|every|since|about|nearly|almost|diagnosed(?: at)?|from|dx|"
    r"until|till|when)\s+$",
    re.I,
)
# A role word after "no" or "without" names nobody: "No kids", "no other children", "without a partner".
_NONE_OF = re.compile(
    r"\b(?:no|without(?: an?)?|not any|never had(?: any| an?)?)[ \t]+(?:other |older |younger |living )?$", re.I
)
# "9 days", "3 months", "14 wks" with no "old" and no person word beside them: a length of time
# ("gaps of up to 9 days", "14 wks pregnant"), never a person of its own; "baby R (9 wks)" takes its age from
# "baby", and "a 15yo pregnant" is a person.
_BARE_SPAN = re.compile(r"\d\s?(?:days?|wks?|weeks?|mos?|mths?|months?)$", re.I)
_INITIAL_RE = re.compile(r"(?<![A-Za-z.])([A-Z])(?:\.|\b)(?= ?(?:\(|,|'s|was|is|had|has|died|and|\d))")
_NAME_RE = re.compile(r"\b(?:Baby|Child|Adult) ([A-Z])\b")
_NAME_BEFORE_AGE = re.compile(
    rf"\b([A-Z][a-z]{{2,14}}(?:-[A-Z][a-z]+)?)(?: ({_SURNAME}))?(?:,? \(?| (?:was|is) (?:only |just )?)$"
)
_NOT_NAMES = frozenset(
    {
        "aged",
        "age",
        "the",
        "and",
        "our",
        "year",
        "yrs",
        "was",
        "is",
        "now",
        "about",
        "male",
        "female",
        "road",
        "street",
        "ward",
        "room",
        "bed",
        "flat",
        "house",
        "unit",
        "level",
        "page",
        "team",
        "plan",
        "category",
        "tier",
        "section",
        "grade",
        "type",
        "class",
        "part",
        "form",
        "group",
        "vitamin",
        "hepatitis",
        "block",
        "bay",
    }
)
_PRONOUN_RE = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.I)
# Words before a role word that make it a professional, not a person of the case.
_PROFESSIONAL_BEFORE = re.compile(
    r"(?:police|social|support|key|care|health|family|link|school|youth|case|project|outreach|"
    r"ward|duty|paid|agency|support worker|foster)\s*$",
    re.I,
)
_FOSTER = re.compile(r"\bfoster (?:carer|mother|father|mum|dad|parent)s?\b", re.I)
_POSSESSOR = re.compile(
    r"\b(his|her|their|the victim's|the child's|the baby's|[A-Z][a-z]+'s|[A-Z]'s)\s+(?:\w+\s+){0,3}$"
)
_GENDER_OF_PRONOUN = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    words: str
    role: str  # canonical role, or "named"
    gender: str
    group: str  # child / adult / ""
    relation: str
    possessor: str = ""  # "his", "her", "their" or a name
    age: Age | None = None
    name: str = ""
    pronoun: bool = False
    surname: str = ""  # "carter" in "Mrs Margaret Carter", "w" in "Mr Paul W"
    determiner: str = ""  # the word before: "the", "a", "her"...
    listed: int = -1  # where the plural starts for one of "her children aged 5 and 9"; -1 otherwise


@dataclass(eq=False)
class Person:
    """One person of the situation, built from the mentions that refer to them."""

    key: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def first(self) -> Mention:
        return self.mentions[0]

    @property
    def role(self) -> str:
        named = [m.role for m in self.mentions if m.role not in ("named", "person", "patient", "suspect", "pronoun")]
        return named[0] if named else self.first.role

    @property
    def gender(self) -> str:
        return next((m.gender for m in self.mentions if m.gender), "")

    @property
    def age(self) -> Age | None:
        return next((m.age for m in self.mentions if m.age is not None), None)

    @property
    def group(self) -> str:
        age = self.age
        if age is not None:
            return "child" if age.years < 18 else "adult"
        groups = [m.group for m in self.mentions if m.group]
        return groups[0] if groups else ""

    @property
    def listed(self) -> frozenset[int]:
        """The plurals ("her children aged 5 and 9") this person was listed in."""
        return frozenset(m.listed for m in self.mentions if m.listed >= 0)

    @property
    def relation(self) -> str:
        return next((m.relation for m in self.mentions if m.relation), "")

    def label(self) -> str:
        """How the practitioner referred to them, for showing back: "the 12-year-old", "her mother, 41"."""
        mention = next((m for m in self.mentions if not m.pronoun and m.role != "named"), None)
        mention = mention or next((m for m in self.mentions if not m.pronoun), self.first)
        if mention.pronoun:
            return {"f": "the woman or girl (she)", "m": "the man or boy (he)"}.get(mention.gender, "the person")
        words = mention.words
        if mention.age is not None and mention.age.end <= mention.start:
            words = f"{mention.age.words} {words}"
        if mention.possessor and not words.lower().startswith(mention.possessor.lower()):
            words = f"{mention.possessor} {words}"
        age = self.age
        if age is not None and age.words not in words and str(age.years) not in words:
            words = f"{words}, {age.years}" if age.years else f"{words}, under one"
        return words


def _age_near(ages: list[Age], start: int, end: int, text: str) -> Age | None:
    """An age written against the mention: "a 34-year-old woman", "a woman of 34", "Mr T (78)"."""
    for age in ages:
        if age.end <= start and re.fullmatch(r"[ -]?(?:old )?", text[age.end : start]):
            return age
        between = text[end : age.start]
        if age.start >= end and re.fullmatch(r",? ?\(?(?:aged? )?|,? (?:now |was |is )?(?:aged? )?", between):
            return age
        if age.start <= start < age.end or age.start < end <= age.end:
            return age
    return None


def _mentions(text: str, ages: list[Age]) -> list[Mention]:
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for match in _TITLE_RE.finditer(text):
        gender = "m" if match.group(1).lower() == "mr" else ("" if match.group(1).lower() == "mx" else "f")
        age = _age_near(ages, match.start(), match.end(), text)
        out.append(
            Mention(
                match.start(),
                match.end(),
                match.group(0),
                "named",
                gender,
                "adult",
                "",
                age=age,
                name=match.group(2).lower(),
                surname=(match.group(3) or "").rstrip(".").lower(),
            )
        )
        taken.append((match.start(), match.end()))
    for match in _NAME_INITIAL_RE.finditer(text):
        first, last = match.group(1), match.group(2).rstrip(".")
        if not free(match.start(), match.end()) or first.lower() in _NOT_NAMES or _is_place(first):
            continue
        if first.lower() in _ORGANISATION_WORDS or (len(last) > 1 and not _could_be_surname(last)):
            continue
        out.append(_named(match, ages, text, surname=last.lower()))
        taken.append((match.start(), match.end()))
    for match in _NAME_RE.finditer(text):
        if free(match.start(), match.end()):
            group = "child" if match.group(0).lower().startswith(("baby", "child")) else "adult"
            out.append(_named(match, ages, text, group=group))
            taken.append((match.start(), match.end()))
    out.extend(_listed_children(text, ages, free, taken))
    for match in _ROLE_RE.finditer(text):
        if not free(match.start(), match.end()):
            continue
        word = match.group(1).lower()
        if (
            word == "ex"
            and not re.match(r"\s+(?:was|is|had|has|who|killed|,)", text[match.end() :])
            and not re.search(r"\b(?:her|his|their)\s+$", text[: match.start()])
        ):
            continue
        professional = _FOSTER.match(text, max(0, match.start() - 7)) or _PROFESSIONAL_BEFORE.search(
            text[: match.start()]
        )
        if professional and word in ("carer", "worker", "mother", "father", "mum", "dad", "parent"):
            continue
        if _NONE_OF.search(text[max(0, match.start() - 30) : match.start()]):
            continue  # "No kids", "no other children at the address", "without a partner": nobody to read
        if re.search(
            r"\b(?:as|was|were) an? $|\bwhen (?:he|she|they) (?:was|were) an? $",
            text[max(0, match.start() - 25) : match.start()],
            re.I,
        ):
            continue  # "diagnosed as a teenager": a time of life, not a person
        if word.startswith("carer") and re.search(
            r"\b(?:main|primary|sole|unpaid|full-time|only) $", text[max(0, match.start() - 12) : match.start()], re.I
        ):
            continue
        if word in ("male", "female") and re.match(
            r"\s+(?:officer|nurse|doctor|staff|worker|pc|dc)", text[match.end() :], re.I
        ):
            continue
        role = _WORDS[_PLURALS.get(word, word)]
        gender, group, relation = ROLES[role]
        before = text[max(0, match.start() - 40) : match.start()]
        poss = _POSSESSOR.search(before)
        possessor = poss.group(1) if poss else ""
        age = _age_near(ages, match.start(), match.end(), text)
        det = re.search(r"(\w+)\s+$", text[max(0, match.start() - 15) : match.start()])
        out.append(
            Mention(
                match.start(),
                match.end(),
                match.group(0),
                role,
                gender,
                group,
                relation,
                possessor,
                age,
                determiner=det.group(1).lower() if det else "",
            )
        )
        taken.append((match.start(), match.end()))
    # "Kerry, 45" / "Richard (41)": a capitalised name written against an age is a person.
    attached = {id(m.age) for m in out if m.age is not None}
    for age in ages:
        if id(age) in attached or not free(age.start, age.end):
            continue
        named = _NAME_BEFORE_AGE.search(text[max(0, age.start - 30) : age.start])
        if named and named.group(1).lower() not in _NOT_NAMES:
            start = age.start - (len(named.group(0)))
            if free(start, age.end):
                out.append(
                    Mention(
                        start,
                        age.end,
                        text[start : age.end],
                        "named",
                        "",
                        "child" if age.years < 18 else "adult",
                        "",
                        age=age,
                        name=named.group(1).lower(),
                        surname=(named.group(2) or "").rstrip(".").lower(),
                    )
                )
                taken.append((start, age.end))
    # "their 12-year-old", "a 15yo", "9mo Kacey-Mae", "15yo F": an age that belongs to no role word names a person.
    attached = {id(m.age) for m in out if m.age is not None}
    for age in ages:
        if id(age) in attached or not free(age.start, age.end):
            continue
        after = re.match(r"\s+(?:(F|M)\b|([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b)", text[age.end :])
        if after:
            gender = {"F": "f", "M": "m"}.get(after.group(1) or "", "")
            group = "child" if age.years < 18 else "adult"
            name = (after.group(2) or "").lower()
            out.append(
                Mention(
                    age.start,
                    age.end + after.end(),
                    text[age.start : age.end + after.end()],
                    "named",
                    gender,
                    group,
                    "",
                    age=age,
                    name=name or f"age{age.years}",
                )
            )
            taken.append((age.start, age.end + after.end()))
            continue
        if _DURATION_BEFORE.search(text[max(0, age.start - 12) : age.start]) or _BARE_SPAN.search(age.words):
            continue
        group = "child" if age.years < 18 else "adult"
        out.append(Mention(age.start, age.end, age.words, "person", "", group, "", "", age))
        taken.append((age.start, age.end))
    for match in _INITIAL_RE.finditer(text):
        letter = match.group(1)
        if letter in ("I", "A") or not free(match.start(), match.end()):
            continue
        out.append(
            Mention(
                match.start(),
                match.end(),
                letter,
                "named",
                "",
                "",
                "",
                age=_age_near(ages, match.start(), match.end() + 1, text),
                name=letter.lower(),
            )
        )
        taken.append((match.start(), match.end()))
    out.extend(_later_names(text, out, free, taken))
    for match in _PRONOUN_RE.finditer(text):
        word = match.group(1).lower()
        out.append(Mention(match.start(), match.end(), word, "pronoun", _GENDER_OF_PRONOUN[word], "", "", pronoun=True))
    out.sort(key=lambda m: m.start)
    return out


_PLURAL_CHILDREN = re.compile(
    r"\b(?:(his|her|their|the|[A-Z][a-z]+'s)\s+)?(?:(?:two|three|four|five|[2-9])\s+)?"
    r"(children|kids|sons|daughters|twins|siblings|boys|girls|brothers|sisters|grandchildren)\b",
    re.I,
)
_SINGULAR = {"children": "child", "grandchildren": "child", "twins": "twin"}


def _listed_children(
    text: str, ages: list[Age], free: Callable[[int, int], bool], taken: list[tuple[int, int]]
) -> list[Mention]:
    """ "Her children aged 5 and 9", "two sons (6 and 3)": one person for each age listed after a plural."""
    out: list[Mention] = []
    for match in _PLURAL_CHILDREN.finditer(text):
        chain: list[Age] = []
        position = match.end()
        for age in sorted((a for a in ages if a.start >= match.end()), key=lambda a: a.start):
            gap = text[position : age.start]
            fits = re.fullmatch(r",?\s*\(?\s*", gap) if not chain else re.fullmatch(r"\s*(?:,|,?\s*and|,?\s*&)\s*", gap)
            if not fits or not free(age.start, age.end):
                break
            chain.append(age)
            position = age.end
        if not chain or not free(match.start(), match.end()):
            continue
        word = match.group(2).lower()
        role = _WORDS.get(_SINGULAR.get(word, word[:-1]), "child")
        gender, group, relation = ROLES[role]
        for age in chain:
            out.append(
                Mention(
                    age.start,
                    age.end,
                    _SINGULAR.get(word, word[:-1]),
                    role,
                    gender,
                    group,
                    relation,
                    match.group(1) or "",
                    age,
                    listed=match.start(),
                )
            )
            taken.append((age.start, age.end))
        taken.append((match.start(), match.end()))
    return out


# Words that begin the names of services, not of people ("Council ASC", "Police PPU", "Health Visiting").
_ORGANISATION_WORDS = frozenset(
    {
        "council",
        "police",
        "health",
        "social",
        "care",
        "team",
        "service",
        "services",
        "trust",
        "board",
        "hospital",
        "school",
        "partnership",
        "children",
        "adult",
        "adults",
        "front",
        "duty",
        "early",
        "help",
        "family",
        "mental",
        "youth",
        "probation",
        "housing",
        "ambulance",
        "community",
        "safeguarding",
        "practice",
        "local",
        "national",
        "county",
        "city",
        "borough",
        "district",
        "unit",
        "ward",
        "emergency",
        "urgent",
        "primary",
        "secondary",
    }
)
_SURNAME_VOWELS = re.compile(r"[AEIOUY]", re.I)


def _could_be_surname(word: str) -> bool:
    """A surname in capitals ("FAIRCLOUGH", "McBRIDE", "DUNN") rather than a service's initials ("ASC", "MASH")."""
    letters = re.sub(r"^(?:Mc|Mac|O')", "", word)
    if not letters.isupper():
        return True
    return len(letters) >= 4 and bool(_SURNAME_VOWELS.search(letters)) and letters not in _ACRONYMS


_ACRONYMS = frozenset(
    {
        "MASH",
        "DASH",
        "CAMHS",
        "MARAC",
        "MAPPA",
        "PPRG",
        "LSCP",
        "CSPR",
        "LCSPR",
        "NSPCC",
        "SVPP",
        "ICPC",
        "RCPC",
        "IDVA",
        "ISVA",
        "DOLS",
        "LADO",
        "CAFCASS",
        "OFSTED",
        "SALT",
        "PICU",
        "NICU",
        "CDOP",
        "LEDER",
        "SUDI",
        "SUDC",
        "CHAT",
        "CARE",
        "HELP",
        "TEAM",
        "UNIT",
        "WARD",
        "ROOM",
        "CPCS",
        "APCS",
        "SSAB",
        "SSCB",
        "NHSE",
        "EHCP",
        "CAST",
        "HOME",
        "CASE",
        "NOTE",
        "NOTES",
        "LOG",
        "FYI",
        "URGENT",
        "UPDATE",
        "POLICE",
        "DUTY",
        "CALL",
    }
)


def _named(match: re.Match[str], ages: list[Age], text: str, group: str = "", surname: str = "") -> Mention:
    """A person named by ``match`` (group 1 the name), with the age written against it."""
    return Mention(
        match.start(),
        match.end(),
        match.group(0),
        "named",
        "",
        group,
        "",
        age=_age_near(ages, match.start(), match.end(), text),
        name=match.group(1).lower(),
        surname=surname,
    )


def _apposition(person: Person, mention: Mention, text: str) -> bool:
    """A name written straight after a description of someone: "a 39yo female, Bethan L" or "the victim (Kerry)"."""
    last = person.mentions[-1]
    if last.pronoun or last.role == "named" or not _compatible(person, mention):
        return False
    between = text[last.end : mention.start]
    if re.fullmatch(r"\s*:\s*", between):
        # "Child: Poppy GREEN, 4" is a form's label and its value; "Email from ward sister: Mrs Khan" and
        # "Found by her daughter: Mrs Green" introduce someone else.
        start = text.rfind("\n", 0, last.start) + 1
        return last.start - start <= 2 or bool(re.search(r"[.;]\s*$", text[max(0, last.start - 4) : last.start]))
    return bool(re.fullmatch(r"\s*[,(-]\s*| ", between))


def _is_place(word: str) -> bool:
    return any(place.lower() == word.lower() for place, _, _ in places_in(word))


def _later_names(
    text: str, found: list[Mention], free: Callable[[int, int], bool], taken: list[tuple[int, int]]
) -> list[Mention]:
    """A first name once introduced ("Mr Paul W, 58") names the same person wherever it recurs ("Paul died")."""
    names = {m.name for m in found if m.role == "named" and len(m.name) >= 3 and m.name not in _NOT_NAMES}
    out: list[Mention] = []
    if not names:
        return out
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b", re.I)
    for match in pattern.finditer(text):
        if not match.group(1)[0].isupper() or not free(match.start(), match.end()):
            continue
        name = match.group(1)
        out.append(Mention(match.start(), match.end(), name, "named", "", "", "", name=name.lower()))
        taken.append((match.start(), match.end()))
    return out


_GENERIC = frozenset(
    {"child", "baby", "boy", "girl", "teenager", "woman", "man", "adult", "person", "resident", "patient", "suspect"}
)


def _compatible(person: Person, mention: Mention) -> bool:
    if mention.gender and person.gender and mention.gender != person.gender:
        return False
    if mention.age is not None and person.age is not None and mention.age.years != person.age.years:
        return False
    group = mention.group or ("child" if mention.age is not None and mention.age.years < 18 else "")
    if mention.age is not None and not mention.group:
        group = "child" if mention.age.years < 18 else "adult"
    return not (group and person.group and group != person.group)


def group_people(mentions: list[Mention], text: str = "") -> tuple[list[Person], dict[int, Person]]:
    """Join mentions into people. Returns the people and, for each mention start, the person it names.

    A pronoun names the latest fitting person earlier in its own sentence; failing that, the person the
    record is about (the first child named, else the first person), since case notes keep to their subject;
    failing that, the latest fitting person.
    """
    people: list[Person] = []
    of: dict[int, Person] = {}
    recent: list[Person] = []
    sentence_starts = [0] + [m.end() for m in re.finditer(r"[.!?]\s+|\n", text)]

    def sentence_of(offset: int) -> int:
        return max(s for s in sentence_starts if s <= offset)

    def topic() -> Person | None:
        return next((p for p in people if p.group == "child"), people[0] if people else None)

    def new(mention: Mention) -> Person:
        person = Person(f"p{len(people) + 1}", [mention])
        people.append(person)
        return person

    for mention in mentions:
        person: Person | None = None
        if mention.pronoun:
            here = sentence_of(mention.start)
            same_sentence = [p for p in recent if any(here <= m.start < mention.start for m in p.mentions)]
            person = next(
                (p for p in reversed(same_sentence) if _compatible(p, mention) and p.gender == mention.gender), None
            )
            subject = topic()
            if person is None and subject is not None and _compatible(subject, mention):
                person = subject
            person = person or next(
                (p for p in reversed(recent) if _compatible(p, mention) and p.gender == mention.gender), None
            )
            person = person or next((p for p in reversed(recent) if _compatible(p, mention) and not p.gender), None)
            if person is None:
                # "Her husband tracked her phone; she took her own life": she is a person of her own.
                person = new(
                    Mention(
                        mention.start,
                        mention.end,
                        "she" if mention.gender == "f" else "he",
                        "person",
                        mention.gender,
                        "",
                        "",
                        pronoun=True,
                    )
                )
            else:
                person.mentions.append(mention)
        elif mention.role == "named":
            person = next((p for p in people if any(m.name == mention.name for m in p.mentions)), None)
            if person is None and recent and _apposition(recent[-1], mention, text):
                person = recent[-1]  # "39yo female, Bethan L, stabbed...": one person, said twice
            if person is None and not mention.surname:
                # "Mr Carter" after "Mr Brian Carter"; not "Mrs Carter", who is someone else.
                person = next(
                    (
                        p
                        for p in people
                        if _compatible(p, mention) and any(m.surname == mention.name for m in p.mentions)
                    ),
                    None,
                )
            if person is None:
                person = next(
                    (
                        p
                        for p in reversed(recent)
                        if p.first.role in _GENERIC
                        and _compatible(p, mention)
                        and p.first.age is not None
                        and mention.age is not None
                    ),
                    None,
                )
            if person is None:
                person = new(mention)
            else:
                person.mentions.append(mention)
        elif mention.role in _GENERIC and recent and _apposition(recent[-1], mention, text):
            person = recent[-1]  # "Partner (female, 45)": one person, described twice
            person.mentions.append(mention)
        elif mention.role in _GENERIC:
            person = next(
                (p for p in reversed(recent) if p.role in _GENERIC | {"named"} and _compatible(p, mention)),
                None,
            )
            if person is None and mention.age is None:
                person = next(
                    (
                        p
                        for p in reversed(recent)
                        if _compatible(p, mention)
                        and p.relation in ("child_of", "")
                        and (mention.group == p.group or not mention.group)
                    ),
                    None,
                )
            if person is None or (mention.age is not None and person.age is None and len(person.mentions) > 2):
                person = new(mention)
            else:
                person.mentions.append(mention)
        else:
            same = [
                p
                for p in people
                if p.role == mention.role
                and _compatible(p, mention)
                and (
                    not mention.possessor
                    or not p.first.possessor
                    or mention.possessor == p.first.possessor
                    or mention.relation in ("parent", "partner", "ex_partner")
                )
            ]
            definite = mention.determiner == "the"
            generic = [p for p in people if p.role in _GENERIC | {"named"} and _compatible(p, mention)]
            if not same and definite and not mention.possessor and generic and mention.relation in ("parent",):
                person = generic[0]
                person.mentions.append(mention)
            elif (same and mention.relation != "sibling") or (same and mention.age is None):
                person = same[-1]
                person.mentions.append(mention)
            else:
                person = new(mention)
        of[mention.start] = person
        if person in recent:
            recent.remove(person)
        recent.append(person)
    return people, of


@dataclass(frozen=True)
class Cast:
    """The people of a situation, with the mention each span of text refers to."""

    people: tuple[Person, ...]
    mentions: tuple[Mention, ...]
    owner: dict[int, Person]

    def in_span(self, start: int, end: int, pronouns: bool = True) -> list[tuple[Mention, Person]]:
        return [
            (m, self.owner[m.start])
            for m in self.mentions
            if start <= m.start < end and m.start in self.owner and (pronouns or not m.pronoun)
        ]

    def last_before(self, offset: int) -> Person | None:
        before = [self.owner[m.start] for m in self.mentions if m.start < offset and m.start in self.owner]
        return before[-1] if before else None


def cast_of(text: str) -> Cast:
    ages = ages_in(text)
    mentions = _mentions(text, ages)
    people, owner = group_people(mentions, text)
    return Cast(tuple(people), tuple(mentions), owner)
