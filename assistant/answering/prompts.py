"""Prompt templates are text files in prompts/, loaded by name and filled with str.format fields."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path

# Shipped as the package paperchat.prompts (the repository's prompts/ folder), so a wheel carries them too.
BUNDLED_PROMPTS = Path(str(files("paperchat.prompts")))


@lru_cache(maxsize=64)
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def load_prompt(name: str, prompts_dir: Path | None = None) -> str:
    """The template `name` (without .txt) from `prompts_dir`, falling back to the bundled prompts/."""
    for folder in filter(None, (prompts_dir, BUNDLED_PROMPTS)):
        path = Path(folder) / f"{name}.txt"
        if path.is_file():
            return _read(path).strip()
    raise FileNotFoundError(f"prompt {name!r} not found in {prompts_dir or BUNDLED_PROMPTS}")


def task_prompt(kind: str, prompts_dir: Path | None = None) -> str:
    """What the question plan's kind asks of the answer (prompts/task_<kind>.txt), or '' for plain questions."""
    try:
        return load_prompt(f"task_{kind}", prompts_dir)
    except FileNotFoundError:
        return ""


def render_prompt(name: str, prompts_dir: Path | None = None, **fields: object) -> str:
    return load_prompt(name, prompts_dir).format(**fields)
