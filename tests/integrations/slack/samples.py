"""A fixed result in the shape of ``Assistant.referral_check(...).as_dict()``, for rendering tests only."""

from __future__ import annotations

from typing import Any

RESULT: dict[str, Any] = {
    "routes": [
        {
            "route": "LCSPR",
            "name": "Local child safeguarding practice review",
            "verdict": "may_meet",
            "reason": "At the partners' discretion.",
            "criteria": [
                {
                    "id": "L.1",
                    "text": "Serious harm or death",
                    "status": "met",
                    "source": "WT 2023",
                    "source_url": None,
                },
                {
                    "id": "L.2",
                    "text": "Abuse or neglect suspected",
                    "status": "unknown",
                    "source": "WT 2023",
                    "source_url": "https://example.org/wt",
                },
            ],
            "form": {
                "name": "Case for consideration",
                "url": "https://example.org/form",
                "contact": "the business unit",
                "note": "Send within 5 working days.",
            },
            "timescale": "Decide within 15 working days.",
            "who_decides": "The safeguarding partners.",
            "next_steps": ["Tell your safeguarding lead today."],
        },
        {
            "route": "SAR",
            "name": "Safeguarding adults review",
            "verdict": "unlikely",
            "criteria": [],
            "form": None,
            "timescale": "",
            "who_decides": "",
            "next_steps": [],
        },
    ],
    "follow_up_questions": [
        {"fact": "abuse_or_neglect", "question": "Is abuse or neglect known or suspected?"},
        {"fact": "subject_age", "question": "How old was the child?"},
    ],
    "extracted_facts": {
        "serious_harm": {"value": True, "origin": "text", "evidence": "fracture"},
        "care_leaver": {"value": False, "origin": "default", "evidence": ""},
    },
    "notices": [
        {"kind": "guidance", "text": "A suggestion, not a decision."},
        {"kind": "emergency", "text": "If anyone is in immediate danger, call 999."},
    ],
}
