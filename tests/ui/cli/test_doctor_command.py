"""`paperchat doctor`: one line per check, a fix under each problem, exit 1 until the index is healthy."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from paperchat.ui.cli.doctor_command import add_arguments, run


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The command reads Settings() from the environment and ./.env: neither may leak in."""
    for name in [n for n in os.environ if n.startswith("PAPERCHAT_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def doctor(index_dir: Path, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index")
    add_arguments(parser)
    return run(parser.parse_args(["--index", str(index_dir), *argv]))


def test_a_healthy_index_prints_ok_for_every_check(seed_copy: Path, capsys: pytest.CaptureFixture) -> None:
    assert doctor(seed_copy) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"paperchat doctor: {seed_copy}"
    assert [line.split()[:2] for line in lines[1:]] == [
        ["ok", check] for check in ("catalog", "manifest", "store", "papers", "vectors", "orphans", "keywords")
    ]


def test_a_problem_is_shown_with_its_fix_and_repaired_with_repair(
    seed_copy: Path, capsys: pytest.CaptureFixture
) -> None:
    (seed_copy / "manifest.json").unlink()
    assert doctor(seed_copy) == 1
    out = capsys.readouterr().out
    assert "PROBLEM  manifest  no manifest" in out and "fix: paperchat doctor --repair" in out
    assert doctor(seed_copy, "--repair") == 0
    assert "repaired manifest" in capsys.readouterr().out
    assert doctor(seed_copy) == 0


def test_no_index_is_one_line_naming_the_fix_and_creates_nothing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from paperchat.ui.cli.main import main

    missing = tmp_path / "nothing-here"
    assert main(["--index", str(missing), "doctor", "--json"]) == 1
    fix = f"create one with `paperchat ingest PAPERS... --index {missing}`"
    assert capsys.readouterr().err == f"paperchat doctor: no index at {missing}; {fix}\n"
    assert not missing.exists()
