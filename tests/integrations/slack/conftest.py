"""The service with Slack mounted (real assistant over the sample corpus) and a mock Slack Web API."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.feedback import FeedbackStore
from assistant.settings import Settings
from index import CaseIndex
from integrations.api.app import create_app
from tests.integrations.slack.harness import MockSlackApi, SlackClient, serve_asgi

SECRET = "test-signing-secret"


@dataclass
class SlackService:
    url: str
    api: MockSlackApi
    client: SlackClient
    feedback: FeedbackStore
    data_dir: Path


@pytest.fixture(scope="session")
def slack_service(sample_index: CaseIndex, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SlackService]:
    data_dir = tmp_path_factory.mktemp("slack-service")
    with MockSlackApi() as api:
        settings = Settings(
            data_dir=data_dir,
            slack_bot_token="xoxb-test",
            slack_signing_secret=SECRET,
            slack_api_url=api.url + "/api",  # no trailing slash: the app adds the one slack_sdk needs
            public_url="https://caselearn.example.org",
        )
        app = create_app(settings, index=sample_index)
        with serve_asgi(app) as url:
            yield SlackService(url, api, SlackClient(url, SECRET), app.state.feedback, data_dir)
