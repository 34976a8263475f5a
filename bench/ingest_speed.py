"""Ingest speed: wall time by stage, overhead over pure embedding, papers/s, peak memory; and a naive
LlamaIndex pipeline (VectorStoreIndex.from_documents into Chroma, same MiniLM model) on the same papers.

Run: python bench/ingest_speed.py [--corpus seeds scifact] [--repeats 3]
Each measurement runs in a fresh process (clean peak memory), ours and LlamaIndex alternating.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    CACHE,
    SCIFACT,
    SEEDS,
    emit,
    fresh_dir,
    load,
    log,
    median,
    peak_rss_mb,
    run_worker,
    save_section,
    stopwatch,
)

SCRIPT = Path(__file__).resolve()
STAGES = ("parse", "chunk", "embed", "write", "keywords")


def corpus_path(name: str) -> Path:
    """The files to ingest: the seed listings, or SciFact as the papers file `paperchat eval --beir` writes."""
    if name == "seeds":
        return SEEDS
    from paperchat.assistant.evaluation.beir import load_beir, write_papers_jsonl

    return write_papers_jsonl(load_beir(SCIFACT), CACHE / "scifact-eval" / "papers.jsonl")


def index_dir(name: str) -> Path:
    # SciFact's index is where `paperchat eval --beir --beir-index CACHE/scifact-eval` looks: quality.py reuses it.
    return CACHE / "scifact-eval" / "index" if name == "scifact" else CACHE / "ingest" / name


def worker_ours(corpus: Path, target: Path) -> dict:
    """Ingest into a fresh index, then embed the same chunk texts alone: the floor the pipeline is held to."""
    from paperchat.assistant.api import Assistant
    from paperchat.assistant.config import Settings

    fresh_dir(target)
    result: dict = {"load_start": load()}
    with stopwatch(result, "open"):  # imports, model load and the Chroma client, outside the stage timings
        settings = Settings(_env_file=None, index_dir=target)
        assistant = Assistant.open(target, settings, create=True)
        assistant.index.embed(["warm up"])
        assistant.index.store.count()
    with stopwatch(result, "ingest"):
        report = assistant.ingest([corpus])
    result["peak_rss_mb"] = peak_rss_mb()
    result["timings"] = {key: round(value, 3) for key, value in report.timings.items()}
    result["papers"] = len(report.new)
    result["chunks"] = report.chunks_embedded
    texts = [text for _, _, text in assistant.index.catalog.all_chunks()]
    embedder = assistant.index.embedder
    with stopwatch(result, "pure_embed"):
        embedder.embed_texts(texts, batch_size=settings.ingest.embed_batch_size)
    assistant.index.catalog.close()
    return result


def worker_llama(corpus: Path, target: Path) -> dict:
    """The naive pipeline: one Document per paper (our parsed text, given for free), default transformations."""
    from paperchat.assistant.config import offline_environment
    from paperchat.ingest.chunking import chunk_paper
    from paperchat.ingest.files import iter_files, read_document
    from paperchat.ingest.identity import merge_papers

    offline_environment()
    records = [p for f in iter_files([corpus]) for p in read_document(f, 1 << 30).papers]
    texts = [chunk.text for paper in merge_papers(records).papers for chunk in chunk_paper(paper)]

    fresh_dir(target)
    result: dict = {"load_start": load()}
    with stopwatch(result, "open"):
        import chromadb
        from llama_index.core import Document, StorageContext, VectorStoreIndex
        from llama_index.vector_stores.chroma import ChromaVectorStore

        from paperchat.assistant.embedding.llama_adapter import LlamaMiniLMEmbedding

        embed_model = LlamaMiniLMEmbedding()
        embed_model.get_text_embedding("warm up")
        client = chromadb.PersistentClient(str(target), settings=chromadb.Settings(anonymized_telemetry=False))
        collection = client.get_or_create_collection("papers", configuration={"hnsw": {"space": "cosine"}})
        storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
        documents = [Document(text=text) for text in texts]
    with stopwatch(result, "ingest"):
        VectorStoreIndex.from_documents(documents, storage_context=storage, embed_model=embed_model)
    result["peak_rss_mb"] = peak_rss_mb()
    result["papers"] = len(texts)
    result["chunks"] = collection.count()
    return result


def summarise(ours: list[dict], llama: list[dict]) -> dict:
    total = median([r["timings"]["total"] for r in ours])
    pure = median([r["pure_embed"] for r in ours])
    llama_total = median([r["ingest"] for r in llama]) if llama else None
    return {
        "runs": len(ours),
        "papers": ours[0]["papers"],
        "chunks": ours[0]["chunks"],
        "stages_s": {stage: median([r["timings"].get(stage, 0.0) for r in ours]) for stage in (*STAGES, "total")},
        "pure_embed_s": pure,
        "overhead_ratio": round(total / pure, 3),
        # The same run's own embed stage as the floor: immune to the load changing between the two measurements.
        "total_over_embed_stage": round(median([r["timings"]["total"] / r["timings"]["embed"] for r in ours]), 3),
        "overhead_ratio_cpu": round(median([r["ingest_cpu"] / r["pure_embed_cpu"] for r in ours]), 3),
        "papers_per_s": round(ours[0]["papers"] / total, 1),
        "open_s": median([r["open"] for r in ours]),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in ours),
        "llama_total_s": llama_total,
        "llama_chunks": llama[0]["chunks"] if llama else None,
        "llama_peak_rss_mb": max(r["peak_rss_mb"] for r in llama) if llama else None,
        "ours_over_llama": round(total / llama_total, 3) if llama_total else None,
        "load": [r["ingest_load"] for r in ours + llama],
        "raw": {"ours": ours, "llama": llama},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", nargs="+", default=["seeds", "scifact"], choices=["seeds", "scifact"])
    parser.add_argument("--repeats", type=int, help="runs per corpus (default: 3 for seeds, 1 for SciFact)")
    parser.add_argument("--no-llama", action="store_true", help="skip the LlamaIndex comparison")
    parser.add_argument("--worker", nargs=3, metavar=("KIND", "CORPUS", "INDEX"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, corpus, target = args.worker
        emit((worker_ours if kind == "ours" else worker_llama)(Path(corpus), Path(target)))
        return

    sections = {}
    for name in args.corpus:
        corpus = corpus_path(name)
        repeats = args.repeats or (3 if name == "seeds" else 1)
        ours, llama = [], []
        for run in range(repeats):
            log(f"{name}: our pipeline, run {run + 1}/{repeats}")
            ours.append(run_worker(SCRIPT, "ours", str(corpus), str(index_dir(name))))
            log(f"  total {ours[-1]['timings']['total']:.1f} s, pure embedding {ours[-1]['pure_embed']:.1f} s")
            if not args.no_llama:
                log(f"{name}: LlamaIndex, run {run + 1}/{repeats}")
                llama.append(run_worker(SCRIPT, "llama", str(corpus), str(CACHE / "ingest" / f"llama-{name}")))
                log(f"  total {llama[-1]['ingest']:.1f} s")
        sections[name] = summarise(ours, llama)
        print(f"{name}: {format_summary(sections[name])}")
    save_section("ingest_speed", {"corpora": sections})


def format_summary(summary: dict) -> str:
    stages = ", ".join(f"{stage} {value:.2f}s" for stage, value in summary["stages_s"].items())
    llama = f"; ours/LlamaIndex {summary['ours_over_llama']}" if summary["ours_over_llama"] else ""
    return (
        f"{summary['papers']} papers, {summary['chunks']} chunks: {stages}; pure embedding "
        f"{summary['pure_embed_s']:.2f}s; ratio {summary['overhead_ratio']} (CPU {summary['overhead_ratio_cpu']}); "
        f"{summary['papers_per_s']} papers/s; peak {summary['peak_rss_mb']} MB{llama}"
    )


if __name__ == "__main__":
    main()
