"""paperchat's core, the facade every shell uses: `from paperchat.assistant import Assistant` (or `from paperchat`).

Rooms by stage: embedding/ → index/ → question/ → retrieval/ → answering/, with the facade (api, results, filters,
config, errors, limits) on top and evaluation/ over the facade.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paperchat.assistant.answer_stream import AnswerStream, AsyncAnswerStream
    from paperchat.assistant.api import Assistant
    from paperchat.assistant.config import Settings
    from paperchat.assistant.errors import (
        AnswererUnavailableError,
        EmbedderUnavailableError,
        FiltersError,
        IndexBusyError,
        IndexMismatchError,
        IndexNotFoundError,
        PaperchatError,
        QuestionError,
        SettingsError,
    )
    from paperchat.assistant.filters import Filters
    from paperchat.assistant.ingest_report import IngestReport
    from paperchat.assistant.results import Answer, Citation, Passage, Refusal

ERRORS = (
    "PaperchatError",
    "QuestionError",
    "FiltersError",
    "SettingsError",
    "IndexNotFoundError",
    "IndexMismatchError",
    "IndexBusyError",
    "AnswererUnavailableError",
    "EmbedderUnavailableError",
)
# name → module; lazy, so `paperchat --help` and the parsers never pay for chromadb or llama-index imports.
EXPORTS = {
    "Assistant": "paperchat.assistant.api",
    "Settings": "paperchat.assistant.config",
    "Filters": "paperchat.assistant.filters",
    "Answer": "paperchat.assistant.results",
    "Citation": "paperchat.assistant.results",
    "Passage": "paperchat.assistant.results",
    "Refusal": "paperchat.assistant.results",
    "IngestReport": "paperchat.assistant.ingest_report",
    "AnswerStream": "paperchat.assistant.answer_stream",
    "AsyncAnswerStream": "paperchat.assistant.answer_stream",
    **dict.fromkeys(ERRORS, "paperchat.assistant.errors"),
}
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
    if name in EXPORTS:
        return getattr(import_module(EXPORTS[name]), name)
    raise AttributeError(name)
