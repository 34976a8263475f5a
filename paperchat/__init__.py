"""paperchat: ask questions of your research papers; every claim cites a paper.

`from paperchat import Assistant` is the public entry point; the results (Answer, Citation, Passage, Refusal,
IngestReport), Filters, Settings and every error (`PaperchatError` and its subclasses) are importable from here too.
The installed package maps the repository's folders: paperchat.assistant (the core, assistant/), paperchat.ingest
(parsers, ingest/), paperchat.ui (the shells, ui/) and paperchat.prompts (prompt files, prompts/).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paperchat.assistant import (
        Answer,
        AnswererUnavailableError,
        AnswerStream,
        Assistant,
        AsyncAnswerStream,
        Citation,
        EmbedderUnavailableError,
        Filters,
        FiltersError,
        IndexBusyError,
        IndexMismatchError,
        IndexNotFoundError,
        IngestReport,
        PaperchatError,
        Passage,
        QuestionError,
        Refusal,
        Settings,
        SettingsError,
    )

__all__ = [
    "Answer",
    "AnswerStream",
    "AnswererUnavailableError",
    "Assistant",
    "AsyncAnswerStream",
    "Citation",
    "EmbedderUnavailableError",
    "Filters",
    "FiltersError",
    "IndexBusyError",
    "IndexMismatchError",
    "IndexNotFoundError",
    "IngestReport",
    "PaperchatError",
    "Passage",
    "QuestionError",
    "Refusal",
    "Settings",
    "SettingsError",
]


def __getattr__(name: str) -> object:
    # Lazy, so `paperchat --help` and the parsers never pay for chromadb imports.
    if name in __all__:
        import paperchat.assistant

        return getattr(paperchat.assistant, name)
    raise AttributeError(name)
