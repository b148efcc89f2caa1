"""Ages as practitioners write them, each with where it stands in the text.

Deterministic on purpose: an age is a number with a unit, and a rule reads it exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_NUMBER_WORDS.update({f"{t}-{u}": v + i for t, v in _TENS.items() for i, u in enumerate(_UNITS, start=1)})
_NUMBER_WORDS.update({f"{t} {u}": v + i for t, v in _TENS.items() for i, u in enumerate(_UNITS, start=1)})
_NUMBER_WORDS.update(_TENS)
_NUM = r"(\d{1,3}|" + "|".join(re.escape(w) for w in sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_DECADES = {
    "teens": 15,
    "twenties": 25,
    "thirties": 35,
    "forties": 45,
    "fifties": 55,
    "sixties": 65,
    "seventies": 75,
    "eighties": 85,
    "nineties": 95,
}
_NOT_AN_AGE = r"(?! (?:days?|weeks?|months?|years? ago|times|calls|hours|minutes|mins|%|am|pm|miles|mg|ml))"


def _r(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# (pattern, kind): kind says how to read group 1 (and group 2 for the unit).
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (_r(rf"\b{_NUM}[- ](day|week|month|year|yr)s?[- ]old\b"), "unit"),
    (_r(rf"\b{_NUM}(?:-| )?(day|week|month|year|yr)s?(?:-| )?old\b"), "unit"),
    (_r(rf"\b(?:infant|baby|child|boy|girl|son|daughter)(?: of|,| aged)? {_NUM} (day|week|month|year)s?\b"), "unit"),
    (
        _r(
            r"\b(\d{1,2}) ?(mo|mos|mths?|months?|wks?|weeks?|m/o|w/o|d/o|days?)(?:[- ]old)?\b(?! ago)"
            r"(?! (?:later|earlier|before|after|of|in|on|at|since|prior))"
        ),
        "short",
    ),
    (_r(r"\b(\d{1,2})/52\b"), "baby"),
    # "8/12" is eight months; "on 12/12" or "since 3/12" is a date.
    (_r(r"(?<!\bon )(?<!\bsince )(?<!\buntil )(?<!\bfrom )(?<!\bby )(?<!\bdied )\b(\d{1,2})/12\b(?!/)"), "baby"),
    (_r(rf"\b(?:aged|age|turned|turns|age:) {_NUM}\b" + _NOT_AN_AGE), "years"),
    # "a woman of 34", "a boy of 12"; not "a BMI of 15", "a score of 12" or "a mother of three".
    (
        _r(
            rf"\b(?:woman|man|lady|gentleman|girl|boy|child|person|female|male|adult|teenager|youngster|"
            rf"pensioner|widow|widower|resident|patient) of {_NUM}\b" + _NOT_AN_AGE
        ),
        "years",
    ),
    (_r(rf"\bwould have been {_NUM}\b"), "would_have_been"),
    (
        _r(rf"\b{_NUM} ?(?:yo|y/o|y\.o\.|yrs?|years?)\b(?! ago)(?! (?:of|in|on|at|before|after|earlier|later|since))"),
        "years",
    ),
    (_r(r"\b(\d{1,3}) ?(?:[mf]|yo[mf])\b(?!\w)"), "years"),
    # "Kayleigh (27)"; not a score in brackets ("DASH high (17)", "GCS (8)").
    (
        _r(
            r"(?<!dash )(?<!score )(?<!high )(?<!medium )(?<!standard )(?<!gcs )(?<!total )(?<!level )"
            r"\(\s*(\d{1,3})\s*(?:yrs?|y|yo)?\s*[,)]"
        ),
        "years",
    ),
    (
        re.compile(
            r"\b(?:Mc|Mac|O')?[A-Z][A-Za-z'-]+, (\d{1,2})"
            r"(?=[,;.)]| [-–—] | (?:who|was|is|had|has|and|with|from|died|lives|of)\b)" + _NOT_AN_AGE
        ),
        "years",
    ),
    (
        _r(
            rf"\b(?:female|male|woman|man|lady|gentleman|girl|boy|person|patient|resident|victim|mother|father|"
            rf"mum|dad|son|daughter|brother|sister|partner|husband|wife|boyfriend|girlfriend|grandmother|"
            rf"grandfather|nan|gran|tenant|pupil|teenager),? {_NUM}\b(?![-/:.]\d)" + _NOT_AN_AGE
        ),
        "years",
    ),
    # "Mr T (78)", "Mrs Khan, 81"; not "MRI, 14/06/2024".
    (_r(r"\b(?:mr|mrs|ms|miss|mx)\b\.? ?[a-z]{0,12}\.?,? \(?(\d{2,3})\)?\b(?![-/:.]\d)" + _NOT_AN_AGE), "years"),
    (
        re.compile(
            r"\b(?![AI]\b)[A-Z]\.?,? (?:(?:was|is|aged) )?(\d{1,2})\b(?![-/:.]\d)(?![- ](?:day|week|month|year))"
            + _NOT_AN_AGE
        ),
        "years",
    ),
    (
        _r(
            r"\bin (?:his|her|their) (?:early |mid |late |mid-|late-|early-)?(teens|twenties|thirties|forties|"
            r"fifties|sixties|seventies|eighties|nineties)\b"
        ),
        "decade",
    ),
    (_r(rf"\b(?:he|she|they|who) (?:was|is|were|are|'s) (?:only |just )?{_NUM}\b(?![-/:.]\d)" + _NOT_AN_AGE), "years"),
    # "Derek was 52": a capitalised name, then "was" or "is" and the number (case kept: "it was 12" is not);
    # the age is the number alone, so that the name before it makes the person.
    (
        re.compile(r"\b[A-Z][a-z]{2,14} (?:was|is) (?:only |just )?(\d{1,2})\b(?![-/:.]\d)(?! ?%)" + _NOT_AN_AGE),
        "after_name",
    ),
    (_r(r"\b(?:year|yr|y) ?(\d{1,2}) (?:pupil|student|boy|girl|child)s?\b"), "school_year"),
    (_r(r"\bin (?:year|yr|y) ?(\d{1,2})\b"), "school_year"),
)


# "DOB 04/1971", "d.o.b. 12/03/2015", "date of birth: 2009", "born in March 2019": an age from a birth date.
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DOB = re.compile(
    r"\b(?:dob|d\.o\.b\.?|date of birth|born(?: in| on)?)[:\s]*"
    r"(?:(\d{1,2})(?:st|nd|rd|th)?[./\- ])?(?:(\d{1,2}|[a-z]{3,9})[./\- ])?((?:19|20)\d{2})\b",
    re.I,
)
# "children aged 5 and 9", "the kids (2, 4 and 7)": the ages after the first in a list of ages.
_AGE_LIST = re.compile(
    r"(?:\bage[sd]?:? (?P<first>\d{1,2})(?P<rest>(?:(?:,|,? and|,? &) \d{1,2})+)\b(?![-/:.]?\d)"
    r"(?! ?(?:days?|weeks?|months?|years? ago|times|%|of|in|on|at|to)\b)"
    r"|\((?P<first2>\d{1,2})(?P<rest2>(?:(?:,|,? and|,? &) ?\d{1,2})+)\))",
    re.I,
)
_LIST_ITEM = re.compile(r"(?:,|,? and|,? &) ?(\d{1,2})", re.I)
# The dates a record is written on or tells of ("22/07/2024", "14 June 2024", "March 2025"): a date of
# birth counts to the latest of them, the time of the events, not to the day the check is run.
_DATE = re.compile(
    r"\b(?:(\d{1,2})[./-](\d{1,2})[./-]((?:19|20)?\d{2})"
    r"|(?:(\d{1,2})(?:st|nd|rd|th)? )?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?,? "
    r"((?:19|20)\d{2}))\b",
    re.I,
)
# An age written within this many characters after a birth date is the one the writer meant.
_STATED_AGE_NEAR = 25


@dataclass(frozen=True)
class Age:
    """An age in whole years, where it stands and the words it came from."""

    years: int
    start: int
    end: int
    words: str


def _value(match: re.Match[str], kind: str) -> int | None:
    raw = match.group(1).lower()
    if kind == "decade":
        return _DECADES[raw]
    if kind == "baby":
        return 0
    if kind == "short":
        months = match.group(2).lower().startswith("m")
        return int(raw) // 12 if months else 0
    number = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)
    if number is None:
        return None
    if kind == "unit":
        unit = match.group(2).lower()
        if unit in ("year", "yr"):
            return number
        return number // 12 if unit == "month" else 0
    if kind == "would_have_been":
        return max(number - 1, 0)
    if kind == "school_year":
        return number + 4 if 1 <= number <= 13 else None
    return number if number <= 110 else None


def _month(raw: str | None) -> int | None:
    if raw is None:
        return None
    if raw.isdigit():
        return int(raw) if 1 <= int(raw) <= 12 else None
    return _MONTHS.index(raw[:3].lower()) + 1 if raw[:3].lower() in _MONTHS else None


def _age_at(birth_year: int, birth_month: int | None, birth_day: int | None, on: date) -> int | None:
    born_later_in_year = birth_month is not None and (
        birth_month > on.month or (birth_month == on.month and birth_day is not None and birth_day > on.day)
    )
    years = on.year - birth_year - (1 if born_later_in_year else 0)
    return years if 0 <= years <= 110 else None


def _date(match: re.Match[str], today: date) -> date | None:
    """One written date; a two-digit year is this century's unless that would be after ``today``."""
    day_text, month_text, year_text = (
        (match.group(1), match.group(2), match.group(3))
        if match.group(3) is not None
        else (match.group(4), match.group(5), match.group(6))
    )
    year = int(year_text)
    if year < 100:
        year += 2000 if 2000 + year <= today.year else 1900
    month = _month(month_text)
    try:
        return date(year, month, int(day_text) if day_text else 1) if month is not None else None
    except ValueError:
        return None


def events_date(text: str, today: date) -> date:
    """When the events happened: the latest date the text gives, leaving out dates of birth and dates
    after ``today``; ``today`` when the text gives none."""
    births = [(m.start(), m.end()) for m in _DOB.finditer(text)]
    dates = [
        when
        for match in _DATE.finditer(text)
        if not any(start <= match.start() < end for start, end in births)
        and (when := _date(match, today)) is not None
        and when <= today
    ]
    return max(dates, default=today)


def _birth_dates(text: str, today: date) -> list[Age]:
    """Ages from dates of birth, counted to the time of the events (see ``events_date``)."""
    on = events_date(text, today)
    out = []
    for match in _DOB.finditer(text):
        first, second = match.group(1), match.group(2)
        month = _month(second) if second is not None else _month(first)
        day = int(first) if second is not None and first is not None else None
        years = _age_at(int(match.group(3)), month, day, on)
        if years is not None:
            out.append(Age(years, match.start(), match.end(), match.group(0).strip()))
    return out


def _listed(text: str) -> list[Age]:
    """Each age of a list ("aged 5 and 9", "(6 and 3)"); where "aged 5" is also read whole, that reading wins."""
    out = []
    for match in _AGE_LIST.finditer(text):
        first, rest = ("first", "rest") if match.group("first") is not None else ("first2", "rest2")
        out.append(Age(int(match.group(first)), match.start(first), match.end(first), match.group(first)))
        offset = match.start(rest)
        for item in _LIST_ITEM.finditer(match.group(rest)):
            start = offset + item.start(1)
            out.append(Age(int(item.group(1)), start, offset + item.end(1), item.group(1)))
    return out


def ages_in(text: str, today: date | None = None) -> list[Age]:
    """Every age the text gives, left to right; overlapping readings keep the earliest, longest one.

    A date of birth counts to the latest other date the text gives (the time of the events: "DOB
    30/11/2006 ... pronounced deceased 22/07/2024" is 17), or to ``today`` (default: the date of the
    check) when it gives none, unless an age is written just after it ("DOB 02/2024, 13 mths"), which
    is the one the writer meant.
    """
    found: list[Age] = []
    for pattern, kind in _PATTERNS:
        for match in pattern.finditer(text):
            years = _value(match, "years" if kind == "after_name" else kind)
            if years is not None and kind == "after_name":
                found.append(Age(years, match.start(1), match.end(1), match.group(1)))
            elif years is not None:
                found.append(Age(years, match.start(), match.end(), match.group(0).strip()))
    found.extend(_listed(text))
    for birth in _birth_dates(text, today or date.today()):
        stated = any(0 <= a.start - birth.end <= _STATED_AGE_NEAR for a in found)
        inside = [a for a in found if birth.start <= a.start < birth.end]  # "DOB 12/12/2019" read as 12 months
        found = [a for a in found if a not in inside]
        if not stated:
            found.append(birth)
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    out: list[Age] = []
    for age in found:
        if out and age.start < out[-1].end:
            continue
        out.append(age)
    return out
