"""The Slack bot's own settings: PAPERCHAT_SLACK__* and Slack's usual names (SLACK_BOT_TOKEN, ...), from the
environment and .env. The core's Settings knows nothing of Slack; the limits every shell shares (questions per
person per minute: PAPERCHAT_LIMITS__QUESTIONS_PER_MINUTE) are the core's."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PREFIX = "PAPERCHAT_SLACK__"
DEFAULT_API_URL = "https://slack.com/api/"
# Names people set that are not (or no longer) the bot's, and where the setting lives instead.
MOVED = {f"{PREFIX}RATE_LIMIT_PER_MINUTE": "PAPERCHAT_LIMITS__QUESTIONS_PER_MINUTE"}


class SlackSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=PREFIX, env_file=".env", extra="ignore")

    host: str = Field("127.0.0.1", description="HTTP mode: address to bind; put HTTPS (a proxy or tunnel) in front.")
    port: int = Field(3000, description="HTTP mode: port; Slack posts events, commands and buttons to /slack/events.")
    command: str = Field("/paperchat", description="Slash command name, as in the app manifest.")
    api_url: str = Field(DEFAULT_API_URL, description="Slack Web API base URL (GovSlack: https://slack-gov.com/api/).")
    bot_token: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_BOT_TOKEN"))
    signing_secret: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET"))
    app_token: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_APP_TOKEN"))


def unknown_variables(env_file: Path = Path(".env")) -> dict[str, str]:
    """PAPERCHAT_SLACK__* names set in the environment or `env_file` that are no setting of the bot, each with a
    hint for the log (where the setting is, when it lives elsewhere): a typo is otherwise ignored in silence."""
    from dotenv import dotenv_values

    names = set(os.environ) | (set(dotenv_values(env_file)) if env_file.is_file() else set())
    fields = {f"{PREFIX}{name}".upper() for name in SlackSettings.model_fields}
    unknown = sorted(name for name in names if name.upper().startswith(PREFIX) and name.upper() not in fields)
    return {name: f" (use {MOVED[name.upper()]})" if name.upper() in MOVED else " (docs/slack.md lists them)"
            for name in unknown}
