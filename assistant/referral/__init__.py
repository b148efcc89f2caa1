"""Might a situation meet the criteria for a review or notification? Criteria as data, rules in code."""

from assistant.referral.models import Fact, FollowUp, Form, PersonResult, ReferralResult, RouteResult
from assistant.referral.reading.ages import ages_in
from assistant.referral.reading.reader import Reading, read
from assistant.referral.reading.semantic import SemanticReader, packaged_heads
from assistant.referral.service import PROFILES, UnknownPartnershipError, check_referral, front_door_of, profile

__all__ = [
    "PROFILES",
    "Fact",
    "FollowUp",
    "Form",
    "PersonResult",
    "Reading",
    "ReferralResult",
    "RouteResult",
    "SemanticReader",
    "UnknownPartnershipError",
    "ages_in",
    "check_referral",
    "front_door_of",
    "packaged_heads",
    "profile",
    "read",
]
