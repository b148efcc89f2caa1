"""The FastAPI service: an app factory wiring settings, index and assistant into the routers."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant import messages
from assistant.conversations import ConversationStore
from assistant.errors import AssistantError
from assistant.feedback import FeedbackStore
from assistant.service import Assistant
from assistant.settings import Settings
from index import CaseIndex, CaseIndexError
from ingest import IngestError
from integrations.api.deps import RateLimiter
from integrations.api.routers import ask, documents, feedback, health, referral, search, themes, viewer, web
from integrations.compose import build_assistant
from integrations.errors import translate

logger = logging.getLogger("caselearn.api")


def _describe(exc: RequestValidationError) -> str:
    problems = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        problems.append(f"{where}: {err.get('msg', 'invalid')}")
    return messages.BAD_REQUEST.format(problems="; ".join(problems))


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        # The error text never echoes the submitted values (they may hold personal details).
        return JSONResponse({"error": _describe(exc)}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else messages.NOT_FOUND
        return JSONResponse({"error": detail}, status_code=exc.status_code, headers=exc.headers)

    async def package_error(_: Request, exc: Exception) -> JSONResponse:
        found = translate(exc)
        if found is None or found.status >= 500:
            logger.warning("service problem: %s", type(exc).__name__)
        if found is None:
            return JSONResponse({"error": messages.SERVICE_PROBLEM}, status_code=500)
        return JSONResponse({"error": found.message}, status_code=found.status)

    for family in (AssistantError, CaseIndexError, IngestError):
        app.add_exception_handler(family, package_error)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        logger.error("unexpected %s", type(exc).__name__, exc_info=exc)
        return JSONResponse({"error": messages.SERVICE_PROBLEM}, status_code=500)


def _access_log(app: FastAPI) -> None:
    """Method, path, status and time; never the query string or body (they hold question text)."""

    @app.middleware("http")
    async def log_requests(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")
        logger.info(
            "%s %s %d %.0fms", request.method, path, response.status_code, 1000 * (time.perf_counter() - started)
        )
        return response


def create_app(
    settings: Settings | None = None, *, index: CaseIndex | None = None, assistant: Assistant | None = None
) -> FastAPI:
    """Build the service. Tests pass their own index or assistant; production reads ``Settings``."""
    settings = settings or Settings()
    index = index or (assistant.index if assistant else CaseIndex(settings.index_config()))
    # The API docs (/docs) load their scripts and styles from the installed package, never a CDN. No
    # ReDoc page: its bundle fetches a logo from the internet.
    app = FastAPIOffline(
        redoc_url=None,
        title="caselearn",
        version="0.1.0",
        description="Search and cited answers over published safeguarding case reviews. "
        "Guidance drawn from published documents, not decisions.",
    )
    app.state.settings = settings
    app.state.index = index
    app.state.assistant = assistant or build_assistant(settings, index)
    app.state.conversations = ConversationStore()
    app.state.feedback = FeedbackStore.in_data_dir(settings.data_dir, store_text=settings.feedback_store_text)
    app.state.rate_limiter = RateLimiter(settings.ask_rate_limit)
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    _install_handlers(app)
    _access_log(app)
    for module in (health, search, ask, feedback, referral, themes, documents, viewer, web):
        app.include_router(module.router)
    _mount_channels(app, settings, app.state.assistant)
    return app


def _mount_channels(app: FastAPI, settings: Settings, assistant: Assistant) -> None:
    """Slack at ``/slack/events`` and Microsoft Teams at ``/api/messages``, when configured."""
    slack_on = bool(settings.slack_bot_token and settings.slack_signing_secret)
    teams_on = bool(settings.teams_enabled or settings.teams_client_id)
    if not (slack_on or teams_on):
        return
    if slack_on:
        from integrations.slack.app import build_slack_app, mount_slack

        app.state.slack, _ = build_slack_app(assistant, settings, app.state.feedback)
        mount_slack(app, app.state.slack)
    if teams_on:
        from integrations.teams.app import mount_teams

        app.state.teams = mount_teams(app, settings, assistant, app.state.feedback)


def app_factory() -> Any:
    """For ``uvicorn --factory integrations.api.app:app_factory``."""
    return create_app()
