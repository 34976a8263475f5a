"""What the Python API accepts, checked at the door: a question, `k`, filters and conversation history.

Anything else is a QuestionError or FiltersError that says what was given and what is accepted (with the closest
valid name), never an AttributeError from deep inside or a value silently ignored.
"""

from __future__ import annotations

import operator
import warnings
from collections.abc import Iterable
from typing import Any

from paperchat.assistant.errors import FiltersError, QuestionError, unknown_name
from paperchat.assistant.filters import Filters
from paperchat.assistant.question.categories import ARXIV_NAMES
from paperchat.assistant.results import Answer

TURN_KEYS = ("role", "content")
ROLES = ("user", "assistant")
ANSWER_KEYS = frozenset(Answer.model_fields) | {"answer"}  # an Answer's dict, "answer" as dicts before 0.2 had it
FEEDBACK_KEYS = frozenset({"helpful", "user", "channel", "created"})  # a stored verdict is an answer's dict too


def check_question(question: object, max_chars: int) -> str:
    """The question, stripped; a QuestionError when it is not text, empty, or over `max_chars`."""
    if not isinstance(question, str):
        raise QuestionError(f"the question must be text (str), not {type(question).__name__}")
    question = question.strip()
    if not question:
        raise QuestionError("the question is empty")
    if len(question) > max_chars:
        raise QuestionError(
            f"the question is {len(question)} characters, over the {max_chars} limit",
            "PAPERCHAT_ANSWER__MAX_QUESTION_CHARS",
        )
    return question


def check_k(k: object, limit: int) -> int | None:
    """None (the configured top_k), or a whole number of sources from 1 to `limit` (settings.limits.max_results)."""
    if k is None:
        return None
    try:
        if isinstance(k, bool):
            raise TypeError
        k = operator.index(k)  # int and int-like (numpy) pass; "5", 5.0 and True do not
    except TypeError:
        raise QuestionError(f"k must be a whole number of sources, not {k!r} ({type(k).__name__})") from None
    if not 1 <= k <= limit:
        raise QuestionError(
            f"{k} results asked for, over the limit of {limit}"
            if k > limit
            else f"{k} results asked for; ask for 1 to {limit}",
            "PAPERCHAT_LIMITS__MAX_RESULTS",
        )
    return k


def as_filters(filters: object) -> Filters | None:
    """A Filters from a Filters, a dict of the same names, or None; a FiltersError for anything else."""
    if filters is None or isinstance(filters, Filters):
        return filters
    if isinstance(filters, dict):
        return Filters(**filters)
    raise FiltersError(f"filters must be a Filters or a dict, not {type(filters).__name__} ({filters!r:.60})")


def resolve_category(filters: Filters | None, library: Iterable[str | None]) -> Filters | None:
    """Filters whose category is a code the library uses ("CV", "cs.LG") or, given by its name ("computer
    vision"), the code of that name. A category neither is a FiltersError naming those it could be."""
    if filters is None or not filters.category:
        return filters
    wanted = filters.category.strip()
    codes = {code.split(".")[-1].upper(): code for code in filter(None, library)}
    if wanted.split(".")[-1].upper() in codes or wanted.split(".")[-1].upper() in ARXIV_NAMES:
        return filters
    by_name = {name: code for code, names in ARXIV_NAMES.items() for name in names}
    name = " ".join(wanted.lower().replace("-", " ").split())
    if name in by_name:
        return filters.model_copy(update={"category": codes.get(by_name[name], by_name[name])})
    raise FiltersError(unknown_name("category", wanted, [*codes.values(), *by_name]))


def check_history(history: object) -> None:
    """A QuestionError unless `history` is None or a list of turns: earlier Answers or their dicts, {"role",
    "content"} dicts (the shape OpenAI, Gradio and Slack threads use) or (question, answer) pairs. The conversation
    reader (question.conversation) takes the same shapes; here a wrong one is named, with the closest valid key."""
    if history is None:
        return
    if isinstance(history, (str, bytes, dict)) or not isinstance(history, Iterable):
        raise QuestionError(f"history must be a list of turns, not {type(history).__name__}")
    for number, turn in enumerate(history, 1):
        where = f"history turn {number}"
        if isinstance(turn, Answer):
            continue
        if isinstance(turn, (tuple, list)):
            if len(turn) != 2:
                raise QuestionError(f"{where}: a pair is (question, answer), not {len(turn)} items")
            continue
        if not isinstance(turn, dict):
            raise QuestionError(
                f"{where} is a {type(turn).__name__}: give earlier Answers (or their to_dict()), "
                "{'role', 'content'} dicts or (question, answer) pairs"
            )
        if "role" not in turn and {"question", "text", "answer"} & set(turn):
            if unknown := sorted(set(turn) - ANSWER_KEYS - FEEDBACK_KEYS):
                raise QuestionError(f"{where}: " + unknown_name("answer field", unknown[0], ANSWER_KEYS))
            continue
        if unknown := sorted(set(turn) - set(TURN_KEYS)):
            raise QuestionError(f"{where}: " + unknown_name("key", unknown[0], TURN_KEYS))
        if missing := [key for key in TURN_KEYS if key not in turn]:
            raise QuestionError(f"{where} has no {missing[0]!r}: a turn is {{'role': ..., 'content': ...}}")
        if turn["role"] not in ROLES:
            raise QuestionError(f"{where}: " + unknown_name("role", str(turn["role"]), ROLES))
        if not isinstance(turn["content"], str):
            raise QuestionError(f"{where}: content must be text, not {type(turn['content']).__name__}")


def legacy_order(first: Any, second: Any, signature: str) -> tuple[Any, Any]:  # noqa: ANN401
    """(second, first): a call written for the order before 0.2 (`retrieve(q, 5)`, `chat(history, q)`), recognised
    by its types by the caller, is still answered, with a DeprecationWarning naming today's `signature`."""
    warnings.warn(
        f"arguments in the order before paperchat 0.2; it is now {signature}: pass them by keyword",
        DeprecationWarning,
        stacklevel=3,
    )
    return second, first
