"""examples/python_api.py is the README's Python section, run: every documented call on a copy of the seed index,
in a process of its own, printing what it returns. Every line of the README's block is a line of the script."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS

pytestmark = pytest.mark.slow
SCRIPT = REPO / "examples" / "python_api.py"


def readme_python_block() -> list[str]:
    section = (REPO / "README.md").read_text().split("## Python API", 1)[1]
    block = re.search(r"```python\n(.*?)```", section, re.S)
    assert block is not None
    lines = [line.strip() for line in block.group(1).splitlines()]
    return [line for line in lines if line and not line.startswith("#")]  # code, not the comments between cells


def test_every_line_of_the_readme_python_section_is_in_the_example() -> None:
    script = {line.strip() for line in SCRIPT.read_text().splitlines()}
    missing = [line for line in readme_python_block() if line not in script]
    assert missing == [], "README lines the example does not run"
    assert len(readme_python_block()) > 30


def test_the_example_runs_every_documented_call(seed_copy: Path, tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PAPERCHAT_", "OPENAI_"))}
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(seed_copy), str(SEEDS)],
        env=env,
        cwd=tmp_path,  # no .env of the developer's
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    out = run.stdout
    for shown in (
        "IngestReport(files=4, records=276, new=0, updated=0, unchanged=271",
        "Answer(question='How can a regression model forget training data?'",
        "reason='missing_terms' missing_terms=['GPT-7']",
        "Filters applied: category LG",
        "papers in computer vision (CV)",
        "Passage(chunk_id=",
        "written piece by piece: False",
        "About the paper discussed above:",
        "6.25%",
        "QuestionError: the question is empty",
        "FiltersError: unknown filter 'yeer_from' (did you mean 'year_from'?)",
        "FiltersError: year_from 2025 is after year_to 2020",
        "QuestionError: k must be a whole number of sources, not '5'",
        "QuestionError: history turn 1: unknown key 'speaker'",
        "SettingsError: invalid settings: PAPERCHAT_RETRIEVAL__TOP_K",
        "AnswererUnavailableError: the model server at http://127.0.0.1:",
        "setting: PAPERCHAT_ANSWER__BASE_URL cause: APIConnectionError",
        "SettingsError: unknown variable 'PAPERCHAT_RETRIEVAL__TOPK' (did you mean 'PAPERCHAT_RETRIEVAL__TOP_K'?)",
        "8 passages: top_k is 8 here",
        "271 papers; extractive answerer",
        "removed=1",
    ):
        assert shown in out, f"{shown!r} not printed:\n{out[-3000:]}"
    assert "Traceback" not in run.stderr
