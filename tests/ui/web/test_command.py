"""`paperchat ui` options: safe defaults, logins and admins, settings laid under the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from paperchat.ui.web import command
from paperchat.ui.web.settings import UISettings


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path)
    command.add_arguments(parser)
    return parser.parse_args(list(argv))


def test_binds_to_loopback_by_default() -> None:
    ui = command.ui_settings(_parse(), UISettings(_env_file=None))
    assert ui.host == "127.0.0.1" and ui.auth == [] and ui.folder_roots == []
    assert ui.loopback and ui.is_admin(None)  # the one local user may change the library, as before


def test_command_line_overrides_settings() -> None:
    base = UISettings(_env_file=None, auth="env:pw", port=9000, concurrency=2)
    args = _parse("--host", "0.0.0.0", "--port", "8123", "--max-upload-mb", "3", "--admin", "env")
    ui = command.ui_settings(args, base)
    assert (ui.host, ui.port, ui.max_upload_mb, ui.admins) == ("0.0.0.0", 8123, 3.0, ["env"])
    assert ui.auth == ["env:pw"] and ui.concurrency == 2  # kept from the settings
    assert not command.is_loopback("0.0.0.0") and command.is_loopback("::1") and command.is_loopback("localhost")


def test_bad_auth_exits_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout
    assert command.run(_parse("--index", str(tmp_path / "idx"), "--auth", "nopassword")) == 2
    assert "USER:PASSWORD" in capsys.readouterr().err


def test_an_admin_must_be_one_of_the_logins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = _parse("--index", str(tmp_path / "idx"), "--auth", "ana:pw", "--admin", "bob")
    assert command.run(args) == 2
    assert "--admin bob is not one of the --auth logins" in capsys.readouterr().err


def test_the_help_names_the_per_user_question_limit() -> None:
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    assert "PAPERCHAT_LIMITS__QUESTIONS_PER_MINUTE" in parser.format_help() and "(default 20" in parser.format_help()


def test_starting_finishes_an_interrupted_ingest_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    from paperchat.assistant.results import IngestReport

    class Interrupted:
        def finish_interrupted(self) -> IngestReport:
            return IngestReport(new=["a", "b"], updated=["c"])

    with caplog.at_level("INFO", logger="paperchat.ui.web"):
        command.finish_interrupted(Interrupted())
        command.finish_interrupted(type("Whole", (), {"finish_interrupted": lambda self: None})())
    assert [r.getMessage() for r in caplog.records] == ["finished 3 papers an interrupted ingest left"]
