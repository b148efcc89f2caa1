"""Helpful / not helpful ratings from the web page and HTTP clients, into ``feedback.sqlite3``."""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException

from assistant import messages
from assistant.feedback import FeedbackStore
from integrations.api.deps import get_feedback, rate_limited
from integrations.api.schemas import FeedbackIn, FeedbackOptionsOut, FeedbackOut

router = APIRouter(tags=["feedback"])


@router.post("/feedback", response_model=FeedbackOut, status_code=201, dependencies=[Depends(rate_limited)])
def feedback(body: FeedbackIn, store: Annotated[FeedbackStore, Depends(get_feedback)]) -> FeedbackOut:
    """Rate an answer with the ``feedback_token`` it came with; a reason code is optional.

    No question text is stored unless the deployer set ``CASELEARN_FEEDBACK_STORE_TEXT`` (and then
    only the ``question`` that the token was made for).
    """
    context = store.context_from_token(body.token)
    if context is None:
        raise HTTPException(status_code=400, detail=messages.FEEDBACK_INVALID)
    question = body.question if store.store_text and body.question else None
    if question is not None and store.question_hash(question) != context.question_hash:
        question = None
    context = dataclasses.replace(context, question=question)
    feedback_id = store.record("web", body.rating, context, body.reason)
    return FeedbackOut(id=feedback_id, message=messages.FEEDBACK_THANKS)


@router.get("/feedback/options", response_model=FeedbackOptionsOut)
def feedback_options() -> FeedbackOptionsOut:
    """The wording the web page shows for ratings (kept with every other message in one module)."""
    return FeedbackOptionsOut(
        question=messages.FEEDBACK_QUESTION,
        helpful=messages.FEEDBACK_HELPFUL,
        not_helpful=messages.FEEDBACK_NOT_HELPFUL,
        reason_prompt=messages.FEEDBACK_REASON_PROMPT,
        reasons=messages.FEEDBACK_REASONS,
        send=messages.FEEDBACK_SEND,
        thanks=messages.FEEDBACK_THANKS,
    )
