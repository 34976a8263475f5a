"""paperchat installed from its wheel into a fresh virtual environment outside the checkout, offline.

Two uses: the wheel test (what `pip install .` gives a user), and tests that run the CLI as another user (`nobody`),
which must work wherever the repository was cloned, a 0700 folder included. So everything the installed command
needs lives under one world-readable temporary folder: the wheel's files, the dependencies (hard links to this
environment's site-packages: instant, no download, no copy) and an interpreter the user can run.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import pwd
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import REPO

SOURCES = ["paperchat", "assistant", "ingest", "ui", "prompts", "pyproject.toml", "README.md"]
PIP_QUIET = ["--quiet", "--disable-pip-version-check", "--no-input"]


def readable_folder(prefix: str) -> Path:
    """A new folder under the system temp dir that every user may enter, removed when the test process ends."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o755)
    atexit.register(shutil.rmtree, folder, True)
    return folder


@functools.cache
def built_wheel() -> Path:
    """The wheel, built offline from a copy of the package sources (the checkout gets no build/ folder)."""
    with readable_umask():
        return _built_wheel()


def _built_wheel() -> Path:
    work = readable_folder("paperchat-wheel-")
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, work / "src" / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, work / "src" / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            *PIP_QUIET,
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--wheel-dir",
            str(work / "dist"),
            str(work / "src"),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    [wheel] = (work / "dist").glob("paperchat-*.whl")
    return wheel


def runs_as(user: str | None, python: str) -> bool:
    """Whether `python` starts, as `user`, and is this interpreter's version (so the linked packages load)."""
    check = [python, "-c", f"import sys; assert sys.version_info[:2] == {tuple(sys.version_info[:2])}"]
    try:
        return subprocess.run(as_user(user, check), capture_output=True, timeout=30).returncode == 0
    except OSError:
        return False


def interpreter_for(user: str | None) -> str | None:
    """A python of this version that `user` can run: this one's base, else the system's. None when there is none
    (e.g. a pyenv interpreter under root's 0700 home and no system python of the same version)."""
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    candidates = [
        getattr(sys, "_base_executable", sys.executable),
        os.path.realpath(sys.executable),
        f"/usr/bin/{version}",
        f"/usr/local/bin/{version}",
        shutil.which(version),
    ]
    return next((c for c in candidates if c and os.path.exists(c) and runs_as(user, c)), None)


def as_user(user: str | None, command: list[str]) -> list[str]:
    """`command` run as `user` (setpriv, no sudo needed as root); unchanged for None."""
    if not user:
        return command
    account = pwd.getpwnam(user)
    return [
        shutil.which("setpriv") or "setpriv",
        f"--reuid={account.pw_uid}",
        f"--regid={account.pw_gid}",
        "--clear-groups",
        *command,
    ]


@contextlib.contextmanager
def readable_umask() -> Iterator[None]:
    """Files made meanwhile are readable by every user, whatever the tester's umask (077 would hide them)."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _link_or_copy(source: str, target: str) -> None:
    """A hard link (instant), or a copy every user may read when the file itself is not (installed under umask
    077): a link shares the original's permissions, and those are not ours to change."""
    if not os.stat(source).st_mode & 0o004:
        shutil.copy2(source, target)
        os.chmod(target, os.stat(target).st_mode | 0o444)
        return
    try:
        os.link(source, target)
    except OSError:  # another file system, or hard links refused
        shutil.copy2(source, target)


@functools.cache
def installed_venv(user: str | None = None) -> Path:
    """A venv that `user` can run, holding the wheel (not editable) and links to this environment's dependencies.

    Its bin/paperchat is what `pip install paperchat-*.whl` gives. Built once per test process and user."""
    python = interpreter_for(user)
    if python is None:
        raise RuntimeError(f"no python {sys.version_info[0]}.{sys.version_info[1]} that {user} can run")
    with readable_umask():
        return _installed_venv(python)


def _installed_venv(python: str) -> Path:
    venv = readable_folder("paperchat-venv-") / "venv"
    subprocess.run([python, "-m", "venv", "--without-pip", str(venv)], check=True, capture_output=True)
    [site] = venv.glob("lib/python*/site-packages")
    shutil.rmtree(site)
    # The dependencies, without this checkout's editable paperchat (its finder points into the checkout).
    ours = shutil.ignore_patterns("__editable__*", "paperchat-*.dist-info", "paperchat.egg-link")
    shutil.copytree(sysconfig.get_paths()["purelib"], site, symlinks=True, ignore=ours, copy_function=_link_or_copy)
    for folder, _, _ in os.walk(site):  # copytree gave each folder its original's mode: make it every user's
        os.chmod(folder, os.stat(folder).st_mode | 0o555)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            *PIP_QUIET,
            "--no-deps",
            "--no-index",
            str(built_wheel()),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return venv
