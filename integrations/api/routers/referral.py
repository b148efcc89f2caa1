from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from assistant.service import Assistant
from integrations.api.deps import get_assistant, rate_limited

router = APIRouter(tags=["referral"])

FactValue = bool | int | str | None


class ReferralIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The length limit is the assistant's (twice the question limit), refused in plain words.
    situation: str = Field(
        examples=[
            "A 9-week-old baby on a child protection plan has a skull fracture that doctors think was inflicted."
        ],
    )
    facts: dict[str, FactValue] | None = Field(
        default=None, max_length=40, description="Known facts; override extraction"
    )
    partnership: str | None = Field(default=None, max_length=40, examples=["wiltshire"])


@router.post("/referral-check", dependencies=[Depends(rate_limited)])
def referral_check(body: ReferralIn, assistant: Annotated[Assistant, Depends(get_assistant)]) -> dict[str, Any]:
    """Might this situation meet the criteria for a review or notification, in which nation, with which form?

    Returns each route's verdict (``likely_meets``, ``may_meet``, ``unlikely``, ``needs_more_info``), every
    criterion with its status and source, the form, timescale and who decides; follow-up questions for
    what is unknown, most decisive first; the facts read from the text with the words they came from;
    and notices. A suggestion to discuss with a safeguarding lead, never a decision.
    """
    return assistant.referral_check(body.situation, body.facts, body.partnership).as_dict()
