"""`paperchat slack` in a real process, HTTP mode and Socket Mode, against the local Slack stand-in; `paperchat
feedback` listing what the buttons stored; the command refusing to run unverified."""

from __future__ import annotations

import argparse
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from paperchat.ui.cli.main import main as paperchat_main
from paperchat.ui.slack import format as fmt
from paperchat.ui.slack.command import add_arguments, run
from tests.ui.slack.slack_stand_in import (
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackStandIn,
    action_body,
    event_body,
    signed_post,
)
from tests.ui.slack.test_app import QUESTION, button_value, cited_links, mention, replies

PAPERCHAT = [sys.executable, "-m", "paperchat.ui.cli.main"]  # the real command line, `paperchat`


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path)
    add_arguments(parser)
    return parser.parse_args(argv)


class BotProcess:
    """`paperchat ... slack ...` in a child process with only the Slack variables given; stdout read line by line."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PAPERCHAT_"))}
        # preexec: a test run started in the background (`make test &`) ignores SIGINT, and children inherit that.
        self.proc = subprocess.Popen([*PAPERCHAT, *argv], env={**clean, **env}, cwd=cwd,
                                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.errors: list[str] = []
        threading.Thread(target=self._read, args=(self.proc.stdout, self.lines.put), daemon=True).start()
        threading.Thread(target=self._read, args=(self.proc.stderr, self.errors.append), daemon=True).start()

    @staticmethod
    def _read(stream, sink) -> None:  # noqa: ANN001
        for line in stream:
            sink(line)

    def line_with(self, text: str, timeout: float = 120) -> str:
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no {text!r} on stdout; stderr: {''.join(self.errors)[-2000:]}") from None
            if text in line:
                return line

    def interrupt(self, sent: signal.Signals = signal.SIGINT) -> int:
        self.proc.send_signal(sent)
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.send_signal(signal.SIGUSR1)  # the bot dumps every thread's stack to stderr
            time.sleep(2)
            self.kill()
            raise AssertionError(f"the bot did not stop on Ctrl-C; stderr: {''.join(self.errors)[-6000:]}") from None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture
def processes() -> Iterator[list[BotProcess]]:
    started: list[BotProcess] = []
    yield started
    for process in started:
        process.kill()


def test_http_mode_answers_and_feedback_lists_the_verdict(seed_copy, stand_in, tmp_path, processes, capsys) -> None:
    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET}
    bot = BotProcess(["--index", str(seed_copy), "slack", "--port", "0", "--api-url", stand_in.base_url], env,
                     tmp_path)
    processes.append(bot)
    url = bot.line_with("listening on").split("listening on ", 1)[1].split()[0]
    assert url.startswith("http://127.0.0.1:") and url.endswith("/slack/events")

    event = mention(stand_in, QUESTION)
    assert signed_post(url, event_body(event))[0] == 200
    [reply] = replies(stand_in, "C1", event["ts"])
    assert cited_links(reply["text"])
    value = button_value(reply, fmt.ACTION_NOT_HELPFUL)
    click = action_body(fmt.ACTION_NOT_HELPFUL, value, stand_in.response_url("fb"), message=reply)
    assert signed_post(url, click)[0] == 200
    stand_in.wait_for(lambda calls: [c for c in calls if c.method == "respond/fb"], what="thanks")
    assert bot.interrupt() == 0
    assert "will be unused" not in "".join(bot.errors), "no bolt warning about the token at start"

    assert paperchat_main(["--index", str(seed_copy), "feedback", "--json"]) == 0
    [verdict] = json.loads(capsys.readouterr().out)
    assert verdict["helpful"] is False and verdict["question"] == QUESTION and verdict["user"] == "U1"
    assert verdict["citations"] and verdict["text"]
    assert paperchat_main(["--index", str(seed_copy), "feedback", "--not-helpful"]) == 0
    listing = capsys.readouterr().out
    assert "not helpful" in listing and QUESTION[:40] in listing and "1 verdicts: 0 helpful, 1 not helpful" in listing


class SocketModeStandIn:
    """Slack's Socket Mode end: greets the client, sends one events_api envelope, collects the client's acks."""

    def __init__(self, payload: str) -> None:
        serve = pytest.importorskip("websockets.sync.server").serve  # websockets is in the test extra

        self.envelope = {"envelope_id": "env-1", "type": "events_api", "accepts_response_payload": False,
                         "retry_attempt": 0, "retry_reason": "", "payload": json.loads(payload)}
        self.acks: queue.Queue[dict] = queue.Queue()
        self.server = serve(self._session, "127.0.0.1", 0)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"ws://127.0.0.1:{self.server.socket.getsockname()[1]}/link/?ticket=test"

    def _session(self, websocket) -> None:  # noqa: ANN001
        websocket.send(json.dumps({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0TEST"}}))
        websocket.send(json.dumps(self.envelope))
        from websockets.exceptions import ConnectionClosed

        try:
            for message in websocket:
                self.acks.put(json.loads(message))
        except ConnectionClosed:  # the bot stopped without a closing handshake
            pass


def test_socket_mode_when_app_token_is_set(seed_copy, stand_in: SlackStandIn, tmp_path, processes) -> None:
    event = mention(stand_in, QUESTION)
    socket = SocketModeStandIn(event_body(event))
    stand_in.ws_url = socket.url
    try:
        env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": "xapp-test"}  # no signing secret needed
        bot = BotProcess(["--index", str(seed_copy), "slack", "--api-url", stand_in.base_url], env, tmp_path)
        processes.append(bot)
        [reply] = replies(stand_in, "C1", event["ts"])
        assert cited_links(reply["text"]) and reply["thread_ts"] == event["ts"]
        assert socket.acks.get(timeout=10)["envelope_id"] == "env-1"
        [opened] = stand_in.calls_to("apps.connections.open")
        assert opened.token == "xapp-test"
        assert bot.interrupt(signal.SIGTERM) == 0  # as systemd or `docker stop` stop it
    finally:
        socket.server.shutdown()


def test_refuses_to_run_without_what_it_needs(monkeypatch, tmp_path, capsys) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    assert run(parse(["--port", "0"])) == 2
    assert "SLACK_BOT_TOKEN is not set" in capsys.readouterr().err
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    assert run(parse(["--port", "0"])) == 2
    assert "SLACK_SIGNING_SECRET is not set" in capsys.readouterr().err
    monkeypatch.setenv("SLACK_APP_TOKEN", "xoxb-wrong-kind")
    assert run(parse([])) == 2
    assert "xapp-" in capsys.readouterr().err
    assert run(parse(["--http"])) == 2, "--http needs the signing secret even with an app token"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_slack_at_start_exits_1_before_the_warm_up(seed_copy, monkeypatch, tmp_path, capsys) -> None:
    """Nothing is loaded in the background before Slack answered: a process ending while the embedding model loads
    in a thread aborts (exit 134) instead of exiting 1."""
    from paperchat.assistant.api import Assistant

    warmed: list[bool] = []
    monkeypatch.setattr(Assistant, "warm_up", lambda self, wait=True: warmed.append(wait))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    api = f"http://127.0.0.1:{closed_port()}/api/"
    assert run(parse(["--index", str(seed_copy), "--port", "0", "--api-url", api])) == 1
    assert warmed == [] and f"cannot reach Slack at {api}" in capsys.readouterr().err


@pytest.mark.parametrize("attempt", range(5))
def test_an_unreachable_slack_exits_1_every_time(seed_copy, tmp_path, processes, attempt: int) -> None:
    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET}
    api = f"http://127.0.0.1:{closed_port()}/api/"
    bot = BotProcess(["--index", str(seed_copy), "slack", "--port", "0", "--api-url", api], env, tmp_path)
    processes.append(bot)
    assert bot.proc.wait(timeout=120) == 1
    time.sleep(0.2)  # the stderr reader thread catches up
    errors = "".join(bot.errors)
    assert "cannot reach Slack" in errors and "terminate called" not in errors and "will be unused" not in errors


def test_stopping_while_it_warms_up_exits_cleanly(seed_copy, stand_in, tmp_path, processes) -> None:
    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET}
    for _ in range(3):
        bot = BotProcess(["--index", str(seed_copy), "slack", "--port", "0", "--api-url", stand_in.base_url], env,
                         tmp_path)
        processes.append(bot)
        bot.line_with("listening on")  # the warm-up has just started
        assert bot.interrupt() == 0, "".join(bot.errors)[-2000:]
        assert "terminate called" not in "".join(bot.errors)
