"""What kind of answer a question wants, and what kinds of statement a sentence makes.

A practitioner asking "how quickly…" wants a time limit, "who decides…" a person or body, "what is…" a
definition. The kinds are read from the wording of the question (wh-words and their frames, the way
question classifiers have long done it); a sentence's kinds are the signals of that kind of statement
it carries. Neither decides anything on its own: they are features of the answer model
(:mod:`assistant.answer_model`), whose weights were fitted on tuning questions.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

Kind = Literal["contact", "time", "number", "definition", "who", "learning", "steps", "other"]
KINDS: tuple[Kind, ...] = ("contact", "time", "number", "definition", "who", "learning", "steps")

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"hundred|thousand|half|third|quarter|majority|minority|most|all|none|several|per ?cent"
)
_QUESTION: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (
        "contact",
        re.compile(
            r"\b(phone|telephone|number for|e-?mail|contact details?|address|website|portal|hotline|helpline|"
            r"out[- ]of[- ]hours|opening hours|"
            r"where (do|can|should|would) (i|we|you) (refer|report|send|go|ring|call|find)|"
            r"who (do|should|can) (i|we) (call|ring|contact|email)|"
            r"how (do|can|should) (i|we) (refer|report|contact|get hold))\b",
            re.I,
        ),
    ),
    (
        "time",
        re.compile(
            r"\bhow (soon|quickly|fast|long|often|frequently|regularly)\b|\bby when\b|\bwhen (should|must|do|does|"
            r"is|are|will|has|have|can)\b|\bdeadline|\btimescales?\b|\btime ?(limit|frame)|\bwithin how\b|"
            r"\bwhat (time|date|day)\b|\bhow many (working )?(days|weeks|months|hours|years)\b|\bhow far back\b",
            re.I,
        ),
    ),
    (
        "number",
        re.compile(r"\bhow many\b|\bhow much\b|\bwhat (number|percentage|proportion|share|fraction)\b", re.I),
    ),
    (
        "definition",
        re.compile(
            r"^\W*(so\s+)?(what|who)(\s+exactly)?\s+(is|are)\s+(a|an|the)?\b|^\W*what'?s\s+(a|an)\b|"
            r"\bwhat does .{2,60} mean\b|"
            r"\bmeaning of\b|\bdefin(e|ed|ition)\b|\bwhat counts as\b|\bwhat do (we|you|they) call\b|\bstand for\b",
            re.I,
        ),
    ),
    (
        "who",
        re.compile(
            r"(^|[,;:?.!]\s*|\b(and|or|but|so)\s+)who\b|\bwho (decides?|chairs?|leads?|needs?|has|have|should|must|"
            r"can|will|makes?|signs?|approves?|is responsible|are responsible)\b|"
            r"\bwhich (agenc|organisation|partner|body|bodies|team|professional|service|person|people|"
            r"practitioner|manager|role)",
            re.I,
        ),
    ),
    (
        "learning",
        re.compile(
            r"\blearning\b|\blessons?\b|\bfindings?\b|\bthemes?\b|\bpatterns?\b|\b(reviews?|analysis|report) "
            r"(found|find|say|said|show|showed|identif\w*|highlight\w*)\b|\bwhat went wrong\b|\bgot in the way\b|"
            r"\bbarriers?\b|\bstopping\b|\bwhat (did|do) (the )?(reviews?|analysis|report)\b|\brecommendations?\b",
            re.I,
        ),
    ),
    (
        "steps",
        re.compile(
            r"\bwhat (steps|should (i|we) do|do (i|we) do|happens|should happen|must happen|needs to happen)\b|"
            r"\bhow (do|should|can|would) (i|we|you)\b|"
            r"\bwhat (should|must|does|do) .{2,60} (include|cover|contain|look like)\b|\bsteps?\b|\bprocess\b|"
            r"\bwhat (might|could|would|should) (i|we)\b|\bwhat (are|were) the\b|\bwhat (signs|indicators)\b",
            re.I,
        ),
    ),
)

_SENTENCE: dict[Kind, re.Pattern[str]] = {
    "contact": re.compile(
        r"\b0\d{2,4}[ \d]{6,10}\b|[\w.+-]+@[\w-]+\.[\w.]+|https?://|www\.|\b(tele)?phone\b|\bcall\b|\bring\b|"
        r"\bcontact\b|\be-?mail\b|\bportal\b|\bonline (form|referral)\b|\bMASH\b|\bfront door\b|"
        r"\brefer(ral)? (to|via|through)\b",
        re.I,
    ),
    "time": re.compile(
        r"\bwithin\b|\bno later than\b|\bat least (every|once)\b|\bevery\b|\bimmediately\b|\bwithout delay\b|"
        r"\bpromptly\b|\bannual(ly)?\b|\beach year\b|\bas soon as\b|\bsame day\b|\bby the end of\b|"
        rf"\b(\d+|{_NUMBER_WORDS}|a)\s+(working\s+)?(days?|weeks?|months?|hours?|years?)\b|\bdays? \d+\b",
        re.I,
    ),
    "number": re.compile(rf"\d|\b({_NUMBER_WORDS})\b|%", re.I),
    "definition": re.compile(
        r"\b(is|are) (a|an|the|defined|when|where|any|used)\b|\bmeans?\b|\brefers? to\b|\bdescribes?\b|\bis the term\b|"
        r"\bknown as\b|\bdefin(ed|ition)\b",
        re.I,
    ),
    "who": re.compile(
        r"\b(decides?|determines?|responsib\w*|accountab\w*|appoint\w*|chairs?|leads?|duty|must|should|will|role)\b",
        re.I,
    ),
    "learning": re.compile(
        r"\blearning\b|\blessons?\b|\bfound\b|\bfindings?\b|\bidentif\w*\b|\bhighlight\w*\b|\bthemes?\b|"
        r"\brecommend\w*\b|\bshowed\b|\bpractice (issue|point)s?\b|\bmissed\b|\black of\b|\binvisible\b|"
        r"\bnot (always|consistently)\b",
        re.I,
    ),
    "steps": re.compile(r":\s*\n|\n\n(• |\d{1,2}[.)] )|^\s*(\w+ )?(should|must|need to|will)\b", re.I),
}
_AGENT = re.compile(
    r"\b(partners?|board|panel|chair|manager|LADO|designated|officer|lead|practitioners?|social workers?|police|"
    r"local authority|council|headteacher|governors?|team|service|professionals?|agenc(y|ies)|nurse|GP|"
    r"safeguarding partners?|ICB|hub|conference|coordinator|director)\b",
    re.I,
)


def question_kind(question: str) -> Kind:
    """The kind of answer the question asks for ("other" when its wording says none)."""
    for kind, pattern in _QUESTION:
        if pattern.search(question):
            return kind
    return "other"


@lru_cache(maxsize=50000)  # the sentences of the passages questions reach recur across questions
def sentence_kinds(sentence: str) -> frozenset[Kind]:
    """The kinds of statement a sentence makes (a sentence may make several, or none)."""
    found = {kind for kind, pattern in _SENTENCE.items() if pattern.search(sentence)}
    if "who" in found and not _AGENT.search(sentence):
        found.discard("who")
    return frozenset(found)


# Kinds of answer a quote must state outright to answer the question at all: a number for "what's the
# out-of-hours number", a time for "how often", a figure for "how many". A quote that only talks around
# it ("contact the out-of-hours team") does not answer, however close its words.
_STATED: dict[Kind, re.Pattern[str]] = {
    "contact": re.compile(
        r"\(?\b0\d{2,4}\)?[ .-]?\d{3,4}[ .-]?\d{3,4}\b|\+44|\b(?:999|111|101|116 ?123)\b|[\w.+-]+@[\w-]+\.[\w.]+|"
        r"https?://|www\.|\b(?:[\w-]+\.)?(?:gov|org|nhs|co|ac|police)\.uk\b|\b[\w-]+\.(?:org|com|net)\b|"
        r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b|\b(?i:text) \w+ (?i:to) \d{4,6}\b|(?i:\bphone\b.{0,20}\d{4})",
    ),
    "time": re.compile(
        _SENTENCE["time"].pattern
        + r"|\b(?:daily|weekly|fortnightly|monthly|quarterly|yearly|urgent(?:ly)?|same-day|overnight)\b|"
        r"\bnext working day\b|\bby \d{1,2}(?:[:.]\d\d)? ?[ap]\.?m\b|\b\d+-(?:working-)?(?:day|week|month|hour)s?\b|"
        r"\b\d+ ?(?:hrs?|mins?|wks?)\b|\b\d+(?:st|nd|rd|th) birthday\b|\b(?:\d+|"
        + _NUMBER_WORDS
        + r") (?:times|occasions)\b",
        re.I,
    ),
    "number": _SENTENCE["number"],
}


# The askings that want the value itself: "when should…" often asks in what circumstances, not a time;
# "how should a pharmacist address a mark" asks no address.
_ASKS_VALUE: dict[Kind, re.Pattern[str]] = {
    "contact": re.compile(
        r"\b(?:phone|telephone|contact|helpline|hotline|out[- ]of[- ]hours) (?:number|details)\b|"
        r"\bnumbers? (?:for|of|to (?:ring|call))\b|\bwhat(?:'s| is) the number\b|\be-?mail address\b|"
        r"\bweb ?(?:site|address|page)\b|\bpostal address\b|\baddress (?:for|of|to)\b",
        re.I,
    ),
    "time": re.compile(
        r"\bhow (soon|quickly|long|often|frequently)\b|\bby when\b|\bdeadline|\btime ?(limit|frame|scales?)\b|"
        r"\bwithin how\b|\bhow many (working )?(days|weeks|months|hours|years)\b",
        re.I,
    ),
    "number": re.compile(r"\bhow many\b|\bwhat (number|percentage|proportion)\b", re.I),
}


def must_state(kind: Kind, question: str) -> bool:
    """Whether the question is answered only by a quote that states a value of its kind (a number, a time,
    a phone number or address)."""
    pattern = _ASKS_VALUE.get(kind)
    return pattern is not None and bool(pattern.search(question))


def states(kind: Kind, quote: str) -> bool:
    """Whether the quote states a value of the kind the question asks for (always true for other kinds)."""
    pattern = _STATED.get(kind)
    return pattern is None or bool(pattern.search(quote))
