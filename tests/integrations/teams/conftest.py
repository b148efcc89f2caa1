"""The service with Microsoft Teams mounted (real assistant over the sample corpus) and a mock Teams connector."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from assistant.feedback import FeedbackStore
from assistant.settings import Settings
from index import CaseIndex
from integrations.api.app import create_app
from tests.integrations.slack.harness import RecordingServer, serve_asgi

BOT = {"id": "28:caselearn-bot", "name": "caselearn"}


class MockConnector(RecordingServer):
    """The Bot Connector service at an activity's ``serviceUrl``: ``POST v3/conversations/{id}/activities``."""

    def __init__(self) -> None:
        counter = itertools.count(1)
        super().__init__(lambda call: (201, {"id": f"sent-{next(counter)}"}))


@dataclass
class TeamsService:
    url: str
    connector: MockConnector
    feedback: FeedbackStore
    http: httpx.Client

    def post(self, activity: dict[str, Any]) -> httpx.Response:
        return self.http.post(self.url + "/api/messages", json=activity)

    def activity(self, text: str, *, conversation: str, kind: str = "personal", **extra: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": "message",
            "id": f"in-{time.monotonic_ns()}",
            "timestamp": "2026-11-22T10:00:00Z",
            "channelId": "msteams",
            "serviceUrl": self.connector.url + "/",
            "from": {
                "id": "29:user-1",
                "name": "A practitioner",
                "aadObjectId": "00000000-0000-0000-0000-000000000001",
            },
            "recipient": BOT,
            "conversation": {"id": conversation, "conversationType": kind, "tenantId": "tenant-1"},
            "text": text,
            "locale": "en-GB",
        }
        body.update(extra)
        return body

    def sent_to(self, conversation: str, kind: str = "message") -> Any:
        """Activities of ``kind`` the bot posted to ``{serviceUrl}v3/conversations/{conversation}/activities``."""
        path = f"/v3/conversations/{conversation}/activities"
        return lambda call: call.path == path and call.body.get("type") == kind


@pytest.fixture(scope="session")
def teams_service(sample_index: CaseIndex, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TeamsService]:
    data_dir = tmp_path_factory.mktemp("teams-service")
    settings = Settings(data_dir=data_dir, teams_enabled=True, public_url="https://caselearn.example.org")
    app = create_app(settings, index=sample_index)
    with MockConnector() as connector, serve_asgi(app) as url, httpx.Client(timeout=30) as http:
        yield TeamsService(url, connector, app.state.feedback, http)
