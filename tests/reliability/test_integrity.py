"""Index integrity: another model, dimension or format is a clear error naming the fix; a damaged catalog is
detected; `paperchat doctor` reports, and with --repair fixes what it can, re-embedding only what is missing."""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from paperchat.assistant.errors import IndexMismatchError
from paperchat.ui.cli.doctor_command import add_arguments, run
from tests.conftest import make_settings
from tests.reliability.helpers import assert_consistent, tiny_papers, write_jsonl

pytestmark = pytest.mark.slow
PAPERS = 24


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(index, its source file): papers long enough that the catalog spans many SQLite pages."""
    from paperchat.assistant import Assistant

    root = tmp_path_factory.mktemp("integrity")
    papers = [dict(p, abstract=p["abstract"] + " Methods and results follow." * 10) for p in tiny_papers(PAPERS)]
    source = write_jsonl(root / "papers.jsonl", papers)
    assistant = Assistant.open(root / "index", make_settings(root / "index"), create=True)
    assert assistant.ingest([source]).ok
    assistant.index.catalog.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every row in the main file
    assistant.index.catalog.close()
    return root / "index", source


@pytest.fixture
def index_dir(built: tuple[Path, Path], tmp_path: Path) -> Path:
    target = tmp_path / "index"
    shutil.copytree(built[0], target)
    return target


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The CLI reads Settings() from the environment and ./.env: neither may leak in."""
    import os

    for name in [n for n in os.environ if n.startswith("PAPERCHAT_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def embedded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text any PaperIndex embeds from now on."""
    from paperchat.assistant.index.paper_index import PaperIndex

    texts: list[str] = []
    real = PaperIndex.embed

    def counting(self: PaperIndex, batch: list[str]) -> list[list[float]]:
        texts.extend(batch)
        return real(self, batch)

    monkeypatch.setattr(PaperIndex, "embed", counting)
    return texts


def doctor(index_dir: Path, *options: str) -> tuple[int, dict]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path)
    add_arguments(parser)
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = run(parser.parse_args(["--index", str(index_dir), "--json", *options]))
    return status, json.loads(out.getvalue())


def problems(report: dict) -> dict[str, str]:
    return {f["check"]: f["detail"] for f in report["findings"] if not f["ok"]}


def open_index(index_dir: Path):  # noqa: ANN201
    from paperchat.assistant import Assistant

    return Assistant.open(index_dir, make_settings(index_dir))


@pytest.mark.parametrize(
    ("section", "key", "value"),
    [("embedding", "model", "text-embedding-3-large"), ("embedding", "dimension", 768), (None, "format_version", 99)],
    ids=["model", "dimension", "format"],
)
def test_another_model_dimension_or_format_is_a_clear_error_fixed_by_rebuild(
    index_dir: Path, section: str | None, key: str, value: object, clean_env: None, capsys: pytest.CaptureFixture
) -> None:
    from paperchat.ui.cli.main import main

    manifest = json.loads((index_dir / "manifest.json").read_text())
    (manifest[section] if section else manifest)[key] = value
    (index_dir / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatchError, match=r"paperchat ingest --rebuild"):
        open_index(index_dir)
    assert main(["--index", str(index_dir), "ask", "How fast does kelp grow?"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--rebuild" in err and str(value) in err and "Traceback" not in err
    status, report = doctor(index_dir)
    assert status == 1 and "--rebuild" in json.dumps(report)
    assert main(["--index", str(index_dir), "ingest", "--rebuild"]) == 0
    reopened = open_index(index_dir)
    assert len(reopened.papers()) == PAPERS and reopened.ask("How fast does kelp grow?").citations
    assert_consistent(reopened)


def test_doctor_finds_nothing_wrong_with_a_healthy_index(index_dir: Path, clean_env: None) -> None:
    status, report = doctor(index_dir)
    assert status == 0 and report["ok"] and not problems(report)
    assert {f["check"] for f in report["findings"]} == {
        "catalog",
        "manifest",
        "store",
        "papers",
        "vectors",
        "orphans",
        "keywords",
    }


def test_doctor_reembeds_only_the_missing_and_stale_vectors(
    index_dir: Path, clean_env: None, embedded: list[str]
) -> None:
    assistant = open_index(index_dir)
    ids = sorted(assistant.index.store.all_ids())
    assistant.index.store.delete(ids[:2])
    stale = assistant.index.store.all_metadata()[ids[2]]
    assistant.index.store._call("update", ids=[ids[2]], metadatas=[{**stale, "text_hash": "older text"}])
    assistant.index.catalog.close()
    status, report = doctor(index_dir)
    assert status == 1
    assert "2 of 24 chunks have no vector, 1 have the vector of older text" in problems(report)["vectors"]
    assert embedded == []  # checking alone embeds nothing
    status, report = doctor(index_dir, "--repair")
    assert status == 0, report
    assert len(embedded) == 3  # exactly the three, not the other 21
    assert_consistent(open_index(index_dir))


def test_doctor_deletes_orphans_rebuilds_keywords_and_finishes_interrupted_papers(
    index_dir: Path, clean_env: None, embedded: list[str]
) -> None:
    assistant = open_index(index_dir)
    [vector] = assistant.index.embed(["an orphan"])
    assistant.index.store.upsert(["gone:0"], [vector], [{"paper_id": "gone"}])
    with assistant.index.catalog.db as db:  # a crash after the vectors, before the paper row
        db.execute("DELETE FROM papers WHERE rowid IN (SELECT rowid FROM papers LIMIT 3)")
    assistant.index.catalog.close()
    shutil.rmtree(index_dir / "keywords")
    embedded.clear()
    status, report = doctor(index_dir)
    assert status == 1 and set(problems(report)) == {"papers", "orphans", "keywords"}, report
    assert "3 papers never finished" in problems(report)["papers"]
    status, report = doctor(index_dir, "--repair")
    assert status == 0, report
    assert embedded == []  # the unfinished papers' vectors were stored before the "crash": re-used
    repaired = open_index(index_dir)
    assert len(repaired.papers()) == PAPERS
    assert_consistent(repaired)


def test_doctor_finishes_an_interrupted_removal(index_dir: Path, built: tuple[Path, Path], clean_env: None) -> None:
    assistant = open_index(index_dir)
    with assistant.index.catalog.db as db:  # `remove` forgot the source's records, then the process died
        db.execute("DELETE FROM records WHERE title_key IN (SELECT title_key FROM records LIMIT 2)")
    assistant.index.catalog.close()
    status, report = doctor(index_dir)
    assert status == 1 and "2 papers removed but indexed" in problems(report)["papers"]
    status, report = doctor(index_dir, "--repair")
    assert status == 0 and "removed 2" in json.dumps(report)
    finished = open_index(index_dir)
    assert len(finished.papers()) == PAPERS - 2
    assert_consistent(finished)


def leaf_pages(path: Path, table: str) -> tuple[int, list[int]]:
    """(page size, the numbers of the pages that hold `table`'s rows), as SQLite itself reports them (dbstat): where
    a table's rows lie depends on the file's history, so the test asks rather than guesses."""
    with closing(sqlite3.connect(path)) as db:
        size = db.execute("PRAGMA page_size").fetchone()[0]
        pages = db.execute("SELECT pageno FROM dbstat WHERE name=? AND pagetype='leaf' ORDER BY pageno", (table,))
        return size, [row[0] for row in pages]


def damage_papers_table(path: Path) -> list[int]:
    """Overwrite the middle leaf pages of the papers table with noise (its first and last leaves stay readable);
    the pages damaged."""
    size, leaves = leaf_pages(path, "papers")
    assert len(leaves) >= 3, f"the papers table must span several pages to be damaged in its middle: {leaves}"
    damaged = leaves[1:-1]
    noise = random.Random(7)  # the same damage every run
    with path.open("r+b") as handle:
        for page in damaged:  # page n (1-based) is bytes (n-1)*size ... n*size
            handle.seek((page - 1) * size)
            handle.write(noise.randbytes(size))
    return damaged


def test_a_damaged_catalog_is_detected_and_salvaged_without_reembedding(
    index_dir: Path, built: tuple[Path, Path], clean_env: None, embedded: list[str], capsys: pytest.CaptureFixture
) -> None:
    from paperchat.ui.cli.main import main

    damage_papers_table(index_dir / "catalog.sqlite")
    assert main(["--index", str(index_dir), "papers"]) == 1  # a one-line error, not a traceback
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "malformed" in err
    status, report = doctor(index_dir)
    assert status == 1 and "is damaged" in problems(report)["catalog"]
    status, report = doctor(index_dir, "--repair")
    assert status == 0 and "Salvaged" in json.dumps(report), report
    salvaged = int(re.search(r"Salvaged [^.]*?(\d+) papers", json.dumps(report)).group(1))
    assert 0 < salvaged < PAPERS  # the rows on either side of the damage, not the damaged ones
    assert list(index_dir.glob("catalog.sqlite.damaged-*")), "the damaged file is kept"
    # Whatever the damage cost, ingesting the source again restores it from the stored vectors.
    assistant = open_index(index_dir)
    assistant.ingest([built[1]])
    assert embedded == []
    assert len(assistant.papers()) == PAPERS
    assert_consistent(assistant)
    assert doctor(index_dir)[0] == 0


def test_a_catalog_that_is_not_a_database_names_the_sources_to_reingest(
    index_dir: Path, built: tuple[Path, Path], clean_env: None, embedded: list[str]
) -> None:
    from paperchat.assistant.errors import CatalogCorruptError

    with (index_dir / "catalog.sqlite").open("r+b") as handle:
        handle.write(b"this is no longer a SQLite database" * 4)
    with pytest.raises(CatalogCorruptError, match="catalog.sqlite"):
        open_index(index_dir)
    status, report = doctor(index_dir, "--repair")
    assert status == 1  # the vectors are kept, but only the source files can say which papers they were
    assert problems(report)["orphans"].endswith("kept for re-use")
    assert str(built[1]) in json.dumps(report)  # the fix names the file to ingest again
    assistant = open_index(index_dir)
    assistant.ingest([built[1]])
    assert embedded == [] and len(assistant.papers()) == PAPERS
    assert doctor(index_dir)[0] == 0


def test_a_lost_manifest_is_rewritten_only_when_the_vectors_match_the_model(index_dir: Path, clean_env: None) -> None:
    (index_dir / "manifest.json").unlink()
    status, report = doctor(index_dir)
    assert status == 1 and "no manifest" in problems(report)["manifest"]
    status, report = doctor(index_dir, "--repair")
    assert status == 0 and "stored vectors match the current model" in json.dumps(report)
    assert json.loads((index_dir / "manifest.json").read_text())["embedding"]["model"] == "all-MiniLM-L6-v2"

    (index_dir / "manifest.json").unlink()
    assistant = open_index(index_dir)  # vectors from "another model": same size, other directions
    ids = sorted(assistant.index.store.all_ids())
    noise = random.Random(3)
    assistant.index.store._call("update", ids=ids, embeddings=[[noise.uniform(-1, 1) for _ in range(384)] for _ in ids])
    assistant.index.catalog.close()
    status, report = doctor(index_dir, "--repair")
    assert status == 1 and "--rebuild" in json.dumps(report)
    with pytest.raises(IndexMismatchError, match="--rebuild"):
        open_index(index_dir)


def test_the_catalog_integrity_check_sees_damage_that_opening_does_not(index_dir: Path) -> None:
    from paperchat.assistant.index.catalog_repair import integrity_problems

    assert integrity_problems(index_dir / "catalog.sqlite") == []
    damage_papers_table(index_dir / "catalog.sqlite")
    with sqlite3.connect(index_dir / "catalog.sqlite") as db:
        db.execute("SELECT 1").fetchone()  # the file still opens
    assert integrity_problems(index_dir / "catalog.sqlite")
