"""Socket Mode: the bot connects out (``apps.connections.open``), acknowledges envelopes and answers."""

from __future__ import annotations

import contextlib
import json
import queue
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from assistant.settings import Settings
from index import CaseIndex
from integrations.compose import build_assistant
from integrations.slack.app import build_slack_app, socket_mode_handler
from tests.integrations.slack.harness import MockSlackApi

websockets_sync = pytest.importorskip("websockets.sync.server")

pytestmark = pytest.mark.slow


class SocketServer:
    """A WebSocket endpoint standing in for Slack's Socket Mode gateway."""

    def __init__(self) -> None:
        self.received: queue.Queue[dict[str, Any]] = queue.Queue()
        self.outbox: queue.Queue[str] = queue.Queue()
        self.server = websockets_sync.serve(self._handle, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self.server.socket.getsockname()[1]}/link"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _handle(self, connection: Any) -> None:
        connection.send(json.dumps({"type": "hello", "num_connections": 1}))
        while True:
            with contextlib.suppress(queue.Empty):
                connection.send(self.outbox.get(timeout=0.05))
            try:
                message = connection.recv(timeout=0.05)
            except TimeoutError:
                continue
            except Exception:
                return
            self.received.put(json.loads(message))


@pytest.fixture()
def gateway() -> Iterator[SocketServer]:
    server = SocketServer()
    yield server
    server.server.shutdown()


def test_socket_mode_acknowledges_the_envelope_and_answers_in_thread(
    sample_index: CaseIndex, tmp_path: Any, gateway: SocketServer
) -> None:
    with MockSlackApi() as api:
        api.socket_url = gateway.url
        settings = Settings(
            data_dir=tmp_path, slack_bot_token="xoxb-test", slack_app_token="xapp-test", slack_api_url=api.url + "/api/"
        )
        app, _ = build_slack_app(build_assistant(settings, sample_index), settings, socket_mode=True)
        handler = socket_mode_handler(app, "xapp-test")
        handler.connect()
        try:
            (opened,) = api.wait_for(lambda c: c.method == "apps.connections.open")
            assert opened.headers["authorization"] == "Bearer xapp-test"
            event = {
                "type": "app_mention",
                "user": "U1",
                "channel": "C-socket",
                "ts": "1700000050.000100",
                "text": "<@UCASELEARN> What should happen when a bruise is seen on a baby?",
            }
            envelope = {
                "envelope_id": "env-1",
                "type": "events_api",
                "accepts_response_payload": False,
                "retry_attempt": 0,
                "retry_reason": "",
                "payload": {
                    "type": "event_callback",
                    "team_id": "T1",
                    "api_app_id": "A1",
                    "event_id": "Ev-socket-1",
                    "event": event,
                },
            }
            gateway.outbox.put(json.dumps(envelope))
            assert gateway.received.get(timeout=10)["envelope_id"] == "env-1"
            (reply,) = api.wait_for(lambda c: c.method == "chat.postMessage" and c.body.get("channel") == "C-socket")
            assert reply.body["thread_ts"] == "1700000050.000100" and "[1]" in reply.body["text"]
        finally:
            handler.close()
