"""Might a situation meet the criteria for a review or notification? Criteria as data, rules in code."""

from assistant.referral.extract import extract_age, extract_facts
from assistant.referral.models import Fact, FollowUp, Form, ReferralResult, RouteResult
from assistant.referral.service import PROFILES, UnknownPartnershipError, check_referral, front_door_of, profile

__all__ = [
    "PROFILES",
    "Fact",
    "FollowUp",
    "Form",
    "ReferralResult",
    "RouteResult",
    "UnknownPartnershipError",
    "check_referral",
    "extract_age",
    "extract_facts",
    "front_door_of",
    "profile",
]
