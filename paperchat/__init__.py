"""paperchat: ask questions of your research papers; every claim cites a paper.

`from paperchat import Assistant` is the public entry point. The installed package maps the repository's folders:
paperchat.assistant (the core, assistant/), paperchat.ingest (parsers, ingest/), paperchat.ui (the shells, ui/) and
paperchat.prompts (prompt files, prompts/).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paperchat.assistant import Answer, Assistant, Citation, Filters, Passage, Settings

__all__ = ["Answer", "Assistant", "Citation", "Filters", "Passage", "Settings"]


def __getattr__(name: str) -> object:
    # Lazy, so `paperchat --help` and the parsers never pay for chromadb imports.
    if name in __all__:
        import paperchat.assistant

        return getattr(paperchat.assistant, name)
    raise AttributeError(name)
