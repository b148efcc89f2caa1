"""Real local servers for the channel tests: the service under uvicorn, and a recording HTTP server
that stands in for Slack's Web API (and for the Teams connector), records every request and
answers like the real thing. Loopback only; every wait is bounded."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import uvicorn
from slack_sdk.signature import SignatureVerifier

from tests.servers import free_port


@dataclass
class Call:
    path: str
    body: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)
    response: dict[str, Any] = field(default_factory=dict)

    @property
    def method(self) -> str:
        """The Slack Web API method (``chat.postMessage``) or the path."""
        return self.path.removeprefix("/api/")


Responder = Callable[[Call], tuple[int, dict[str, Any]]]


class RecordingServer:
    """A threaded HTTP server on 127.0.0.1 that records JSON and form posts."""

    def __init__(self, responder: Responder) -> None:
        self.calls: list[Call] = []
        self.responder = responder
        self.delays: dict[str, float] = {}  # a value in the body (e.g. a channel id) -> seconds to hold the reply
        self._cond = threading.Condition()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length).decode("utf-8") if length else ""
                call = Call(
                    urlsplit(self.path).path,
                    _parse(raw, self.headers.get("content-type", "")),
                    {k.lower(): v for k, v in self.headers.items()},
                )
                with outer._cond:
                    outer.calls.append(call)
                    outer._cond.notify_all()
                for key, seconds in outer.delays.items():
                    if key in raw:
                        time.sleep(seconds)
                status, body = outer.responder(call)
                call.response = body
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> RecordingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def matching(self, predicate: Callable[[Call], bool]) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if predicate(c)]

    def wait_for(self, predicate: Callable[[Call], bool], count: int = 1, timeout: float = 20.0) -> list[Call]:
        """The first ``count`` calls matching ``predicate``; ``TimeoutError`` if they do not come in time."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self.calls if predicate(c)]
                if len(found) >= count:
                    return found[:count]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"expected {count} matching calls, got {len(found)}")
                self._cond.wait(left)


def _parse(raw: str, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        data = json.loads(raw)
        return data if isinstance(data, dict) else {"_": data}
    form = {k: v[0] for k, v in parse_qs(raw).items()}
    for key in ("blocks", "view"):
        if isinstance(form.get(key), str):
            form[key] = json.loads(form[key])
    return form


class MockSlackApi(RecordingServer):
    """Slack's Web API (``/api/<method>``) and ``response_url`` targets (``/respond/<id>``)."""

    BOT_USER = "UCASELEARN"

    def __init__(self) -> None:
        self._ts = 0
        self._lock = threading.Lock()
        self.socket_url: str | None = None
        super().__init__(self._respond)

    def _next_ts(self) -> str:
        with self._lock:
            self._ts += 1
            return f"1800000000.{self._ts:06d}"

    def _respond(self, call: Call) -> tuple[int, dict[str, Any]]:
        method = call.method
        if method == "auth.test":
            return 200, {"ok": True, "user_id": self.BOT_USER, "bot_id": "BCASELEARN", "team_id": "T1", "user": "cl"}
        if method in ("chat.postMessage", "chat.postEphemeral"):
            ts = self._next_ts()
            return 200, {"ok": True, "channel": call.body.get("channel"), "ts": ts, "message_ts": ts}
        if method in ("views.open", "views.update", "views.publish"):
            view = dict(call.body.get("view") or {})
            view["id"] = call.body.get("view_id") or f"V{self._next_ts().split('.')[1]}"
            return 200, {"ok": True, "view": view}
        if method == "apps.connections.open":
            return 200, {"ok": True, "url": self.socket_url}
        return 200, {"ok": True}

    def respond_url(self, name: str) -> str:
        return f"{self.url}/respond/{name}"


@contextmanager
def serve_asgi(app: Any) -> Iterator[str]:
    """The app under a real uvicorn (lifespan included) on a free loopback port."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise TimeoutError("the service did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


class SlackClient:
    """Posts signed requests to the service, as Slack does."""

    def __init__(self, base_url: str, secret: str) -> None:
        self.url = base_url + "/slack/events"
        self.secret = secret
        self.http = httpx.Client(timeout=30)

    def headers(
        self, body: str, content_type: str, *, timestamp: int | None = None, secret: str | None = None
    ) -> dict[str, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        signature = SignatureVerifier(secret or self.secret).generate_signature(timestamp=ts, body=body)
        return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature, "Content-Type": content_type}

    def post(self, body: str, content_type: str, **extra_headers: str) -> httpx.Response:
        headers = self.headers(body, content_type)
        headers.update({k.replace("_", "-"): v for k, v in extra_headers.items()})
        return self.http.post(self.url, content=body.encode(), headers=headers)

    def event(self, event: dict[str, Any], event_id: str, **headers: str) -> httpx.Response:
        body = {
            "token": "legacy",
            "team_id": "T1",
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
        }
        return self.post(json.dumps(body), "application/json", **headers)

    def command(self, text: str, *, channel: str, response_url: str, user: str = "U1") -> httpx.Response:
        form = {
            "token": "legacy",
            "team_id": "T1",
            "channel_id": channel,
            "user_id": user,
            "command": "/caselearn",
            "text": text,
            "response_url": response_url,
            "trigger_id": f"trigger-{channel}",
        }
        return self.post(httpx.QueryParams(form).__str__(), "application/x-www-form-urlencoded")

    def interaction(self, payload: dict[str, Any]) -> httpx.Response:
        payload.setdefault("team", {"id": "T1"})
        payload.setdefault("user", {"id": "U1"})
        payload.setdefault("api_app_id", "A1")
        payload.setdefault("token", "legacy")
        body = str(httpx.QueryParams({"payload": json.dumps(payload)}))
        return self.post(body, "application/x-www-form-urlencoded")


def block_text(blocks: list[dict[str, Any]]) -> str:
    """All the visible text of Block Kit blocks, for assertions."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                out.append(node["text"])
            for value in node.values():
                if isinstance(value, dict | list):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "\n".join(out)


def submitted_state(view: dict[str, Any], situation: str, chosen: dict[str, str | None]) -> dict[str, Any]:
    """The ``state`` Slack sends with a submitted referral modal: each input as prefilled, unless ``chosen``."""
    values: dict[str, Any] = {"situation": {"value": {"type": "plain_text_input", "value": situation}}}
    for block in view["blocks"]:
        block_id = block.get("block_id")
        if block["type"] != "input" or block_id == "situation":
            continue
        element = block["element"]
        shown = (element.get("initial_option") or {}).get("value") or element.get("initial_value")
        value = chosen.get(block_id, shown)
        if element["type"] == "static_select":
            state = {"type": "static_select", "selected_option": {"value": value} if value else None}
        else:
            state = {"type": "plain_text_input", "value": value}
        values[block_id] = {"value": state}
    return {"values": values}
