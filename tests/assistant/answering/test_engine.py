"""The engine executes the question plan on the seed listings: each kind of question a researcher asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperchat.assistant import Assistant, Filters
from paperchat.assistant.question.terms import mentions

MEMORY = "How can large language models be fine-tuned when GPU memory is limited?"


def titles(answer) -> list[str]:  # noqa: ANN001
    return [citation.title for citation in answer.citations]


def test_which_papers_lists_the_relevant_ones_not_the_catalog(seed_assistant: Assistant) -> None:
    answer = seed_assistant.ask("Which papers build on GaLore or benchmark against it?")
    assert not answer.refused and 3 <= len(answer.citations) <= 12
    assert any(title.startswith("Natural GaLore") for title in titles(answer))
    cited = {passage.paper_id: passage for passage in answer.passages}
    assert all(mentions(cited[c.paper_id].text, "GaLore") for c in answer.citations)  # each one says GaLore
    assert not answer.unlisted and "more." not in answer.text  # not a dump of the catalog


def test_a_long_list_names_the_first_papers_and_gives_the_rest_as_ids(seed_assistant: Assistant) -> None:
    answer = seed_assistant.ask("Which papers have code?")
    with_code = {paper.paper_id for paper in seed_assistant.papers(Filters(has_code=True))}
    named = [citation.paper_id for citation in answer.citations]
    assert len(named) < len(with_code) and answer.text.endswith(f"…and {len(answer.unlisted)} more.")
    assert set(named) | set(answer.unlisted) == with_code and not set(named) & set(answer.unlisted)
    assert "paperchat papers" not in answer.text  # a command only the CLI has: each shell offers the rest itself


def test_every_named_author_must_match_and_the_constraint_is_the_evidence(seed_assistant: Assistant) -> None:
    answer = seed_assistant.ask("Which papers did Zhangqi Jiang and Xianfang Zeng co-author?")
    assert not answer.refused
    assert sorted(t.split(":")[0] for t in titles(answer)) == ["GEditBench v2", "RealRestorer"]


def test_a_superlative_is_answered_from_the_catalog_with_its_field(seed_assistant: Assistant) -> None:
    answer = seed_assistant.ask("What is the oldest paper on Yufeng Yang's profile, and when was it published?")
    assert titles(answer) == ["Residual-Based Detections and Unified Architecture for Massive MIMO Uplink"]
    assert "2018" in answer.text


def test_a_count_counts_every_matching_paper(seed_assistant: Assistant) -> None:
    expected = len(seed_assistant.papers(Filters(author="Yufeng Yang")))
    answer = seed_assistant.ask("How many papers list Yufeng Yang as an author?")
    assert answer.text.startswith(f"{expected} indexed papers")


def test_an_absent_versioned_name_is_refused_by_name(seed_assistant: Assistant) -> None:
    answer = seed_assistant.ask("How many total and activated parameters does MiniMax-M3 have?")
    assert answer.refused and answer.citations == []
    assert "No indexed paper mentions “MiniMax-M3”" in answer.text


def test_a_named_paper_is_summarised_from_its_own_passages(seed_assistant: Assistant) -> None:
    answer = seed_assistant.ask("What is the core idea of FRUGAL for memory-efficient training?")
    assert [t.split(":")[0] for t in titles(answer)] == ["FRUGAL"]


def test_a_comparison_cites_both_papers(seed_assistant: Assistant) -> None:
    answer = seed_assistant.ask("How do GaLore 2 and Natural GaLore differ in what they add on top of GaLore?")
    assert sorted(t.split(":")[0] for t in titles(answer)) == ["GaLore 2", "Natural GaLore"]


def test_a_question_naming_a_new_paper_is_not_narrowed_to_the_last_answer(seed_assistant: Assistant) -> None:
    first = seed_assistant.ask(MEMORY)
    history = [{"role": "user", "content": MEMORY}, {"role": "assistant", "content": str(first)}]
    new = seed_assistant.chat("What is MemAscend?", history)
    assert [t.split(":")[0] for t in titles(new)] == ["MemAscend"]
    assert "discussed above" not in new.text


def test_a_follow_up_that_points_back_stays_with_the_cited_paper(seed_assistant: Assistant) -> None:
    question = "Which paper uses a Conformer encoder for robust speech recognition on CHiME-4?"
    first = seed_assistant.ask(question)
    history = [{"role": "user", "content": question}, {"role": "assistant", "content": str(first)}]
    follow = seed_assistant.chat("Who wrote it?", history)
    assert titles(follow) == titles(first)[:1]
    assert "DeLiang Wang" in follow.text


def test_filters_the_caller_sets_win_over_those_in_the_question(seed_assistant: Assistant) -> None:
    answer = seed_assistant.ask("Which papers list Yufeng Yang as an author?", filters=Filters(year_from=2025))
    assert answer.filters["year_from"] == 2025 and answer.filters["author"] == "Yufeng Yang"
    years = {paper.year for paper in seed_assistant.papers() if paper.title in set(titles(answer))}
    assert years and all(year is not None and year >= 2025 for year in years)


def test_the_plan_is_available_for_inspection(seed_assistant: Assistant) -> None:
    plan = seed_assistant.engine.plan("Which computer-vision (CV) papers have Yufeng Yang as first author?")
    assert plan.filters.category == "CV" and plan.filters.author_position == "first"


def test_an_inferred_filter_the_asker_removed_is_not_applied(seed_assistant: Assistant) -> None:
    question = "Which papers from 2025 are about speech recognition?"
    assert seed_assistant.ask(question).filters.get("year_from") == 2025
    widened = seed_assistant.ask(question, filters=Filters(ignore_inferred=["year_from", "year_to"]))
    assert "year_from" not in widened.filters and "year_to" not in widened.filters
    assert widened.filters["ignore_inferred"] == ["year_from", "year_to"]  # the answer says what was dropped
    assert widened.citations


def test_a_year_range_may_keep_the_undated_papers(seed_assistant: Assistant) -> None:
    undated = {paper.paper_id for paper in seed_assistant.papers() if paper.year is None}
    retriever = seed_assistant.engine.retriever
    assert undated and not undated & set(retriever.allowed_papers(Filters(year_from=2025)) or [])
    assert undated <= set(retriever.allowed_papers(Filters(year_from=2025, keep_undated=True)) or [])


def test_an_answer_carries_the_state_the_next_turn_reads(seed_assistant: Assistant) -> None:
    answer = seed_assistant.ask("Which papers rely on zeroth-order optimization?")
    assert answer.considered == [c.paper_id for c in answer.citations]  # a list shows what it cites, in order
    assert answer.plan["kind"] == "list" and answer.plan["follow_up"] is None
    shortened = answer.model_copy(update={"text": "(cut for a chat window)"})
    follow = seed_assistant.chat("Which of those is the oldest?", [shortened])
    assert follow.plan["follow_up"] == "superlative" and follow.citations[0].paper_id in answer.considered


def test_a_detail_the_paper_pointed_at_never_mentions_is_refused_naming_the_paper(seed_assistant: Assistant) -> None:
    question = "Which paper uses a Conformer encoder for robust speech recognition on CHiME-4?"
    first = seed_assistant.ask(question)
    follow = seed_assistant.chat("How many attention heads does its encoder use?", [first])
    assert follow.refused and "attention heads" in follow.text and "Conformer" in follow.text
    assert follow.considered == first.considered[:1]  # the conversation stays with the paper it looked at


def test_a_constraint_that_leaves_nothing_is_relaxed_and_said(seed_assistant: Assistant) -> None:
    answer = seed_assistant.ask("Is there a paper from 2019 about federated learning?")
    assert not answer.refused and answer.text.startswith("No indexed paper about this matches year 2019")
    assert any("Federated" in citation.title or "Fed" in citation.title for citation in answer.citations)


def test_a_typo_in_an_authors_name_is_read_softly_and_said(seed_assistant: Assistant) -> None:
    answer = seed_assistant.ask("Which papers did Deliang Wnag write?")
    assert answer.text.startswith("Reading “Deliang Wnag” as the author DeLiang Wang.")
    assert titles(answer) == ["A Conformer Based Acoustic Model for Robust Automatic Speech Recognition"]


def test_a_question_for_one_paper_cites_the_one_that_answers_it(seed_assistant: Assistant) -> None:
    question = "Which paper compresses the KV cache of multimodal LLMs on long inputs, and by how much?"
    answer = seed_assistant.ask(question)
    assert [title.split(":")[0] for title in titles(answer)] == ["LOOK-M"]


REPO = Path(__file__).resolve().parents[3]
# ../shared beside the checkout (or beside the folder of worktrees)
SHARED_PDFS = next((p for p in (REPO.parent / "shared", REPO.parent.parent / "shared") if p.is_dir()), REPO) / "pdfs"


@pytest.fixture(scope="module")
def ave_assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """An index of one real workshop paper (5 pages, two columns, a results table) from ../shared/pdfs."""
    paper = SHARED_PDFS / "papers" / "Wang-paperAVE2008.pdf"
    if not paper.is_file():
        pytest.skip("../shared/pdfs is not here")
    from tests.conftest import make_settings

    index = tmp_path_factory.mktemp("ave") / "index"
    assistant = Assistant.open(index, make_settings(index), create=True)
    assert assistant.ingest([paper]).ok
    return assistant


def test_a_value_from_deep_inside_a_real_pdf_is_quoted(ave_assistant: Assistant) -> None:
    answer = ave_assistant.ask("What QA accuracy did the German submission dfki08run1 reach in the results table?")
    assert not answer.refused and "0.43" in answer.text
    answer = ave_assistant.ask("Which named-entity recognizers did the system use for English and for German?")
    assert "Stanford" in answer.text and "SPPC" in answer.text


def test_a_detail_about_what_the_real_paper_never_mentions_is_refused(ave_assistant: Assistant) -> None:
    answer = ave_assistant.ask("What F-measure did the answer-validation system reach on the Dutch data?")
    assert answer.refused and "“Dutch”" in answer.text


def test_a_question_pinned_to_a_paper_is_answered_from_that_paper(seed_assistant: Assistant) -> None:
    """A question the caller pins to papers (a paper page's "ask about this paper") is about them, as if it named
    them: its pronoun needs no earlier answer, and a plain question is not refused for matching them loosely."""
    papers = seed_assistant.papers()
    for paper in papers[:: len(papers) // 12]:
        pinned = Filters(paper_ids=[paper.paper_id])
        answer = seed_assistant.ask("What does it propose?", filters=pinned)
        assert not answer.refused, (paper.title, answer.text)
        assert {c.paper_id for c in answer.citations} == {paper.paper_id}
        assert "only the chosen paper" in answer.text
    first = seed_assistant.ask("What is QZO?")  # a conversation about another paper: the chosen one still wins
    history = [{"role": "user", "content": first.question}, {"role": "assistant", "content": str(first)}]
    chosen = papers[0]
    follow = seed_assistant.chat("What does it propose?", history, filters=Filters(paper_ids=[chosen.paper_id]))
    assert not follow.refused and {c.paper_id for c in follow.citations} == {chosen.paper_id}
    assert "discussed above" not in follow.text


def test_names_in_the_scene_a_question_sets_are_not_asked_about(seed_assistant: Assistant) -> None:
    question = (
        "My old supervisor in Montreal swears by Adam and I'm trying to convince him otherwise. "
        "Can you explain how Sophia works and what speed-up it claims on GPT-2?"
    )
    answer = seed_assistant.ask(question)
    assert not answer.refused and titles(answer)[0].startswith("Sophia") and "2x" in answer.text
