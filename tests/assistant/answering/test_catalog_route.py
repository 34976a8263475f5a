"""The catalog side of answering on the seed listings: narrowings and superlatives over the papers a conversation
showed, superlatives within a topic, yes/no questions about a paper, and fields the catalog does not list."""

from __future__ import annotations

from paperchat.assistant import Answer, Assistant

ZEROTH_ORDER = "Which papers rely on zeroth-order optimization?"


def titles(answer: Answer) -> list[str]:
    return [citation.title.split(":")[0] for citation in answer.citations]


def test_a_narrowing_filters_the_papers_shown_and_never_searches_again(seed_assistant: Assistant) -> None:
    first = seed_assistant.ask(ZEROTH_ORDER)
    narrowed = seed_assistant.chat("Great, thanks! Could you cut that list down to the ones from 2025?", [first])
    shown = {c.paper_id for c in first.citations}
    assert narrowed.citations and {c.paper_id for c in narrowed.citations} <= shown
    years = {p.paper_id: p.year for p in seed_assistant.papers()}
    assert all(years[c.paper_id] == 2025 for c in narrowed.citations)
    assert narrowed.text.startswith(f"Of the {len(first.considered)} papers discussed above,")
    assert narrowed.plan["follow_up"] == "narrow"


def test_a_narrowing_nothing_meets_says_so_and_shows_the_papers(seed_assistant: Assistant) -> None:
    first = seed_assistant.ask(ZEROTH_ORDER)
    none = seed_assistant.chat("Only the ones from 2019, please.", [first])
    assert none.text.startswith(f"None of the {len(first.considered)} papers discussed above matches (year 2019)")
    assert {c.paper_id for c in none.citations} == set(first.considered)


def test_a_superlative_over_the_papers_shown_ranks_only_them(seed_assistant: Assistant) -> None:
    first = seed_assistant.ask(ZEROTH_ORDER)
    newest = seed_assistant.chat("Which of those got the most upvotes?", [first])
    assert len(newest.citations) == 1 and newest.citations[0].paper_id in first.considered
    assert newest.considered == [newest.citations[0].paper_id]  # "it" in the next turn is the winner


def test_a_superlative_within_a_topic_ranks_the_topics_papers(seed_assistant: Assistant) -> None:
    answer = seed_assistant.ask("What is the oldest of the zeroth-order optimization papers?")
    assert answer.text.startswith("Of the ") and "by date (oldest)" in answer.text
    assert titles(answer) == ["Revisiting Zeroth-Order Optimization for Memory-Efficient LLM Fine-Tuning"]


def test_yes_no_questions_about_a_named_or_described_paper(seed_assistant: Assistant) -> None:
    assert seed_assistant.ask("Does DistZO2 have code?").text.startswith("Yes.")
    assert seed_assistant.ask("Was MemAscend published in 2024?").text.startswith("No.")
    described = seed_assistant.ask("Was the Conformer speech recognition paper posted in 2023?")
    assert described.text.startswith("No.") and "2022-03-01" in described.text


def test_a_yes_no_question_on_a_field_the_catalog_lacks_says_it_is_not_listed(seed_assistant: Assistant) -> None:
    answer = seed_assistant.ask("Is GaLore 2 written by Yufeng Yang?")
    assert answer.text.startswith("The catalog does not list this.") and "lists no authors" in answer.text


def test_a_lookup_of_fields_the_catalog_lacks_refuses_and_says_which(seed_assistant: Assistant) -> None:
    answer = seed_assistant.ask("When was Test-Time Training Done Right posted, and how many authors does it have?")
    assert answer.refused and answer.citations == []
    assert "no date for “Test-Time Training Done Right”" in answer.text and "lists no authors" in answer.text
