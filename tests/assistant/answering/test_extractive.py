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


# --- a real PDF, end to end -------------------------------------------------------------------------------------
PAGES = [
    [
        "Kelp Forest Growth in Cold Coastal Water",
        "Ann Lee and Bo Chen",
        "Abstract",
        "We grow giant kelp in tanks and in the sea and compare how fast it grows.",
        "1 Introduction",
        "Kelp forests shelter fish and store carbon along temperate coasts.",
    ],
    [
        "2 Methods",
        "We grew kelp in twelve tanks at the Northbay field station.",
        "Growth was measured every morning with a laser caliper called KelpMeter.",
        "The tanks were kept at eight degrees because warmer water favours epi-",
        "phytes that smother the young blades.",
        "Each tank held forty young plants from a single parent.",
    ],
    [
        "3 Results",
        "Table 2. Growth rates by site.",
        "Site Growth Depth",
        "Northbay 48.5 cm/day 12 m",
        "Southcove 31.2 cm/day 8 m",
        "Growth slowed in late summer at both sites.",
        "The tank plants grew more slowly than the plants in the sea.",
    ],
]


@pytest.fixture(scope="module")
def kelp_assistant(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    from reportlab.pdfgen import canvas

    from paperchat.assistant import Assistant
    from tests.conftest import make_settings

    folder = tmp_path_factory.mktemp("kelp")
    page = canvas.Canvas(str(folder / "kelp.pdf"))
    for lines in PAGES:
        for number, line in enumerate(lines):
            page.drawString(72, 760 - 18 * number, line)
        page.showPage()
    page.save()
    index = folder / "index"
    assistant = Assistant.open(index, make_settings(index), create=True)
    assert assistant.ingest([folder / "kelp.pdf"]).ok
    return assistant


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("What growth rate did the Southcove site reach?", "31.2"),  # a table row, with its table
        ("Why were the tanks kept at eight degrees?", "epiphytes"),  # the reason, hyphenation joined
        ("Which instrument measured the growth of the kelp?", "KelpMeter"),  # a name the question does not use
        ("How many tanks were used to grow the kelp?", "twelve"),
    ],
)
def test_a_deep_question_is_answered_with_the_sentence_that_states_it(kelp_assistant, question, fact) -> None:  # noqa: ANN001
    answer = kelp_assistant.ask(question)
    assert not answer.refused and fact in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "unstated"),
    [
        ("What growth rate did the Dutch site reach?", "Dutch"),  # a name the paper never mentions
        ("How much gluten did the kelp plants contain?", "gluten"),  # a word no paper uses
    ],
)
def test_a_detail_the_paper_does_not_state_is_refused_by_name(kelp_assistant, question, unstated) -> None:  # noqa: ANN001
    answer = kelp_assistant.ask(question)
    assert answer.refused and f"“{unstated}”" in answer.text, answer.text


def test_a_title_repeated_inside_a_passage_is_not_quoted(embed) -> None:  # noqa: ANN001
    title = "Critical review of the vector status of a mosquito"
    header = passage("m", title, f"REVIEW ARTICLE {title} N. G. Gratz, Geneva. Commonly called the tiger mosquito.")
    draft = compose("What is the vector status of the mosquito called?", [header], embed, 0.3, 2)
    assert "Critical review" not in draft.text.split("*:", 1)[1]  # the title heads the bullet, it is not a quote


def test_the_section_heading_in_front_of_a_passage_is_not_quoted(embed) -> None:  # noqa: ANN001
    sessions = Passage(
        paper_id="s",
        title="Agents that search",
        chunk_id="s:4",
        section="3.2 Training the agent session by session",
        text="Agents that search\n\n3.2 Training the agent session by session.\nWe define a session as a "
        "sub-trajectory that ends with the stop action. Sessions are sampled in parallel.",
        dense_score=0.6,
    )
    draft = compose("How is the agent trained session by session?", [sessions], embed, 0.3, 1)
    assert "Training the agent session by session" not in draft.text.split("*:", 1)[1], draft.text
