"""The Slack bot's settings come from PAPERCHAT_SLACK__* and Slack's usual SLACK_* names, never from the core's."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import pytest
from slack_bolt.error import BoltError

from paperchat.assistant.config import Settings
from paperchat.ui.slack.command import listen_address, uses_socket_mode
from paperchat.ui.slack.server import serve
from paperchat.ui.slack.settings import SlackSettings, unknown_variables
from tests.assistant.test_config import all_setting_names
from tests.ui.slack.slack_stand_in import BOT_TOKEN, SIGNING_SECRET, SlackStandIn, command_body, signed_post
from tests.ui.slack.test_command import parse


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HOST", "PORT", "COMMAND", "API_URL", "BOT_TOKEN", "RATE_LIMIT_PER_MINUTE"):
        monkeypatch.delenv(f"PAPERCHAT_SLACK__{name}", raising=False)
    monkeypatch.delenv("PAPERCHAT_LIMITS__QUESTIONS_PER_MINUTE", raising=False)
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


# --- docs/slack.md and the settings agree ----------------------------------------------------------------------
DOC = Path(__file__).resolve().parents[3] / "docs" / "slack.md"
ROW = re.compile(r"^\| `([A-Z][A-Z0-9_]+)` \| ([^|]+) \| ([^|]+) \|$", re.MULTILINE)


def documented() -> dict[str, str]:
    """The doc's Settings table: variable → its default as written (None for "–")."""
    section = DOC.read_text().split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = {name: default.strip().strip("`") for name, default, _ in ROW.findall(section)}
    return {name: None if default == "–" else default for name, default in rows.items()}


def field_of(name: str) -> tuple[type, str]:
    """The settings class and field a variable sets: Slack's names, PAPERCHAT_SLACK__*, or the core's."""
    for field, info in SlackSettings.model_fields.items():
        alias = info.validation_alias.choices[0] if info.validation_alias else f"PAPERCHAT_SLACK__{field.upper()}"
        if alias == name:
            return SlackSettings, field
    section, _, field = name.removeprefix("PAPERCHAT_").lower().partition("__")
    return Settings.model_fields[section].annotation, field


def test_every_variable_the_doc_names_is_a_setting() -> None:
    names = set(re.findall(r"\b(?:PAPERCHAT|SLACK)_[A-Z0-9_]*[A-Z0-9]", DOC.read_text()))
    sections = {f"PAPERCHAT_{name.upper()}" for name in Settings.model_fields} | {"PAPERCHAT_SLACK"}
    assert names - all_setting_names() - sections == set()  # "PAPERCHAT_ANSWER__*" names a section
    assert "PAPERCHAT_LIMITS__QUESTIONS_PER_MINUTE" in documented() and len(documented()) >= 8


def test_the_documented_defaults_are_the_defaults() -> None:
    for name, default in documented().items():
        model, field = field_of(name)
        actual = model.model_fields[field].default
        assert (None if actual is None else str(actual)) == default, name


def bot_from_environment(engine: object) -> object:
    from paperchat.ui.slack.app import PaperBot

    return PaperBot(engine, SlackSettings(_env_file=None))


def effect_bot_token(stand_in: SlackStandIn, env: pytest.MonkeyPatch, engine: object) -> None:
    bot_from_environment(engine)  # auth.test at start, with the token
    assert [call.token for call in stand_in.calls_to("auth.test")] == [BOT_TOKEN]
    env.setenv("SLACK_BOT_TOKEN", "xoxb-another")
    with pytest.raises(BoltError):
        bot_from_environment(engine)


def effect_signing_secret(stand_in: SlackStandIn, env: pytest.MonkeyPatch, engine: object) -> None:
    server = serve(bot_from_environment(engine).app)
    try:
        body = command_body("help", stand_in.response_url("help"))
        assert signed_post(server.url, body)[0] == 200
        assert signed_post(server.url, body, secret="another")[0] == 401
    finally:
        server.stop()


def effect_app_token(stand_in: SlackStandIn, env: pytest.MonkeyPatch, engine: object) -> None:
    assert uses_socket_mode(SlackSettings(_env_file=None), http=False)
    assert not uses_socket_mode(SlackSettings(_env_file=None), http=True)
    env.delenv("SLACK_APP_TOKEN")
    assert not uses_socket_mode(SlackSettings(_env_file=None), http=False)


def effect_host(stand_in: SlackStandIn, env: pytest.MonkeyPatch, engine: object) -> None:
    env.setenv("PAPERCHAT_SLACK__HOST", "127.0.0.2")
    assert listen_address(parse([]), SlackSettings(_env_file=None))[0] == "127.0.0.2"
    assert listen_address(parse(["--host", "127.0.0.1"]), SlackSettings(_env_file=None))[0] == "127.0.0.1"


def effect_port(stand_in: SlackStandIn, env: pytest.MonkeyPatch, engine: object) -> None:
    env.setenv("PAPERCHAT_SLACK__PORT", "0")
    host, port = listen_address(parse([]), SlackSettings(_env_file=None))
    server = serve(bot_from_environment(engine).app, host, port)  # 0: a free port
    try:
        assert port == 0 and server.port > 0 and urllib.request.urlopen(f"http://{host}:{server.port}/healthz")
    finally:
        server.stop()
    assert listen_address(parse(["--port", "3100"]), SlackSettings(_env_file=None))[1] == 3100


def effect_command(stand_in: SlackStandIn, env: pytest.MonkeyPatch, engine: object) -> None:
    env.setenv("PAPERCHAT_SLACK__COMMAND", "/papers")
    server = serve(bot_from_environment(engine).app)
    try:
        status, body, _ = signed_post(server.url, command_body("help", "http://127.0.0.1:9/", command="/papers"))
        assert status == 200 and "/papers <question>" in json.loads(body)["text"]
        assert signed_post(server.url, command_body("help", "http://127.0.0.1:9/"))[0] == 404, "not /paperchat"
    finally:
        server.stop()


def effect_api_url(stand_in: SlackStandIn, env: pytest.MonkeyPatch, engine: object) -> None:
    bot = bot_from_environment(engine)
    assert stand_in.calls_to("auth.test") and bot.client.base_url == stand_in.base_url


def effect_questions_per_minute(stand_in: SlackStandIn, env: pytest.MonkeyPatch, engine: object) -> None:
    env.setenv("PAPERCHAT_LIMITS__QUESTIONS_PER_MINUTE", "1")

    class Engine:  # the seed engine under the settings the environment gives
        settings = Settings(_env_file=None)

        def __getattr__(self, name: str) -> object:
            return getattr(engine, name)

    bot, said = bot_from_environment(Engine()), []
    for _ in range(2):
        bot.questions.command(lambda **reply: said.append(reply), {"user_id": "U1", "text": "What is GaLore?"},
                              lambda **reply: said.append(reply))
    assert "References" in said[1]["text"] and "asked 1 question in the last minute" in said[2]["text"]


EFFECTS = {
    "SLACK_BOT_TOKEN": effect_bot_token,
    "SLACK_SIGNING_SECRET": effect_signing_secret,
    "SLACK_APP_TOKEN": effect_app_token,
    "PAPERCHAT_SLACK__HOST": effect_host,
    "PAPERCHAT_SLACK__PORT": effect_port,
    "PAPERCHAT_SLACK__COMMAND": effect_command,
    "PAPERCHAT_SLACK__API_URL": effect_api_url,
    "PAPERCHAT_LIMITS__QUESTIONS_PER_MINUTE": effect_questions_per_minute,
}


def test_each_documented_setting_has_a_check_of_its_effect() -> None:
    assert set(documented()) == set(EFFECTS)


@pytest.mark.parametrize("name", sorted(EFFECTS))
def test_each_documented_setting_does_what_the_doc_says(name: str, seed_assistant, stand_in: SlackStandIn,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-test")
    monkeypatch.setenv("PAPERCHAT_SLACK__API_URL", stand_in.base_url)
    EFFECTS[name](stand_in, monkeypatch, seed_assistant)


def test_a_variable_that_is_no_setting_is_named_with_where_to_look(monkeypatch: pytest.MonkeyPatch,
                                                                   tmp_path: Path) -> None:
    monkeypatch.setenv("PAPERCHAT_SLACK__RATE_LIMIT_PER_MINUTE", "10")
    (tmp_path / ".env").write_text("PAPERCHAT_SLACK__PROT=3100\nPAPERCHAT_SLACK__PORT=3100\n")
    assert unknown_variables(tmp_path / ".env") == {
        "PAPERCHAT_SLACK__PROT": " (docs/slack.md lists them)",
        "PAPERCHAT_SLACK__RATE_LIMIT_PER_MINUTE": " (use PAPERCHAT_LIMITS__QUESTIONS_PER_MINUTE)",
    }
