"""The look ships with the app: a well-formed stylesheet that styles the source cards the renderer writes."""

import re
from pathlib import Path

from paperchat.ui.web import render
from paperchat.ui.web.style import CSS, JS, PRIVATE


def test_the_stylesheet_is_well_formed_and_styles_most_classes_the_renderer_writes() -> None:
    assert CSS.count("{") == CSS.count("}")
    used = set(re.findall(r'class="(pc-[a-z-]+)', Path(render.__file__).read_text(encoding="utf-8")))
    styled = set(re.findall(r"\.(pc-[a-z-]+)", CSS))
    assert {"pc-card", "pc-chip"} <= used & styled
    assert len(used - styled) <= len(used) // 4  # the rest are hooks for the page script, not looks


def test_the_page_script_is_one_function_and_page_handlers_are_private() -> None:
    assert JS.strip().startswith("() =>")
    assert PRIVATE == {"api_visibility": "private"}
