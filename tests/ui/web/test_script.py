"""The page script: one function, and the names of Gradio's page it relies on still exist in this Gradio."""

from __future__ import annotations

from pathlib import Path

import gradio

from paperchat.ui.web import render
from paperchat.ui.web.script import JS

FRONTEND = Path(gradio.__file__).parent / "templates" / "frontend"


def _frontend_text() -> str:
    return "".join(path.read_text(encoding="utf-8", errors="ignore") for path in FRONTEND.rglob("*.js"))


def test_the_script_is_one_function_that_gradio_runs_on_load() -> None:
    assert JS.strip().startswith("() =>") and JS.count("{") == JS.count("}")


def test_copy_finds_the_plain_text_the_renderer_hides_in_a_message() -> None:
    hidden = render.plain_copy("Kelp [1].\n\nReferences:\n[1] Kelp.")
    assert '<div class="pc-copy" hidden>' in hidden and '/<div class="pc-copy" hidden>([^<]*)<\\/div>/' in JS
    assert "<" not in hidden.split("hidden>", 1)[1].removesuffix("</div>")  # the script's pattern reads up to '<'


def test_the_gradio_names_the_script_relies_on_exist() -> None:
    frontend = _frontend_text()
    for name in ("virtual-row", "message-content", "writeText"):
        assert name in frontend, name
    assert "bot" in JS and 'data-testid="bot"' in JS and "data-testid" in frontend
