"""paperchat's core, the facade every shell uses: `from paperchat.assistant import Assistant` (or `from paperchat`).

Rooms by stage: embedding/ → index/ → question/ → retrieval/ → answering/, with the facade (api, results, filters,
config, errors, limits) on top and evaluation/ over the facade.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paperchat.assistant.api import Assistant
    from paperchat.assistant.config import Settings
    from paperchat.assistant.filters import Filters
    from paperchat.assistant.results import Answer, Citation, Passage

# name → module; lazy, so `paperchat --help` and the parsers never pay for chromadb or llama-index imports.
EXPORTS = {
    "Assistant": "paperchat.assistant.api",
    "Settings": "paperchat.assistant.config",
    "Filters": "paperchat.assistant.filters",
    "Answer": "paperchat.assistant.results",
    "Citation": "paperchat.assistant.results",
    "Passage": "paperchat.assistant.results",
}
__all__ = ["Answer", "Assistant", "Citation", "Filters", "Passage", "Settings"]


def __getattr__(name: str) -> object:
    if name in EXPORTS:
        return getattr(import_module(EXPORTS[name]), name)
    raise AttributeError(name)
