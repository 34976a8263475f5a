"""Reading questions: `read_question(question, library, history)` → `QuestionPlan`; `missing_terms(plan, texts)`."""

from paperchat.assistant.question.index_library import IndexLibrary
from paperchat.assistant.question.library import InMemoryLibrary, LibraryView
from paperchat.assistant.question.plan import QuestionPlan
from paperchat.assistant.question.reader import prepare, read_question
from paperchat.assistant.question.terms import missing_terms

__all__ = [
    "IndexLibrary",
    "InMemoryLibrary",
    "LibraryView",
    "QuestionPlan",
    "missing_terms",
    "prepare",
    "read_question",
]
