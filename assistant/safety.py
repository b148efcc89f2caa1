"""Signals of immediate danger in a question, and the notices every answer carries."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import messages
from assistant.models import Notice

# Phrases that suggest someone may be at risk right now. Precision matters less than recall here:
# a needless emergency line costs little, a missing one could cost a great deal.
_DANGER = re.compile(
    r"\b("
    r"(will|going to|gonna|threaten(ed|s|ing)? to|said (he|she|they)('d| would)|says (he|she|they)('ll| will))"
    r"\s+(hurt|kill|harm|stab|attack|beat|strangle|burn|shoot|hit)"
    r"|tonight|right now|at the moment (he|she|they)|is in danger|in immediate danger|immediate risk"
    r"|not breathing|unconscious|unresponsive|overdosed?|taken an overdose|suicidal|kill (myself|himself|herself)"
    r"|end (my|his|her|their) life|has a (knife|gun|weapon)|with a (knife|gun|weapon)|locked (in|out)"
    r"|(he|she|they) (is|are) (hitting|beating|attacking|strangling|choking)|being (abused|hurt|attacked) now"
    r"|missing (child|person) now|run away tonight|can'?t get out|afraid to go home|scared to go home"
    r"|wants? to (die|kill|hurt|harm|end it)|(hurt|harm|cut|kill)(ing)? (myself|himself|herself|themselves)"
    r"|(has|have|had) just (been )?(strangled|hit|attacked|assaulted|raped|stabbed|beaten|beat|hurt|punched|kicked)"
    r"|(baby|babies|child|children|kids?|toddler|infant|little one)s?\b[^.?!]{0,40}\b(left )?(home )?alone"
    r"|alone in the (flat|house|home|car)|still in the (house|flat|home|property|room)"
    r"|took \d+ (paracetamol|tablets|pills)|swallowed (pills|tablets|bleach)|(has )?gone missing|is missing"
    r"|(not|doesn'?t feel|does not feel|don'?t feel) safe (at home|to go home|there)"
    r"|(fgm|forced marriage|cut(ting)? abroad|taken abroad|take (the )?(child|children|kids|her|him) abroad)"
    r"|(dad|father|mum|mother|stepdad|partner|boyfriend|he|she) (hits|beats|chokes|strangles) (her|him|me|them)"
    r"|(is|are) being (hit|hurt|abused|beaten)"
    r")\b",
    re.I,
)


@dataclass(frozen=True)
class FrontDoor:
    """Who to call locally; from the partnership profile when one is configured."""

    name: str = "your local authority's children's or adults' social care front door"
    phone: str | None = None
    out_of_hours: str | None = None
    url: str | None = None


def signals_danger(text: str) -> bool:
    return bool(_DANGER.search(text))


def emergency_notice(front_door: FrontDoor) -> Notice:
    return Notice("emergency", messages.emergency(front_door.name, front_door.phone, front_door.out_of_hours))


def notices_for(question: str, front_door: FrontDoor) -> list[Notice]:
    """Emergency route first when the question signals danger; the guidance reminder always."""
    out = [emergency_notice(front_door)] if signals_danger(question) else []
    out.append(Notice("guidance", messages.GUIDANCE_NOT_DECISION))
    return out
