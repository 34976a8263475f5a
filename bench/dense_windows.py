"""Does dense retrieval gain from seeing past MiniLM's 256 tokens? SciFact, scored per document by its windows.

    nice -n 10 .venv/bin/python bench/dense_windows.py --cache /tmp/paperchat-bench/scifact [--overlap 64] \
        [--weights 0.6,0.7,0.8]

The first window of each "title abstract" is what production embeds today (bench/scifact_retrieval.py's cache).
Texts longer than the model's 256 tokens get more windows of the model's own tokens (with `overlap` tokens shared),
each either bare or with the title's tokens in front. A document scores by its best window (max) or by its first
window plus a share of its best later one. Prints dense and hybrid (score fusion with the tantivy keyword index)
nDCG@10 on train and test, and the extra model work. Research script; windows are cached under --cache.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scifact_retrieval import DEFAULT_DATA, load_beir, ndcg_at  # noqa: E402
from paperchat.assistant.embedding.minilm import MAX_TOKENS, MiniLMEmbedding, _embed_batch  # noqa: E402
from paperchat.assistant.index.keywords import KeywordIndex  # noqa: E402
from paperchat.assistant.retrieval.fusion import score_fusion  # noqa: E402


def windows(ids: list[int], title: list[int], overlap: int, with_title: bool) -> list[list[int]]:
    """The later windows of one text's token ids (CLS ... SEP), each within MAX_TOKENS with CLS and SEP."""
    cls, body, sep = ids[0], ids[1:-1], ids[-1]
    first = MAX_TOKENS - 2
    if len(body) <= first:
        return []
    prefix = title if with_title else []
    width = MAX_TOKENS - 2 - len(prefix)
    out, start = [], first - overlap
    while start < len(body):
        out.append([cls, *prefix, *body[start : start + width], sep])
        if start + width >= len(body):
            break
        start += width - overlap
    return out


class CachedSciFact(NamedTuple):
    corpus: list[dict]
    queries: dict[str, str]
    qrels: dict
    ids: list[str]  # document ids, in corpus order
    titles: list[str]
    texts: list[str]  # "title text", as production embeds a document
    qrow: dict[str, int]  # judged query id -> its row in qvec
    first: np.ndarray  # documents' first-window vectors (bench/scifact_retrieval.py's cache)
    qvec: np.ndarray  # judged queries' vectors


def load_cached(data: Path, cache: Path) -> CachedSciFact:
    """SciFact and the cached vectors of its documents' first windows and of its judged queries."""
    corpus, queries, qrels = load_beir(data)
    titles = [r.get("title") or "" for r in corpus]
    texts = [f"{t} {r.get('text') or ''}".strip() for t, r in zip(titles, corpus, strict=True)]
    judged = [q for q in queries if any(q in s for s in qrels.values())]
    return CachedSciFact(
        corpus,
        queries,
        qrels,
        [r["_id"] for r in corpus],
        titles,
        texts,
        {q: n for n, q in enumerate(judged)},
        np.load(cache / "minilm-titletext.npy"),
        np.load(cache / "minilm-queries.npy"),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--overlap", type=int, default=64)
    parser.add_argument("--windows", choices=["bare", "title", "both"], default="both", help="later windows' kind")
    parser.add_argument("--weights", default="0.7", help="dense weights to try (keyword weight = 1 - dense)")
    args = parser.parse_args()
    corpus, queries, qrels, ids, titles, texts, qrow, first, qvec = load_cached(args.data, args.cache)

    embedder = MiniLMEmbedding()
    model = embedder.model
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(model.tokenizer.to_str())
    tokenizer.no_truncation()
    full = [e.ids for e in tokenizer.encode_batch(texts)]
    title_ids = [e.ids[1:-1][:48] for e in tokenizer.encode_batch(titles)]  # a title of at most 48 tokens
    base_tokens = sum(min(len(t), MAX_TOKENS) for t in full)
    print(f"{sum(len(t) > MAX_TOKENS for t in full)} of {len(full)} texts exceed {MAX_TOKENS} tokens")

    work = Path(tempfile.mkdtemp(prefix="windows-keywords-"))
    keyword = KeywordIndex.create(work / "kw", zip(ids, titles, [r.get("text") or "" for r in corpus], strict=True))

    variants: dict[str, np.ndarray] = {}
    for with_title in {"bare": (False,), "title": (True,), "both": (False, True)}[args.windows]:
        name = f"windows-o{args.overlap}-{'title' if with_title else 'bare'}"
        owner, tails = [], []
        for n, token_ids in enumerate(full):
            for window in windows(token_ids, title_ids[n], args.overlap, with_title):
                owner.append(n)
                tails.append(window)
        path = args.cache / f"{name}.npy"
        if path.exists() and len(np.load(path)) == len(tails):
            vectors = np.load(path)
        else:
            started = time.perf_counter()
            order = sorted(range(len(tails)), key=lambda i: len(tails[i]))
            vectors = np.empty((len(tails), first.shape[1]), dtype=np.float32)
            for s in range(0, len(order), 8):
                rows = order[s : s + 8]
                vectors[rows] = _embed_batch(model, [tails[i] for i in rows])
            print(f"{name}: embedded {len(tails)} windows in {time.perf_counter() - started:.0f} s")
            np.save(path, vectors)
        extra = sum(len(t) for t in tails)
        print(f"{name}: {len(tails)} windows, {extra / base_tokens:.1%} more tokens than the first windows")
        variants[name] = (np.asarray(owner), vectors)

    position = {d: n for n, d in enumerate(ids)}
    searched = {q: dict(keyword.search(text, 50)) for q, text in queries.items()}
    weights = [float(w) for w in args.weights.split(",")]

    def evaluate(label: str, doc_scores) -> None:  # noqa: ANN001 - query id -> cosine per document
        for weight in weights:
            cells = []
            for split in ("train", "test"):
                dense_nd, hybrid_nd = [], []
                for q, relevant in qrels[split].items():
                    cos = doc_scores(q)
                    top = np.argsort(-cos, kind="stable")[:50]
                    dense = {ids[i]: float(cos[i]) for i in top}
                    dense_nd.append(ndcg_at(list(dense)[:10], relevant))
                    bm25 = searched[q]
                    exact_bm25 = {**keyword.score_ids(queries[q], [d for d in dense if d not in bm25]), **bm25}
                    exact_dense = {**{d: float(cos[position[d]]) for d in bm25}, **dense}
                    fused = score_fusion(exact_dense, exact_bm25, weight, 1 - weight)
                    hybrid_nd.append(ndcg_at([d for d, _ in fused], relevant))
                cells.append(f"{split} dense {statistics.fmean(dense_nd):.4f} hybrid {statistics.fmean(hybrid_nd):.4f}")
            print(f"{label:44} w{weight:.2f} " + "  ".join(cells), flush=True)

    evaluate("first window only (production)", lambda q: first @ qvec[qrow[q]])
    for name, (owner, vectors) in variants.items():
        for share in (1.0, 0.5, 0.25):

            def scores(q: str, owner=owner, vectors=vectors, share=share) -> np.ndarray:  # noqa: ANN001
                head = first @ qvec[qrow[q]]
                tail = np.full(len(ids), -1.0, dtype=np.float32)
                np.maximum.at(tail, owner, vectors @ qvec[qrow[q]])
                if share == 1.0:
                    return np.maximum(head, tail)
                return head + share * np.clip(tail - head, 0, None)

            evaluate(f"{name}, {'max' if share == 1.0 else f'first + {share} x gain'}", scores)


if __name__ == "__main__":
    main()
