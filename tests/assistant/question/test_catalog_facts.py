"""Catalog facts: whether a named author, organisation, category or source kind exists (as the filters match them),
which papers a title names, which titles a text writes; kept per catalog version."""

from __future__ import annotations

import pytest

from paperchat.assistant.question.catalog_facts import CatalogFacts, catalog_facts
from paperchat.assistant.question.conversation import titles_in
from paperchat.assistant.question.library import InMemoryLibrary
from paperchat.ingest.papers import Paper
from tests.assistant.question.library_fixture import LIBRARY, PAPERS, paper_id

FACTS = CatalogFacts(PAPERS)


@pytest.mark.parametrize(
    ("field", "value", "exists"),
    [
        ("author", "Yufeng Yang", True),
        ("author", "yang yufeng", True),  # name order and case, as the filters ignore them
        ("author", "Keqi", True),  # one name matches a given name or surname
        ("author", "Yufeng Wang", False),  # both words are authors' words, never of one author
        ("org", "nvidia", True),  # a case-insensitive part of an organisation
        ("org", "OpenAI", False),
        ("category", "cs.CV", True),  # cs.CV matches CV
        ("category", "quant-ph", False),
        ("formats", "daily-listing", True),
        ("formats", "pdf", False),
    ],
)
def test_a_value_exists_when_some_paper_matches_it_as_a_filter(field: str, value: str, exists: bool) -> None:
    assert FACTS.exists(field, value) is exists


def test_a_title_names_its_paper_by_title_short_name_or_a_distinctive_part() -> None:
    assert FACTS.resolve_title(
        "frugal: memory-efficient optimization by reducing state overhead for scalable training"
    ) == [paper_id("FRUGAL")]
    assert FACTS.resolve_title("GaLore 2") == [paper_id("GaLore 2")]  # the part before the colon
    assert FACTS.resolve_title("Cooperative Infrastructure Perception System") == [paper_id("CoInfra")]
    assert len(FACTS.resolve_title("Gradient Low-Rank Projection")) == 2  # part of two titles: names no one paper
    assert FACTS.resolve_title("memory efficient") == []  # too short a part to name a paper
    assert FACTS.resolve_title("Attention Is All You Need") == []


def test_titles_in_a_text_are_found_in_the_order_written_as_the_conversation_finds_them() -> None:
    text = f"See [1] {PAPERS[3].title} and [2] {PAPERS[0].title}, then {PAPERS[3].title} again. Ozone too."
    assert FACTS.titles_in(text) == [PAPERS[3].paper_id, PAPERS[0].paper_id] == titles_in(text, PAPERS)


def test_the_most_common_values_are_listed_alphabetically() -> None:
    assert FACTS.most_common("category", 2) == ["CV", "RO"]
    assert FACTS.most_common("formats", 10) == ["daily-listing", "profile-listing", "title-list"]


def test_facts_are_kept_per_catalog_version() -> None:
    assert catalog_facts(LIBRARY) is catalog_facts(LIBRARY)
    grown = InMemoryLibrary([*PAPERS, Paper(title="Bees navigate by the sky", authors=["Ada Apiarist"])])
    assert catalog_facts(grown).exists("author", "Ada Apiarist") and not catalog_facts(LIBRARY).exists(
        "author", "Ada Apiarist"
    )
