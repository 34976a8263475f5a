"""The `paperchat` command as a user runs it: real subprocesses, real index directories."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

CONFORMER = "A Conformer Based Acoustic Model for Robust Automatic Speech Recognition"


def paperchat(*args: str, env: dict | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "PAPERCHAT_INDEX_DIR"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "paperchat.ui.cli.main", *args],
        capture_output=True,
        text=True,
        env=environment,
        input=stdin,
        timeout=300,
        cwd=REPO,
    )


def test_help_lists_every_command() -> None:
    result = paperchat("--help")
    assert result.returncode == 0
    for command in ("ingest", "ask", "chat", "papers", "remove", "stats", "ui", "slack", "feedback", "eval", "doctor"):
        assert f"    {command}" in result.stdout
    assert "PAPERCHAT_INDEX_DIR" in result.stdout


def test_each_command_help_says_what_it_does() -> None:
    ask = paperchat("ask", "--help")
    assert ask.returncode == 0 and "answer a question with citations" in ask.stdout
    evaluation = paperchat("eval", "--help")
    assert "measure retrieval (--beir DIR)" in evaluation.stdout and "--retrievers" in evaluation.stdout


def test_ingest_reports_new_unchanged_and_failed_and_exits_1_on_a_bad_file(tmp_path: Path) -> None:
    papers = tmp_path / "papers.jsonl"
    papers.write_text(json.dumps({"title": "Kelp growth", "abstract": "Kelp grows half a metre per day."}) + "\n")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    index = str(tmp_path / "index")
    first = paperchat("--index", index, "ingest", str(tmp_path))
    assert first.returncode == 1
    assert "1 new" in first.stdout and "1 files failed" in first.stdout
    assert "broken.pdf" in first.stderr
    again = paperchat("--index", index, "ingest", str(papers))
    assert again.returncode == 0
    assert "1 unchanged" in again.stdout and "0 chunks embedded" in again.stdout


def test_ask_json_has_the_documented_shape(seed_copy: Path) -> None:
    result = paperchat("--index", str(seed_copy), "ask", "--json", "Which model uses a Conformer encoder for speech?")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"text", "refused", "refusal", "citations", "passages", "timings"} <= set(data)
    assert data["citations"][0]["title"] == CONFORMER
    assert {"n", "paper_id", "title", "authors", "date", "year", "url", "snippet", "score", "chunk_id"} <= set(
        data["citations"][0]
    )


def test_ask_prints_answer_then_references_and_honours_the_env_index(seed_copy: Path) -> None:
    result = paperchat(
        "ask",
        "--author",
        "Yufeng Yang",
        "speech recognition with conformers",
        env={"PAPERCHAT_INDEX_DIR": str(seed_copy)},
    )
    assert result.returncode == 0, result.stderr
    answer, references = result.stdout.split("\nReferences:\n")
    assert "[1]" in answer and references.startswith(f"[1] {CONFORMER}. Yufeng Yang, Peidong Wang, DeLiang Wang.")


def test_papers_json_lists_every_field(seed_copy: Path) -> None:
    result = paperchat("--index", str(seed_copy), "papers", "--json")
    papers = json.loads(result.stdout)
    assert len(papers) == 271
    assert {
        "paper_id",
        "title",
        "authors",
        "authors_truncated",
        "authors_count",
        "date",
        "year",
        "category",
        "org",
        "url",
        "code_url",
        "has_code",
        "upvotes",
        "abstract",
        "sources",
    } <= set(papers[0])


def test_stats_and_remove(seed_copy: Path) -> None:
    stats = json.loads(paperchat("--index", str(seed_copy), "stats", "--json").stdout)
    assert stats["papers"] == 271 and stats["vectors"] == stats["chunks"]
    assert stats["embedding"]["model"] == "all-MiniLM-L6-v2"
    papers = json.loads(paperchat("--index", str(seed_copy), "papers", "--json").stdout)
    target = next(p["paper_id"] for p in papers if p["title"] == CONFORMER)
    removed = paperchat("--index", str(seed_copy), "remove", target)
    assert removed.returncode == 0 and target in removed.stdout
    assert json.loads(paperchat("--index", str(seed_copy), "stats", "--json").stdout)["papers"] == 270
    assert paperchat("--index", str(seed_copy), "remove", "no-such-paper").returncode == 1


def test_chat_reads_questions_and_follows_up(seed_copy: Path) -> None:
    questions = "Which model uses a Conformer encoder for robust speech recognition?\nWhat error rate does it reach?\n"
    result = paperchat("--index", str(seed_copy), "chat", stdin=questions)
    assert result.returncode == 0, result.stderr
    first_answer, follow_up = result.stdout.split("About the paper discussed above:")
    assert CONFORMER in first_answer
    assert "6.25%" in follow_up and CONFORMER in follow_up


def test_ingest_shows_a_bar_per_step_in_the_words_of_every_shell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tqdm

    from paperchat.assistant.ingest_report import PROGRESS_STEPS
    from paperchat.ui.cli.main import main

    shown: list[tuple[str, int]] = []

    class Bar:  # records what a terminal would show
        def __init__(self, total: int, desc: str, **_: object) -> None:
            self.n, self.desc = 0, desc

        def update(self, step: int) -> None:
            self.n += step
            shown.append((self.desc, self.n))

        def close(self) -> None:
            pass

    monkeypatch.setattr(tqdm, "tqdm", Bar)
    papers = tmp_path / "papers.jsonl"
    papers.write_text("".join(json.dumps({"title": f"Kelp {n}", "abstract": f"Kelp grows at site {n}."}) + "\n"
                              for n in range(20)))
    assert main(["--index", str(tmp_path / "index"), "ingest", str(papers)]) == 0
    steps = list(dict.fromkeys(desc for desc, _ in shown))
    assert steps == [PROGRESS_STEPS["parse"], PROGRESS_STEPS["embed"], PROGRESS_STEPS["keywords"]]
    embedded = [n for desc, n in shown if desc == PROGRESS_STEPS["embed"]]
    assert len(embedded) >= 3 and embedded[-1] == 20  # per batch of the model, not once at the end


def test_chat_holds_a_conversation_that_narrows_and_ranks(seed_copy: Path) -> None:
    questions = (
        "Which papers rely on zeroth-order optimization?\n"
        "Could you cut that list down to just the ones that came out in 2025?\n"
        "And which of those got the most upvotes?\n"
    )
    result = paperchat("--index", str(seed_copy), "chat", stdin=questions)
    assert result.returncode == 0, result.stderr
    _, narrowed, ranked = result.stdout.split("Of the ")[:3]
    assert "papers discussed above," in narrowed and "(year 2025)" in narrowed and "2024" not in narrowed
    assert ranked.startswith("3 papers discussed above:") or "papers discussed above:" in ranked
    assert "By upvotes (most upvoted):" in ranked and "Zeroth-order Optimization" in ranked


def test_a_reader_that_stops_early_ends_the_command_quietly(seed_copy: Path) -> None:
    """`paperchat papers | head`: the reader leaves before the output ends; no traceback, the exit code of a
    command whose reader left (141, as for SIGPIPE). The pipe is closed before the command writes, so it always
    meets the gone reader."""
    environment = {key: value for key, value in os.environ.items() if key != "PAPERCHAT_INDEX_DIR"}
    for command in (["papers"], ["stats"]):
        process = subprocess.Popen(
            [sys.executable, "-m", "paperchat.ui.cli.main", "--index", str(seed_copy), *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
            cwd=REPO,
        )
        process.stdout.close()
        errors = process.stderr.read()
        assert process.wait(timeout=300) == 141 and errors == "", (command, errors)
