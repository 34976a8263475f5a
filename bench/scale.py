"""Scale notes: index size, ingest and query time from 1k to 100k chunks, embedded Chroma and Chroma server.

Run: python bench/scale.py [--sizes 1000 10000 100000] [--server-size 10000] [--no-server]
Vectors are precomputed once (scale_corpus.py), so ingest times here are everything except the model.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    CACHE,
    SCIFACT,
    dir_size_mb,
    emit,
    fresh_dir,
    load,
    log,
    peak_rss_mb,
    percentiles_ms,
    rss_mb,
    run_worker,
    save_section,
    stopwatch,
)

SCRIPT = Path(__file__).resolve()
QUERIES = 50
CHROMA = Path(sys.executable).with_name("chroma")


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

    papers = write_corpus(size, index.parent / "papers")  # outside the index: not in its size
    fresh_dir(index)
    settings = settings_for(index, server, size)
    assistant = Assistant(PaperIndex(index, settings, LookupEmbedding()), settings)
    assistant.index.store.count()  # connect (and import chromadb) outside the timings
    result: dict = {"size": size, "server": bool(server)}
    with stopwatch(result, "ingest"):
        report = assistant.ingest([papers])
    if report.problems or report.chunks_embedded != size:
        raise RuntimeError(f"scale ingest of {size}: {report.chunks_embedded} chunks, {report.problems[:3]}")
    result["timings"] = {k: round(v, 3) for k, v in report.timings.items()}
    result["chunks"] = assistant.index.catalog.counts()["chunks"]
    result["peak_rss_mb"] = peak_rss_mb()
    result["disk_mb"] = {part: dir_size_mb(index / part) for part in ("chroma", "keywords")}
    result["disk_mb"]["catalog"] = round(sum(p.stat().st_size for p in index.glob("catalog.sqlite*")) / 1e6, 2)
    result["disk_mb"]["total"] = dir_size_mb(index)
    with stopwatch(result, "reingest_unchanged"):
        assistant.ingest([papers])
    one = index.parent / "one-more.jsonl"
    one.write_text(json.dumps({"title": "One more paper on scaling", "abstract": "A single new abstract."}) + "\n")
    with stopwatch(result, "add_one_paper"):
        added = assistant.ingest([one])
    result["add_one_timings"] = {k: round(v, 3) for k, v in added.timings.items()}
    assistant.remove(str(one))  # back to exactly `size` chunks for the query runs
    assistant.index.catalog.close()
    return result


def worker_query(size: int, index: Path, server: str) -> dict:
    from paperchat.assistant.api import Assistant
    from paperchat.assistant.evaluation.beir import load_beir
    from paperchat.assistant.retrieval.retriever import Retriever

    queries = list(load_beir(SCIFACT, limit=QUERIES).queries.values())
    result: dict = {"size": size, "server": bool(server), "rss_start_mb": rss_mb()}
    with stopwatch(result, "open"):
        assistant = Assistant.open(index, settings_for(index, server, size))
    with stopwatch(result, "first_query"):  # loads the model, Chroma's HNSW segment and BM25
        assistant.retrieve(queries[0])
    result["rss_loaded_mb"] = rss_mb()
    for label, mode in (("dense", "dense"), ("bm25", "keyword"), ("hybrid", "hybrid")):
        retriever = Retriever(assistant.index, assistant.settings.retrieval.model_copy(update={"mode": mode}))
        seconds = []
        for query in queries:
            started = time.perf_counter()
            retriever.retrieve(query)
            seconds.append(time.perf_counter() - started)
        result[label] = percentiles_ms(seconds)
    result["load"] = load()
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


class ChromaServer:
    """`chroma run` on 127.0.0.1 for the server-mode measurements; stopped by its own pid."""

    def __init__(self, path: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.path = fresh_dir(path)
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> ChromaServer:
        command = [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=2)
                return self
            except OSError:
                time.sleep(0.5)
        self.__exit__()
        raise RuntimeError("the Chroma server did not start")

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def rss_mb(self) -> float:
        assert self.process is not None
        with open(f"/proc/{self.process.pid}/status") as handle:
            line = next(line for line in handle if line.startswith("VmRSS"))
        return round(int(line.split()[1]) / 1024, 1)

    def __exit__(self, *_: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--server-size", type=int, default=10_000)
    parser.add_argument("--no-server", action="store_true")
    parser.add_argument("--worker", nargs=4, metavar=("KIND", "SIZE", "INDEX", "SERVER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, size, index, server = args.worker
        emit((worker_build if kind == "build" else worker_query)(int(size), Path(index), server))
        return

    from bench.scale_corpus import ensure_vectors

    log("scale corpus vectors (computed once, then cached)")
    section: dict = {"vectors": ensure_vectors(max(args.sizes)), "embedded": [], "server": []}
    for size in args.sizes:
        index = CACHE / "scale" / str(size) / "index"
        log(f"{size} chunks: build")
        built = run_worker(SCRIPT, "build", str(size), str(index), "")
        log(f"{size} chunks: query")
        section["embedded"].append({**built, "query": run_worker(SCRIPT, "query", str(size), str(index), "")})
        print(summary_line(section["embedded"][-1]))
    if not args.no_server:
        size = args.server_size
        index = CACHE / "scale" / f"{size}-server" / "index"
        with ChromaServer(CACHE / "scale" / "chroma-server") as server:
            log(f"{size} chunks on a Chroma server at {server.address}: build")
            built = run_worker(SCRIPT, "build", str(size), str(index), server.address)
            log(f"{size} chunks on a Chroma server: query")
            queried = run_worker(SCRIPT, "query", str(size), str(index), server.address)
            section["server"].append({**built, "query": queried, "server_rss_mb": server.rss_mb()})
        print("server:", summary_line(section["server"][-1]))
    save_section("scale", section)


def summary_line(row: dict) -> str:
    q = row["query"]
    return (
        f"{row['chunks']} chunks: ingest {row['ingest']:.1f} s ({row['timings']}), disk {row['disk_mb']['total']} MB, "
        f"add one paper {row['add_one_paper']:.1f} s; open {q['open']:.1f} s, first query {q['first_query']:.1f} s, "
        f"hybrid p50 {q['hybrid']['p50_ms']} ms, RSS {q['rss_loaded_mb']} MB"
    )


if __name__ == "__main__":
    main()
