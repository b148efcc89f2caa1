"""The Slack app (slack-bolt): HTTP mode at ``/slack/events`` on the service, or Socket Mode.

HTTP mode is mounted by ``create_app`` when ``SLACK_BOT_TOKEN`` and ``SLACK_SIGNING_SECRET`` are set:
Bolt verifies each request's signature and refuses unsigned or stale (over five minutes) ones with
401. Socket Mode (``caselearn slack --socket``, ``SLACK_APP_TOKEN``) needs no public address.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request, Response
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk import WebClient
from starlette.concurrency import run_in_threadpool

from assistant.feedback import FeedbackStore
from assistant.service import Assistant
from assistant.settings import Settings
from index import CaseIndex
from integrations.slack.listeners import SlackBot

if TYPE_CHECKING:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

EVENTS_PATH = "/slack/events"
logger = logging.getLogger("caselearn.slack")


def _quiet_logger(name: str) -> logging.Logger:
    """slack_sdk and Bolt write request and message bodies at DEBUG: never let them log below INFO."""
    lib = logging.getLogger(name)
    if lib.level < logging.INFO:
        lib.setLevel(logging.INFO)
    return lib


def api_base_url(url: str) -> str:
    """The Web API base URL with the trailing slash slack_sdk needs."""
    return url.rstrip("/") + "/"


def slack_configured(settings: Settings) -> bool:
    return bool(settings.slack_bot_token and settings.slack_signing_secret)


def build_slack_app(
    assistant: Assistant,
    settings: Settings,
    feedback: FeedbackStore | None = None,
    *,
    socket_mode: bool = False,
) -> tuple[App, SlackBot]:
    """A Bolt app whose listeners call the one answer pipeline; Web API calls go to ``slack_api_url``."""
    if not socket_mode and not settings.slack_signing_secret:
        raise ValueError("HTTP mode needs the signing secret (SLACK_SIGNING_SECRET)")
    for name in ("slack_sdk", "slack_bolt"):
        _quiet_logger(name)
    client = WebClient(token=settings.slack_bot_token, base_url=api_base_url(settings.slack_api_url))
    app = App(
        # The token travels with ``client`` (passing both only makes Bolt warn).
        # Socket Mode requests are not signed (the connection itself is authenticated).
        signing_secret=settings.slack_signing_secret or "",
        client=client,
        token_verification_enabled=False,
        # Acknowledge first; listeners run in Bolt's worker threads after ``ack()``.
        process_before_response=False,
        raise_error_for_unhandled_request=True,
        logger=_quiet_logger("caselearn.slack.bolt"),
    )
    bot = SlackBot(assistant, settings, feedback)
    bot.register(app)
    return app, bot


def mount_slack(api: FastAPI, app: App, path: str = EVENTS_PATH) -> None:
    """``POST /slack/events``. Bolt's own FastAPI adapter dispatches on the event loop; this runs
    ``app.dispatch`` in a worker thread instead so a slow Slack API call never blocks the service."""

    async def slack_events(request: Request) -> Response:
        body = await request.body()
        bolt_response = await run_in_threadpool(app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    api.add_api_route(path, slack_events, methods=["POST"], include_in_schema=False)


def socket_mode_handler(app: App, app_token: str) -> SocketModeHandler:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    return SocketModeHandler(app, app_token, logger=_quiet_logger("caselearn.slack.socket"))


def run_socket_mode(settings: Settings, index: CaseIndex) -> None:
    """``caselearn slack --socket``: connect out to Slack and answer until interrupted."""
    from integrations.compose import build_assistant

    if not (settings.slack_bot_token and settings.slack_app_token):
        raise ValueError("Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN")
    feedback = FeedbackStore.in_data_dir(settings.data_dir, store_text=settings.feedback_store_text)
    app, _ = build_slack_app(build_assistant(settings, index), settings, feedback, socket_mode=True)
    socket_mode_handler(app, settings.slack_app_token).start()
