"""Filters read from the question itself, matched only against names the catalog knows."""

from __future__ import annotations

from paperchat.assistant.question.stated_filters import KnownNames, KnownNamesCache, infer_filters
from paperchat.ingest.papers import Paper

PAPERS = [
    Paper(title="Robot grasping", authors=["Yufeng Yang", "Li"], org="NVIDIA", category="RO"),
    Paper(title="Speech models", authors=["Yang", "Ana María López-Ruiz"], org="Carnegie Mellon University"),
    Paper(title="Vision", authors=["Wei Zhang"], org="Carnegie Mellon", category="cs.CV"),
]
NAMES = KnownNames.of(PAPERS)


def test_an_author_the_catalog_knows_becomes_a_filter_and_leaves_the_question() -> None:
    inferred = infer_filters("What did Yufeng Yang's group publish on grasping?", NAMES)
    assert inferred.filters.author == "Yufeng Yang"
    assert "Yufeng" not in inferred.question and "grasping" in inferred.question


def test_accents_and_case_do_not_matter_and_the_longest_name_wins() -> None:
    assert infer_filters("papers by ana maria lopez-ruiz", NAMES).filters.author == "Ana María López-Ruiz"
    assert infer_filters("work from Carnegie Mellon University on speech", NAMES).filters.org == (
        "Carnegie Mellon University"
    )


def test_short_one_word_names_and_unknown_names_are_not_filters() -> None:
    # "Li" is an author, but a single word under four letters is too likely to be ordinary text.
    assert infer_filters("Is there a Li model of attention?", NAMES).filters.is_empty()
    assert infer_filters("What did Geoffrey Hinton publish?", NAMES).filters.is_empty()


def test_years_categories_and_code() -> None:
    filters = infer_filters("RO papers between 2023 and 2024 with code", NAMES).filters
    assert (filters.year_from, filters.year_to, filters.category, filters.has_code) == (2023, 2024, "RO", True)
    assert infer_filters("XX papers on sorting", NAMES).filters.category is None  # not a known category


def test_the_cache_rebuilds_only_when_the_catalog_version_changes() -> None:
    cache = KnownNamesCache()
    first = cache.get((1, 0), PAPERS)
    assert cache.get((1, 0), []) is first  # same version: the papers are not read again
    changed = cache.get((2, 0), [Paper(title="New", authors=["Grace Hopper"])])
    assert changed is not first and infer_filters("papers by Grace Hopper", changed).filters.author == "Grace Hopper"
