"""A library of identity cases, through the command line: two papers of one title stay two, each answering its own
question with its own sources; one DOI in other casing, an arXiv v1 and v2, and a conference and journal version
with one DOI each become one paper; the ingest report says what merged and why; removing a file keeps the rest."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from paperchat.ui.cli.main import main
from tests.conftest import make_settings
from tests.reliability.helpers import assert_consistent, write_jsonl

pytestmark = pytest.mark.slow
TITLE = "Attention Is All You Need"
REFS = r"""
@article{smith2019, title = {Attention Is All You Need}, author = {Smith, Jane and Doe, John}, year = {2019},
  abstract = {Rainfall over the Sahel is predicted from sparse gauge records with an attention model.}}
@article{lee2021, title = {Attention Is All You Need}, author = {Lee, Min}, year = {2021},
  abstract = {Classroom studies show that pupils learn more when teachers hold their attention with short breaks.}}
@article{graphene, title = {graphene membranes for water desalination.}, author = {Okafor, Chidi}, year = {2022},
  doi = {10.1000/graphene.1}}
@inproceedings{bees2020, title = {Bee navigation by polarised light}, author = {Frisch, Karl}, year = {2020},
  doi = {10.1000/bees}, abstract = {Honey bees find their hive by the polarisation pattern of the sky.}}
"""
PAPERS = [
    {
        "title": "Graphene Membranes for Water Desalination",
        "doi": "https://doi.org/10.1000/GRAPHENE.1",
        "year": 2022,
        "abstract": "Graphene membranes with nanopores remove salt from seawater at low pressure.",
    },
    {
        "title": "Honey bee navigation by polarised light: an extended study",
        "year": 2021,
        "doi": "10.1000/bees",
        "authors": ["Karl Frisch"],
        "abstract": "Honey bees find their hive by the polarisation pattern of the sky.",
    },
    {
        "title": "Sparse routing for tidal models",
        "url": "https://arxiv.org/abs/2401.00001v1",
        "abstract": "Tidal turbines are modelled with dense routing.",
    },
    {"title": "Kelp forests and carbon burial", "abstract": "Kelp forests bury carbon in deep sediments."},
]
V2 = {
    "title": "Sparse Routing for Tidal Models",
    "url": "https://arxiv.org/abs/2401.00001v2",
    "abstract": "Tidal turbine wakes are predicted with sparse expert routing at a tenth of the cost.",
}
QUESTIONS = {  # question → the first author or title of the one paper that answers it
    "What predicts rainfall over the Sahel?": "Jane Smith",
    "How do teachers keep the attention of pupils in classrooms?": "Min Lee",
    "How do graphene membranes remove salt from seawater?": "Graphene Membranes for Water Desalination",
    "How do honey bees find their hive?": "Honey bee navigation by polarised light: an extended study",
    "How are tidal turbine wakes predicted?": "Sparse Routing for Tidal Models",
}


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in [n for n in os.environ if n.startswith("PAPERCHAT_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no developer's .env
    (tmp_path / "refs.bib").write_text(REFS)
    write_jsonl(tmp_path / "papers.jsonl", PAPERS)
    write_jsonl(tmp_path / "v2.jsonl", [V2])
    return tmp_path


def cli(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str]:
    status = main(list(args))
    return status, capsys.readouterr().out


def answers(index: Path) -> dict[str, list[str]]:
    from paperchat.assistant import Assistant

    assistant = Assistant.open(index, make_settings(index))
    assert_consistent(assistant)
    found = {}
    for question in QUESTIONS:
        answer = assistant.ask(question)
        found[question] = [c.authors[0] if c.title == TITLE else c.title for c in answer.citations]
    assistant.index.catalog.close()
    return found


def test_identity_cases_ingest_to_the_right_papers_each_answering_its_own_question(
    library: Path, capsys: pytest.CaptureFixture
) -> None:
    index = str(library / "index")
    files = [str(library / name) for name in ("refs.bib", "papers.jsonl", "v2.jsonl")]
    status, out = cli(capsys, "--index", index, "ingest", *files)
    assert status == 0, out
    assert "9 records: 6 new" in out
    assert "→ doi:10.1000/graphene.1 “Graphene Membranes for Water Desalination” (same DOI 10.1000/graphene.1)" in out
    assert "(same DOI 10.1000/bees)" in out and "(same arXiv id 2401.00001)" in out
    assert f"kept apart: “{TITLE}” is 2 papers" in out and "different first authors (Lee; Smith)" in out
    status, out = cli(capsys, "--index", index, "papers", "--json")
    papers = {p["paper_id"]: p for p in json.loads(out)}
    assert len(papers) == 6
    assert sorted(papers["doi:10.1000/graphene.1"]["sources"]) == sorted(files[:2])  # every file it came from
    tidal = papers["arxiv:2401.00001"]
    assert (tidal["arxiv_versions"], tidal["title"], tidal["sources"]) == (
        ["v1", "v2"],
        V2["title"],
        [files[2], files[1]],
    )
    same_title = [p for p in papers.values() if p["title"] == TITLE]
    assert sorted((p["authors"][0], p["year"], p["sources"]) for p in same_title) == [
        ("Jane Smith", 2019, [files[0]]),
        ("Min Lee", 2021, [files[0]]),
    ]
    assert {question: cited[:1] for question, cited in answers(library / "index").items()} == {
        question: [expected] for question, expected in QUESTIONS.items()
    }

    # Removing a file removes only what it alone provided.
    status, out = cli(capsys, "--index", index, "remove", files[0])
    assert status == 0 and "removed 2 papers" in out
    status, out = cli(capsys, "--index", index, "papers", "--json")
    papers = {p["paper_id"]: p for p in json.loads(out)}
    assert len(papers) == 4 and not [p for p in papers.values() if p["title"] == TITLE]
    assert papers["doi:10.1000/graphene.1"]["sources"] == [files[1]]
    assert papers["doi:10.1000/bees"]["sources"] == [files[1]]  # the journal version, no longer the conference's
    cited = answers(library / "index")
    assert cited["How do graphene membranes remove salt from seawater?"][:1] == [PAPERS[0]["title"]]
    assert cited["How do honey bees find their hive?"][:1] == [PAPERS[1]["title"]]
    assert not {"Jane Smith", "Min Lee"} & {a for c in cited.values() for a in c}
    status, out = cli(capsys, "--index", index, "remove", files[2])
    status, out = cli(capsys, "--index", index, "papers", "--json")
    tidal = {p["paper_id"]: p for p in json.loads(out)}["arxiv:2401.00001"]
    assert (tidal["arxiv_versions"], tidal["title"]) == (["v1"], PAPERS[2]["title"])
