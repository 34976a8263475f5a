"""paperchat: ask questions of your research papers; every claim cites a paper.

`from paperchat import Assistant` is the public entry point; the results (Answer, Citation, Passage, Refusal,
IngestReport), Filters, Settings and every error (`PaperchatError` and its subclasses) are importable from here too.
The installed package maps the repository's folders: paperchat.assistant (the core, assistant/), paperchat.ingest
(parsers, ingest/), paperchat.ui (the shells, ui/) and paperchat.prompts (prompt files, prompts/).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paperchat.assistant import *  # noqa: F403 - the core's exports, named for type checkers and editors

import paperchat.assistant as _core  # light: its exports load on first use

__all__ = list(_core.__all__)  # the core's exports are the package's


def __getattr__(name: str) -> object:
    # Lazy, so `paperchat --help` and the parsers never pay for chromadb imports.
    if name in __all__:
        return getattr(_core, name)
    raise AttributeError(name)
