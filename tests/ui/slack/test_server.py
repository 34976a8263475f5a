"""HTTP mode: Slack's signed requests reach the bolt App over real HTTP on 127.0.0.1; anything else is turned away."""

from __future__ import annotations

import http.client
import json
import time
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlencode, urlsplit

import pytest
from slack_bolt import App
from slack_sdk import WebClient

from paperchat.ui.slack.server import EVENTS_PATH, MAX_BODY_BYTES, SlackHTTPServer, serve
from tests.ui.slack.slack_stand_in import (
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackStandIn,
    command_body,
    event_body,
    signed_post,
)
from tests.ui.slack.test_app import QUESTION, mention, replies


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


# Over the whole bot: what its HTTP front door lets through.
def test_bad_signatures_and_replays_get_401_and_do_nothing(seed_assistant, stand_in, start_bot) -> None:
    url = start_bot(seed_assistant)
    wrong = mention(stand_in, "wrongly signed question")
    assert signed_post(url, event_body(wrong), secret="not-the-secret")[0] == 401
    replayed = mention(stand_in, "replayed question")
    six_minutes_ago = int(time.time()) - 6 * 60
    assert signed_post(url, event_body(replayed), timestamp=six_minutes_ago)[0] == 401
    tampered = mention(stand_in, "tampered question")
    other_signature = signed_post(url, event_body(mention(stand_in, "x")), secret="probe")[0]
    assert other_signature == 401
    from slack_sdk.signature import SignatureVerifier

    now = str(int(time.time()))
    good_signature = SignatureVerifier("test-signing-secret").generate_signature(timestamp=now, body="{}")
    assert signed_post(url, event_body(tampered), timestamp=int(now), signature=good_signature)[0] == 401
    unsigned = urllib.request.Request(url, data=event_body(mention(stand_in, "unsigned")).encode(), method="POST",
                                      headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(unsigned, timeout=10)
    assert error.value.code == 401
    command = command_body("unsigned command", stand_in.response_url("bad"))
    assert signed_post(url, command, secret="not-the-secret")[0] == 401

    good = mention(stand_in, QUESTION)
    assert signed_post(url, event_body(good))[0] == 200
    replies(stand_in, "C1", good["ts"])
    threads = {c.params.get("thread_ts") for c in stand_in.calls_to("chat.postMessage")}
    assert threads == {good["ts"]} and not stand_in.calls_to("respond/bad")
    assert len(stand_in.calls_to("auth.test")) == 1  # at start-up only: rejected requests never got that far


def test_health_and_unknown_paths(seed_assistant, start_bot) -> None:
    url = start_bot(seed_assistant)
    root = url.rsplit("/slack/events", 1)[0]
    assert urlsplit(root).hostname == "127.0.0.1"
    with urllib.request.urlopen(root + "/healthz", timeout=5) as response:
        assert response.status == 200
    assert signed_post(root + "/other", "{}")[0] == 404


def test_url_verification_challenge_is_answered_only_when_signed(seed_assistant, start_bot) -> None:
    url = start_bot(seed_assistant)
    body = json.dumps({"token": "unused", "challenge": "c-123", "type": "url_verification"})
    assert signed_post(url, body, secret="not-the-secret")[0] == 401
    status, answer, _ = signed_post(url, body)
    assert status == 200 and json.loads(answer) == {"challenge": "c-123"}
