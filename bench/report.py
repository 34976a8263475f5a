"""Render bench/results.json as bench/RESULTS.md: the README headline table, then one section per script.
bench/findings.md (hand-written: what the numbers led us to change) is included as it is."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS_MD = HERE / "RESULTS.md"
FINDINGS_MD = HERE / "findings.md"
sys.path.insert(0, str(HERE.parent))  # `python bench/report.py` as a script, as make bench runs it

from bench.report_headline import _machine, f3, headline, table  # noqa: E402


def _quality(section: dict) -> list[str]:
    out = []
    if "scifact" in section:
        sf = section["scifact"]
        out.append(f"SciFact ({sf['documents']} abstracts, {sf['queries']} test queries) via `paperchat eval --beir`:")
        out.append("")
        rows = [
            [
                label if label != "configured" else f"configured ({sf['configured_mode']})",
                f3(m["ndcg@10"]),
                f3(m["recall@10"]),
                f3(m["recall@100"]),
                f3(m["mrr@10"]),
                f"{m['latency_p50_ms']:.0f}",
            ]
            for label, m in sf["results"].items()
        ]
        rows += [[name, f3(value), "", "", "", ""] for name, value in section["reference_ndcg10"].items()]
        out += [table(["retriever", "nDCG@10", "Recall@10", "Recall@100", "MRR@10", "p50 ms"], rows), ""]
        out.append(f"Load average during the run: {sf['load']}.")
        out.append("")
    if "seed_qa" in section:
        s = section["seed_qa"]["summary"]
        out.append(
            f"Seed questions (`tests/data/seed_qa.jsonl`: {s['answerable']} answerable, {s['unanswerable']} "
            "unanswerable) via `paperchat eval --qa`, offline extractive answerer:"
        )
        out.append("")
        keys = ["gold_recall", "citation_precision", "refusal_accuracy", "false_refusals", "keyword_hit_rate"]
        rows = [[key.replace("_", " "), f3(s[key])] for key in keys]
        rows += [["latency p50 / p95 ms", f"{s['latency_p50_ms']:.0f} / {s['latency_p95_ms']:.0f}"]]
        out += [table(["metric", "value"], rows), ""]
        for miss in section["seed_qa"]["misses"]:
            what = "refused" if miss["refused"] else f"cited {len(miss['cited'])} papers"
            out.append(f"- missed: “{miss['question']}” ({what})")
        out.append("")
    return out


def _ingest(section: dict) -> list[str]:
    rows = []
    for name, s in section["corpora"].items():
        st = s["stages_s"]
        rows.append(
            [
                name,
                s["papers"],
                s["chunks"],
                st["parse"],
                st["chunk"],
                st["embed"],
                st["write"],
                st["keywords"],
                st["total"],
                s["pure_embed_s"],
                s["overhead_ratio"],
                s["overhead_ratio_cpu"],
                s["papers_per_s"],
                s["peak_rss_mb"],
                s["llama_total_s"],
                s["ours_over_llama"],
                " / ".join(f"{x:.1f}" for x in s["load"]),
            ]
        )
    headers = [
        "corpus",
        "papers",
        "chunks",
        "parse s",
        "chunk s",
        "embed s",
        "write s",
        "keywords s",
        "total s",
        "pure embed s",
        "total / pure embed",
        "same, CPU s",
        "papers/s",
        "peak MB",
        "LlamaIndex s",
        "ours / LlamaIndex",
        "load avg",
    ]
    note = (
        "Medians of the runs; `pure embed` embeds the same chunk texts in one call after the ingest, in the same "
        "process. LlamaIndex: `VectorStoreIndex.from_documents` into Chroma with the same MiniLM model, one "
        "Document per paper (parsing given to it for free), default transformations."
    )
    return [table(headers, rows), "", note]


def _query(section: dict) -> list[str]:
    rows = []
    for key in ("seeds", "100k"):
        if key in section:
            q = section[key]
            rows.append(
                [
                    key,
                    q["chunks"],
                    f"{q['retrieve']['p50_ms']:.0f} / {q['retrieve']['p95_ms']:.0f}",
                    f"{q['ask']['p50_ms']:.0f} / {q['ask']['p95_ms']:.0f}",
                    f"{q['answer_stage']['p50_ms']:.0f} / {q['answer_stage']['p95_ms']:.0f}",
                    q["open"],
                    q["first_ask"],
                    q["rss_loaded_mb"],
                    q["rss_after_mb"],
                    q["load"],
                ]
            )
    out = [
        table(
            [
                "index",
                "chunks",
                "retrieve p50/p95 ms",
                "ask p50/p95 ms",
                "answer stage p50/p95 ms",
                "open s",
                "first ask s",
                "RSS loaded MB",
                "RSS after MB",
                "load",
            ],
            rows,
        ),
        "",
    ]
    if "cold_start" in section:
        c = section["cold_start"]
        imports = ", ".join(f"{i['module']} {i['seconds']:.2f} s" for i in c["imports"])
        out += [
            f"CLI cold start (median of {len(c['ask']['runs'])}, load {c['load']}): `paperchat --help` "
            f"{c['help']['median_s']} s, `paperchat ask` {c['ask']['median_s']} s. Heaviest imports in `ask`: "
            f"{imports}.",
            "",
        ]
    return out


def _scale(section: dict) -> list[str]:
    rows = []
    for row in section["embedded"] + section["server"]:
        q, t = row["query"], row["timings"]
        rows.append(
            [
                row["chunks"],
                "server" if row["server"] else "embedded",
                row["ingest"],
                t.get("parse"),
                t.get("chunk"),
                t.get("write"),
                t.get("keywords"),
                row["reingest_unchanged"],
                row["add_one_paper"],
                row["add_one_timings"].get("keywords"),
                row["disk_mb"]["total"],
                row["disk_mb"]["chroma"],
                row["disk_mb"]["catalog"],
                row["disk_mb"].get("keywords", row["disk_mb"].get("bm25")),
                q["open"],
                q["first_query"],
                f"{q['dense']['p50_ms']:.0f} / {q['dense']['p95_ms']:.0f}",
                f"{q['bm25']['p50_ms']:.0f} / {q['bm25']['p95_ms']:.0f}",
                f"{q['hybrid']['p50_ms']:.0f} / {q['hybrid']['p95_ms']:.0f}",
                q.get("first_answer"),
                q.get("answer_after_change"),
                q["rss_loaded_mb"],
                row.get("server_rss_mb"),
                q["load"],
            ]
        )
    headers = [
        "chunks",
        "Chroma",
        "ingest s",
        "parse s",
        "chunk s",
        "write s",
        "keywords s",
        "re-ingest s",
        "add 1 paper s",
        "of which BM25 s",
        "disk MB",
        "chroma MB",
        "catalog MB",
        "keywords MB",
        "open s",
        "first query s",
        "dense p50/p95 ms",
        "BM25 p50/p95 ms",
        "hybrid p50/p95 ms",
        "first answer s",
        "answer after a change s",
        "client RSS MB",
        "server RSS MB",
        "load",
    ]
    v = section["vectors"]
    note = (
        f"Vectors precomputed once ({v['texts']} texts embedded in {v['seconds']:.0f} s so far), so ingest times "
        "exclude the model. Past the ~50k SciFact abstracts and sentences, records repeat under new ids."
    )
    return [table(headers, rows), "", note]


def _question_reading(section: dict) -> list[str]:
    lines = [
        "| papers | first question s (everything built) | unchanged s | after adding one paper s "
        "| after removing one s | load |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for row in section["rows"]:
        lines.append(
            f"| {row['papers']:,} | {row['first']} | {row['unchanged']} | {row['after_add']} | {row['after_remove']} |"
            f" {row['load']} |"
        )
    return lines


def _answers(section: dict) -> list[str]:
    from bench.answers import render as answers

    return answers(section)


def _run_all(section: dict) -> list[str]:
    scripts = ", ".join(f"`{name}` {seconds / 60:.1f} min" for name, seconds in section["scripts"].items())
    return [f"Whole run{' (quick)' if section['quick'] else ''}: {section['seconds'] / 60:.1f} min ({scripts})."]


RENDERERS: dict[str, tuple[str, Callable[[dict], list[str]]]] = {
    "quality": ("Quality (`bench/quality.py`)", _quality),
    "ingest_speed": ("Ingest speed (`bench/ingest_speed.py`)", _ingest),
    "parse_speed": ("PDF parse speed (`bench/parse_speed.py`)", lambda section: section["lines"]),
    "pdf_metadata": ("PDF titles, authors and years (`bench/pdf_metadata.py`)", lambda section: section["lines"]),
    "query_speed": ("Query speed (`bench/query_speed.py`)", _query),
    "scale": ("Scale (`bench/scale.py`)", _scale),
    "question_reading": (
        "Reading a question after the library changes (`bench/question_reading.py`)",
        _question_reading,
    ),
    "answers": ("Answers on the development and first-sight sets (`bench/answers.py`)", _answers),
    "run_all": ("`make bench`", _run_all),
}


def render(results: dict) -> None:
    parts = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`bench/run_all.py`); raw numbers in `bench/results.json`. Wall-clock times "
        "were taken on a 2-core machine shared with other work: each section gives its load average, and "
        "CPU-time ratios are the steadier comparison.",
        "",
    ]
    top = headline(results)
    if top:
        parts += ["## Headline (for the README)", "", *top, ""]
    for key, (title, renderer) in RENDERERS.items():
        if key in results:
            parts += [f"## {title}", "", _machine(results[key]), "", *renderer(results[key]), ""]
    if FINDINGS_MD.exists():
        parts += [FINDINGS_MD.read_text().strip(), ""]
    RESULTS_MD.write_text("\n".join(parts))


if __name__ == "__main__":
    render(json.loads((HERE / "results.json").read_text()))
