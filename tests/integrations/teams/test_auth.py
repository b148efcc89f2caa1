"""Authentication: tokens are required once an app id is set; without one, only local test traffic."""

from __future__ import annotations

import httpx
import pytest

from assistant.settings import Settings
from index import CaseIndex
from integrations.api.app import create_app
from tests.integrations.slack.harness import serve_asgi
from tests.integrations.teams.conftest import TeamsService

pytestmark = pytest.mark.slow


def test_without_an_app_id_only_a_loopback_service_url_is_served(teams_service: TeamsService) -> None:
    remote = teams_service.activity(
        "What is a rapid review?", conversation="a:remote", serviceUrl="https://smba.trafficmanager.net/emea/"
    )
    response = teams_service.post(remote)
    assert response.status_code == 403 and "CASELEARN_TEAMS_CLIENT_ID" in response.json()["error"]
    bad = teams_service.http.post(
        teams_service.url + "/api/messages", content=b"not json", headers={"content-type": "application/json"}
    )
    assert bad.status_code == 400
    assert not teams_service.connector.matching(lambda c: "a:remote" in c.path)


def test_with_an_app_id_unauthenticated_requests_are_refused(sample_index: CaseIndex, tmp_path: object) -> None:
    settings = Settings(
        data_dir=tmp_path,
        teams_client_id="00000000-0000-0000-0000-0000000000aa",
        teams_client_secret="secret",
        teams_tenant_id="tenant-1",
    )
    app = create_app(settings, index=sample_index)
    activity = {
        "type": "message",
        "id": "x",
        "channelId": "msteams",
        "serviceUrl": "http://127.0.0.1:9/",
        "from": {"id": "29:u"},
        "recipient": {"id": "28:b"},
        "conversation": {"id": "a:c"},
        "text": "hi",
    }
    with serve_asgi(app) as url:
        no_token = httpx.post(url + "/api/messages", json=activity, timeout=10)
        not_bearer = httpx.post(
            url + "/api/messages", json=activity, headers={"Authorization": "Basic abc"}, timeout=10
        )
    assert no_token.status_code == 401 and not_bearer.status_code == 401
