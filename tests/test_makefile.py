"""`make chromium` on a machine without chromium (or strace): as root apt-get runs directly, as a user through sudo,
and apt-get always sees DEBIAN_FRONTEND=noninteractive. Stubs for apt-get and sudo record their calls; nothing is
installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

MAKE = shutil.which("make")
SETPRIV = shutil.which("setpriv")  # absolute: the stub PATH below does not hold it
NOBODY = 65534
# A stub logs who called it, with what DEBIAN_FRONTEND and which arguments.
APT_GET = '#!/bin/sh\necho "apt-get uid=$(id -u) frontend=${DEBIAN_FRONTEND:-unset} $*" >> "$CALLS"\n'
# Like the real sudo: the command runs as root with a reset environment (env_reset), so a variable set before
# `sudo` never reaches apt-get. A stub cannot change user, so it records the call and runs the command as is.
SUDO = '#!/bin/sh\necho "sudo $*" >> "$CALLS"\nexec /usr/bin/env -i PATH="$PATH" CALLS="$CALLS" "$@"\n'

pytestmark = pytest.mark.skipif(MAKE is None or SETPRIV is None, reason="needs make and setpriv")


@pytest.fixture
def box() -> Iterator[Path]:
    """A folder every user can read, holding a copy of the Makefile: the checkout itself may sit in a 0700 folder."""
    folder = Path(tempfile.mkdtemp(prefix="paperchat-make-"))
    try:
        folder.chmod(0o755)
        shutil.copy(REPO / "Makefile", folder / "Makefile")
        (folder / "Makefile").chmod(0o644)
        bin_dir = folder / "bin"  # the only PATH entry: the tools the recipe needs, and no chromium
        bin_dir.mkdir()
        for tool in ("id", "env"):
            (bin_dir / tool).symlink_to(shutil.which(tool))
        (bin_dir / "strace").write_text("#!/bin/sh\nexit 0\n")  # there: the tests below are about chromium
        (bin_dir / "strace").chmod(0o755)
        calls = folder / "calls.log"
        calls.touch()
        calls.chmod(0o666)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def add_tool(box: Path, name: str, script: str) -> None:
    (box / "bin" / name).write_text(script)
    (box / "bin" / name).chmod(0o755)


def make_chromium(box: Path, uid: int | None = None, **env: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    """`make chromium` with only the box's tools on PATH, as `uid` (default: whoever runs the tests)."""
    command = [MAKE, "--no-print-directory", "chromium"]
    if uid is not None and uid != os.geteuid():
        command = [SETPRIV, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", *command]
    environment = {"PATH": str(box / "bin"), "CALLS": str(box / "calls.log"), "HOME": str(box), **env}
    result = subprocess.run(command, cwd=box, env=environment, capture_output=True, text=True, timeout=60)
    return result, (box / "calls.log").read_text().splitlines()


def as_user() -> int:
    """A uid other than root: nobody when the tests run as root, else the tester."""
    return NOBODY if os.geteuid() == 0 else os.geteuid()


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="running as root needs root")


@needs_root
def test_as_root_apt_get_runs_directly_and_noninteractive(box: Path) -> None:
    add_tool(box, "apt-get", APT_GET)
    result, calls = make_chromium(box, uid=0)
    assert result.returncode == 0, result.stderr
    assert calls == [
        "apt-get uid=0 frontend=unset update -qq",
        "apt-get uid=0 frontend=noninteractive install -y -qq chromium",
    ]


@needs_root
def test_a_debian_frontend_already_set_is_overridden_for_the_install(box: Path) -> None:
    add_tool(box, "apt-get", APT_GET)
    result, calls = make_chromium(box, uid=0, DEBIAN_FRONTEND="dialog")
    assert result.returncode == 0, result.stderr
    assert calls[-1] == "apt-get uid=0 frontend=noninteractive install -y -qq chromium"


def test_as_a_user_apt_get_runs_through_sudo_and_still_noninteractive(box: Path) -> None:
    add_tool(box, "apt-get", APT_GET)
    add_tool(box, "sudo", SUDO)
    uid = as_user()
    result, calls = make_chromium(box, uid=uid, DEBIAN_FRONTEND="readline")
    assert result.returncode == 0, result.stderr
    assert [c for c in calls if c.startswith("apt-get")] == [
        f"apt-get uid={uid} frontend=unset update -qq",
        f"apt-get uid={uid} frontend=noninteractive install -y -qq chromium",
    ]
    assert calls[0] == "sudo apt-get update -qq" and calls[2].startswith("sudo ")  # each apt-get through sudo


def test_a_user_without_sudo_gets_one_line_saying_what_to_run(box: Path) -> None:
    add_tool(box, "apt-get", APT_GET)
    result, calls = make_chromium(box, uid=as_user())
    assert result.returncode != 0
    assert calls == []
    assert "chromium is missing" in result.stderr and "'apt-get install chromium'" in result.stderr


def test_nothing_is_installed_when_chromium_is_there(box: Path) -> None:
    add_tool(box, "apt-get", APT_GET)
    add_tool(box, "chromium", "#!/bin/sh\nexit 0\n")
    result, calls = make_chromium(box, uid=as_user())
    assert result.returncode == 0, result.stderr
    assert calls == []


@needs_root
def test_strace_missing_too_is_installed_in_the_same_call(box: Path) -> None:
    add_tool(box, "apt-get", APT_GET)
    (box / "bin" / "strace").unlink()
    result, calls = make_chromium(box, uid=0)
    assert result.returncode == 0, result.stderr
    assert calls[-1] == "apt-get uid=0 frontend=noninteractive install -y -qq chromium strace"
