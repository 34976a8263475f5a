"""The extractive answerer quotes the papers' own sentences with [n]: what answers, not what sets the scene."""

from __future__ import annotations

import pytest

from paperchat.assistant.answering.base import Draft
from paperchat.assistant.answering.extractive import ExtractiveAnswerer, compose, quote_each, split_sentences
from paperchat.assistant.results import Passage


@pytest.fixture(scope="module")
def embed():  # noqa: ANN201
    from paperchat.assistant.config import Settings
    from paperchat.assistant.embedding.backends import make_embedding

    return make_embedding(Settings(_env_file=None)).embed_texts


def passage(paper_id: str, title: str, body: str, dense: float = 0.6) -> Passage:
    return Passage(paper_id=paper_id, title=title, chunk_id=f"{paper_id}:0", text=f"{title}\n{body}", dense_score=dense)


KELP = passage(
    "kelp",
    "Kelp growth",
    "Coastal ecosystems have attracted attention in recent years. We measure kelp growth of 50 cm per day in "
    "summer. Growth depends on light and nutrients.",
)
CORAL = passage("coral", "Coral reefs", "Coral reefs grow slowly. We find 1 cm of growth per year in warm water.", 0.4)


def test_sentences_are_split_without_breaking_abbreviations() -> None:
    assert split_sentences("We use e.g. kelp here. It grows fast in the sea.") == [
        "We use e.g. kelp here.",
        "It grows fast in the sea.",
    ]


def test_the_result_sentence_is_quoted_with_its_number(embed) -> None:  # noqa: ANN001
    draft = compose("How fast does kelp grow?", [KELP, CORAL], embed, min_relevance=0.3, max_sentences=2)
    assert not draft.refused
    assert "50 cm per day in summer [1]" in draft.text
    assert "attracted attention in recent years" not in draft.text  # background sets the scene, it does not answer
    assert draft.snippets[1].startswith("We measure kelp growth")


def test_a_passage_far_below_the_best_is_not_quoted(embed) -> None:  # noqa: ANN001
    weak = passage("x", "Unrelated", "Nothing here concerns the question at all.", dense=0.05)
    draft = compose("How fast does kelp grow?", [KELP, weak], embed, 0.33, 4)
    assert "[1]" in draft.text and "[2]" not in draft.text  # whether to answer at all is the refusal step's call


def test_quote_each_quotes_every_paper_given(embed) -> None:  # noqa: ANN001
    draft = quote_each("Which papers measure growth?", [KELP, CORAL], embed, per_paper=1)
    assert "[1]" in draft.text and "[2]" in draft.text and draft.text.count("\n- ") == 2


def test_the_answerer_streams_one_draft(embed) -> None:  # noqa: ANN001
    answerer = ExtractiveAnswerer(embed, min_relevance=0.3, max_sentences=3)
    pieces = list(answerer.stream("How fast does kelp grow?", [KELP], "passages"))
    assert len(pieces) == 1 and isinstance(pieces[0], Draft)
