"""Scale notes: index size, ingest and query time from 1k to 1M chunks, embedded Chroma and Chroma server.

Run: python bench/scale.py [--sizes 1000 10000 100000 1000000] [--server-size 10000] [--no-server] [--reuse]
     [--derived-vectors /tmp/paperchat-bench/scifact/minilm-titletext.npy]
Vectors are precomputed once (scale_corpus.py), so ingest times here are everything except the model. A library
arrives in parts: ingest takes at most PART_CHUNKS chunks per call. Adding one paper is end to end: a real PDF
parsed, chunked, embedded by the model, written to Chroma, keywords and catalog. --reuse keeps a built index.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.chroma_server import ChromaServer  # noqa: E402
from bench.common import (  # noqa: E402
    CACHE,
    SCIFACT,
    dir_size_mb,
    emit,
    fresh_dir,
    load,
    log,
    median,
    peak_rss_mb,
    percentiles_ms,
    rss_mb,
    run_worker,
    save_section,
    stopwatch,
)

SCRIPT = Path(__file__).resolve()
QUERIES = 50
PART_CHUNKS = 100_000  # papers per ingest call (one chunk each here): 1M in one call would hold 1M papers in RAM
PER_FILE = 10_000
# Real papers of median size from ../shared/pdfs. The first add in a process also loads the chunker's tokenizer,
# so the first paper is added again last, warm: that is the row's number, the cold one is kept beside it.
ADDED_PDFS = ("0807.3577.pdf", "Wang-paperAVE2008.pdf", "0807.3577.pdf")
PDFS = SCIFACT.parents[1] / "pdfs" / "papers"


def settings_for(index: Path, server: str, size: int):  # noqa: ANN201 - assistant.config.Settings
    from paperchat.assistant.config import Settings

    if not server:
        return Settings(_env_file=None, index_dir=index)
    host, port = server.split(":")
    return Settings(
        _env_file=None, index_dir=index, chroma_host=host, chroma_port=int(port), collection=f"scale-{size}"
    )


def worker_build(size: int, index: Path, server: str) -> dict:
    from bench.scale_corpus import LookupEmbedding, write_corpus
    from paperchat.assistant.api import Assistant
    from paperchat.assistant.index.paper_index import PaperIndex

    papers = write_corpus(size, index.parent / "papers", PER_FILE)  # outside the index: not in its size
    files = sorted(papers.glob("*.jsonl"))
    per_call = max(1, PART_CHUNKS // PER_FILE)
    parts = [files[start : start + per_call] for start in range(0, len(files), per_call)]
    fresh_dir(index)
    settings = settings_for(index, server, size)
    assistant = Assistant(PaperIndex(index, settings, LookupEmbedding(), create=True), settings)
    assistant.index.store.count()  # connect (and import chromadb) outside the timings
    result: dict = {"size": size, "server": bool(server), "ingest_calls": len(parts), "timings": {}}
    embedded = 0
    with stopwatch(result, "ingest"):
        for part in parts:
            report = assistant.ingest(part)
            if report.problems:
                raise RuntimeError(f"scale ingest of {size}: {report.problems[:3]}")
            embedded += report.chunks_embedded
            for key, seconds in report.timings.items():
                result["timings"][key] = round(result["timings"].get(key, 0.0) + seconds, 3)
            log(f"{size}: {embedded} chunks ingested")
    if embedded != size:
        raise RuntimeError(f"scale ingest of {size}: {embedded} chunks")
    result["chunks"] = assistant.index.catalog.counts()["chunks"]
    result["peak_rss_mb"] = peak_rss_mb()
    result["disk_mb"] = {part: dir_size_mb(index / part) for part in ("chroma", "keywords")}
    result["disk_mb"]["catalog"] = round(sum(p.stat().st_size for p in index.glob("catalog.sqlite*")) / 1e6, 2)
    result["disk_mb"]["total"] = dir_size_mb(index)
    with stopwatch(result, "reingest_unchanged"):
        for part in parts:
            assistant.ingest(part)
    assistant.index.catalog.close()
    return result


def worker_query(size: int, index: Path, server: str) -> dict:
    """Open, first retrieve (loads model, HNSW segment, keyword index), retrieve speed, adding one paper, the first
    answer (the question reader reads the whole library: late, so a very slow one at 1M leaves the rest), then one
    more paper added and removed and the answer after that change. Each step is saved to query-partial.json."""
    from paperchat.assistant.api import Assistant
    from paperchat.assistant.evaluation.beir import load_beir
    from paperchat.assistant.retrieval.retriever import Retriever

    queries = list(load_beir(SCIFACT, limit=QUERIES).queries.values())
    result: dict = {"size": size, "server": bool(server), "rss_start_mb": rss_mb()}
    partial = index.parent / "query-partial.json"

    def keep(step: str) -> None:
        log(f"{size}: {step} done")
        partial.write_text(json.dumps(result))

    with stopwatch(result, "open"):
        assistant = Assistant.open(index, settings_for(index, server, size))
    with stopwatch(result, "first_query"):
        assistant.retrieve(queries[0])
    result["rss_loaded_mb"] = rss_mb()
    keep("open and first retrieve")
    for label, mode in (("dense", "dense"), ("bm25", "keyword"), ("hybrid", "hybrid")):
        retriever = Retriever(assistant.index, assistant.settings.retrieval.model_copy(update={"mode": mode}))
        seconds, stages, cpu = [], {}, []  # CPU seconds (all threads) depend less on the machine's load than wall
        for query in queries:
            started, cpu_started, timings = time.perf_counter(), time.process_time(), {}
            retriever.retrieve(query, timings=timings)
            seconds.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
            for stage, spent in timings.items():
                stages.setdefault(stage, []).append(spent)
        stage_ms = {stage: round(median(spent) * 1000, 1) for stage, spent in [*stages.items(), ("cpu", cpu)]}
        result[label] = {**percentiles_ms(seconds), "stages_p50_ms": stage_ms}
        result[f"{label}_load"] = load()
        keep(label)
    result["add_one"] = []
    for name in ADDED_PDFS:
        result["add_one"].append(add_one_paper(assistant, PDFS / name, index.parent / "added"))
        keep(name)
    with stopwatch(result, "first_answer"):
        assistant.ask(queries[1])
    keep("first answer")
    result["add_again"] = add_one_paper(assistant, PDFS / ADDED_PDFS[-1], index.parent / "added")
    with stopwatch(result, "answer_after_change"):  # the question reader updates by the changed papers
        assistant.ask(queries[2])
    result["rss_end_mb"] = rss_mb()
    result["load"] = load()
    keep("answer after a change")
    return result


def add_one_paper(assistant, pdf: Path, folder: Path) -> dict:  # noqa: ANN001 - an Assistant
    """Add one real PDF through the product's ingest path, then remove it (both timed): the index keeps its size."""
    fresh_dir(folder)
    copy = Path(shutil.copy(pdf, folder / pdf.name))
    result: dict = {"pdf": pdf.name}
    with stopwatch(result, "add"):
        report = assistant.ingest([copy])
    if report.problems or not report.new:
        raise RuntimeError(f"adding {pdf.name}: {report.problems[:3]}")
    result["chunks"] = report.chunks_embedded
    result["timings"] = {k: round(v, 3) for k, v in report.timings.items()}
    with stopwatch(result, "remove"):
        assistant.remove(str(copy))
    return result


def build_index(size: int, server: str = "") -> Path:
    """The scale index of `size` chunks, built unless a complete one exists (query_speed.py reuses it)."""
    index = CACHE / "scale" / f"{size}{'-server' if server else ''}" / "index"
    manifest = index / "manifest.json"
    if not server and manifest.exists() and json.loads(manifest.read_text()).get("chunks") == size:
        return index
    from bench.scale_corpus import ensure_vectors

    ensure_vectors(size)
    run_worker(SCRIPT, "build", str(size), str(index), server)
    return index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--server-size", type=int, default=10_000)
    parser.add_argument("--no-server", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="keep a built index of the right size and its row")
    parser.add_argument("--derived-vectors", type=Path, help="abstract vectors to derive the corpus vectors from")
    parser.add_argument("--worker", nargs=4, metavar=("KIND", "SIZE", "INDEX", "SERVER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, size, index, server = args.worker
        emit((worker_build if kind == "build" else worker_query)(int(size), Path(index), server))
        return

    from bench.scale_corpus import derive_vectors, ensure_vectors

    log("scale corpus vectors (computed once, then cached)")
    vectors = derive_vectors(args.derived_vectors) if args.derived_vectors else ensure_vectors(max(args.sizes))
    section: dict = {"vectors": vectors, "embedded": [], "server": []}
    for size in args.sizes:
        index = CACHE / "scale" / str(size) / "index"
        section["embedded"].append(measured_row(size, index, "", args.reuse))
        print(summary_line(section["embedded"][-1]))
    if not args.no_server:
        size = args.server_size
        index = CACHE / "scale" / f"{size}-server" / "index"
        with ChromaServer(CACHE / "scale" / "chroma-server") as server:
            row = measured_row(size, index, server.address, reuse=False)
            section["server"].append({**row, "server_rss_mb": server.rss_mb()})
        print("server:", summary_line(section["server"][-1]))
    save_section("scale", section)
    print(markdown_table(section["embedded"] + section["server"]))


def measured_row(size: int, index: Path, server: str, reuse: bool) -> dict:
    """Build (or, with reuse, keep) the index of `size` chunks, then measure queries and adding one paper."""
    saved = index.parent / "build.json"
    manifest = index / "manifest.json"
    if reuse and saved.exists() and manifest.exists() and json.loads(manifest.read_text()).get("chunks") == size:
        built = json.loads(saved.read_text())
    else:
        log(f"{size} chunks{' on a Chroma server' if server else ''}: build")
        built = run_worker(SCRIPT, "build", str(size), str(index), server, timeout=6 * 3600)
        saved.write_text(json.dumps(built))
    log(f"{size} chunks: queries and adding one paper")
    queried = run_worker(SCRIPT, "query", str(size), str(index), server)
    adds = queried["add_one"]
    warm = adds[-1]
    return {**built, "query": queried, "add_one_paper": warm["add"], "add_one_timings": warm["timings"]}


def summary_line(row: dict) -> str:
    q = row["query"]
    return (
        f"{row['chunks']} chunks: ingest {row['ingest']:.1f} s ({row['timings']}), disk {row['disk_mb']['total']} MB, "
        f"add one paper {row['add_one_paper']:.2f} s; open {q['open']:.1f} s, first retrieve {q['first_query']:.1f} s, "
        f"first answer {q['first_answer']:.1f} s, answer after a change {q.get('answer_after_change', 0):.1f} s, "
        f"hybrid p50 {q['hybrid']['p50_ms']} ms, RSS {q['rss_loaded_mb']} MB"
    )


def markdown_table(rows: list[dict]) -> str:
    lines = [
        "| chunks | Chroma | ingest s (load) | disk MB | peak RSS build MB | RSS loaded MB | hybrid p50 / p95 ms "
        "(load) | keyword p50 / p95 ms | add one PDF s (chunks; load) | remove s | open + first answer s (load) "
        "| answer after a change s |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        q = row["query"]
        adds = "; ".join(f"{a['add']:.2f} ({a['chunks']}; {a['add_load']})" for a in q["add_one"]) or "not measured"
        lines.append(
            f"| {row['chunks']:,} | {'server' if row['server'] else 'embedded'} | {row['ingest']:.0f} "
            f"({row['ingest_load']}) | {row['disk_mb']['total']:.0f} | {row['peak_rss_mb']:.0f} | "
            f"{q['rss_loaded_mb']:.0f} | {q['hybrid']['p50_ms']:.0f} / {q['hybrid']['p95_ms']:.0f} "
            f"({q['hybrid_load']}) | {q['bm25']['p50_ms']:.0f} / {q['bm25']['p95_ms']:.0f} | {adds} | "
            f"{max((a['remove'] for a in q['add_one']), default=float('nan')):.2f} | "
            f"{q['open'] + q['first_query'] + q.get('first_answer', float('nan')):.1f} ({q.get('first_answer_load')}) |"
            f" {q.get('answer_after_change', float('nan')):.1f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
