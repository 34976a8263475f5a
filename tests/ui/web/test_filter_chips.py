"""Filter chips: what the next question will use and what an answer used, each removable with its ×."""

from __future__ import annotations

from paperchat.ui.web import filter_chips


def test_filters_mark_what_the_engine_inferred_and_only_those_ask_again_without_it() -> None:
    html = filter_chips.render_filters({"author": "Yufeng Yang", "year_from": 2024}, {"author": "Yufeng Yang"})
    year, author = html.split('data-filter="author"')
    assert "years: 2024–…" in year and "inferred" in year and 'data-action="drop:year"' in year
    assert "author: Yufeng Yang" in author and "inferred" not in author and "data-action" not in author
    assert "every paper" in filter_chips.render_filters({}, {})


def test_a_question_about_chosen_papers_names_them_and_counts_read_as_counts() -> None:
    one = filter_chips.render_filters({"paper_ids": ["a"]}, {"paper_ids": ["a"]}, {"a": "Kelp <Forests>"})
    assert "about: Kelp &lt;Forests&gt;" in one and "previous answer" not in one and "inferred" not in one
    assert "about: 2 chosen papers" in filter_chips.render_filters({"paper_ids": ["a", "b"]}, {})
    counts = filter_chips.render_filters({"n_authors": 3, "min_authors": 2}, {})
    assert "authors: exactly 3" in counts and "authors: at least 2" in counts and "3 authors" not in counts


def test_an_answer_names_the_inferred_filters_the_asker_removed() -> None:
    html = filter_chips.render_filters({"ignore_inferred": ["year_from", "year_to", "author"]}, {})
    assert "No filters" in html and "Not applied: years, author." in html


def test_filters_for_the_next_question_show_as_removable_chips_with_the_undated_papers_left_out() -> None:
    html = filter_chips.pending_filters({"year_from": 2024, "author": "Ann <Zed>"}, undated=219)
    assert 'data-filter="year">years: 2024–…' in html and "author: Ann &lt;Zed&gt;" in html
    assert 'data-action="clear:year"' in html and 'data-action="clear:author"' in html
    assert "leaves out 219 papers without a year" in html
    kept = filter_chips.pending_filters({"year_from": 2024, "keep_undated": True}, undated=219)
    assert "keeps 219 papers without a year" in kept and "undated papers: kept" in kept
    assert filter_chips.pending_filters({}) == ""
    assert "without a year" not in filter_chips.pending_filters({"author": "A"})


def test_a_single_year_is_one_chip_and_its_cross_clears_both_ends() -> None:
    assert [chip[:2] for chip in filter_chips.chips_of({"year_from": 2025, "year_to": 2025})] == [("year", "years")]
    assert filter_chips.chips_of({"year_from": 2025, "year_to": 2025})[0][2] == "2025"
    assert filter_chips.field_names("year") == ["year_from", "year_to"]
    assert filter_chips.field_names("author") == ["author"]
