"""Prompt templates: loaded by name from a prompts folder of one's own, else from the bundled ones, and filled in."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperchat.assistant.answering.prompts import BUNDLED_PROMPTS, load_prompt, render_prompt, task_prompt


def test_bundled_prompts_ship_with_the_package() -> None:
    assert (BUNDLED_PROMPTS / "answer.txt").is_file()
    assert load_prompt("system") == (BUNDLED_PROMPTS / "system.txt").read_text(encoding="utf-8").strip()


def test_a_prompts_dir_overrides_one_template_and_falls_back_for_the_rest(tmp_path: Path) -> None:
    (tmp_path / "refuse.txt").write_text("  Nothing in the papers.\n", encoding="utf-8")
    assert load_prompt("refuse", tmp_path) == "Nothing in the papers."
    assert load_prompt("system", tmp_path) == load_prompt("system")


def test_an_unknown_prompt_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="'no_such_prompt'"):
        load_prompt("no_such_prompt", tmp_path)


def test_render_fills_the_template_fields(tmp_path: Path) -> None:
    (tmp_path / "greet.txt").write_text("Hello {who}, {count} papers.", encoding="utf-8")
    assert render_prompt("greet", tmp_path, who="Ada", count=3) == "Hello Ada, 3 papers."
    rendered = render_prompt(
        "answer", passages="[1] BERT is an encoder.", question="What is BERT?", task="", refusal="No."
    )
    assert "BERT is an encoder." in rendered and "What is BERT?" in rendered and "{" not in rendered


def test_a_task_prompt_exists_for_a_kind_with_a_file_and_is_empty_otherwise(tmp_path: Path) -> None:
    assert task_prompt("list") == load_prompt("task_list") != ""
    assert task_prompt("passages") == ""
    (tmp_path / "task_passages.txt").write_text("Quote the passages.", encoding="utf-8")
    assert task_prompt("passages", tmp_path) == "Quote the passages."
