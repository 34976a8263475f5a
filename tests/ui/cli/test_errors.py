"""Every failure a user can cause ends `paperchat` with one line on stderr and a non-zero exit, never a traceback:
a missing extra, an unreachable Chroma, model or Slack server, a refused Slack token, an index the user cannot
write, an index built with another embedding model. Each command runs for real, in a subprocess."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from paperchat.ui.cli.errors import check_writable, user_error_line
from tests.installed import as_user, installed_venv, interpreter_for, readable_folder
from tests.ui.slack.slack_stand_in import SIGNING_SECRET, SlackStandIn

pytestmark = pytest.mark.slow
PAPERCHAT = Path(sys.executable).parent / "paperchat"  # this environment's console script
QUESTION = "How fast do kelp forests grow?"
SLACK = {"SLACK_BOT_TOKEN": "xoxb-refused-token", "SLACK_SIGNING_SECRET": SIGNING_SECRET}
# A log line the Slack bot may print before its error: "2026-01-01 10:00:00,000 WARNING name: text".
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ [A-Z]+ ")


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def paperchat(args: list[str], cwd: Path, stdin: str = "", user: str | None = None, **env: str):  # noqa: ANN201
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PAPERCHAT_", "SLACK_", "OPENAI_"))}
    clean.pop("TIKTOKEN_CACHE_DIR", None)  # the command finds its own; another user may not read this checkout's
    script = installed_venv(user) / "bin" / "paperchat" if user else PAPERCHAT
    return subprocess.run(
        as_user(user, [str(script), *args]),
        env={**clean, "HOME": str(cwd), **env},
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
    )


def assert_one_line_error(result: subprocess.CompletedProcess, command: str, *words: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode != 0, (result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip() and not LOG_LINE.match(line)]
    assert len(lines) == 1 and lines[0].startswith(f"paperchat {command}: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture(scope="module")
def home() -> Path:
    """A folder every user can enter, with a tiny index built by the real command."""
    folder = readable_folder("paperchat-errors-")
    papers = [{"title": "Kelp forests and carbon", "abstract": "Kelp forests grow half a metre a day in cold water."}]
    (folder / "papers.jsonl").write_text("".join(json.dumps(p) + "\n" for p in papers))
    (folder / "papers.jsonl").chmod(0o644)
    built = paperchat(["--index", "index", "ingest", "papers.jsonl"], folder)
    assert built.returncode == 0, built.stderr
    return folder


@pytest.fixture
def blocked(home: Path, tmp_path: Path) -> Path:
    """A PYTHONPATH folder that makes `import slack_bolt`, `gradio` and `xllamacpp` fail as when not installed."""
    for module in ("slack_bolt", "gradio", "xllamacpp"):
        (tmp_path / module).mkdir()
        (tmp_path / module / "__init__.py").write_text(
            f"raise ModuleNotFoundError({f'No module named {module!r}'!r}, name={module!r})\n"
        )
    return tmp_path


def test_a_missing_slack_extra_says_what_to_install(home: Path, blocked: Path) -> None:
    result = paperchat(["--index", "index", "slack", "--port", "0"], home, PYTHONPATH=str(blocked), **SLACK)
    assert_one_line_error(result, "slack", "pip install 'paperchat[slack]'")
    assert paperchat(["slack", "--help"], home, PYTHONPATH=str(blocked)).returncode == 0


def test_a_missing_gradio_names_the_module(home: Path, blocked: Path) -> None:
    result = paperchat(["--index", "index", "ui", "--port", "0"], home, PYTHONPATH=str(blocked))
    assert_one_line_error(result, "ui", "gradio")


def test_a_missing_local_extra_says_what_to_install(home: Path, blocked: Path) -> None:
    (home / "model.gguf").write_bytes(b"GGUF")
    local = {"PAPERCHAT_ANSWER__BACKEND": "local", "PAPERCHAT_ANSWER__GGUF_PATH": str(home / "model.gguf")}
    result = paperchat(["--index", "index", "ask", QUESTION], home, PYTHONPATH=str(blocked), **local)
    assert_one_line_error(result, "ask", "paperchat[local]")


# The commands that need the vectors. `papers`, `stats` and an unchanged ingest read only the local catalog, and
# work without the server; the web UI and the bot start, and say so per question.
@pytest.mark.parametrize("args", [["ingest", "new.jsonl"], ["ask", QUESTION], ["chat"]], ids=lambda args: args[0])
def test_an_unreachable_chroma_server_is_one_line(home: Path, args: list[str]) -> None:
    (home / "new.jsonl").write_text(json.dumps({"title": "Bees", "abstract": "Bees navigate by the sky."}) + "\n")
    server = {"PAPERCHAT_CHROMA_HOST": "127.0.0.1", "PAPERCHAT_CHROMA_PORT": str(closed_port())}
    result = paperchat(["--index", "index", *args], home, QUESTION, **server)
    assert_one_line_error(result, args[0], "cannot reach chroma server")


@pytest.mark.parametrize("args", [["ask", QUESTION], ["ask", "--stream", QUESTION], ["chat"]], ids=" ".join)
def test_an_unreachable_model_server_is_one_line(home: Path, args: list[str]) -> None:
    model = {
        "PAPERCHAT_ANSWER__BACKEND": "openai-like",
        "PAPERCHAT_ANSWER__BASE_URL": f"http://127.0.0.1:{closed_port()}/v1",
        "PAPERCHAT_ANSWER__MODEL": "any-model",
        "OPENAI_API_KEY": "not-needed",
    }
    result = paperchat(["--index", "index", *args], home, QUESTION + "\n", **model)
    assert_one_line_error(result, args[0], "cannot be reached", "127.0.0.1")


def test_a_refused_slack_token_is_one_line(home: Path) -> None:
    stand_in = SlackStandIn()  # answers auth.test with invalid_auth for any token but its own
    try:
        result = paperchat(["--index", "index", "slack", "--port", "0", "--api-url", stand_in.base_url], home, **SLACK)
    finally:
        stand_in.close()
    assert_one_line_error(result, "slack", "did not accept SLACK_BOT_TOKEN", "invalid_auth")


def test_an_unreachable_slack_is_one_line(home: Path) -> None:
    api = f"http://127.0.0.1:{closed_port()}/api/"
    result = paperchat(["--index", "index", "slack", "--port", "0", "--api-url", api], home, **SLACK)
    assert_one_line_error(result, "slack", "cannot reach Slack", api)


def unwritable_user() -> str | None:
    """Who to run as so that permissions apply: root writes everywhere, so nobody then; else the tester."""
    return "nobody" if os.geteuid() == 0 else None


@pytest.mark.parametrize(
    "args", [["ingest", "papers.jsonl"], ["ask", QUESTION], ["chat"], ["papers"], ["stats"]], ids=lambda a: a[0]
)
@pytest.mark.parametrize("case", ["existing index", "new index"])
def test_an_unwritable_index_is_one_line(home: Path, args: list[str], case: str, tmp_path: Path) -> None:
    user = unwritable_user()
    if user and (interpreter_for(user) is None or shutil.which("setpriv") is None):
        pytest.skip(f"cannot run python as {user} here")
    locked = readable_folder("paperchat-locked-")
    if case == "existing index":
        shutil.copytree(home / "index", locked / "index")
    shutil.copy(home / "papers.jsonl", locked / "papers.jsonl")
    for path in [locked, *locked.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        result = paperchat(["--index", "index", *args], locked, QUESTION + "\n", user=user)
    finally:
        for path in [locked, *locked.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    if case == "new index" and args[0] != "ingest":  # only ingest creates an index: the others say there is none
        assert_one_line_error(result, args[0], "no index at", "paperchat ingest PAPERS... --index index")
    else:
        assert_one_line_error(result, args[0], "not writable", "index")


@pytest.mark.parametrize("args", [["ingest", "papers.jsonl"], ["ask", QUESTION], ["papers"]], ids=lambda a: a[0])
def test_an_index_built_with_another_embedding_model_is_one_line(home: Path, args: list[str]) -> None:
    other = {
        "PAPERCHAT_EMBEDDING__BACKEND": "openai",
        "PAPERCHAT_EMBEDDING__BASE_URL": f"http://127.0.0.1:{closed_port()}/v1",
        "OPENAI_API_KEY": "not-needed",
    }
    result = paperchat(["--index", "index", *args], home, **other)
    assert_one_line_error(result, args[0], "built with another embedding", "--rebuild")


def test_user_error_line_names_what_to_do_and_leaves_bugs_alone(tmp_path: Path) -> None:
    missing = ModuleNotFoundError("No module named 'slack_bolt'", name="slack_bolt")
    assert user_error_line(missing) == "the Python module slack_bolt is not installed: pip install 'paperchat[slack]'"
    denied = PermissionError(13, "Permission denied", "/data/index")
    assert user_error_line(denied) == "/data/index: Permission denied"
    assert user_error_line(KeyError("a bug")) is None  # a bug keeps its traceback
    check_writable(tmp_path / "new" / "index")  # a writable place passes
