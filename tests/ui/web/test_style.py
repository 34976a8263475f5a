"""The look ships with the app: a well-formed stylesheet that styles the source cards the renderer writes."""

import re
from pathlib import Path

from paperchat.ui.web import cards, render
from paperchat.ui.web.script import JS
from paperchat.ui.web.style import CSS, PRIVATE


def test_the_stylesheet_is_well_formed_and_styles_most_classes_the_renderer_writes() -> None:
    assert CSS.count("{") == CSS.count("}")
    written = "".join(Path(module.__file__).read_text(encoding="utf-8") for module in (render, cards))
    used = set(re.findall(r'class="(pc-[a-z-]+)', written))
    styled = set(re.findall(r"\.(pc-[a-z-]+)", CSS))
    assert {"pc-card", "pc-chip"} <= used & styled
    assert len(used - styled) <= len(used) // 4  # the rest are hooks for the page script, not looks


def test_the_page_script_is_one_function_and_page_handlers_are_private() -> None:
    assert JS.strip().startswith("() =>")
    assert PRIVATE == {"api_visibility": "private"}
