"""Which UK nation a place belongs to, from a small gazetteer of authorities and towns."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

import yaml

NATIONS = ("england", "wales", "scotland", "northern_ireland")


@lru_cache(maxsize=1)
def _places() -> tuple[re.Pattern[str], dict[str, str]]:
    data = yaml.safe_load((files("assistant.referral") / "gazetteer.yaml").read_text(encoding="utf-8"))
    nation_of = {place: nation for nation in NATIONS for place in data[nation]}
    names = sorted(nation_of, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b", re.I), nation_of


def places_in(text: str) -> list[tuple[str, str, int]]:
    """``(place as written, nation, offset)`` for every known place in ``text``."""
    pattern, nation_of = _places()
    return [(m.group(0), nation_of[m.group(0).lower()], m.start()) for m in pattern.finditer(text)]
