"""Fixtures for the Slack bot: the Web API stand-in and bots served over real HTTP on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.ui.slack.slack_stand_in import BOT_TOKEN, SIGNING_SECRET, SlackStandIn


@pytest.fixture
def stand_in() -> Iterator[SlackStandIn]:
    server = SlackStandIn()
    yield server
    server.close()


def bot_settings(**extra: Any):  # noqa: ANN201
    from paperchat.ui.slack.settings import SlackSettings

    return SlackSettings(_env_file=None, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, **extra)


@pytest.fixture
def start_bot(stand_in: SlackStandIn, tmp_path: Path) -> Iterator[Callable[..., str]]:
    """`start_bot(assistant, rate_limit=..., state_dir=...)` → the events URL of a bot serving on 127.0.0.1, any free
    port. Bots started with one `state_dir` share what was answered, as a bot restarted on one index does."""
    from paperchat.ui.slack.app import build_app
    from paperchat.ui.slack.server import serve

    servers = []

    def start(assistant: Any, rate_limit: int | None = 100, state_dir: Path | None = None, **settings: Any) -> str:
        app = build_app(assistant, bot_settings(**settings), base_url=stand_in.base_url,
                        questions_per_minute=rate_limit, state_dir=state_dir)
        server = serve(app, "127.0.0.1", 0)
        servers.append(server)
        return server.url

    yield start
    for server in servers:
        server.stop()
