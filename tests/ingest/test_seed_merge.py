"""The four seed listings together: each is claimed by exactly its own detector, and the same paper seen
in several files merges into one record that lists every file it came from."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from paperchat.ingest.formats import daily_listing, profile_listing, title_list
from paperchat.ingest.identity import merge_papers
from paperchat.ingest.papers import Paper

SEEDS = Path(__file__).parents[2] / "examples" / "papers"
LISTING_PARSERS = (profile_listing, daily_listing, title_list)
SEED_FORMATS = {
    "000": "profile-listing",
    "001": "daily-listing",
    "002": "title-list",
    "003": "title-list",
}
OTHER_FORMATS = {
    "jsonl": '{"title": "Attention Is All You Need", "abstract": "The dominant sequence models ...", "year": 2017}\n',
    "bibtex": "@article{vaswani2017,\n  title = {Attention Is All You Need},\n  author = {Vaswani, Ashish},\n"
    "  year = {2017}\n}\n",
    "markdown": "# Reading notes\n\nSubscribe to the feed below.\n\n- LoRA: low-rank adapters\n- Mar 3, 2024\n",
    "prose": "We met on May 25 to discuss 21 papers.\n\nThe CV group presented Code reviews on Mar 30.\n",
}


def seed_path(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def parser_for(text: str) -> ModuleType:
    (parser,) = [parser for parser in LISTING_PARSERS if parser.detect(text)]
    return parser


@pytest.fixture(scope="module")
def records() -> list[Paper]:
    found: list[Paper] = []
    for prefix in SEED_FORMATS:
        path = seed_path(prefix)
        text = path.read_text(encoding="utf-8")
        found.extend(parser_for(text).parse(text, str(path)).papers)
    return found


@pytest.mark.parametrize(("prefix", "expected_format"), SEED_FORMATS.items())
def test_each_seed_is_claimed_by_exactly_its_own_detector(prefix: str, expected_format: str) -> None:
    text = seed_path(prefix).read_text(encoding="utf-8")
    assert [parser.FORMAT for parser in LISTING_PARSERS if parser.detect(text)] == [expected_format]


@pytest.mark.parametrize("sample", OTHER_FORMATS.values(), ids=OTHER_FORMATS.keys())
def test_no_listing_detector_claims_other_formats(sample: str) -> None:
    assert [parser.FORMAT for parser in LISTING_PARSERS if parser.detect(sample)] == []


def test_276_records_merge_into_271_papers(records: list[Paper]) -> None:
    assert len(records) == 21 + 49 + 119 + 87 == 276
    merged = merge_papers(records)
    assert (merged.records, len(merged.papers)) == (276, 271)
    assert len({paper.paper_id for paper in merged.papers}) == 271


def test_papers_seen_in_several_files_list_all_their_sources(records: list[Paper]) -> None:
    merged = merge_papers(records).papers
    seen_in_several = {paper.title: sorted(Path(source).name[:3] for source in paper.sources) for paper in merged}
    seen_in_several = {title: files for title, files in seen_in_several.items() if len(files) > 1}
    assert seen_in_several == {
        "FRUGAL: Memory-Efficient Optimization by Reducing State Overhead for Scalable Training": ["001", "002", "003"],
        "On-Device Training Under 256KB Memory": ["001", "002"],
        "Lion Secretly Solves Constrained Optimization: As Lyapunov Predicts": ["001", "003"],
        "Harnessing Optimization Dynamics for Curvature-Informed Model Merging": ["001", "003"],
    }


def test_a_merged_paper_keeps_what_each_file_knew(records: list[Paper]) -> None:
    merged = {paper.title: paper for paper in merge_papers(records).papers}
    frugal = merged["FRUGAL: Memory-Efficient Optimization by Reducing State Overhead for Scalable Training"]
    # The title lists (002, 003) know only title and abstract; the daily listing adds date and author count.
    assert (frugal.date, frugal.year, frugal.authors_count) == ("2024-11-12", 2024, 4)
    assert frugal.abstract.startswith("With the increase in the number of parameters in large language models")
    harnessing = merged["Harnessing Optimization Dynamics for Curvature-Informed Model Merging"]
    assert (harnessing.date, harnessing.code_url) == ("2025-09-14", "https://github.com/pmahdavi/ota-merge")
