"""Safeguarding acronyms and their long forms, used to widen keyword queries."""

from __future__ import annotations

import re

# Acronym -> expansions. Keep to terms practitioners really use; each pair widens both ways.
ACRONYMS: dict[str, tuple[str, ...]] = {
    "CSPR": ("child safeguarding practice review",),
    "LCSPR": ("local child safeguarding practice review",),
    "SCR": ("serious case review",),
    "SAR": ("safeguarding adult review", "safeguarding adults review"),
    "DHR": ("domestic homicide review",),
    "DARDR": ("domestic abuse related death review",),
    "SUSR": ("single unified safeguarding review",),
    "CPR": ("child practice review",),
    "APR": ("adult practice review",),
    "CMR": ("case management review",),
    "MASH": ("multi-agency safeguarding hub",),
    "MARAC": ("multi-agency risk assessment conference",),
    "MAPPA": ("multi-agency public protection arrangements",),
    "LeDeR": ("learning from lives and deaths", "learning disability mortality review"),
    "CDOP": ("child death overview panel",),
    "CDR": ("child death review",),
    "SUDI": ("sudden unexpected death in infancy",),
    "SUDC": ("sudden unexpected death in childhood",),
    "DA": ("domestic abuse",),
    "DV": ("domestic violence",),
    "DVDS": ("domestic violence disclosure scheme",),
    "CSE": ("child sexual exploitation",),
    "CCE": ("child criminal exploitation",),
    "CSA": ("child sexual abuse",),
    "NRM": ("national referral mechanism",),
    "LADO": ("local authority designated officer",),
    "DSL": ("designated safeguarding lead",),
    "SAB": ("safeguarding adults board",),
    "LSCB": ("local safeguarding children board",),
    "PPRG": ("partnership practice review group",),
    "SEND": ("special educational needs and disabilities",),
    "EHE": ("elective home education",),
    "CME": ("children missing education",),
    "CIN": ("child in need",),
    "CP": ("child protection",),
    "ICPC": ("initial child protection conference",),
    "LAC": ("looked after child",),
    "CLA": ("child looked after",),
    "MCA": ("mental capacity act",),
    "DoLS": ("deprivation of liberty safeguards",),
    "GP": ("general practitioner",),
    "ICB": ("integrated care board",),
    "NAI": ("non-accidental injury", "non accidental injury"),
    "SVPP": ("safeguarding vulnerable people partnership",),
    "COG": ("chief officers group",),
    "ICR": ("initial case review",),
    "RHI": ("return home interview",),
    "EHA": ("early help assessment",),
    "EH": ("early help",),
    "s47": ("section 47",),
    "S47": ("section 47",),
    "s17": ("section 17",),
    "S17": ("section 17",),
    "CPP": ("child protection plan",),
    "RCPC": ("review child protection conference",),
    "CSC": ("children's social care",),
    "CAMHS": ("child and adolescent mental health services",),
    "UASC": ("unaccompanied asylum seeking children", "unaccompanied asylum-seeking children"),
    "CERAF": ("child exploitation risk assessment framework",),
    "LSCP": ("local safeguarding children partnership",),
    "FGM": ("female genital mutilation",),
    "PLO": ("public law outline",),
    "PACE": ("police and criminal evidence act",),
    "UK GDPR": ("general data protection regulation",),
    "DPA": ("data protection act",),
    "EHCP": ("education health and care plan",),
    "MACE": ("multi-agency child exploitation",),
}

# Everyday words and the words published reviews use for the same thing (both directions).
RELATED_WORDS: tuple[tuple[str, ...], ...] = (
    ("police", "constabulary"),
    ("budget", "funding", "contributions"),
    ("baby", "infant"),
    ("autistic", "autism"),
    ("disabled", "disability"),
    ("dad", "father"),
    ("mum", "mother"),
    ("carer", "caregiver"),
    ("school", "education"),
    ("hoarding", "clutter"),
    ("suicide", "self-harm"),
    ("gp", "primary care"),
)
_RELATED = {w: tuple(x for x in group if x != w) for group in RELATED_WORDS for w in group}
_WORD_RE = re.compile(r"[a-z][a-z-]+")

_BY_LONG = {long: short for short, longs in ACRONYMS.items() for long in longs}
_ACRONYM_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, ACRONYMS), key=len, reverse=True)) + r")s?\b")


def expansions(query: str) -> list[str]:
    """Extra phrases for a query: long forms of acronyms in it, and acronyms of long forms in it."""
    extra: list[str] = []
    for match in _ACRONYM_RE.finditer(query):
        extra.extend(ACRONYMS[match.group(1)])
    lowered = query.lower()
    for long, short in _BY_LONG.items():
        if long in lowered:
            extra.append(short)
    for word in _WORD_RE.findall(lowered):
        extra.extend(_RELATED.get(word, ()))
    seen: set[str] = set()
    return [e for e in extra if not (e in seen or seen.add(e))]  # type: ignore[func-returns-value]
