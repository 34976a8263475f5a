"""`paperchat feedback`: the verdicts users gave answers, oldest first, filtered by verdict or the last N."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import pytest

from paperchat.assistant import Assistant
from paperchat.ui.cli.feedback_command import add_arguments, format_feedback, run
from tests.conftest import make_settings


@pytest.fixture
def index_with_feedback(seed_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in [n for n in os.environ if n.startswith("PAPERCHAT_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no ./.env
    assistant = Assistant.open(seed_copy, make_settings(seed_copy))
    cited = [{"n": 1, "paper_id": "p1", "title": "Attention Is All You Need"}]
    assistant.record_feedback(
        {"question": "What is a Transformer?", "text": "A model [1].", "citations": cited},
        helpful=True,
        user="U1",
        channel="C1",
    )
    # Stored as verdicts were before answers kept their text under "text": still read.
    assistant.record_feedback({"question": "Who wrote BERT?", "answer": "No paper says."}, helpful=False, user="U2")
    assistant.index.catalog.close()
    return seed_copy


def feedback(index_dir: Path, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index")
    add_arguments(parser)
    return run(parser.parse_args(["--index", str(index_dir), *argv]))


def test_every_verdict_is_listed_with_a_count(index_with_feedback: Path, capsys: pytest.CaptureFixture) -> None:
    assert feedback(index_with_feedback) == 0
    out = capsys.readouterr().out
    assert out.index("What is a Transformer?") < out.index("Who wrote BERT?")
    assert "    [1] Attention Is All You Need" in out and "    A: A model [1]." in out
    assert "    A: No paper says." in out
    assert out.rstrip().endswith("2 verdicts: 1 helpful, 1 not helpful")


def test_filters_and_json(index_with_feedback: Path, capsys: pytest.CaptureFixture) -> None:
    assert feedback(index_with_feedback, "--not-helpful", "--json") == 0
    [item] = json.loads(capsys.readouterr().out)
    assert item["question"] == "Who wrote BERT?" and item["user"] == "U2" and item["helpful"] is False
    assert item["text"] == "No paper says." and "answer" not in item  # an old verdict reads as a new one
    assert feedback(index_with_feedback, "--last", "1") == 0
    assert "Who wrote BERT?" in capsys.readouterr().out


def test_helpful_and_not_helpful_exclude_each_other() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    with pytest.raises(SystemExit):
        parser.parse_args(["--helpful", "--not-helpful"])


def test_one_verdict_formats_as_a_short_block() -> None:
    text = format_feedback({"created": 1.5, "helpful": False, "user": "U2", "question": "q " * 200, "text": "a"})
    lines = text.splitlines()
    assert lines[0] == "1.5  not helpful  user U2"
    assert lines[1].startswith("    Q: q q") and lines[1].endswith("…") and len(lines[1]) == len("    Q: ") + 200
    assert lines[2] == "    A: a"
