"""The Slack bot's own settings: PAPERCHAT_SLACK__* and Slack's usual names (SLACK_BOT_TOKEN, ...), from the
environment and .env. The core's Settings knows nothing of Slack."""

from __future__ import annotations

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class SlackSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PAPERCHAT_SLACK__", env_file=".env", extra="ignore")

    host: str = Field("127.0.0.1", description="HTTP mode: address to bind; put HTTPS (a proxy or tunnel) in front.")
    port: int = Field(3000, description="HTTP mode: port; Slack posts events, commands and buttons to /slack/events.")
    command: str = Field("/paperchat", description="Slash command name, as in the app manifest.")
    api_url: str | None = Field(None, description="Slack Web API base URL; https://slack.com/api/ otherwise.")
    bot_token: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_BOT_TOKEN"))
    signing_secret: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET"))
    app_token: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_APP_TOKEN"))
