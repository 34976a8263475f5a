"""The Slack bot's settings come from PAPERCHAT_SLACK__* and Slack's usual SLACK_* names, never from the core's."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperchat.ui.slack.settings import SlackSettings


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HOST", "PORT", "COMMAND", "API_URL", "BOT_TOKEN"):
        monkeypatch.delenv(f"PAPERCHAT_SLACK__{name}", raising=False)
    monkeypatch.chdir(tmp_path)  # no ./.env


def test_defaults_bind_loopback_and_hold_no_secrets() -> None:
    settings = SlackSettings()
    assert (settings.host, settings.port, settings.command) == ("127.0.0.1", 3000, "/paperchat")
    assert settings.api_url == "https://slack.com/api/"
    assert settings.bot_token is None and settings.signing_secret is None and settings.app_token is None


def test_bot_settings_and_slack_tokens_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERCHAT_SLACK__PORT", "3100")
    monkeypatch.setenv("PAPERCHAT_SLACK__COMMAND", "/papers")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1")
    settings = SlackSettings()
    assert settings.port == 3100 and settings.command == "/papers"
    assert settings.bot_token.get_secret_value() == "xoxb-1"
    assert settings.signing_secret.get_secret_value() == "signing"
    assert settings.app_token.get_secret_value() == "xapp-1"
    assert "xoxb-1" not in repr(settings)  # secrets do not show in logs


def test_a_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-file\nPAPERCHAT_SLACK__HOST=0.0.0.0\n")
    settings = SlackSettings()
    assert settings.bot_token.get_secret_value() == "xoxb-from-file" and settings.host == "0.0.0.0"
