"""`paperchat ui` options: safe defaults, the login, settings laid under the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from paperchat.ui.web import command
from tests.conftest import make_settings


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path)
    command.add_arguments(parser)
    return parser.parse_args(list(argv))


def test_binds_to_loopback_by_default(tmp_path: Path) -> None:
    settings = command.ui_settings(_parse(), make_settings(tmp_path))
    assert settings.ui.host == "127.0.0.1" and settings.ui.auth is None
    assert command.is_loopback(settings.ui.host)


def test_command_line_overrides_settings(tmp_path: Path) -> None:
    base = make_settings(tmp_path, ui={"auth": "env:pw", "port": 9000, "concurrency": 2})
    args = _parse("--index", str(tmp_path / "other"), "--host", "0.0.0.0", "--port", "8123", "--max-upload-mb", "3")
    settings = command.ui_settings(args, base)
    assert (settings.ui.host, settings.ui.port, settings.ui.max_upload_mb) == ("0.0.0.0", 8123, 3.0)
    assert settings.ui.auth == "env:pw" and settings.ui.concurrency == 2  # kept from the settings
    assert settings.index_dir == tmp_path / "other"
    assert not command.is_loopback("0.0.0.0") and command.is_loopback("::1") and command.is_loopback("localhost")


def test_auth_is_user_colon_password() -> None:
    assert command.parse_auth("ana:s3:cret") == ("ana", "s3:cret")
    assert command.parse_auth(None) is None
    for bad in ("ana", ":pw", "ana:"):
        with pytest.raises(ValueError, match="USER:PASSWORD"):
            command.parse_auth(bad)


def test_bad_auth_exits_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout
    assert command.run(_parse("--index", str(tmp_path / "idx"), "--auth", "nopassword")) == 2
    assert "USER:PASSWORD" in capsys.readouterr().err
