"""The web shell's own settings: PAPERCHAT_UI__* (and .env), so the core never knows a web UI exists."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class UISettings(BaseSettings):
    """Who may use the web UI and what it may touch on the server."""

    model_config = SettingsConfigDict(env_prefix="PAPERCHAT_UI__", env_file=".env", extra="ignore")

    host: str = Field("127.0.0.1", description="Address to listen on; 0.0.0.0 shares the app on the network.")
    port: int = Field(7860, description="Port; 0 picks a free one.")
    auth: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Logins as user:password, comma-separated; without any, no login is asked."
    )
    admins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Users (of auth) who may add and remove papers; the others may only ask."
    )
    folder_roots: Annotated[list[Path], NoDecode] = Field(
        default_factory=list, description="Server folders an admin may ingest from the UI; none means no folder box."
    )
    max_upload_mb: float = Field(25.0, description="Largest file a user may upload, in MB.")
    concurrency: int = Field(4, description="Answers computed at once.")

    @field_validator("auth", "admins", "folder_roots", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        """'a, b' from the environment → ['a', 'b']; lists (from code or the command line) pass as they are."""
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    def logins(self) -> list[tuple[str, str]]:
        """'user:password' → ('user', 'password') for each login; the password may contain ':'."""
        pairs = []
        for text in self.auth:
            user, sep, password = text.partition(":")
            if not sep or not user or not password:
                raise ValueError("--auth must be USER:PASSWORD, both non-empty")
            pairs.append((user, password))
        return pairs

    @property
    def loopback(self) -> bool:
        """Listening on this machine only: without logins, its one user is the admin."""
        return is_loopback(self.host)

    def is_admin(self, username: str | None) -> bool:
        """May this user add and remove papers? With logins, only the named admins; without, the local user only."""
        if self.auth:
            return username is not None and username in self.admins
        return self.loopback


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
