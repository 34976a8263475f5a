"""The Chat tab's wiring: every way of asking streams through the same begin → respond → settle steps,
Stop is answered at once (no queue) and ends the answer itself, and nothing of the page is public API."""

from __future__ import annotations

from pathlib import Path

from paperchat.ui.web.app import build_app
from tests.ui.web.test_handlers import _Library


def _handlers(tmp_path: Path) -> list:
    demo = build_app(_Library(tmp_path / "index"), upload_dir=tmp_path / "uploads")
    return list(demo.fns.values())


def _name(block_fn: object) -> str:
    return getattr(getattr(block_fn, "fn", None), "__qualname__", "") or ""


def test_every_way_of_asking_goes_through_begin_respond_and_settle(tmp_path: Path) -> None:
    names = [_name(f) for f in _handlers(tmp_path)]
    starts = [i for i, name in enumerate(names) if name == "Chat.begin"]
    # Enter, the Ask button, an example, Retry, an inferred chip's × and a reload mid-answer.
    assert len(starts) == 6
    for i in starts:
        assert names[i + 1 : i + 3] == ["Chat.respond", "Chat.settle"]


def test_stop_is_answered_at_once_and_cancels_nothing_behind_the_answers_back(tmp_path: Path) -> None:
    handlers = _handlers(tmp_path)
    (stop,) = [f for f in handlers if _name(f) == "Chat.stop"]
    assert stop.queue is False  # straight to the handler, never behind other events in the queue
    assert all(not getattr(f, "cancels", None) for f in handlers)  # the answer ends itself, with what it has
    responders = [f for f in handlers if _name(f) == "Chat.respond"]
    assert all(f.concurrency_limit is None for f in responders)  # slots are taken inside, so Stop ends a wait too


def test_only_the_three_api_endpoints_are_public(tmp_path: Path) -> None:
    public = sorted(_name(f) for f in _handlers(tmp_path) if f.api_visibility == "public")
    assert public == ["PublicAPI.ask", "PublicAPI.ingest", "PublicAPI.remove"]


def test_the_conversation_and_the_paper_scope_live_in_the_page_not_in_server_sessions(tmp_path: Path) -> None:
    """The server keeps a bounded number of sessions (serve.SESSIONS); what a conversation needs is sent from the
    page with each question, so a session dropped meanwhile loses nothing."""
    import gradio as gr

    demo = build_app(_Library(tmp_path / "index"), upload_dir=tmp_path / "uploads")
    (respond, *_) = [f for f in demo.fns.values() if _name(f) == "Chat.respond"]
    kinds = [type(block).__name__ for block in respond.inputs]
    assert kinds[:2] == ["Textbox", "BrowserState"] and kinds[-1] == "Textbox"  # question, conversation, scope
    states = [block.value for block in respond.inputs if isinstance(block, gr.State)]
    assert states in ([""], ["regenerate"])  # only the action, a constant that a fresh session has as well
