"""A fixed result in the shape of ``Assistant.referral_check(...).as_dict()``, for rendering tests only."""

from __future__ import annotations

from typing import Any

from assistant import messages

YES_NO = [{"value": "true", "text": "Yes"}, {"value": "false", "text": "No"}, {"value": "", "text": "Not known"}]
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
            "person": "baby",
            "person_key": "p1",
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
        {
            "fact": "abuse_or_neglect",
            "key": "abuse_or_neglect",
            "question": "Is abuse or neglect known or suspected?",
            "routes": ["LCSPR"],
            "person": "",
        },
        {
            "fact": "looked_after",
            "key": "p2.looked_after",
            "question": "Was the child in care?",
            "routes": ["LACN"],
            "person": "twin",
        },
    ],
    "extracted_facts": {
        "serious_harm": {"value": True, "origin": "text", "evidence": "fracture"},
        "subject_age": {"value": 1, "origin": "given", "evidence": "given explicitly"},
        "care_leaver": {"value": False, "origin": "default", "evidence": ""},
    },
    "people": [
        {
            "key": "p1",
            "label": "baby",
            "role": "subject",
            "main": True,
            "evaluated": True,
            "facts": {
                "serious_harm": {"value": True, "origin": "text", "evidence": "fracture"},
                "subject_age": {"value": 1, "origin": "given", "evidence": "given explicitly"},
                "care_leaver": {"value": False, "origin": "default", "evidence": ""},
            },
        },
        {
            "key": "p2",
            "label": "twin",
            "role": "subject",
            "main": False,
            "evaluated": True,
            "facts": {
                "died": {"value": True, "origin": "text", "evidence": "twin died"},
            },
        },
    ],
    "danger_evidence": "",
    "summary": {
        "headline": "May apply: Local child safeguarding practice review.",
        "nothing_applies": False,
        "questions": ["Is abuse or neglect known or suspected?", "Was the child in care?"],
        "people": [
            {
                "key": "p1",
                "label": "baby",
                "text": "Baby: seriously harmed. May apply: Local child safeguarding practice review.",
                "facts": [
                    {
                        "key": "subject_age",
                        "fact": "subject_age",
                        "label": "Age",
                        "value": 1,
                        "value_text": "1",
                        "words": "you said so",
                        "choices": [],
                    },
                    {
                        "key": "serious_harm",
                        "fact": "serious_harm",
                        "label": "Seriously harmed",
                        "value": True,
                        "value_text": "yes",
                        "words": "fracture",
                        "choices": YES_NO,
                    },
                    {
                        "key": "abuse_or_neglect",
                        "fact": "abuse_or_neglect",
                        "label": "Abuse or neglect known or suspected",
                        "value": None,
                        "value_text": "not known",
                        "words": "",
                        "choices": YES_NO,
                    },
                ],
            },
            {
                "key": "p2",
                "label": "twin",
                "text": "Twin: died.",
                "facts": [
                    {
                        "key": "p2.died",
                        "fact": "died",
                        "label": "Has died",
                        "value": True,
                        "value_text": "yes",
                        "words": "twin died",
                        "choices": YES_NO,
                    },
                    {
                        "key": "p2.looked_after",
                        "fact": "looked_after",
                        "label": "Was in care (looked after) at the time",
                        "value": None,
                        "value_text": "not known",
                        "words": "",
                        "choices": YES_NO,
                    },
                ],
            },
        ],
    },
    "notices": [
        {"kind": "guidance", "text": "A review referral is not a safeguarding referral."},
        {
            "kind": "guidance",
            "text": messages.REFERRAL_NOT_A_DECISION,
        },
        {"kind": "emergency", "text": "If anyone is in immediate danger, call 999."},
    ],
}
