"""Keyword index candidates on the same data: bm25s (rebuilt on every change), SQLite FTS5 bm25(), tantivy.

    nice -n 10 .venv/bin/python bench/keyword_candidates.py --sizes 5183 100000 1000000 [--cache DIR]

Documents are SciFact's title (twice) + abstract, as keyword_terms() makes them; past 5,183 they repeat under
new ids, as in bench/scale_corpus.py. Per size: bulk build s, add one paper (10 chunks) s, remove it s, search
(50 best) + exact scores of 50 other ids p50/p95 ms over the SciFact queries, disk MB, RSS growth MB. On the real
5,183 it also prints BM25 and hybrid nDCG@10 on train and test (hybrid needs cached embeddings from
bench/scifact_retrieval.py --cache DIR). Research script: each candidate here is a few lines, not production code.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scifact_retrieval import DEFAULT_DATA, load_beir, ndcg_at  # noqa: E402
from paperchat.assistant.index.keywords import TITLE_REPEAT  # noqa: E402
from paperchat.assistant.retrieval.fusion import cosine_similarities, score_fusion  # noqa: E402
from paperchat.ingest.text import keyword_terms  # noqa: E402

WORK = Path(os.environ.get("PAPERCHAT_BENCH_CACHE", "/tmp/paperchat-bench")) / "keyword-candidates"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def dir_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


class Bm25s:
    """The index paperchat had before: bm25s, lucene BM25 k1 1.5 b 0.75, rebuilt and saved whole on every change."""

    name = "bm25s (rebuild)"

    def __init__(self, path: Path) -> None:
        self.path = path

    def build(self, ids: list[str], terms: list[str]) -> None:
        import bm25s

        self.ids, self.terms = list(ids), list(terms)
        self.position = {d: n for n, d in enumerate(self.ids)}
        self.model = bm25s.BM25(k1=1.5, b=0.75, method="lucene")
        self.model.index([t.split() for t in self.terms], show_progress=False)
        shutil.rmtree(self.path, ignore_errors=True)
        self.model.save(str(self.path), show_progress=False)

    def add(self, ids: list[str], terms: list[str]) -> None:
        self.build(self.ids + ids, self.terms + terms)

    def remove(self, ids: list[str]) -> None:
        drop = set(ids)
        keep = [(i, t) for i, t in zip(self.ids, self.terms, strict=True) if i not in drop]
        self.build([i for i, _ in keep], [t for _, t in keep])

    def _scores(self, query: list[str]) -> np.ndarray | None:
        token_ids = self.model.get_tokens_ids(query)
        return self.model.get_scores_from_ids(token_ids) if token_ids else None

    def search(self, query: list[str], k: int) -> list[tuple[str, float]]:
        scores = self._scores(query)
        if scores is None:
            return []
        top = np.argpartition(-scores, k)[:k]
        top = top[np.lexsort((top, -scores[top]))]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def score_ids(self, query: list[str], ids: list[str]) -> dict[str, float]:
        scores = self._scores(query)
        return {i: 0.0 if scores is None else float(scores[self.position[i]]) for i in ids}


class Fts5:
    name = "SQLite FTS5 bm25()"

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE docs (id TEXT PRIMARY KEY)")
        self.db.execute(
            "CREATE VIRTUAL TABLE kw USING fts5(terms, tokenize=\"unicode61 remove_diacritics 0 tokenchars '_'\")"
        )

    def _insert(self, ids: list[str], terms: list[str]) -> None:
        for doc_id, text in zip(ids, terms, strict=True):
            rowid = self.db.execute("INSERT INTO docs (id) VALUES (?)", (doc_id,)).lastrowid
            self.db.execute("INSERT INTO kw (rowid, terms) VALUES (?, ?)", (rowid, text))

    def build(self, ids: list[str], terms: list[str]) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self._insert(ids, terms)
        self.db.execute("INSERT INTO kw(kw) VALUES('optimize')")

    def add(self, ids: list[str], terms: list[str]) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self._insert(ids, terms)

    def remove(self, ids: list[str]) -> None:
        with self.db:
            self.db.execute("BEGIN")
            for doc_id in ids:
                row = self.db.execute("SELECT rowid FROM docs WHERE id=?", (doc_id,)).fetchone()
                self.db.execute("DELETE FROM kw WHERE rowid=?", row)
                self.db.execute("DELETE FROM docs WHERE rowid=?", row)

    @staticmethod
    def _match(query: list[str]) -> str:
        return " OR ".join('"' + t.replace('"', '""') + '"' for t in dict.fromkeys(query))

    def search(self, query: list[str], k: int) -> list[tuple[str, float]]:
        if not query:
            return []
        rows = self.db.execute(
            "SELECT d.id, -s.score FROM (SELECT rowid, bm25(kw) AS score FROM kw WHERE kw MATCH ? "
            "ORDER BY score LIMIT ?) s JOIN docs d ON d.rowid = s.rowid ORDER BY s.score",
            (self._match(query), k),
        )
        return rows.fetchall()

    def score_ids(self, query: list[str], ids: list[str]) -> dict[str, float]:
        if not query:
            return dict.fromkeys(ids, 0.0)
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT d.id, -bm25(kw) FROM kw JOIN docs d ON d.rowid = kw.rowid "
            f"WHERE kw MATCH ? AND kw.rowid IN (SELECT rowid FROM docs WHERE id IN ({marks}))",
            (self._match(query), *ids),
        )
        return {**dict.fromkeys(ids, 0.0), **dict(rows.fetchall())}


class Tantivy:
    name = "tantivy"

    def __init__(self, path: Path) -> None:
        import tantivy

        self.t = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("terms", stored=False, tokenizer_name="whitespace")
        self.schema = builder.build()
        path.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(self.schema, path=str(path))
        self.writer = self.index.writer(heap_size=100_000_000, num_threads=1)

    def _commit(self) -> None:
        self.writer.commit()
        self.index.reload()

    def build(self, ids: list[str], terms: list[str]) -> None:
        for doc_id, text in zip(ids, terms, strict=True):
            self.writer.add_document(self.t.Document(id=doc_id, terms=text))
        self._commit()

    def add(self, ids: list[str], terms: list[str]) -> None:
        self.build(ids, terms)

    def remove(self, ids: list[str]) -> None:
        for doc_id in ids:
            self.writer.delete_documents_by_term("id", doc_id)
        self._commit()

    def _query(self, query: list[str]):  # noqa: ANN202
        q = self.t.Query
        return q.boolean_query(
            [(self.t.Occur.Should, q.term_query(self.schema, "terms", t)) for t in dict.fromkeys(query)]
        )

    def search(self, query: list[str], k: int) -> list[tuple[str, float]]:
        if not query:
            return []
        searcher = self.index.searcher()
        hits = searcher.search(self._query(query), k).hits
        return [(searcher.doc(address)["id"][0], score) for score, address in hits]

    def score_ids(self, query: list[str], ids: list[str]) -> dict[str, float]:
        q, occur = self.t.Query, self.t.Occur
        only = q.const_score_query(
            q.boolean_query([(occur.Should, q.term_query(self.schema, "id", i)) for i in ids]), 0.0
        )
        searcher = self.index.searcher()
        hits = searcher.search(q.boolean_query([(occur.Must, self._query(query)), (occur.Must, only)]), len(ids)).hits
        return {**dict.fromkeys(ids, 0.0), **{searcher.doc(a)["id"][0]: s for s, a in hits}}


CANDIDATES = {"bm25s": Bm25s, "fts5": Fts5, "tantivy": Tantivy}


def measure(kind: str, size: int, ids: list[str], terms: list[str], queries: list[list[str]]) -> dict:
    path = WORK / f"{kind}-{size}"
    shutil.rmtree(path, ignore_errors=True)
    path.unlink(missing_ok=True) if path.is_file() else None
    for extra in ("-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    WORK.mkdir(parents=True, exist_ok=True)
    gc.collect()
    before = rss_mb()
    index = CANDIDATES[kind](path)
    started = time.perf_counter()
    index.build(ids, terms)
    row = {"candidate": index.name, "docs": size, "build_s": round(time.perf_counter() - started, 2)}
    new_ids, new_terms = [f"new-{n}" for n in range(10)], terms[:10]
    started = time.perf_counter()
    index.add(new_ids, new_terms)
    row["add_paper_s"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    index.remove(new_ids)
    row["remove_paper_s"] = round(time.perf_counter() - started, 3)
    times = []
    for query in queries:
        started = time.perf_counter()
        top = index.search(query, 50)
        index.score_ids(query, ids[:50])  # the dense side's candidates, other ids
        times.append((time.perf_counter() - started) * 1000)
        assert top is not None
    times.sort()
    row["query_p50_ms"] = round(statistics.median(times), 1)
    row["query_p95_ms"] = round(times[int(0.95 * len(times))], 1)
    row["disk_mb"] = round(sum(dir_mb(Path(f"{path}{x}")) for x in ("", "-wal") if Path(f"{path}{x}").exists()), 1)
    row["rss_growth_mb"] = round(rss_mb() - before, 1)
    row["index"] = index
    return row


def quality(index, ids: list[str], query_terms: dict[str, list[str]], qrels: dict, cache: Path | None) -> dict:  # noqa: ANN001
    out: dict[str, float] = {}
    vectors = None
    if cache and (cache / "minilm-titletext.npy").exists() and (cache / "minilm-queries.npy").exists():
        docs = np.load(cache / "minilm-titletext.npy")
        vectors = (docs, np.load(cache / "minilm-queries.npy"))
    order = list(query_terms)
    position = {d: n for n, d in enumerate(ids)}
    for split in ("train", "test"):
        bm25_scores, hybrid_scores = [], []
        for qid, relevant in qrels[split].items():
            terms = query_terms[qid]
            top = dict(index.search(terms, 50))
            bm25_scores.append(ndcg_at(list(top)[:10], relevant))
            if vectors is None:
                continue
            docs, queries = vectors
            cos = docs @ queries[order.index(qid)]
            best = np.argsort(-cos, kind="stable")[:50]
            dense = {ids[i]: float(cos[i]) for i in best}
            keyword = {**index.score_ids(terms, [d for d in dense if d not in top]), **top}
            extra = {d: docs[position[d]] for d in top if d not in dense}
            dense.update(cosine_similarities(queries[order.index(qid)], extra))
            hybrid_scores.append(ndcg_at([d for d, _ in score_fusion(dense, keyword, 0.7, 0.3)], relevant))
        out[f"bm25_{split}"] = round(statistics.fmean(bm25_scores), 4)
        if hybrid_scores:
            out[f"hybrid_{split}"] = round(statistics.fmean(hybrid_scores), 4)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cache", type=Path, default=None, help="bench/scifact_retrieval.py's embedding cache")
    parser.add_argument("--sizes", type=int, nargs="+", default=[5183, 100_000])
    parser.add_argument("--candidates", nargs="+", default=list(CANDIDATES))
    args = parser.parse_args()
    corpus, queries, qrels = load_beir(args.data)
    base = [
        " ".join(keyword_terms(r.get("title") or "") * TITLE_REPEAT + keyword_terms(r.get("text") or ""))
        for r in corpus
    ]
    judged = [q for q in queries if any(q in split for split in qrels.values())]
    query_terms = {q: keyword_terms(queries[q]) for q in judged}
    test_queries = [query_terms[q] for q in qrels["test"]]
    for size in args.sizes:
        ids = [
            r["_id"] if n < len(corpus) else f"{r['_id']}-{n}"
            for n, r in ((n, corpus[n % len(corpus)]) for n in range(size))
        ]
        terms = [base[n % len(base)] for n in range(size)]
        for kind in args.candidates:
            if kind == "bm25s" and size > 200_000:
                continue  # one rebuild at 1M takes minutes and 10+ GB: the point is made at 100k
            row = measure(kind, size, ids, terms, test_queries)
            index = row.pop("index")
            if size == len(corpus):
                row.update(quality(index, ids, query_terms, qrels, args.cache))
            print(row, flush=True)
            del index
            gc.collect()


if __name__ == "__main__":
    main()
