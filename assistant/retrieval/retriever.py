"""Question → ranked passages: dense (Chroma) and keyword (BM25) rankings fused, within metadata filters.

The keyword side runs in a worker thread while this thread embeds the question and searches Chroma, and in fusion
the BM25 scores of dense-only hits are looked up while the vectors of keyword-only hits are read: tantivy, ONNX
Runtime and Chroma do their work outside the GIL, so a hybrid question costs about the slower side, not the sum
(bench/scale.py at 1M chunks: keyword search is 10-25 ms, as long as the dense side).
"""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor

from paperchat.assistant.config import RetrievalSettings
from paperchat.assistant.filters import Filters, paper_matches
from paperchat.assistant.index.catalog_schema import ChunkPlace
from paperchat.assistant.index.keywords import KeywordIndex
from paperchat.assistant.index.paper_index import PaperIndex
from paperchat.assistant.results import PaperRef, Passage
from paperchat.assistant.retrieval.fusion import cosine_similarities, reciprocal_rank_fusion, score_fusion
from paperchat.ingest.papers import Paper

# Shared by every Retriever in the process: each question holds at most one worker at a time, so a few workers
# serve the web UI's and the Slack bot's concurrent questions without unbounded threads.
KEYWORD_WORKERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="paperchat-keywords")


class Retriever:
    def __init__(self, index: PaperIndex, settings: RetrievalSettings) -> None:
        self.index = index
        self.settings = settings

    def allowed_papers(self, filters: Filters | None) -> list[str] | None:
        """Paper ids within the filters; None when nothing is filtered."""
        if filters is None or filters.is_empty():
            return None
        return [p.paper_id for p in self.index.catalog.papers() if paper_matches(p, filters)]

    def retrieve(
        self, question: str, k: int | None = None, filters: Filters | None = None, timings: dict | None = None
    ) -> list[Passage]:
        timings = timings if timings is not None else {}
        k = k or self.settings.top_k
        depth = max(self.settings.candidates, k)
        allowed = self.allowed_papers(filters)
        if allowed is not None and not allowed:
            return []
        t0 = time.perf_counter()
        keywords = self.index.keywords
        pending: Future | None = None
        if self.settings.mode in ("hybrid", "keyword") and keywords is not None:
            # The catalog (SQLite) is read here: its connection belongs to this thread.
            allowed_chunks = self.index.catalog.chunk_ids_of_papers(allowed) if allowed is not None else None
            pending = KEYWORD_WORKERS.submit(_timed, keywords.search, question, depth, allowed_chunks)
        dense: dict[str, float] = {}
        vector = None
        if self.settings.mode in ("hybrid", "dense"):
            vector = self.index.embed_query(question)
            timings["embed_query"] = time.perf_counter() - t0
            dense = {hit.chunk_id: hit.similarity for hit in self.index.store.query(vector, depth, allowed)}
        t1 = time.perf_counter()
        timings["dense"] = t1 - t0 - timings.get("embed_query", 0.0)
        keyword: dict[str, float] = {}
        timings["keyword"] = 0.0
        if pending is not None:
            hits, timings["keyword"] = pending.result()
            keyword = dict(hits)
        timings["keyword_wait"] = time.perf_counter() - t1  # what the keyword side added after the dense side
        t2 = time.perf_counter()
        fused = self._fuse(dense, keyword, vector, keywords, question)
        timings["fuse"] = time.perf_counter() - t2
        sources = self._sources(fused[: k * 3], dense, keyword)
        timings["retrieve"] = time.perf_counter() - t0
        return sources[:k]

    def _fuse(
        self,
        dense: dict[str, float],
        keyword: dict[str, float],
        vector: list[float] | None,
        keywords: KeywordIndex | None,
        question: str,
    ) -> list[tuple[str, float]]:
        """Combine the two rankings. Score fusion first gives every candidate both scores, exactly: BM25 for
        dense-only hits, cosine (from the stored vectors) for keyword-only hits."""
        if not (dense and keyword):
            return sorted({**keyword, **dense}.items(), key=lambda pair: pair[1], reverse=True)
        weights = [self.settings.dense_weight, self.settings.keyword_weight]
        if self.settings.fusion == "rrf":
            return reciprocal_rank_fusion([list(dense), list(keyword)], weights, self.settings.rrf_k)
        scoring = None
        if keywords is not None:
            dense_only = [c for c in dense if c not in keyword]
            scoring = KEYWORD_WORKERS.submit(keywords.score_ids, question, dense_only)
        if vector is not None:
            dense.update(cosine_similarities(vector, self.index.store.vectors([c for c in keyword if c not in dense])))
        if scoring is not None:
            keyword.update(scoring.result())
        return score_fusion(dense, keyword, *weights)

    def _sources(
        self, fused: list[tuple[str, float]], dense: dict[str, float], keyword: dict[str, float]
    ) -> list[Passage]:
        """Attach text, paper fields and place; chunks removed since the rankings were made are skipped. A passage
        of a scanned page that shares no keyword with the question is trusted less (RetrievalSettings.ocr_penalty):
        OCR noise sits close to every question in embedding space, and must not outrank clean text that answers."""
        chunks = self.index.catalog.chunks_by_id(cid for cid, _ in fused)
        places = self.index.catalog.chunk_places(chunks)
        papers = self.index.catalog.papers_by_id(pid for pid, _ in chunks.values())
        sources = []
        for chunk_id, score in fused:
            if chunk_id not in chunks or chunks[chunk_id][0] not in papers:
                continue
            paper_id, text = chunks[chunk_id]
            paper, place = papers[paper_id], places.get(chunk_id)
            if from_scan(paper, place.page if place else None) and not keyword.get(chunk_id):
                score *= self.settings.ocr_penalty
            sources.append(source_from(paper, chunk_id, text, score, dense.get(chunk_id), keyword.get(chunk_id), place))
        return sorted(sources, key=lambda passage: -passage.score)


def _timed(function, *args):  # noqa: ANN001, ANN002, ANN202 - any call
    """(function(*args), seconds it took), measured in the thread that ran it."""
    started = time.perf_counter()
    return function(*args), time.perf_counter() - started


def from_scan(paper: Paper, page: int | None) -> bool:
    """The passage's text comes from an OCR layer: its page is a scanned one (or, page unknown, the paper is)."""
    return page in paper.ocr_pages if page is not None else paper.ocr


def source_from(
    paper: Paper,
    chunk_id: str,
    text: str,
    score: float,
    dense: float | None = None,
    keyword: float | None = None,
    place: ChunkPlace | None = None,
) -> Passage:
    fields = {name: getattr(paper, name) for name in PaperRef.model_fields}
    where = {"page": place.page, "section": place.section or None, "page_breaks": place.page_breaks} if place else {}
    return Passage(
        **fields, **where, chunk_id=chunk_id, text=text, score=score, dense_score=dense, keyword_score=keyword
    )
