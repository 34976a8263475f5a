"""`paperchat eval --qa`: scoring rules by hand, and the seed question file over the seed index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperchat.assistant.evaluation.qa import (
    QAFileError,
    QAItem,
    QAOutcome,
    QAReport,
    evaluate_answers,
    load_conversations,
    load_questions,
)

SEED_QA = Path(__file__).resolve().parents[2] / "data" / "seed_qa.jsonl"


def outcome(gold: list[str], cited: list[str], refused: bool = False, text: str = "", keywords=()) -> QAOutcome:  # noqa: ANN001
    return QAOutcome(QAItem("q?", gold, list(keywords)), cited, refused, text, 0.1)


def test_scores_of_one_answer() -> None:
    answer = outcome(["Paper A", "Paper B"], ["paper a", "Paper C"], text="Uses LoRA.", keywords=["lora", "GPU"])
    assert answer.gold_recall == pytest.approx(0.5)  # titles compare case- and punctuation-blind
    assert answer.citation_precision == pytest.approx(0.5)
    assert answer.keyword_hits == pytest.approx(0.5)
    assert outcome(["A"], []).citation_precision is None
    assert outcome(["A"], ["A"]).keyword_hits is None


def test_summary_separates_answerable_and_unanswerable_questions() -> None:
    report = QAReport(
        [
            outcome(["A"], ["A"]),  # right
            outcome(["B"], [], refused=True),  # a false refusal
            outcome([], [], refused=True),  # a right refusal
            outcome([], ["C"]),  # answered what the papers cannot answer: precision 0
        ]
    )
    summary = report.summary()
    assert summary["gold_recall"] == pytest.approx(0.5)
    assert summary["citation_precision"] == pytest.approx(0.5)
    assert summary["refusal_accuracy"] == pytest.approx(0.5)
    assert summary["false_refusals"] == pytest.approx(0.5)
    assert summary["keyword_hit_rate"] is None
    assert summary["latency_p50_ms"] == pytest.approx(100)


def test_bad_question_lines_are_reported_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "qa.jsonl"
    path.write_text('{"question": "fine?", "gold_titles": []}\n{"question": "no gold"}\n')
    with pytest.raises(QAFileError, match=":2: 'gold_titles'"):
        load_questions(path)


def test_the_seed_question_file_is_well_formed() -> None:
    items = load_questions(SEED_QA)
    assert len(items) >= 30
    assert sum(not item.answerable for item in items) >= 5
    assert len({item.question for item in items}) == len(items)


@pytest.mark.slow
def test_seed_questions_over_the_seed_index(seed_assistant) -> None:  # noqa: ANN001
    report = evaluate_answers(seed_assistant, load_questions(SEED_QA))
    assert report.missing_gold == []  # every gold title names an indexed paper
    summary = report.summary()
    # Floors well under today's numbers (see bench/RESULTS.md): a regression in retrieval or refusal trips them.
    assert summary["gold_recall"] >= 0.7
    assert summary["citation_precision"] >= 0.6
    assert summary["refusal_accuracy"] >= 0.75
    assert summary["keyword_hit_rate"] >= 0.6


def test_a_conversation_file_is_asked_turn_by_turn_and_scored_by_turn_and_pattern(tmp_path: Path) -> None:
    path = tmp_path / "conversations.jsonl"
    turn = {"question": "Which papers?", "gold_titles": ["A"], "type": "multi"}
    path.write_text(
        json.dumps({"id": "c1", "turns": [turn, {**turn, "question": "Newest?", "pattern": "superlative"}]})
        + "\n"
        + json.dumps({"question": "Alone?", "gold_titles": []})
        + "\n"
    )
    conversations = load_conversations(path)
    assert [[item.turn for item in c] for c in conversations] == [[1, 2], [0]]
    report = QAReport([QAOutcome(item, ["A"], False, "", 0.1) for c in conversations for item in c if item.answerable])
    assert set(report.by_turn()) == {"1", "2"} and set(report.by_pattern()) == {"superlative"}
    assert report.to_dict()["by_pattern"]["superlative"]["gold_recall"] == 1.0


def test_a_bad_turn_is_reported_with_its_line_and_turn(tmp_path: Path) -> None:
    path = tmp_path / "conversations.jsonl"
    path.write_text(json.dumps({"turns": [{"question": "ok", "gold_titles": []}, {"question": ""}]}) + "\n")
    with pytest.raises(QAFileError, match=":1 turn 2: 'question'"):
        load_conversations(path)


def test_the_first_sight_sets_load_as_questions_and_conversations() -> None:
    root = Path(__file__).resolve().parents[2] / "data" / "first_sight"
    sets = sorted(path for path in root.iterdir() if path.is_dir())
    assert sets, "no first-sight set"
    for folder in sets:
        questions = load_conversations(folder / "questions.jsonl")
        conversations = load_conversations(folder / "conversations.jsonl")
        assert len(questions) >= 20 and all(len(c) == 1 and c[0].turn == 0 for c in questions)
        assert len(conversations) >= 6 and all(len(c) >= 2 and all(t.pattern for t in c[1:]) for c in conversations)
