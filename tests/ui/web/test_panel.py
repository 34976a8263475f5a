"""The filter panel: widget values to Filters, typed years checked, an inferred chip's × named for the engine."""

from __future__ import annotations

import pytest

from paperchat.assistant.filters import Filters
from paperchat.assistant.results import Answer
from paperchat.ui.web.panel import PanelError, dropped_filters, panel_filters


def test_empty_filter_widgets_mean_no_filter() -> None:
    assert panel_filters(0, 0, "  ", None, "").is_empty()  # an empty box of an older page sent 0
    assert panel_filters(None, None, None, None, None).is_empty()


def test_filter_widgets_become_filters_and_a_reversed_year_range_is_swapped() -> None:
    filters = panel_filters(2025.0, 2023.0, " Yufeng Yang ", "LG", "nvidia")
    assert filters.describe() == {
        "year_from": 2023,
        "year_to": 2025,
        "author": "Yufeng Yang",
        "category": "LG",
        "org": "nvidia",
    }


def test_the_keep_undated_box_keeps_papers_without_a_year() -> None:
    assert panel_filters(2024, None, None, None, None, True).keep_undated is True
    assert panel_filters(2024, None, None, None, None, False).keep_undated is None


def test_panel_filters_and_scope_become_filters_of_one_paper() -> None:
    assert panel_filters(None, None, None, None, None, None, "p9") == Filters(paper_ids=["p9"])


def test_years_are_typed_and_what_is_not_a_year_names_its_box() -> None:
    assert panel_filters(" 2024 ", "2025.0", None, None, None).describe() == {"year_from": 2024, "year_to": 2025}
    for typed in ("twenty", "2024.5", "-3", "99999"):
        with pytest.raises(PanelError, match=f"From year: “{typed}” is not a year"):
            panel_filters(typed, None, None, None, None)
    with pytest.raises(PanelError, match="Until year"):
        panel_filters(None, "soon", None, None, None)


def test_an_inferred_chips_cross_adds_to_the_filters_already_dropped() -> None:
    answer = Answer(question="q", text="t", filters={"ignore_inferred": ["author"]})
    assert dropped_filters(answer, "year") == ["author", "year_from", "year_to"]
    assert dropped_filters(answer, "colour") == ["author"]  # a name no filter has: from the page, ignored
