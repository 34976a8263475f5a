"""Render bench/results.json as bench/RESULTS.md: one section per bench script, newest numbers only."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

RESULTS_MD = Path(__file__).resolve().parent / "RESULTS.md"


def table(headers: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join("" if cell is None else str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _machine(section: dict) -> str:
    m = section["machine"]
    versions = ", ".join(f"{name} {v}" for name, v in m["versions"].items())
    return f"_{section['date']}; {m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB; Python {m['python']}; {versions}_"


def _ingest(section: dict) -> list[str]:
    out = []
    rows = []
    for name, s in section["corpora"].items():
        st = s["stages_s"]
        rows.append(
            [name, s["papers"], s["chunks"], st["parse"], st["chunk"], st["embed"], st["write"], st["keywords"],
             st["total"], s["pure_embed_s"], s["overhead_ratio"], s["overhead_ratio_cpu"], s["papers_per_s"],
             s["peak_rss_mb"], s["llama_total_s"], s["ours_over_llama"], " / ".join(f"{x:.1f}" for x in s["load"])]
        )
    out.append(
        table(
            ["corpus", "papers", "chunks", "parse s", "chunk s", "embed s", "write s", "keywords s", "total s",
             "pure embed s", "total / pure embed", "same, CPU s", "papers/s", "peak MB", "LlamaIndex s",
             "ours / LlamaIndex", "load avg"],
            rows,
        )
    )
    return out


RENDERERS: dict[str, tuple[str, Callable[[dict], list[str]]]] = {
    "ingest_speed": ("Ingest speed (`bench/ingest_speed.py`)", _ingest),
}


def render(results: dict) -> None:
    parts = ["# Benchmark results", "", "Written by `make bench` (`bench/run_all.py`); raw numbers in `bench/results.json`.", ""]
    for key, (title, renderer) in RENDERERS.items():
        if key not in results:
            continue
        parts += [f"## {title}", "", _machine(results[key]), "", *renderer(results[key]), ""]
    RESULTS_MD.write_text("\n".join(parts))


if __name__ == "__main__":
    render(json.loads((RESULTS_MD.parent / "results.json").read_text()))
