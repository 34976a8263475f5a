"""The Gradio app: built over an Assistant, with exactly the public API it documents."""

from __future__ import annotations

from paperchat.assistant import Assistant
from paperchat.ui.web.app import build_app


def test_the_app_exposes_ask_ingest_and_remove_and_nothing_else(seed_assistant: Assistant) -> None:
    demo = build_app(seed_assistant)
    named = {
        dependency.get("api_name")
        for dependency in demo.config["dependencies"]
        if dependency.get("api_visibility", "public") == "public" and dependency.get("api_name")
    }
    assert named == {"ask", "ingest", "remove"}
