"""Answer-quality evaluation over the current index with a question file (JSON Lines).

Each line: {"question": str, "gold_titles": [str, ...], "answer_keywords": [str, ...]}; `gold_titles` lists the
papers an answer must cite and is empty when the indexed papers cannot answer (the answer should refuse).
Titles are compared after normalisation (case, punctuation, LaTeX), as paper identity is.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from paperchat.assistant.evaluation.metrics import percentile

if TYPE_CHECKING:
    from paperchat.assistant.api import Assistant

Progress = Callable[[str, int, int], None]


class QAFileError(ValueError):
    """A line of the question file is not a valid question."""


@dataclass
class QAItem:
    question: str
    gold_titles: list[str]
    answer_keywords: list[str] = field(default_factory=list)
    type: str = ""  # fact, multi, author, metadata, compare, summary, unanswerable, ...: results are also given by type
    acceptable_titles: list[str] = field(default_factory=list)  # also fair to cite, but not required
    pattern: str = ""  # in a conversation, how the turn relates to the earlier ones (narrow, pronoun, switch, ...)
    turn: int = 0  # in a conversation, the turn's place (1 = the opening question); 0 for a single question

    @property
    def answerable(self) -> bool:
        return bool(self.gold_titles)


@dataclass
class QAOutcome:
    item: QAItem
    cited_titles: list[str]
    refused: bool
    text: str
    seconds: float

    def _gold_keys(self) -> set[str]:
        return {_key(title) for title in self.item.gold_titles}

    @property
    def gold_recall(self) -> float:
        gold = self._gold_keys()
        return len(gold & {_key(t) for t in self.cited_titles}) / len(gold) if gold else 0.0

    @property
    def citation_precision(self) -> float | None:
        """Share of cited papers that are gold; None when nothing was cited."""
        if not self.cited_titles:
            return None
        gold = self._gold_keys()
        return sum(_key(title) in gold for title in self.cited_titles) / len(self.cited_titles)

    @property
    def fair_citation_share(self) -> float | None:
        """Share of cited papers that are gold or acceptable; None when nothing was cited."""
        if not self.cited_titles:
            return None
        fair = self._gold_keys() | {_key(title) for title in self.item.acceptable_titles}
        return sum(_key(title) in fair for title in self.cited_titles) / len(self.cited_titles)

    @property
    def keyword_hits(self) -> float | None:
        """Share of the expected keywords found in the answer text (case-insensitive); None without keywords."""
        if not self.item.answer_keywords:
            return None
        text = self.text.lower()
        return sum(keyword.lower() in text for keyword in self.item.answer_keywords) / len(self.item.answer_keywords)

    def to_dict(self) -> dict:
        return {
            "question": self.item.question,
            **({"turn": self.item.turn, "pattern": self.item.pattern} if self.item.turn else {}),
            "gold_titles": self.item.gold_titles,
            "cited_titles": self.cited_titles,
            "refused": self.refused,
            "gold_recall": self.gold_recall if self.item.answerable else None,
            "citation_precision": self.citation_precision,
            "keyword_hits": self.keyword_hits,
            "seconds": round(self.seconds, 4),
        }


@dataclass
class QAReport:
    outcomes: list[QAOutcome]
    missing_gold: list[str] = field(default_factory=list)  # gold titles that are not in the index

    def summary(self) -> dict[str, float | int | None]:
        return _summary(self.outcomes)

    def by_type(self) -> dict[str, dict[str, float | int | None]]:
        """The summary of each question type, in order of first appearance (untyped questions under "")."""
        types = dict.fromkeys(o.item.type for o in self.outcomes)
        return {kind: _summary([o for o in self.outcomes if o.item.type == kind]) for kind in types}

    def by_turn(self) -> dict[str, dict[str, float | int | None]]:
        """The summary of each turn position of the conversations ("1" = opening questions); {} without any."""
        turns = sorted({o.item.turn for o in self.outcomes if o.item.turn})
        return {str(turn): _summary([o for o in self.outcomes if o.item.turn == turn]) for turn in turns}

    def by_pattern(self) -> dict[str, dict[str, float | int | None]]:
        """The summary of each follow-up pattern (narrow, pronoun, ...), in order of first appearance."""
        patterns = dict.fromkeys(o.item.pattern for o in self.outcomes if o.item.pattern)
        return {name: _summary([o for o in self.outcomes if o.item.pattern == name]) for name in patterns}

    def to_dict(self) -> dict:
        return {
            "summary": self.summary(),
            "by_type": self.by_type(),
            **({"by_turn": self.by_turn(), "by_pattern": self.by_pattern()} if self.by_turn() else {}),
            "missing_gold_titles": self.missing_gold,
            "questions": [o.to_dict() for o in self.outcomes],
        }


def _summary(outcomes: list[QAOutcome]) -> dict[str, float | int | None]:
    answerable = [o for o in outcomes if o.item.answerable]
    unanswerable = [o for o in outcomes if not o.item.answerable]
    precisions = [p for o in outcomes if (p := o.citation_precision) is not None]
    fair = [p for o in outcomes if (p := o.fair_citation_share) is not None]
    hits = [h for o in outcomes if (h := o.keyword_hits) is not None]
    latencies = [o.seconds for o in outcomes]
    return {
        "questions": len(outcomes),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "gold_recall": _mean([o.gold_recall for o in answerable]),
        "citation_precision": _mean(precisions),
        "fair_citation_share": _mean(fair),
        "refusal_accuracy": _mean([float(o.refused) for o in unanswerable]),
        "false_refusals": _mean([float(o.refused) for o in answerable]),
        "refused_unanswerable": sum(o.refused for o in unanswerable),
        "refused_answerable": sum(o.refused for o in answerable),
        "keyword_hit_rate": _mean(hits),
        "latency_p50_ms": percentile(latencies, 50) * 1000 if latencies else None,
        "latency_p95_ms": percentile(latencies, 95) * 1000 if latencies else None,
    }


def load_questions(path: Path) -> list[QAItem]:
    """Single questions, one JSON object a line (conversations are read by `conversations.load_conversations`)."""
    items = [_item(record, f"{path}:{number}") for number, record in _records(path)]
    if not items:
        raise QAFileError(f"{path}: no questions")
    return items


def _records(path: Path) -> list[tuple[int, dict]]:
    """(line number, JSON object) of every non-blank line."""
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise QAFileError(f"{path}:{number}: invalid JSON ({error.msg})") from None
        if not isinstance(record, dict):
            raise QAFileError(f"{path}:{number}: expected a JSON object")
        records.append((number, record))
    return records


def _item(record: dict, where: str, turn: int = 0) -> QAItem:
    """One question of a question file; `where` names the file and line (and turn) in errors."""
    question, gold = record.get("question"), record.get("gold_titles")
    if not isinstance(question, str) or not question.strip():
        raise QAFileError(f"{where}: 'question' must be a non-empty string")
    keywords = record.get("answer_keywords") or []
    if not _string_list(gold) or not _string_list(keywords):
        raise QAFileError(
            f"{where}: 'gold_titles' (required, [] when unanswerable) and 'answer_keywords' must be lists of strings"
        )
    acceptable = record.get("acceptable_titles") or []
    kind, pattern = record.get("type") or "", record.get("pattern") or ""
    if not _string_list(acceptable) or not isinstance(kind, str) or not isinstance(pattern, str):
        raise QAFileError(f"{where}: 'acceptable_titles' must be a list of strings, 'type' and 'pattern' strings")
    return QAItem(question.strip(), list(gold), list(keywords), kind, list(acceptable), pattern, turn)


def load_conversations(path: Path) -> list[list[QAItem]]:
    """A question file as conversations: a line with "turns" is one conversation, any other line a conversation of
    one question. Turns are numbered from 1; a single question keeps turn 0."""
    conversations = []
    for number, record in _records(path):
        turns = record.get("turns")
        if turns is None:
            conversations.append([_item(record, f"{path}:{number}")])
            continue
        if not isinstance(turns, list) or not turns or not all(isinstance(turn, dict) for turn in turns):
            raise QAFileError(f"{path}:{number}: 'turns' must be a non-empty list of question objects")
        conversations.append([_item(turn, f"{path}:{number} turn {n}", n) for n, turn in enumerate(turns, 1)])
    if not conversations:
        raise QAFileError(f"{path}: no questions")
    return conversations


def evaluate_answers(assistant: Assistant, items: list[QAItem], progress: Progress | None = None) -> QAReport:
    """Ask every question on its own through the Assistant (retrieval and the configured answerer) and score it."""
    return evaluate_conversations(assistant, [[item] for item in items], progress)


def evaluate_conversations(
    assistant: Assistant, conversations: list[list[QAItem]], progress: Progress | None = None
) -> QAReport:
    """Ask each conversation turn by turn, every turn with the earlier turns' Answers as its history (as the chat
    shells pass them), and score every turn."""
    items = [item for conversation in conversations for item in conversation]
    indexed = {_key(paper.title) for paper in assistant.papers()}
    missing = sorted({title for item in items for title in item.gold_titles if _key(title) not in indexed})
    outcomes: list[QAOutcome] = []
    for conversation in conversations:
        history: list = []
        for item in conversation:
            started = time.perf_counter()
            answer = assistant.chat(item.question, history)
            seconds = time.perf_counter() - started
            history.append(answer)
            cited = [citation.title for citation in answer.citations]
            outcomes.append(QAOutcome(item, cited, answer.refused, answer.text, seconds))
            if progress:
                progress("questions", len(outcomes), len(items))
    return QAReport(outcomes, missing)


def _key(title: str) -> str:
    from paperchat.ingest.papers import normalise_title

    return normalise_title(title)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _string_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)
