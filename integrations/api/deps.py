"""Dependencies shared by the routers: the index, the assistant, settings and the API key check."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request

from assistant import messages
from assistant.conversations import ConversationStore
from assistant.service import Assistant
from assistant.settings import Settings
from index import CaseIndex


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_index(request: Request) -> CaseIndex:
    index: CaseIndex = request.app.state.index
    return index


def get_assistant(request: Request) -> Assistant:
    assistant: Assistant = request.app.state.assistant
    return assistant


def get_conversations(request: Request) -> ConversationStore:
    store: ConversationStore = request.app.state.conversations
    return store


def require_api_key(
    settings: Annotated[Settings, Depends(get_settings)],
    authorization: Annotated[str | None, Header()] = None,
) -> None:
    """Changing documents needs ``Authorization: Bearer <key>`` when ``CASELEARN_API_KEY`` is set."""
    if not settings.api_key:
        return
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip(), settings.api_key):
        raise HTTPException(status_code=401, detail=messages.API_KEY_REQUIRED, headers={"WWW-Authenticate": "Bearer"})
