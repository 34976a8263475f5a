"""History as data: earlier Answers (or their dicts) carry their papers; plain turns are read for titles."""

from __future__ import annotations

import pytest

from paperchat.assistant.errors import QuestionError
from paperchat.assistant.question import conversation
from paperchat.assistant.results import Answer, Citation
from paperchat.ingest.papers import Paper

PAPERS = [Paper(title="FRUGAL: Memory-Efficient Optimization"), Paper(title="GaLore 2: Large-Scale Pre-Training")]
FRUGAL, GALORE2 = (paper.paper_id for paper in PAPERS)


def test_pairs_and_turns_recover_the_papers_from_the_answer_text() -> None:
    text = "[1] GaLore 2: Large-Scale Pre-Training\n[2] FRUGAL: Memory-Efficient Optimization"
    pairs = conversation.normalise_history([("q1", "old"), ("q2", text)])
    turns = conversation.normalise_history(
        [{"role": "user", "content": "q1"}, {"role": "assistant", "content": "old"}, {"role": "user", "content": "q2"}]
        + [{"role": "assistant", "content": text}]
    )
    assert [t.question for t in pairs] == [t.question for t in turns] == ["q1", "q2"]
    assert pairs[-1].papers(PAPERS) == turns[-1].papers(PAPERS) == [GALORE2, FRUGAL]


def test_an_answer_carries_its_papers_so_a_shortened_text_loses_nothing() -> None:
    answer = Answer(
        question="Which papers cut optimizer memory?",
        text="(shortened for chat)",
        citations=[Citation(n=1, paper_id=FRUGAL, title=PAPERS[0].title)],
        considered=[FRUGAL, GALORE2],
        plan={"kind": "list", "topic": "optimizer memory"},
    )
    for item in (answer, answer.to_dict()):
        (turn,) = conversation.normalise_history([item])
        assert turn.papers(PAPERS) == [FRUGAL, GALORE2] and turn.cited == [FRUGAL]
        assert turn.plan["kind"] == "list" and turn.question == answer.question


def test_a_history_of_the_users_side_only_is_accepted() -> None:
    (turn,) = conversation.normalise_history([{"role": "user", "content": "What is FRUGAL?"}])
    assert turn.question == "What is FRUGAL?" and turn.papers(PAPERS) == []
    assert conversation.last_answered([turn]) is None  # nothing was answered: no state to follow


def test_an_unknown_history_shape_is_an_error_that_names_what_is_accepted() -> None:
    with pytest.raises(QuestionError, match="history item 1.*unknown: speaker"):
        conversation.normalise_history([{"role": "user", "content": "hi", "speaker": "me"}])
    with pytest.raises(QuestionError, match="history item 2 is not a turn"):
        conversation.normalise_history([("q", "a"), 42])


def test_everything_shown_so_far_in_order() -> None:
    history = conversation.normalise_history(
        [
            {"question": "q1", "text": "t", "considered": ["a", "b"]},
            {"question": "q2", "text": "t", "considered": ["c", "a"]},
        ]
    )
    assert conversation.shown_before(history, []) == ["a", "b", "c"]
