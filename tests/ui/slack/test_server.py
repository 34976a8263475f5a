"""HTTP mode: Slack's signed requests reach the bolt App over real HTTP on 127.0.0.1; anything else is turned away."""

from __future__ import annotations

import http.client
import time
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from slack_bolt import App
from slack_sdk import WebClient

from paperchat.ui.slack.server import EVENTS_PATH, MAX_BODY_BYTES, SlackHTTPServer, serve
from tests.ui.slack.slack_stand_in import BOT_TOKEN, SIGNING_SECRET, SlackStandIn, signed_post


def hello_app(stand_in: SlackStandIn) -> App:
    """A bolt App whose Web API calls (auth.test on each request) go to the stand-in on 127.0.0.1."""
    client = WebClient(token=BOT_TOKEN, base_url=stand_in.base_url)
    app = App(client=client, signing_secret=SIGNING_SECRET, token_verification_enabled=False)

    @app.command("/hello")
    def hello(ack, command) -> None:  # noqa: ANN001
        ack(f"hello {command['user_id']}")

    return app


@pytest.fixture
def server(stand_in: SlackStandIn) -> Iterator[SlackHTTPServer]:
    running = serve(hello_app(stand_in), "127.0.0.1", 0)
    yield running
    running.stop()


def request(server: SlackHTTPServer, method: str, path: str, body: bytes = b"", headers: dict | None = None):  # noqa: ANN201
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    result = response.status, response.read().decode()
    connection.close()
    return result


def test_a_signed_slash_command_is_answered(server: SlackHTTPServer) -> None:
    body = urlencode(
        {
            "command": "/hello",
            "text": "",
            "user_id": "U1",
            "team_id": "T1",
            "channel_id": "C1",
            "response_url": "http://127.0.0.1:9/none",
            "trigger_id": "1",
        }
    )
    status, text, _ = signed_post(server.url, body)
    assert status == 200 and "hello U1" in text


def test_a_badly_signed_request_is_refused(server: SlackHTTPServer) -> None:
    body = urlencode({"command": "/hello", "user_id": "U1"})
    assert signed_post(server.url, body, secret="someone else's")[0] == 401
    assert signed_post(server.url, body, timestamp=int(time.time()) - 3600)[0] == 401  # a replayed old request


def test_health_probe_unknown_paths_and_oversized_bodies(server: SlackHTTPServer) -> None:
    assert server.url == f"http://127.0.0.1:{server.port}{EVENTS_PATH}" and server.port > 0
    assert request(server, "GET", "/healthz") == (200, "ok")
    assert request(server, "GET", "/")[0] == 404
    assert request(server, "POST", "/other", b"x")[0] == 404
    too_big = {"Content-Length": str(MAX_BODY_BYTES + 1)}
    assert request(server, "POST", EVENTS_PATH, b"", too_big)[0] == 413


def test_a_server_on_its_own_path(stand_in: SlackStandIn) -> None:
    running = serve(hello_app(stand_in), "127.0.0.1", 0, path="/hooks/slack")
    try:
        assert running.url.endswith("/hooks/slack")
        assert request(running, "POST", EVENTS_PATH, b"x")[0] == 404
    finally:
        running.stop()
