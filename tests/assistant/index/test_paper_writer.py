"""Writing papers: batches of a bounded number of chunks, vectors before catalog rows, and a renamed paper's vectors
moved rather than embedded again."""

from __future__ import annotations

import json
from pathlib import Path

from paperchat.assistant import Assistant
from paperchat.assistant.config import Settings
from paperchat.assistant.index.paper_writer import PendingPaper, batches
from paperchat.assistant.index.regroup import PaperWrite
from paperchat.ingest.chunking import Chunk
from paperchat.ingest.papers import Paper


def pending(name: str, chunks: int) -> PendingPaper:
    paper = Paper(title=name)
    return PendingPaper(
        PaperWrite(paper, None, True, []),
        [Chunk(f"{paper.paper_id}:{n}", paper.paper_id, n, name) for n in range(chunks)],
    )


def test_batches_hold_at_most_the_chunk_limit_and_a_big_paper_alone() -> None:
    items = [pending("a", 3), pending("b", 3), pending("c", 10), pending("d", 1)]
    assert [[p.write.paper.title for p in batch] for batch in batches(items, 6)] == [["a", "b"], ["c"], ["d"]]
    assert batches([], 6) == []


def test_a_paper_renamed_by_a_new_arxiv_record_keeps_its_vectors(tmp_path: Path, settings: Settings) -> None:
    paper = {"title": "Kelp forests and carbon burial", "abstract": "Kelp forests bury carbon in deep sediments."}
    listing = tmp_path / "listing.jsonl"
    listing.write_text(json.dumps(paper) + "\n")
    assistant = Assistant.open(settings.index_dir, settings, create=True)
    [first] = assistant.ingest([listing]).new
    arxiv = tmp_path / "arxiv.jsonl"
    arxiv.write_text(json.dumps({**paper, "url": "https://arxiv.org/abs/2305.01234v1"}) + "\n")
    embedded: list[str] = []
    embed = assistant.index.embed
    assistant.index.embed = lambda texts: embedded.extend(texts) or embed(texts)
    report = assistant.ingest([arxiv])
    assert report.updated == ["arxiv:2305.01234"] and embedded == []  # moved under the new id, not embedded
    assert assistant.index.store.all_ids() == {"arxiv:2305.01234:0"} and first.startswith("t:")
    assert [p.sources for p in assistant.papers()] == [[str(arxiv), str(listing)]]
