from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from assistant.conversations import ConversationStore
from assistant.feedback import FeedbackStore
from assistant.models import Turn
from assistant.service import Assistant
from integrations.api.deps import get_assistant, get_conversations, get_feedback, rate_limited
from integrations.api.schemas import AskIn, AskOut

router = APIRouter(tags=["ask"])


@router.post("/ask", response_model=AskOut, dependencies=[Depends(rate_limited)])
def ask(
    body: AskIn,
    assistant: Annotated[Assistant, Depends(get_assistant)],
    conversations: Annotated[ConversationStore, Depends(get_conversations)],
    feedback: Annotated[FeedbackStore, Depends(get_feedback)],
) -> AskOut:
    """Answer from the documents with numbered, quoted citations, or say they do not answer.

    Pass the conversation so far as ``history``, or the ``conversation_id`` returned by an earlier
    answer, for follow-up questions ("and for adults?"). Conversations are kept in memory only.
    """
    conversation_id = body.conversation_id or conversations.new_id()
    history = [Turn(t.role, t.content) for t in body.history] or conversations.history(conversation_id)
    filters = body.filters.to_filters() if body.filters else None
    answer = assistant.answer(body.question, history=history, filters=filters)
    conversations.append(conversation_id, Turn("user", body.question), Turn("assistant", answer.text))
    token = feedback.token(feedback.context_for(body.question, answer))
    return AskOut(**answer.as_dict(), conversation_id=conversation_id, feedback_token=token)
