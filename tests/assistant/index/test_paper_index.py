"""The index directory: incremental ingest, crash recovery, removal, bad input, manifest checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperchat.assistant import Assistant
from paperchat.assistant.config import Settings
from paperchat.assistant.errors import IndexMismatchError
from tests.conftest import make_settings


def write_jsonl(path: Path, papers: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(p) for p in papers) + "\n")
    return path


PAPERS = [
    {
        "title": "Sparse attention for long documents",
        "abstract": "We make attention sparse so that long documents fit in memory.",
        "year": 2024,
    },
    {
        "title": "Protein folding with graph networks",
        "abstract": "Graph neural networks predict protein structure from sequence.",
        "year": 2023,
    },
    {
        "title": "Quantised optimisers",
        "abstract": "Eight-bit optimiser states cut the memory of training by a factor of four.",
        "year": 2025,
    },
]


class CountingEmbedder:
    """Wraps the index's embed call to count the texts that were embedded."""

    def __init__(self, assistant: Assistant) -> None:
        self.texts: list[str] = []
        self._embed = assistant.index.embed
        assistant.index.embed = self

    def __call__(self, texts: list[str]) -> list[list[float]]:
        self.texts += texts
        return self._embed(texts)


def consistent(assistant: Assistant) -> None:
    """Every catalog chunk has exactly one vector and no vector is orphaned."""
    catalog_ids = {cid for cid, _, _ in assistant.index.catalog.all_chunks()}
    assert assistant.index.store.all_ids() == catalog_ids
    assert len(assistant.index.keywords) == len(catalog_ids)


def test_reingesting_unchanged_files_embeds_nothing(tmp_path: Path, settings: Settings) -> None:
    source = write_jsonl(tmp_path / "papers.jsonl", PAPERS)
    assistant = Assistant.open(settings.index_dir, settings)
    counter = CountingEmbedder(assistant)
    first = assistant.ingest([source])
    assert len(first.new) == 3 and len(counter.texts) == 3
    second = assistant.ingest([source])
    assert second.unchanged == 3 and not second.new and not second.updated
    assert len(counter.texts) == 3  # no new embedding work
    consistent(assistant)


def test_a_changed_paper_is_replaced(tmp_path: Path, settings: Settings) -> None:
    source = write_jsonl(tmp_path / "papers.jsonl", PAPERS)
    assistant = Assistant.open(settings.index_dir, settings)
    assistant.ingest([source])
    counter = CountingEmbedder(assistant)
    changed = [dict(PAPERS[0], abstract="Attention is made sparse with learned routing."), *PAPERS[1:]]
    report = assistant.ingest([write_jsonl(source, changed)])
    assert len(report.updated) == 1 and report.unchanged == 2
    assert counter.texts == ["Sparse attention for long documents\n\nAttention is made sparse with learned routing."]
    [paper] = [p for p in assistant.papers() if p.title.startswith("Sparse")]
    assert paper.abstract.startswith("Attention is made sparse")
    consistent(assistant)


def test_crash_between_embedding_and_catalog_write_is_finished_by_next_run(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_jsonl(tmp_path / "papers.jsonl", PAPERS)
    assistant = Assistant.open(settings.index_dir, settings)

    def crash(*_: object) -> None:
        raise RuntimeError("simulated crash after the vectors were stored")

    monkeypatch.setattr(assistant.index.catalog, "write_papers", crash)
    with pytest.raises(RuntimeError, match="simulated crash"):
        assistant.ingest([source])
    assert assistant.index.store.count() == 3 and assistant.papers() == []

    reopened = Assistant.open(settings.index_dir, settings)
    counter = CountingEmbedder(reopened)
    report = reopened.ingest([source])
    assert len(report.new) == 3
    assert counter.texts == []  # vectors stored before the crash are reused, not recomputed
    assert len(reopened.papers()) == 3
    consistent(reopened)


def test_an_interrupted_run_is_finished_even_without_its_files(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_jsonl(tmp_path / "papers.jsonl", PAPERS)
    assistant = Assistant.open(settings.index_dir, settings)
    monkeypatch.setattr(assistant.index, "_write_batch", lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        assistant.ingest([source])
    other = write_jsonl(tmp_path / "other.jsonl", [{"title": "Another paper entirely", "abstract": "About bees."}])
    report = Assistant.open(settings.index_dir, settings).ingest([other])
    assert len(report.new) == 4  # the three left unfinished, and the new one


def test_same_paper_in_two_files_is_one_paper_with_both_sources(tmp_path: Path, settings: Settings) -> None:
    first = write_jsonl(tmp_path / "a.jsonl", PAPERS[:1])
    second = write_jsonl(tmp_path / "b.jsonl", [dict(PAPERS[0], authors=["Ada Lovelace"])])
    assistant = Assistant.open(settings.index_dir, settings)
    assistant.ingest([first])
    report = assistant.ingest([second])
    assert report.updated and not report.new
    [paper] = assistant.papers()
    assert paper.sources == [str(first), str(second)]
    assert paper.authors == ["Ada Lovelace"]


def test_remove_a_paper_and_a_source(tmp_path: Path, settings: Settings) -> None:
    source = write_jsonl(tmp_path / "papers.jsonl", PAPERS)
    other = write_jsonl(tmp_path / "other.jsonl", [{"title": "Bee navigation", "abstract": "Bees use the sun."}])
    assistant = Assistant.open(settings.index_dir, settings)
    assistant.ingest([source, other])
    quantised = next(p.paper_id for p in assistant.papers() if p.title == "Quantised optimisers")
    assert assistant.remove(quantised).removed == [quantised]
    assert len(assistant.remove(str(source)).removed) == 2
    assert [p.title for p in assistant.papers()] == ["Bee navigation"]
    consistent(assistant)
    assert all(s.paper_id != quantised for s in assistant.retrieve("eight-bit optimiser memory"))


def test_bad_files_are_named_and_the_rest_is_indexed(tmp_path: Path, settings: Settings) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", PAPERS)
    assistant = Assistant.open(settings.index_dir, settings)
    assistant.ingest([good])
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "latin1.txt").write_bytes("Caf\xe9 na\xefve r\xe9sum\xe9\n".encode("latin-1"))
    (folder / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    write_jsonl(folder / "mixed.jsonl", [{"title": "A fine paper on kelp", "abstract": "Kelp grows fast."}])
    with (folder / "mixed.jsonl").open("a") as handle:
        handle.write("{not json\n")
    (folder / "refs.bib").write_text("@article{notitle, author={A. Person}, year={2020}}\n")
    (folder / "big.txt").write_bytes(b"x" * (int(settings.ingest.max_file_mb * 1024 * 1024) + 1))
    report = assistant.ingest([folder, tmp_path / "missing.pdf"])
    named = {Path(p.source).name for p in report.problems}
    assert named == {
        "empty.txt",
        "binary.txt",
        "latin1.txt",
        "truncated.pdf",
        "mixed.jsonl",
        "refs.bib",
        "big.txt",
        "missing.pdf",
    }
    assert any(p.line == 2 for p in report.problems if p.source.endswith("mixed.jsonl"))
    assert not report.ok
    titles = {p.title for p in assistant.papers()}
    assert "A fine paper on kelp" in titles and {p["title"] for p in PAPERS} <= titles


def test_a_file_that_turns_bad_keeps_its_papers(tmp_path: Path, settings: Settings) -> None:
    source = write_jsonl(tmp_path / "papers.jsonl", PAPERS)
    assistant = Assistant.open(settings.index_dir, settings)
    assistant.ingest([source])
    source.write_bytes(b"\xff\xfe\x00garbage\x00\x00")
    report = assistant.ingest([source])
    assert report.failed_files == [str(source)]
    assert len(assistant.papers()) == 3


def test_opening_with_another_embedding_model_is_a_clear_error(tmp_path: Path, settings: Settings) -> None:
    Assistant.open(settings.index_dir, settings).ingest([write_jsonl(tmp_path / "p.jsonl", PAPERS[:1])])
    other = make_settings(
        settings.index_dir,
        embedding={"backend": "openai", "openai_model": "text-embedding-3-small", "base_url": "http://127.0.0.1:9/v1"},
    )
    with pytest.raises(IndexMismatchError, match="--rebuild"):
        Assistant.open(settings.index_dir, other)


def test_rebuild_reembeds_every_known_paper(tmp_path: Path, settings: Settings) -> None:
    Assistant.open(settings.index_dir, settings).ingest([write_jsonl(tmp_path / "p.jsonl", PAPERS)])
    rebuilt = Assistant.open(settings.index_dir, settings, rebuild=True)
    counter = CountingEmbedder(rebuilt)
    report = rebuilt.ingest([])
    assert len(report.updated) == 3 and not report.new and len(counter.texts) == 3  # the same papers, embedded again
    consistent(rebuilt)
    assert rebuilt.index.generation == 1 and rebuilt.index.keywords_path.name == "keywords-g1"


def test_a_crash_before_the_keyword_commit_is_finished_by_the_next_writer(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The catalog logs chunk changes in its own transaction; whatever the keyword index missed is applied later."""
    source = write_jsonl(tmp_path / "papers.jsonl", PAPERS[:2])
    assistant = Assistant.open(settings.index_dir, settings)
    assistant.ingest([source])
    monkeypatch.setattr(type(assistant.index), "sync_keywords", lambda self: None)  # "killed" before the commit
    assistant.ingest([write_jsonl(source, PAPERS[1:])])  # one paper removed, one added
    assert assistant.index.keywords.search("quantised optimisers", 5) == []  # not in the keyword index yet
    assert len(assistant.index.catalog.keyword_changes()[1]) == 2
    monkeypatch.undo()

    reopened = Assistant.open(settings.index_dir, settings)
    reopened.ingest([source])  # nothing new to embed; the logged changes are applied
    assert reopened.index.catalog.keyword_changes()[1] == []
    assert [r.title for r in reopened.retrieve("quantised optimisers", k=1)] == ["Quantised optimisers"]
    consistent(reopened)


def test_an_index_from_before_tantivy_gets_its_keywords_on_first_open(tmp_path: Path, settings: Settings) -> None:
    import shutil

    assistant = Assistant.open(settings.index_dir, settings)
    assistant.ingest([write_jsonl(tmp_path / "papers.jsonl", PAPERS)])
    shutil.rmtree(settings.index_dir / "keywords")
    (settings.index_dir / "bm25").mkdir()  # what an older paperchat left
    reopened = Assistant.open(settings.index_dir, settings)
    assert reopened.index.keywords is not None and not (settings.index_dir / "bm25").exists()
    consistent(reopened)


def test_removing_a_paper_reads_only_its_own_vectors(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_jsonl(tmp_path / "papers.jsonl", PAPERS)
    assistant = Assistant.open(settings.index_dir, settings)
    assistant.ingest([source])

    def every_id() -> set[str]:
        raise AssertionError("removing one paper read every stored id (seconds per paper at 500k chunks)")

    monkeypatch.setattr(assistant.index.store, "all_ids", every_id)
    quantised = next(p.paper_id for p in assistant.papers() if p.title == "Quantised optimisers")
    assert assistant.remove(quantised).removed == [quantised]
    monkeypatch.undo()
    consistent(assistant)
