"""Field readers the listing parsers share: dates as listings write them, author lists, code links, years."""

from paperchat.ingest.formats.fields import find_code_url, listing_date, split_authors, year_from_date


def test_a_listing_date_with_a_year_is_iso_and_one_without_is_kept_as_written() -> None:
    assert listing_date("Mar", "1", "2022") == ("2022-03-01", 2022)
    assert listing_date("May", "25", None) == ("May 25", None)  # month and day, not May 2025
    assert listing_date("Feb", "30", "2024") == ("Feb 30, 2024", 2024)  # not a date, but the year is right


def test_the_first_github_link_is_the_code_url() -> None:
    assert find_code_url("Code: github.com/a/b.git.") == "https://github.com/a/b"
    assert find_code_url("See https://github.com/x/y, and more") == "https://github.com/x/y"
    assert find_code_url("No code here.") is None


def test_authors_and_years() -> None:
    assert split_authors("A B, C D and E F")[:2] == ["A B", "C D"]
    assert year_from_date("2022-03-01") == 2022 and year_from_date(None) is None
