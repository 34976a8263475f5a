"""paperchat's core: `from assistant import Assistant`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.api import Assistant
    from assistant.filters import Filters
    from assistant.results import Answer, Citation, Source

__all__ = ["Answer", "Assistant", "Citation", "Filters", "Source"]


def __getattr__(name: str) -> object:
    # Lazy, so `paperchat --help` and the parsers never pay for chromadb or llama-index imports.
    if name == "Assistant":
        from assistant.api import Assistant

        return Assistant
    if name == "Filters":
        from assistant.filters import Filters

        return Filters
    if name in ("Answer", "Citation", "Source"):
        from assistant import results

        return getattr(results, name)
    raise AttributeError(name)
