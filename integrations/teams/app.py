"""Microsoft Teams (Microsoft Teams SDK for Python, ``microsoft-teams-apps``) at ``POST /api/messages``.

Personal chats and channel mentions get the same cited answers as the web page; "refer <situation>"
gets the referral check as an Adaptive Card. Replies go to the activity's ``serviceUrl`` (the SDK's
connector client). With ``CASELEARN_TEAMS_CLIENT_ID`` set, every request needs a valid Bot
Framework token (the SDK validates it); without one, unauthenticated requests are accepted for
local testing (Agents Playground) but only from a loopback ``serviceUrl``, so the open endpoint
can never be used to make the service post to another host.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
import time
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp

from assistant import messages
from assistant.conversations import ConversationStore
from assistant.feedback import FeedbackContext, FeedbackStore
from assistant.models import Turn
from assistant.service import Assistant
from assistant.settings import Settings
from integrations.channels.pipeline import ask, referral
from integrations.channels.state import Recent
from integrations.teams import cards

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from microsoft_teams.api.activities import TypingActivityInput
    from microsoft_teams.api.activities.install_update import InstalledActivity
    from microsoft_teams.api.activities.invoke import AdaptiveCardInvokeActivity, MessageSubmitActionInvokeActivity
    from microsoft_teams.api.activities.message import MessageActivity, MessageActivityInput
    from microsoft_teams.api.activities.utils import StripMentionsTextOptions, strip_mentions_text
    from microsoft_teams.api.models.adaptive_card import AdaptiveCardActionCardResponse
    from microsoft_teams.apps import ActivityContext, App, FastAPIAdapter
    from microsoft_teams.apps.http.adapter import HttpMethod, HttpRequest, HttpRouteHandler
    from microsoft_teams.cards import AdaptiveCard

MESSAGES_PATH = "/api/messages"
logger = logging.getLogger("caselearn.teams")
_TAGS = re.compile(r"</?[a-zA-Z][^>]*>")


def is_loopback_url(url: object) -> bool:
    if not isinstance(url, str):
        return False
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class GuardedAdapter(FastAPIAdapter):
    """The SDK's FastAPI adapter, answering 400 to a body that is not a JSON object and, in
    unauthenticated (local) mode, 403 to an activity whose ``serviceUrl`` is not on this machine."""

    def __init__(self, app: FastAPI, *, local_only: bool) -> None:
        super().__init__(app=app)
        self.local_only = local_only

    def register_route(self, method: HttpMethod, path: str, handler: HttpRouteHandler) -> None:
        async def route(request: Request) -> Response:
            try:
                body = await request.json()
            except ValueError:
                body = None
            if not isinstance(body, dict):
                return JSONResponse({"error": messages.BAD_REQUEST.format(problems="a JSON activity")}, 400)
            if self.local_only and not is_loopback_url(body.get("serviceUrl")):
                return JSONResponse({"error": messages.TEAMS_LOCAL_ONLY}, 403)
            result = await handler(HttpRequest(body=body, headers=dict(request.headers)))
            if result.get("body") is not None:
                return JSONResponse(content=result["body"], status_code=result["status"])
            return Response(status_code=result["status"])

        if method != "POST":
            raise ValueError(f"Unsupported HTTP method: {method}")
        self.app.add_api_route(path, route, methods=["POST"], include_in_schema=False)


def question_of(activity: MessageActivity) -> str:
    """The message without the bot's ``<at>`` mention (other mentions keep their names) or markup."""
    text = strip_mentions_text(activity, StripMentionsTextOptions(account_id=activity.recipient.id)) or ""
    return " ".join(_TAGS.sub(" ", text).replace("&nbsp;", " ").split())


class TeamsBot:
    """Handlers registered on the Teams ``App``; each calls the one answer pipeline."""

    def __init__(self, assistant: Assistant, settings: Settings, feedback: FeedbackStore | None = None) -> None:
        self.assistant = assistant
        self.settings = settings
        self.feedback = feedback
        self.conversations = ConversationStore()
        self.sent: Recent[FeedbackContext] = Recent(limit=5000, ttl_seconds=7 * 24 * 3600)

    def register(self, app: App) -> None:
        app.on_message(self.on_message)
        app.on_card_action(self.on_card_action)  # type: ignore[arg-type]
        app.on_message_submit_feedback(self.on_feedback)
        app.on_install_add(self.on_install)

    async def on_install(self, ctx: ActivityContext[InstalledActivity]) -> None:
        await ctx.send(messages.TEAMS_HELP)

    async def on_message(self, ctx: ActivityContext[MessageActivity]) -> None:
        question = question_of(ctx.activity)
        word, _, rest = question.partition(" ")
        if not question or word.lower() in ("help", "hi", "hello"):
            await ctx.send(messages.TEAMS_HELP)
            return
        if word.lower() in ("refer", "/refer"):
            await self._referral(ctx, rest.strip())
            return
        started = time.perf_counter()
        await ctx.send(TypingActivityInput())
        key = ctx.activity.conversation.id
        result = await asyncio.to_thread(ask, self.assistant, question, self.conversations.history(key))
        if isinstance(result, str):
            await ctx.send(result)
            return
        self.conversations.append(key, Turn("user", question), Turn("assistant", result.text))
        sent = await ctx.send(cards.answer_activity(result, public_url=self.settings.public_url))
        if self.feedback is not None and sent.id:
            self.sent.put(self.feedback.context_for(question, result), sent.id)
        logger.info("teams answer: answered=%s in %.0f ms", result.answered, 1000 * (time.perf_counter() - started))

    async def _referral(self, ctx: ActivityContext[MessageActivity], situation: str) -> None:
        if not situation:
            card = cards.request_card()
        else:
            result = await asyncio.to_thread(referral, self.assistant, situation, None)
            card = (
                cards.message_card(result, situation)
                if isinstance(result, str)
                else cards.referral_card(result, situation)
            )
        await ctx.send(MessageActivityInput().add_card(AdaptiveCard.model_validate(card)))

    async def on_card_action(self, ctx: ActivityContext[AdaptiveCardInvokeActivity]) -> Any:
        """ "Check again" on a referral card: run the check with the answers given and replace the card."""
        action = ctx.activity.value.action
        situation, facts = cards.read_card_submission(action.data or {})
        if action.verb != cards.REFERRAL_VERB or not situation:
            card = cards.message_card(messages.EMPTY_SITUATION, situation)
        else:
            result = await asyncio.to_thread(referral, self.assistant, situation, facts)
            card = (
                cards.message_card(result, situation)
                if isinstance(result, str)
                else cards.referral_card(result, situation, facts)
            )
        return AdaptiveCardActionCardResponse(value=AdaptiveCard.model_validate(card))

    async def on_feedback(self, ctx: ActivityContext[MessageSubmitActionInvokeActivity]) -> None:
        """Teams' native thumbs up / down. Free-text comments are not stored (they may name people)."""
        if self.feedback is None:
            return
        reaction = ctx.activity.value.action_value.reaction
        rating = "helpful" if reaction == "like" else "not_helpful"
        context = self.sent.get(ctx.activity.reply_to_id or "") or FeedbackContext("unknown")
        self.feedback.record("teams", rating, context)
        logger.info("teams feedback recorded: %s", rating)


def build_teams_app(api: FastAPI, settings: Settings) -> App:
    client_id = settings.teams_client_id or None
    for name in ("microsoft_teams", "httpx"):
        # The SDK logs whole activities (message text) at DEBUG.
        if logging.getLogger(name).level < logging.INFO:
            logging.getLogger(name).setLevel(logging.INFO)
    adapter = GuardedAdapter(api, local_only=client_id is None)
    app = App(
        http_server_adapter=adapter,
        client_id=client_id,
        client_secret=settings.teams_client_secret or None,
        tenant_id=settings.teams_tenant_id or None,
        dangerously_allow_unauthenticated_requests=client_id is None,
    )

    @asynccontextmanager
    async def initialise(_: ASGIApp) -> AsyncIterator[None]:
        await app.initialize()
        yield

    adapter.lifespans.append(initialise)
    return app


def mount_teams(
    api: FastAPI, settings: Settings, assistant: Assistant, feedback: FeedbackStore | None = None
) -> TeamsBot:
    """Registers ``POST /api/messages`` when the service starts (the SDK's ``initialize``)."""
    app = build_teams_app(api, settings)
    bot = TeamsBot(assistant, settings, feedback)
    bot.register(app)
    api.state.teams_app = app
    return bot
