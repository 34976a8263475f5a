"""Author and organisation names the catalog knows, found in any name order; one-word names only where the question
speaks of authorship or an organisation."""

from __future__ import annotations

from paperchat.assistant.question.names import KnownNames
from paperchat.ingest.papers import Paper

NAMES = KnownNames.of(
    [
        Paper(title="A", authors=["Yufeng Yang", "Li", "MiniMax"], org="NVIDIA"),
        Paper(title="B", authors=["Ana María López-Ruiz", "Xianfang Zeng"], org="Carnegie Mellon University"),
    ]
)


def names(found: list) -> list[str]:
    return [name for name, _ in found]


def test_every_author_in_order_of_mention_in_any_name_order() -> None:
    question = "Which papers did Zeng Xianfang write with yufeng yang?"
    assert names(NAMES.find_authors(question)) == ["Xianfang Zeng", "Yufeng Yang"]
    assert names(NAMES.find_authors("papers by ana maria lopez-ruiz")) == ["Ana María López-Ruiz"]


def test_short_and_unknown_names_are_not_authors() -> None:
    assert NAMES.find_authors("Is there a Li model of attention?") == []
    assert NAMES.find_authors("What did Geoffrey Hinton publish?") == []


def test_a_one_word_name_counts_only_as_an_author_or_organisation() -> None:
    assert names(NAMES.find_authors("Which papers list MiniMax as first author?")) == ["MiniMax"]
    assert NAMES.find_authors("What does the MiniMax model score?") == []
    assert names(NAMES.find_orgs("Which paper was posted under NVIDIA's organisation?")) == ["NVIDIA"]
    assert NAMES.find_orgs("Which paper profiles memory on NVIDIA H200 cards?") == []
    assert names(NAMES.find_orgs("work from carnegie mellon university")) == ["Carnegie Mellon University"]


def test_spans_say_where_the_name_stands() -> None:
    [(name, (start, end))] = NAMES.find_authors("Yufeng Yang's papers")
    assert "Yufeng Yang's papers"[start:end] == "Yufeng Yang" == name


def test_removing_a_paper_takes_out_its_names_and_brings_back_a_shorter_spelling() -> None:
    long = Paper(title="C", authors=["Yufeng Yang Jr"], org="NVIDIA Research")
    short = Paper(title="D", authors=["Yufeng Yang"], org="NVIDIA Research")
    known = KnownNames.of([long, short])
    assert names(known.find_authors("papers by yufeng yang jr")) == ["Yufeng Yang Jr"]
    known.update(removed=[long], added=[])
    assert names(known.find_authors("papers by yufeng yang jr")) == ["Yufeng Yang"]
    assert names(known.find_orgs("from NVIDIA Research")) == ["NVIDIA Research"]  # the other paper still has it
    known.update(removed=[short], added=[])
    assert known.find_authors("papers by Yufeng Yang") == [] and known.find_orgs("from NVIDIA Research") == []


def test_a_typo_in_a_known_authors_name_is_read_as_that_author() -> None:
    names = KnownNames.of([Paper(title="t", authors=["Yufeng Yang", "DeLiang Wang"])])
    question = "Which papers did Yufeng Yagn and Deliang Wnag write?"
    assert [name for name, _ in names.near_authors(question, [])] == ["Yufeng Yang", "DeLiang Wang"]
    assert names.near_authors("Which papers did Jane Doe write?", []) == []
    assert names.near_authors(question, [(17, 28)]) == [("DeLiang Wang", (33, 45))]  # taken spans are skipped
