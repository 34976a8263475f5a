"""Filters on catalog fields: every stated constraint must hold for a paper to match."""

from __future__ import annotations

import pytest

from paperchat import FiltersError
from paperchat.assistant.filters import Filters, author_matches, merge_filters, paper_matches
from paperchat.ingest.papers import Paper

PROFILE = Paper(
    title="Robot grasping",
    authors=["Yufeng Yang", "Zhangqi Jiang", "Xianfang Zeng"],
    year=2025,
    category="cs.RO",
    has_code=True,
    formats=["profile-listing"],
)
DAILY = Paper(title="Speech", authors_count=1, org="NVIDIA", year=2024, formats=["daily-listing"])
TRUNCATED = Paper(title="Vision", authors=["Jing Yang", "Yufeng Yang"], authors_truncated=True, category="CV")


def test_all_named_authors_must_match_in_any_name_order() -> None:
    assert paper_matches(PROFILE, Filters(authors=["Xianfang Zeng", "jiang zhangqi"]))
    assert not paper_matches(PROFILE, Filters(authors=["Xianfang Zeng", "Jing Yang"]))
    assert paper_matches(PROFILE, Filters(author="Yufeng Yang", authors=["Xianfang Zeng"]))


def test_author_position_first_and_last() -> None:
    assert paper_matches(PROFILE, Filters(author="Yufeng Yang", author_position="first"))
    assert not paper_matches(TRUNCATED, Filters(author="Yufeng Yang", author_position="first"))
    assert paper_matches(PROFILE, Filters(author="Xianfang Zeng", author_position="last"))
    # A truncated list ("… et al.") does not show its last author.
    assert not author_matches(TRUNCATED, "Yufeng Yang", "last")


def test_the_researcher_whose_profile_lists_a_paper_is_its_author_where_the_line_stops_short() -> None:
    shortened = Paper(title="Restoration", authors=["A Li", "B Wu", "C Xu"], authors_truncated=True)
    on_profile = shortened.model_copy(update={"profile_of": "Yufeng Yang"})
    assert not author_matches(shortened, "Yufeng Yang")
    assert author_matches(on_profile, "Yufeng Yang") and author_matches(on_profile, "yang")
    assert not author_matches(on_profile, "Yufeng Yang", "first")  # where in the list is not known


def test_formats_number_of_authors_org_and_code() -> None:
    assert paper_matches(DAILY, Filters(formats=["daily-listing"], n_authors=1, org="nvidia"))
    assert not paper_matches(PROFILE, Filters(formats=["daily-listing"]))
    assert not paper_matches(PROFILE, Filters(n_authors=1))  # three authors
    assert paper_matches(PROFILE, Filters(has_code=True, category="RO", year_from=2025, year_to=2025))
    assert not paper_matches(DAILY, Filters(has_code=True))


def test_bounds_on_the_number_of_authors() -> None:
    assert paper_matches(PROFILE, Filters(min_authors=3)) and not paper_matches(PROFILE, Filters(min_authors=4))
    # A shortened list shows at least its names; its full length is unknown, so no upper bound can hold.
    assert paper_matches(TRUNCATED, Filters(min_authors=2)) and not paper_matches(TRUNCATED, Filters(max_authors=9))
    assert paper_matches(DAILY, Filters(max_authors=1))


def test_the_sentence_names_every_constraint() -> None:
    sentence = Filters(
        authors=["Zhangqi Jiang", "Xianfang Zeng"], author_position="first", formats=["daily-listing"], n_authors=1
    ).sentence()
    assert sentence.startswith("Filters applied: authors Zhangqi Jiang and Xianfang Zeng (first author)")
    assert "daily-listing" in sentence and "1 author" in sentence
    assert Filters().sentence() == "" and Filters().is_empty()
    assert Filters(paper_ids=["t:a"]).sentence() == "Filters applied: only the chosen paper."
    assert Filters(paper_ids=["t:a", "t:b"]).sentence() == "Filters applied: only the 2 chosen papers."


def test_filters_set_explicitly_win_over_the_others() -> None:
    merged = merge_filters(Filters(author="A B"), Filters(author="C D", year_from=2020))
    assert (merged.author, merged.year_from) == ("A B", 2020)


def test_a_year_range_leaves_out_undated_papers_unless_asked_to_keep_them() -> None:
    undated, old, new = Paper(title="Undated"), Paper(title="Old", year=2019), Paper(title="New", year=2025)
    since_2024 = Filters(year_from=2024)
    assert [p.title for p in (undated, old, new) if paper_matches(p, since_2024)] == ["New"]
    keeping = Filters(year_from=2024, keep_undated=True)
    assert [p.title for p in (undated, old, new) if paper_matches(p, keeping)] == ["Undated", "New"]
    assert keeping.sentence() == "Filters applied: years 2024–… or undated."
    assert Filters(keep_undated=True).is_empty()  # keeping undated papers selects nothing by itself


def test_an_inferred_filter_the_asker_removed_does_not_apply() -> None:
    inferred = Filters(author="Yufeng Yang", year_from=2024)
    merged = merge_filters(Filters(ignore_inferred=["author"]), inferred)
    assert (merged.author, merged.year_from) == (None, 2024)
    set_again = merge_filters(Filters(author="Ada Lovelace", ignore_inferred=["author"]), inferred)
    assert set_again.author == "Ada Lovelace"  # a filter set explicitly still wins
    assert Filters(ignore_inferred=["author"]).is_empty()


def test_ignoring_an_unknown_filter_name_is_an_error_naming_it() -> None:
    with pytest.raises(FiltersError, match="unknown filter name in ignore_inferred 'athor' .did you mean 'author'"):
        Filters(ignore_inferred=["athor"])


def test_an_unknown_filter_or_a_wrong_type_is_an_error_listing_the_valid_names() -> None:
    with pytest.raises(FiltersError, match=r"filter 'yeer_from' \(did you mean 'year_from'\?\); valid: .*year_to"):
        Filters(yeer_from=2024)
    with pytest.raises(FiltersError, match="year_from: Input should be a valid integer") as raised:
        Filters(year_from="twenty")
    assert raised.value.__cause__ is not None  # pydantic's own error, chained


def test_years_the_wrong_way_round_are_an_error_and_a_given_year_wins_over_an_inferred_one() -> None:
    with pytest.raises(FiltersError, match="year_from 2025 is after year_to 2020"):
        Filters(year_from=2025, year_to=2020).check_years()
    merged = merge_filters(Filters(year_from=2024), Filters(year_to=2020))
    assert (merged.year_from, merged.year_to) == (2024, None)
    assert repr(merged) == "Filters(year_from=2024)"
