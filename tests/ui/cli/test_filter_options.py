"""Every Filters field is a flag of its own, parsed back into the same Filters."""

from __future__ import annotations

import argparse

import pytest

from paperchat.assistant.filters import Filters
from paperchat.ui.cli.filter_options import add_filter_options, filters_from, year_range


def parse(*argv: str) -> Filters:
    parser = argparse.ArgumentParser()
    add_filter_options(parser)
    return filters_from(parser.parse_args(list(argv)))


def test_every_filter_field_has_a_flag() -> None:
    parser = argparse.ArgumentParser()
    add_filter_options(parser)
    flags = {option for action in parser._actions for option in action.option_strings}
    assert {"--" + name.replace("_", "-") for name in Filters.model_fields} <= flags


def test_flags_become_filters() -> None:
    filters = parse("--author", "Yufeng Yang", "--category", "CV", "--has-code", "--paper-ids", "a", "b")
    assert filters == Filters(author="Yufeng Yang", category="CV", has_code=True, paper_ids=["a", "b"])
    assert parse("--no-has-code").has_code is False
    assert parse().is_empty()


def test_year_range_sets_both_ends() -> None:
    assert parse("--year", "2023..2025") == Filters(year_from=2023, year_to=2025)
    assert parse("--year", "2024") == Filters(year_from=2024, year_to=2024)
    assert parse("--year-from", "2021") == Filters(year_from=2021)
    assert year_range("2024..") == (2024, None)
    with pytest.raises(argparse.ArgumentTypeError, match="YYYY"):
        year_range("last year")


def test_undated_papers_can_be_kept_and_inferred_filters_ignored_by_name() -> None:
    filters = parse("--year", "2025..", "--keep-undated", "--ignore-inferred", "author", "category")
    assert filters == Filters(year_from=2025, keep_undated=True, ignore_inferred=["author", "category"])
    with pytest.raises(SystemExit):  # argparse names the flag and the filter names it accepts
        parse("--ignore-inferred", "colour")
