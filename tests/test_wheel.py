"""The wheel a user gets from `pip install .`: one `paperchat` package with its prompts, installed (not editable)
into a fresh virtual environment, answers offline and through an OpenAI-compatible server."""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.installed import built_wheel, installed_venv
from tests.openai_stand_in import ScriptedChatServer

pytestmark = pytest.mark.slow
PAPERS = [
    {"title": "Kelp forests and carbon", "abstract": "Kelp forests grow half a metre a day in cold water."},
    {"title": "Bees and polarised light", "abstract": "Honey bees navigate by the polarisation of the sky."},
]


@pytest.fixture(scope="module")
def venv() -> Path:
    return installed_venv()


def run(venv: Path, args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """The installed `paperchat` with no PAPERCHAT_* settings of this process, run outside the checkout."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PAPERCHAT_", "OPENAI_", "TIKTOKEN_"))}
    return subprocess.run(
        [str(venv / "bin" / "paperchat"), *args],
        env={**clean, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def index(venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    (folder / "papers.jsonl").write_text("".join(json.dumps(p) + "\n" for p in PAPERS))
    result = run(venv, ["--index", "index", "ingest", "papers.jsonl"], folder)
    assert result.returncode == 0, result.stderr
    return folder / "index"


def test_the_wheel_holds_one_paperchat_package_with_its_prompts() -> None:
    names = zipfile.ZipFile(built_wheel()).namelist()
    assert {name.split("/")[0] for name in names} == {"paperchat", "paperchat-0.1.0.dist-info"}
    prompts = {Path(name).name for name in names if re.fullmatch(r"paperchat/prompts/[^/]+\.txt", name)}
    assert prompts == {path.name for path in (REPO / "prompts").glob("*.txt")} and prompts
    for package in ("assistant", "ingest", "ui"):
        assert f"paperchat/{package}/__init__.py" in names


def test_the_installed_package_is_the_wheel_not_the_checkout(venv: Path) -> None:
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import paperchat.assistant; print(paperchat.assistant.__file__)"],
        capture_output=True,
        text=True,
        cwd="/",
        check=True,
    ).stdout.strip()
    assert where.startswith(str(venv)) and "site-packages/paperchat/assistant" in where


def test_help_lists_every_command(venv: Path, tmp_path: Path) -> None:
    result = run(venv, ["--help"], tmp_path)
    assert result.returncode == 0, result.stderr
    for command in ("ingest", "ask", "chat", "papers", "ui", "slack", "doctor"):
        assert command in result.stdout


def test_offline_ask_cites_the_paper(venv: Path, index: Path) -> None:
    result = run(venv, ["--index", str(index), "ask", "How fast do kelp forests grow?"], index.parent)
    assert result.returncode == 0, result.stderr
    assert "[1]" in result.stdout and "[1] Kelp forests and carbon" in result.stdout


def test_ask_through_an_openai_compatible_server_uses_the_bundled_prompts(venv: Path, index: Path) -> None:
    def reply(messages: list[dict]) -> str:
        [number] = re.findall(r'^\[(\d+)\] "Kelp forests and carbon"', messages[-1]["content"], re.M)
        return f"Kelp forests grow half a metre a day [{number}]."

    def plan(messages: list[dict]) -> str:
        return json.dumps({"kind": "passages", "topic": "kelp forest growth", "filters": {}})

    with ScriptedChatServer(reply, plan_reply=plan) as server:
        result = run(
            venv,
            ["--index", str(index), "ask", "How fast do kelp forests grow?"],
            index.parent,
            PAPERCHAT_ANSWER__BACKEND="openai-like",
            PAPERCHAT_ANSWER__BASE_URL=server.base_url,
            PAPERCHAT_ANSWER__MODEL="scripted-model",
            OPENAI_API_KEY="not-needed",
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("Kelp forests grow half a metre a day [1].")
        [plan_request] = server.plan_requests
        [request] = server.answer_requests
    system = request["messages"][0]
    bundled = (REPO / "prompts" / "system.txt").read_text().strip()
    assert system["role"] == "system" and bundled.splitlines()[0] in system["content"]
    planning = (REPO / "prompts" / "plan_system.txt").read_text().strip()  # the model reads the question too
    assert plan_request["messages"][0]["content"] == planning
