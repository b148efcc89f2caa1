"""Commands that run a service: the HTTP service and web page, and the Slack bot."""

from __future__ import annotations

import logging

import click

from assistant import messages
from assistant.settings import Settings
from integrations.cli.common import err, open_index, user_errors
from integrations.cli.group import cli


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Run the HTTP service and web page (OpenAPI docs at /docs).

    Access logs show method, route, status and time only; never question text.
    """
    import uvicorn

    from integrations.api.app import create_app

    logging.getLogger("caselearn").setLevel(logging.INFO)
    with user_errors():
        app = create_app(ctx.obj["settings"])
    err.print(messages.serving_at(host, port), highlight=False)
    settings: Settings = ctx.obj["settings"]
    # The client address (for the per-client limit) comes from X-Forwarded-For only when the
    # request arrives from a trusted proxy; anyone else could name any address there.
    uvicorn.run(
        app,
        host=host,
        port=port,
        access_log=False,
        log_level="warning",
        proxy_headers=True,
        forwarded_allow_ips=settings.trusted_proxies or "",
    )


@cli.command()
@click.option(
    "--socket", "socket_mode", is_flag=True, help="Socket Mode: connect out to Slack, no public URL (SLACK_APP_TOKEN)."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (HTTP mode).")
@click.option("--port", default=8000, show_default=True, type=int, help="Port (HTTP mode).")
@click.pass_context
def slack(ctx: click.Context, socket_mode: bool, host: str, port: int) -> None:
    """Run the Slack bot.

    HTTP mode (default): the service with Slack at /slack/events; needs SLACK_BOT_TOKEN and
    SLACK_SIGNING_SECRET. Socket Mode (--socket), for networks Slack cannot reach: needs
    SLACK_BOT_TOKEN and SLACK_APP_TOKEN. Message text is never logged.
    """
    settings: Settings = ctx.obj["settings"]
    needed = settings.slack_app_token if socket_mode else settings.slack_signing_secret
    if not (settings.slack_bot_token and needed):
        other = "SLACK_APP_TOKEN" if socket_mode else "SLACK_SIGNING_SECRET"
        raise click.ClickException(messages.SLACK_NEEDS_TOKENS.format(other=other))
    if not socket_mode:
        ctx.invoke(serve, host=host, port=port)
        return
    from integrations.slack.app import run_socket_mode

    logging.getLogger("caselearn").setLevel(logging.INFO)
    index = open_index(ctx)
    err.print(messages.SLACK_SOCKET_CONNECTING, highlight=False)
    with user_errors():
        run_socket_mode(settings, index)
