"""Infer metadata a manifest did not give: title, publisher, nation, year, kind and review type.

Everything comes from the file itself: its embedded information (PDF document information, HTML
title, Word properties), its cover (the first lines of page 1, where the PDF loader marks headings
with ``#`` by type size, ``#`` for the largest) and its text. Each field is left empty rather than
guessed from nothing, and every value is one clean line.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ingest.models import Block, DocumentMeta, EmbeddedInfo, Line, RawDocument

# Most specific first: "local child safeguarding practice review" before "child safeguarding ...".
REVIEW_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("LCSPR", re.compile(r"\blocal child safeguarding practice review|\bLCSPRs?\b", re.I)),
    ("CSPR", re.compile(r"\bchild safeguarding practice review|\bCSPRs?\b", re.I)),
    ("SCR", re.compile(r"\bserious case review|\bSCRs?\b", re.I)),
    ("SAR", re.compile(r"\bsafeguarding adults? review|\bSARs?\b", re.I)),
    ("DARDR", re.compile(r"\bdomestic abuse related death review|\bDARDRs?\b", re.I)),
    ("DHR", re.compile(r"\bdomestic homicide review|\bDHRs?\b", re.I)),
    ("SUSR", re.compile(r"\bsingle unified safeguarding review|\bSUSRs?\b", re.I)),
    ("CMR", re.compile(r"\bcase management review|\bCMRs?\b", re.I)),
    ("rapid_review", re.compile(r"\brapid reviews?\b", re.I)),
    ("learning_review", re.compile(r"\blearning reviews?\b", re.I)),
)
KINDS = ("case_review", "annual_report", "briefing", "training", "local_guidance", "guidance")

_PLACES_FILE = Path(__file__).with_name("local_authorities.yaml")
_NATIONS = ("England", "Wales", "Scotland", "Northern Ireland")
_NATION_WORDS = {
    "England": re.compile(r"\bEngland\b"),
    "Wales": re.compile(r"(?<!New South )\bWales\b|\bCymru\b|\bWelsh (?:Government|Ministers)\b"),
    "Scotland": re.compile(r"\bScotland\b(?! Yard)|\bScottish (?:Government|Ministers)\b"),
    "Northern Ireland": re.compile(r"\bNorthern Ireland\b"),
}

# --- text helpers -----------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_WORD = re.compile(r"[A-Za-z0-9]+")


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_SMALL = _wordset("a an and as at by for from in into of on or the to under upon via with who which that")
_OPEN_END = re.compile(r"(?:[,:;/(&–—-]|\b(?:" + "|".join(sorted(_SMALL)) + r"))$", re.I)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_YEAR_RANGE = re.compile(r"\b((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)?\d\d)\b")
_YEARISH = re.compile(r"\(?\s*(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?\s*\)?")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH},?\s+((?:19|20)\d\d)\b"
    r"|\b(\d{1,2})[./-](\d{1,2})[./-]((?:19|20)?\d\d)\b",
    re.I,
)
_DATE_LABEL = re.compile(
    r"\b(?:published|publication(?: date)?|date (?:of publication|published)|issued|final(?: version| draft)?"
    r"|approved|(?:last )?updated|revised|version\s*[\w.]*|dated?)\s*[:–-]?\s*(?:on\s+)?$",
    re.I,
)
_DATE_WORDS = re.compile(r"(?i)\b(?:published|updated|last|revised|version|final|draft|issued|date|approved|on|v)\b")
_NOT_PUBLISHED = re.compile(
    r"\b(?:review(?:ed)?(?: date| by| due)?|next review|expir\w*|due|until|deadline)\s*[:–-]?\s*$", re.I
)
_LINE_NOISE = re.compile(
    r"^(?:quick exit|exit (?:this )?(?:site|page)|skip to (?:main )?content\.?|(?:top|main) menu|menu|home|search"
    r"|print(?: this page)?|share(?: this page)?|back to top|cookies?(?: settings| policy)?|accessibility)$",
    re.I,
)
_GENERIC = re.compile(
    r"^(?:(?:table of )?contents|foreword|introduction|executive summary|summary|background|overview|purpose"
    r"|acknowledg\w+|glossary|index|version control|document control|appendix\b.*|section \d+\b.*)$",
    re.I,
)
_NUMBERED = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[ivx]+\.|[a-z]\))\s+\S")
_BULLET = re.compile(r"^[•●▪◦‣∙·*–-]\s")
_JUNK_TITLE = re.compile(
    r"^(?:microsoft\s+(?:word|powerpoint|excel)\b|untitled\b|document\s*\d*$|title$|no title$|powerpoint presentation$"
    r"|slide\s*\d+$|template\b)|\.(?:docx?|pdf|pptx?|xlsx?|rtf|odt)$",
    re.I,
)
_ACRONYM_WORDS = _wordset(
    "UK NHS CSC MASH SCR SAR DHR CSPR LCSPR CMR SUSR DARDR SCP LSCP NSCP SCB LSCB SAB SVPP CSE CCE NRM LADO "
    "DFE ICB ICO CERAF EHA SEND CAMHS MARAC MAPPA FGM PREVENT II III IV"
)
_FOOTER_TITLE = re.compile(r"^(.{6,150}?)\s+(?:[-–|]\s*)?Page\s+\d+\s*(?:of|/)\s*\d+\s*$", re.I)


def _one_line(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _overlap(a: str, b: str) -> float:
    """Share of the smaller set of words that the other also has."""
    wa, wb = {w.lower() for w in _words(a)}, {w.lower() for w in _words(b)}
    return len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0


def _garbled(text: str) -> bool:
    """Overlapping text boxes read twice: the same word twice in a row ("Safeguarding Safeguarding")."""
    keys = [re.sub(r"[^a-z0-9]", "", w.lower()) for w in text.split()]
    return any(a and a == b and not a.isdigit() for a, b in itertools.pairwise(keys))


def _open_ended(text: str) -> bool:
    """A phrase cut short: it ends on a joining word or mark, or leaves a bracket open."""
    return bool(_OPEN_END.search(text.rstrip())) or text.count("(") > text.count(")")


def _is_date_line(text: str) -> bool:
    """A line that is little more than a date ("May 2024", "Updated January 2025", "Version 3 – Nov 2022")."""
    if not _DATE.search(text):
        return False
    rest = _DATE.sub(" ", text)
    rest = _DATE_WORDS.sub(" ", rest)
    return len(_words(rest)) <= 1


def _is_sentence(text: str) -> bool:
    words = len(text.split())
    return words >= 7 and (text.rstrip().endswith((".", "!")) or bool(re.search(r"[.!?]\s+[A-Z]", text)))


def _title_case(text: str) -> str:
    """ALL-CAPS titles in title case, acronyms and short joining words kept sensible."""
    letters = [c for c in text if c.isalpha()]
    if not letters or any(c.islower() for c in letters):
        return text[:1].upper() + text[1:]
    out: list[str] = []
    for i, word in enumerate(text.split()):
        bare = re.sub(r"[^A-Za-z]", "", word)
        if bare.upper() in _ACRONYM_WORDS or not re.search(r"[AEIOUY]", bare.upper()):
            out.append(word)
        elif bare.lower() in _SMALL and i and not out[-1].endswith(":"):
            out.append(word.lower())
        else:
            out.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(out)


# --- places -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Places:
    nation_of: dict[str, str]
    ambiguous: frozenset[str]
    bodies: dict[str, str]
    pattern: re.Pattern[str]
    canonical: dict[str, str]
    markers: tuple[tuple[str, re.Pattern[str]], ...]

    def find(self, text: str, *, strict: bool = False) -> list[str]:
        """Places named in ``text``, in order; ``strict`` leaves out names that are also common words."""
        names = [self.canonical.get(_place_key(m.group(0)), m.group(0)) for m in self.pattern.finditer(text)]
        return [n for n in names if not (strict and n in self.ambiguous)]

    def nation_in(self, text: str | None) -> str | None:
        """Nation of the first national body or place named in ``text`` (a publisher or title)."""
        if not text:
            return None
        for body, nation in self.bodies.items():
            if body.lower() in text.lower():
                return nation
        names = self.find(text)
        if names:
            return self.nation_of.get(names[0])
        named = {nation for nation, pattern in _NATION_WORDS.items() if pattern.search(text)}
        return named.pop() if len(named) == 1 else None


def _place_key(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("&", "and").replace(",", "")).strip().lower()


@lru_cache(maxsize=1)
def places() -> _Places:
    """The table of UK local authority areas (``local_authorities.yaml``)."""
    data = yaml.safe_load(_PLACES_FILE.read_text("utf-8"))
    nation_of = {str(name): nation for nation in _NATIONS for name in data.get(nation, [])}
    names = sorted(nation_of, key=len, reverse=True)
    alternatives = [
        r"\s+".join(
            r"(?:and|&)" if w == "and" else re.escape(w.rstrip(",")) + (",?" if w.endswith(",") else "")
            for w in n.split()
        )
        for n in names
    ]
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")
    bodies = {str(k): str(v) for k, v in (data.get("bodies") or {}).items()}
    canonical = {_place_key(name): name for name in nation_of}
    markers = tuple(
        (nation, re.compile(rf"(?<!\w){re.escape(str(m))}(?!\w)", 0 if str(m).isupper() else re.I))
        for nation, phrases in (data.get("markers") or {}).items()
        for m in phrases
    )
    return _Places(nation_of, frozenset(map(str, data.get("ambiguous", []))), bodies, pattern, canonical, markers)


# --- the cover --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cover:
    text: str
    level: int  # heading level the loader gave it (1 = largest type); 0 for body text


def _cover(lines: Sequence[Line]) -> list[_Cover]:
    """The first lines of the document: page 1 (and page 2 when page 1 is almost empty)."""
    out: list[_Cover] = []
    for line in lines:
        if line.page is not None and (line.page > 2 or (line.page == 2 and len(out) >= 3)):
            break
        if getattr(line, "role", "body") == "footnote":
            continue
        text = _one_line(line.text)
        m = _MD_HEADING.match(text)
        level, text = (len(m.group(1)), m.group(2).strip()) if m else (0, text)
        if text:
            out.append(_Cover(text, level))
        if len(out) >= 30:
            break
    return out


def _skippable(text: str) -> bool:
    return (
        bool(_LINE_NOISE.match(text))
        or not re.search(r"[A-Za-z]{2}", text)
        or _is_date_line(text)
        or bool(re.fullmatch(r"(?i)page\s+\d+(?:\s+of\s+\d+)?", text))
    )


def _title_like(text: str, level: int, paged: bool) -> bool:
    words = len(text.split())
    if _skippable(text) or not 1 <= words <= 25 or len(text) > 200:
        return False
    if _GENERIC.match(text) or _NUMBERED.match(text) or _BULLET.match(text) or _JUNK_TITLE.search(text):
        return False
    if _is_sentence(text):
        return False
    if text.endswith("?") or not (text[:1].isupper() or text[:1].isdigit()):
        return False
    if paged and not level and len(text) > 70:
        # Unmarked lines on a printed page: a long one is body text unless set in capitals or title case.
        caps = [w for w in text.split() if w[:1].isalpha() and w.lower() not in _SMALL]
        return bool(caps) and sum(w[:1].isupper() for w in caps) / len(caps) >= 0.8
    return True


_JOINERS = _wordset("on of for from in into to with and or under upon via by at")


def _capitalised(text: str) -> bool:
    words = [w for w in text.split() if w[:1].isalpha() and w.lower() not in _SMALL]
    return bool(words) and sum(w[:1].isupper() for w in words) / len(words) >= 0.8


def _joins(title: str, nxt: _Cover, level: int, paged: bool) -> str | None:
    """How the next cover line carries on ``title``: " " (same phrase), ": " (a second part), or None."""
    if nxt.level != level:
        return None
    if _open_ended(title) or nxt.text[:1].islower() or nxt.text.split()[0].lower() in _JOINERS:
        return " "
    if level and _title_like(nxt.text, level, paged):
        return ": "  # two lines of the largest type: "... from Home or Care" / "Local Arrangements"
    if (
        paged
        and len(title.split()) < 5
        and len(nxt.text.split()) <= 8
        and _capitalised(title)
        and _capitalised(nxt.text)
        and _title_like(nxt.text, level, paged)
    ):
        return " "  # a cover title wrapped over short lines: "London Rapid Reviews" / "Analysis Report"
    return None


def _extend(cover: list[_Cover], i: int, title: str, paged: bool) -> tuple[str, int]:
    """Join to ``title`` the lines from ``cover[i]`` on that carry it on; return it and the next index."""
    level = cover[i - 1].level
    while i < len(cover) and len(title.split()) <= 20:
        nxt = cover[i]
        if _YEARISH.fullmatch(nxt.text):
            return f"{title} {nxt.text}", i + 1
        how = None if _skippable(nxt.text) else _joins(title, nxt, level, paged)
        if how is None:
            break
        title = f"{title}{how}{nxt.text}"
        i += 1
    return title, i


def _cover_title(cover: list[_Cover], paged: bool) -> tuple[str | None, bool]:
    """Title set on the cover, and whether it was a marked heading.

    The start is the largest marked heading near the top, else the first title-like line. Lines that
    carry on a phrase cut short, a bare year and same-size headings join it; a title of up to three
    words takes the line after it as a subtitle ("Information Sharing: advice for ...").
    """
    head = cover[:14]
    levels = [c.level for c in head if c.level and _title_like(c.text, c.level, paged)]
    starts = [
        i for i, c in enumerate(head) if _title_like(c.text, c.level, paged) and (not levels or c.level == min(levels))
    ]
    for start in starts[:3]:  # a start read garbled (overlapping text boxes) gives way to the next
        title = _title_from(cover, start, paged)
        if title:
            return title, bool(cover[start].level)
    return None, False


def _title_from(cover: list[_Cover], start: int, paged: bool) -> str | None:
    level = cover[start].level
    title, i = _extend(cover, start + 1, cover[start].text, paged)
    if len(title.split()) <= 3 and i < len(cover):
        sub = cover[i]
        if (
            (sub.level > level > 0 or (paged and sub.level == 0))
            and not _skippable(sub.text)
            and not _GENERIC.match(sub.text)
            and not sub.text.endswith("?")
            and len(sub.text.split()) <= 16
        ):
            subtitle, _ = _extend(cover, i + 1, sub.text, paged)
            if len(subtitle.split()) <= 20:
                title = f"{title}: {subtitle.rstrip('.')}"
    return _finish_title(title)


def _finish_title(text: str | None) -> str | None:
    if not text:
        return None
    text = _one_line(text).strip(" :;,–—-")
    text = re.sub(r"\s+:", ":", text)
    if not text or _garbled(text) or _open_ended(text) or len(text.split()) > 30:
        return None
    return _title_case(text)


def _embedded_title(value: str | None, fmt: str) -> str | None:
    text = _one_line(value or "")
    if fmt == "html" and " | " in text:
        text = text.split(" | ")[0]
    if len(text) < 4 or _JUNK_TITLE.search(text) or (" " not in text and re.search(r"[_\d]", text)):
        return None
    return _finish_title(text)


def _footer_title(lines: Sequence[Line]) -> str | None:
    """A running footer such as "SVPP Annual Report 2023-2024 Page 27 of 27" names the document."""
    found = Counter(m.group(1).strip() for line in lines if (m := _FOOTER_TITLE.match(_one_line(line.text))))
    for text, _ in found.most_common():
        if _title_like(text, 1, False):
            return _finish_title(text)
    return None


def infer_title(blocks: Sequence[Block], embedded: str | None, source: str, raw: RawDocument | None = None) -> str:
    """The cover title, else the embedded one, a running footer's, the first heading or the file name."""
    lines = raw.lines if raw is not None else _lines_from_blocks(blocks)
    paged = any(line.page is not None for line in lines[:40])
    cover_title, marked = _cover_title(_cover(lines), paged)
    own = _embedded_title(embedded, raw.format if raw is not None else "")
    if cover_title and (marked or not own or _overlap(cover_title, own) >= 0.5):
        return cover_title
    if own:
        return own
    if cover_title:
        return cover_title
    footer = _footer_title(lines)
    if footer:
        return footer
    for block in blocks[:8]:
        if block.kind == "heading" and _title_like(block.text, block.level or 1, False):
            title = _finish_title(block.text)
            if title:
                return title
    stem = re.sub(r"[_-]+", " ", source.rsplit(".", 1)[0]).strip()
    if re.fullmatch(r"[\d\s]*(?:[0-9a-f]{8,}[\d\s]*)?", stem.lower()):
        # A file named by a number or hash: the first short sentence says more than its name.
        for c in _cover(lines)[:6]:
            if not _skippable(c.text) and 4 <= len(c.text.split()) <= 14:
                return _one_line(c.text).rstrip(".")
    stem = " ".join(w.upper() if w.upper() in _ACRONYM_WORDS else w for w in stem.split())
    return stem[:1].upper() + stem[1:]


# --- review type, year ------------------------------------------------------------------------------


def infer_review_type(title: str, opening: str) -> str | None:
    """Review type named in the title, else in the opening lines (guidance names many types later)."""
    for text in (title, opening[:300]):
        for name, pattern in REVIEW_TYPES:
            if pattern.search(text):
                return name
    return None


def _date_year(m: re.Match[str]) -> int | None:
    if m.group(1):
        return int(m.group(1))
    day, month, year = int(m.group(2)), int(m.group(3)), m.group(4)
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return int(year) if len(year) == 4 else 2000 + int(year)


def _publication_years(texts: Sequence[str], *, labelled_only: bool) -> list[int]:
    """Years of dates that stand alone on a line or follow a publication label, not review-by dates."""
    latest = dt.date.today().year + 1
    years: list[int] = []
    for text in texts:
        for m in _DATE.finditer(text):
            before = text[max(0, m.start() - 40) : m.start()]
            year = _date_year(m)
            if year is None or not 1990 <= year <= latest or _NOT_PUBLISHED.search(before):
                continue
            if _DATE_LABEL.search(before) or (not labelled_only and _is_date_line(text)):
                years.append(year)
    return years


def _title_year(title: str) -> int | None:
    ranges = _YEAR_RANGE.findall(title)
    if ranges:
        start, end = ranges[-1]
        return int(end) if len(end) == 4 else int(start[:2] + end)
    found = _YEAR.findall(title)
    return int(found[-1]) if found else None


_CITED_YEAR = re.compile(
    r"\b(?:Act|Regulations|Order|Rules|Together|Convention|Guidelines|Review|Strategy)\s*\(?\s*((?:19|20)\d\d)\b"
)


def infer_year(
    title: str,
    head: str,
    *,
    cover: Sequence[str] = (),
    tail: Sequence[str] = (),
    created: str | None = None,
) -> int | None:
    """Publication year: a cover date or a labelled publication date, else the title's, else the file's.

    A cover date beats a period in the title ("Analysis Report (2023-2024)", published February 2025)
    and a creation date (a later reissue keeps its cover date). Years of cited acts do not count.
    """
    dated = _publication_years(cover, labelled_only=False) + _publication_years(tail, labelled_only=True)
    if dated:
        return max(dated)
    in_title = _title_year(title)
    if in_title:
        return in_title
    if created and (m := re.match(r"((?:19|20)\d\d)", created)) and 1990 <= int(m.group(1)) <= dt.date.today().year + 1:
        return int(m.group(1))
    cited = {m.start(1) for m in _CITED_YEAR.finditer(head)}
    years = Counter(int(m.group(1)) for m in _YEAR.finditer(head) if m.start(1) not in cited)
    return years.most_common(1)[0][0] if years else None


# --- publisher --------------------------------------------------------------------------------------

_PARTNER_KIND = (
    r"(Safeguarding\s+Board\s+for\s+Northern\s+Ireland|Safeguarding\s+(?:Children(?:['’]s)?\s+|Adults?\s+"
    r"|Vulnerable\s+People\s+|Children\s+and\s+Adults\s+)?(?:Partnership|Board)(?!s)\b"
    r"|(?:Child|Adult|Public)\s+Protection\s+Committee(?!s)\b|Community\s+Safety\s+Partnership(?!s)\b)"
)
_PARTNERSHIP = re.compile(
    r"((?:[A-Z][\w’'.&-]*(?:[ \t]+(?:and|&|upon|on|of|with))?[ \t]+)*[A-Z][\w’'.&-]*)\s+" + _PARTNER_KIND
)
_UNNAMED_PARTNERSHIP = re.compile(r"\b[Tt]he\s+" + _PARTNER_KIND)
_GENERIC_PREFIX = _wordset(
    "the a an our your their its this that each every all any local national new statutory independent joint "
    "regional lead relevant chair executive member members partner partners multi-agency of and by for in to "
    "with on at from summary report review children child adults adult"
)
_ACRONYM = {
    "SCP": "Safeguarding Children Partnership",
    "SCB": "Safeguarding Children Board",
    "SAB": "Safeguarding Adults Board",
    "SAP": "Safeguarding Adults Partnership",
    "SVPP": "Safeguarding Vulnerable People Partnership",
}
_BARE_ACRONYM = re.compile(r"\b([A-Z]?)(SCP|SCB|SAB|SAP|SVPP)\b")
_ORG = re.compile(
    r"\b(?:Department|Council|Partnership|Board|Government|Trust|NHS|Police|Constabulary|Office|Agency|Commission"
    r"|Ofsted|NSPCC|Panel|Authority)\b"
)
_CROWN = re.compile(r"©\s*Crown\b|\(c\)\s*Crown copyright|\bCrown copyright\b", re.I)
_DEPARTMENTS = (
    ("Department for Education", re.compile(r"Department for Education|\bDfE\b|educationgovuk|education\.gov\.uk")),
    ("Home Office", re.compile(r"\bHome Office\b|\bhomeoffice\b")),
    ("Department of Health and Social Care", re.compile(r"Department of Health and Social Care|\bDHSC\b")),
    ("Welsh Government", re.compile(r"\bWelsh Government\b|\bgov\.wales\b")),
    ("Scottish Government", re.compile(r"\bScottish Government\b|\bgov\.scot\b")),
)
_NATIONAL = re.compile(
    r"\b(?:HM Government|Department|Government|Ofsted|NSPCC|Home Office|Panel|National|NHS England|Commission)\b"
)


def _name_partnership(prefix: str, kind: str) -> str | None:
    """ "Chair of the Executive of the London" + "Safeguarding Children Partnership": from the place on."""
    kind = _one_line(kind)
    if kind.endswith("Northern Ireland"):
        return kind
    # Only what follows another partnership's name: "... Partnership and Local" + "Safeguarding Adult Board".
    prefix = re.split(r"\b(?:Safeguarding|Partnership|Board|Committee)\b", _one_line(prefix))[-1].strip()
    found = places().pattern.search(prefix)
    if found:
        prefix = prefix[found.start() :]
    else:
        words = prefix.split()
        while words and words[0].lower() in _GENERIC_PREFIX:
            words.pop(0)
        prefix = " ".join(words)
    return f"{prefix} {kind}" if prefix else None


def _partnerships(text: str) -> list[str]:
    return [n for m in _PARTNERSHIP.finditer(text) if (n := _name_partnership(m.group(1), m.group(2)))]


@lru_cache(maxsize=1)
def _place_acronym_pattern() -> re.Pattern[str]:
    return re.compile(r"(" + places().pattern.pattern + r")[ \t]+L?(SCP|SCB|SAB|SAP|SVPP)\b")


def _place_acronyms(text: str) -> list[str]:
    """ "Cheshire West and Chester SCP", "Wiltshire SVPP": the place and the partnership's full name."""
    return [f"{_one_line(m.group(1))} {_ACRONYM[m.group(2)]}" for m in _place_acronym_pattern().finditer(text)]


def _dominant_place(text: str, title: str) -> str | None:
    """The place a document is about: named in its title, or clearly the most named in its text."""
    in_title = places().find(title)
    if in_title:
        return in_title[0]
    counts = Counter(places().find(text, strict=True)).most_common(2)
    if not counts or counts[0][1] < 2 or (len(counts) > 1 and counts[0][1] < 1.5 * counts[1][1]):
        return None
    return counts[0][0]


def _crown_publisher(author: str | None, imprint: str) -> str:
    for name, pattern in _DEPARTMENTS:
        if author and pattern.search(author):
            return name
    hits = [(len(p.findall(imprint)), name) for name, p in _DEPARTMENTS]
    best = max(hits)
    return best[1] if best[0] else "HM Government"


def infer_publisher(
    text: str, *, cover: str = "", tail: str = "", author: str | None = None, title: str = ""
) -> str | None:
    """Who published the document: the partnership or board it names, else the body its marks point to.

    In order: a partnership or board named on the cover; an organisation as the file's author; Crown
    copyright (the department its imprint names, else HM Government); the partnership named most in
    the text; a place with a partnership's initials ("Wiltshire SVPP"); the initials or an unnamed
    "the Safeguarding Children Partnership" with the place the document is about.
    """
    on_cover = _partnerships(cover)
    if on_cover:
        return Counter(on_cover).most_common(1)[0][0]
    named = _partnerships(author or "") or _place_acronyms(author or "")
    if named:
        return named[0]
    if author and _ORG.search(author) and (places().find(author) or _NATIONAL.search(author)):
        return _one_line(author)  # "Department for Education", "Wiltshire Council"
    if _CROWN.search(tail) or _CROWN.search(cover):
        return _crown_publisher(author, tail + "\n" + cover)
    # In the body only names led by a known place count (a guide names other nations' boards); the
    # back page may name any. Named once in passing is not enough.
    scores = Counter({name: 2 for name in _partnerships(tail)})
    for name in _partnerships(text):
        if places().pattern.match(name):
            scores[name] += 3
        elif name in scores:
            scores[name] += 1
    if scores and scores.most_common(1)[0][1] >= 3:
        return scores.most_common(1)[0][0]
    with_place = _place_acronyms(text)
    if with_place:
        return Counter(with_place).most_common(1)[0][0]
    place = _dominant_place(text, title)
    if place is None or _covers_uk(_nation_counts(text)):
        return None
    unnamed = [n for m in _UNNAMED_PARTNERSHIP.finditer(text) if not (n := _one_line(m.group(1))).endswith("Ireland")]
    bare = [a for i, a in _BARE_ACRONYM.findall(text) if not i or place.startswith(i)]
    if unnamed:
        return f"{place} {Counter(unnamed).most_common(1)[0][0]}"
    if len(bare) >= 2:
        return f"{place} {_ACRONYM[Counter(bare).most_common(1)[0][0]]}"
    return None


# --- nation, kind -----------------------------------------------------------------------------------


def _nation_counts(text: str) -> Counter[str]:
    return Counter({name: len(p.findall(text)) for name, p in _NATION_WORDS.items()})


def _covers_uk(counts: Counter[str]) -> bool:
    """All four nations named, none far more than the others: a document about the whole UK."""
    return min(counts.values()) >= 2 and 4 * min(counts.values()) >= max(counts.values())


def infer_nation(text: str, *, publisher: str | None = None, title: str | None = None) -> str | None:
    """The nation of the publisher or title's place, else the one the text names most; "UK" for all four."""
    for named in (publisher, title):
        nation = places().nation_in(named)
        if nation:
            return nation
    counts = _nation_counts(text)
    if _covers_uk(counts):
        return "UK"
    for place in places().find(text, strict=True):
        counts[places().nation_of[place]] += 1
    for nation, marker in places().markers:
        counts[nation] += len(marker.findall(text))
    name, n = counts.most_common(1)[0]
    return name if n else None


_KIND_WORDS = (
    ("annual_report", re.compile(r"\bannual report\b", re.I)),
    (
        "briefing",
        re.compile(
            r"\b(?:7|seven)[- ]minute\b|\bbriefing\b|\bfact ?sheet\b|\blearning (?:brief|summary|note)\b"
            r"|\bpractice (?:brief|note)\b|\bleaflet\b|\bnewsletter\b",
            re.I,
        ),
    ),
    ("training", re.compile(r"\btraining\b|\binformation pack\b|\bworkbook\b|\bcourse\b|\be-?learning\b", re.I)),
)
_GUIDANCE_WORDS = re.compile(
    r"\b(?:guidance|guide|protocols?|procedures?|polic(?:y|ies)|advice|thresholds?|framework|arrangements"
    r"|process(?:es)?|criteria|toolkit|strategy|standards|pathway|handbook|terms of reference|how to|referr\w*)\b",
    re.I,
)
_ONE_REVIEW = re.compile(
    r"\b(?:case|thematic|practice|learning|rapid|adults?|homicide|death|management|unified safeguarding) review\b"
    r"|\breview (?:of|into)\b|\b(?:LCSPR|CSPR|SCR|SAR|DHR|DARDR|SUSR|CMR)\b",
    re.I,
)
_STUDY_OF_REVIEWS = re.compile(r"\b(?:analysis|thematic|themes|learning from|findings from)\b", re.I)
_THIS_REVIEW = re.compile(
    r"\b(?:this|the) (?:review|report) (?:was|has been|is being) (?:commissioned|undertaken|carried out)"
    r"|\bsummary of (?:a|the|this) [\w -]{0,40}review\b",
    re.I,
)


def infer_kind(title: str, *, heads: str = "", opening: str = "", local: bool = False) -> str | None:
    """One of :data:`KINDS`: from the title first, then the cover's other headings, then the opening.

    A title naming one review ("Safeguarding Adult Review: Mr D") or a study of several ("Rapid Reviews
    Analysis Report") is a case review; one about reviews in general ("Case Reviews in Wiltshire",
    "Case review process") is guidance, local when a local body publishes it.
    """
    guidance = "local_guidance" if local else "guidance"
    for kind, pattern in _KIND_WORDS:
        if pattern.search(title):
            return kind
    if infer_review_type(title, "") or _ONE_REVIEW.search(title) or re.search(r"(?i)\breviews\b", title):
        if _GUIDANCE_WORDS.search(title):
            return guidance
        return "case_review" if _ONE_REVIEW.search(title) or _STUDY_OF_REVIEWS.search(title) else guidance
    if _GUIDANCE_WORDS.search(title):
        return guidance
    for kind, pattern in _KIND_WORDS:
        if pattern.search(heads):
            return kind
    if _THIS_REVIEW.search(opening):
        return "case_review"
    if _GUIDANCE_WORDS.search(heads) or infer_review_type("", opening[:1500]):
        return guidance
    return None


def _is_local(publisher: str | None, title: str, place: str | None, nation: str | None) -> bool:
    if nation == "UK":
        return False
    if publisher:
        return not _NATIONAL.search(publisher)
    return place is not None or bool(places().find(title))


# --- the whole document -----------------------------------------------------------------------------


def _cover_heads(cover: list[_Cover], paged: bool) -> list[_Cover]:
    """The cover's title block: its headings and title-like lines up to a contents list or the body."""
    out: list[_Cover] = []
    for c in cover[:10]:
        if _GENERIC.match(c.text) or _is_sentence(c.text):
            break
        if c.level or _title_like(c.text, c.level, paged):
            out.append(c)
    return out


def _lines_from_blocks(blocks: Sequence[Block]) -> tuple[Line, ...]:
    return tuple(
        Line(("#" * max(1, b.level) + " " if b.kind == "heading" else "") + b.text, b.page_start) for b in blocks
    )


def _plain(line: Line) -> str:
    m = _MD_HEADING.match(line.text.strip())
    return m.group(2) if m else line.text


def infer_meta(
    blocks: Sequence[Block], raw: RawDocument | str | None = None, source: str | None = None
) -> DocumentMeta:
    """Best-effort metadata from the document itself.

    Takes the loader's :class:`RawDocument` (its lines, embedded information and format); the older
    form ``infer_meta(blocks, embedded_title, source)`` reads the blocks instead of the lines.
    """
    if not isinstance(raw, RawDocument):
        raw = RawDocument(source or "", "", _lines_from_blocks(blocks), embedded_title=raw)
    info: EmbeddedInfo = getattr(raw, "info", None) or EmbeddedInfo()
    lines = raw.lines
    text = "\n".join(_plain(line) for line in lines)
    cover = _cover(lines)
    paged = any(line.page is not None for line in lines[:40])
    last = max((line.page for line in lines if line.page is not None), default=None)
    tail_lines = [_plain(line) for line in lines if line.page == last] if paged else [_plain(x) for x in lines[-15:]]
    tail = "\n".join(tail_lines)
    cover_text = "\n".join(c.text for c in cover)
    body = [c.text for c in cover if not c.level and not _skippable(c.text)]
    opening = "\n".join(body)[:1500] or text[:1500]

    title = infer_title(blocks, info.title or raw.embedded_title, raw.source, raw)
    publisher = infer_publisher(text, cover=cover_text, tail=tail, author=info.author, title=title)
    place = _dominant_place(text, title)
    heads = "\n".join(c.text for c in _cover_heads(cover, paged))
    nation = infer_nation(text, publisher=publisher, title=title)
    kind = infer_kind(title, heads=heads, opening=opening, local=_is_local(publisher, title, place, nation))
    return DocumentMeta(
        title=title,
        publisher=publisher,
        kind=kind,
        review_type=infer_review_type(title, opening) if kind == "case_review" else None,
        nation=nation,
        year=infer_year(title, text[:4000], cover=[c.text for c in cover[:20]], tail=tail_lines, created=info.created),
        url=info.url,
    )
