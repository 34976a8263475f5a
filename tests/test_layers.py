"""The layers are checked, not kept by convention: import-linter's contracts in pyproject.toml.

grimp (import-linter's graph builder) walks one package folder, while the repository keeps the card's folders side by
side and setuptools maps them into `paperchat.*`. So the check runs on a staged copy laid out as the wheel installs it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FOLDERS = {"assistant": "assistant", "ingest": "ingest", "ui": "ui", "prompts": "prompts"}


def staged_package(root: Path) -> Path:
    """`root/paperchat/` with the repository's folders copied in as the installed package has them."""
    package = root / "paperchat"
    shutil.copytree(REPO / "paperchat", package, ignore=shutil.ignore_patterns("__pycache__"))
    for folder, name in FOLDERS.items():
        shutil.copytree(REPO / folder, package / name, ignore=shutil.ignore_patterns("__pycache__"))
    return package


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint), "--config", str(REPO / "pyproject.toml"), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )


def test_every_layer_contract_is_kept(tmp_path: Path) -> None:
    staged_package(tmp_path)
    done = lint_imports(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "wrong_import", "broken"),
    [
        ("ingest/papers.py", "import paperchat.assistant.api", "Parsers import nothing"),
        ("ui/web/render.py", "import paperchat.assistant.index.catalog", "Shells use only the facade"),
        ("ui/web/render.py", "import chromadb", "Shells use only the facade"),
        ("ui/slack/format.py", "import paperchat.ui.web.render", "No shell imports another shell"),
        ("assistant/index/catalog.py", "import paperchat.assistant.api", "Shells over the facade"),
    ],
)
def test_a_wrong_import_breaks_a_contract(tmp_path: Path, module: str, wrong_import: str, broken: str) -> None:
    package = staged_package(tmp_path)
    target = package / module
    target.write_text(target.read_text() + f"\n{wrong_import}  # deliberately wrong\n")
    done = lint_imports(tmp_path)
    assert done.returncode != 0
    assert f"{broken}" in done.stdout and "BROKEN" in done.stdout
