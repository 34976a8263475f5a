"""The README headline table of bench/RESULTS.md, and the table helpers every section uses."""

from __future__ import annotations


def table(headers: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join("" if cell is None else str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def f3(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _machine(section: dict) -> str:
    m = section["machine"]
    versions = ", ".join(f"{name} {v}" for name, v in m["versions"].items())
    hardware = f"{m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB RAM"
    return f"_{section['date']}; {hardware}; Python {m['python']}; {versions}_"


def headline(results: dict) -> list[str]:
    rows = []
    quality = results.get("quality", {})
    if "scifact" in quality:
        r = quality["scifact"]["results"]
        conf = r.get("configured", {})
        rows.append(
            [
                f"SciFact nDCG@10, default ({quality['scifact']['configured_mode']})",
                f"**{f3(conf.get('ndcg@10'))}** (BM25 {f3(r.get('bm25', {}).get('ndcg@10'))}, "
                f"dense {f3(r.get('dense', {}).get('ndcg@10'))})",
            ]
        )
        rows.append(["SciFact Recall@100, default", f3(conf.get("recall@100"))])
    if "seed_qa" in quality:
        s = quality["seed_qa"]["summary"]
        rows.append(
            [
                f"Seed questions ({s['questions']}): gold paper cited / citation precision / unanswerable refused",
                f"{f3(s['gold_recall'])} / {f3(s['citation_precision'])} / {f3(s['refusal_accuracy'])}",
            ]
        )
    corpora = results.get("ingest_speed", {}).get("corpora", {})
    for name, s in corpora.items():
        llama = (
            f"; LlamaIndex naive pipeline takes {1 / s['ours_over_llama']:.2f}× our time"
            if s["ours_over_llama"]
            else ""
        )
        rows.append(
            [
                f"Ingest {name} ({s['papers']} papers)",
                f"{s['stages_s']['total']:.0f} s, {s['papers_per_s']} papers/s; total / pure embedding "
                f"{s['overhead_ratio']} (CPU {s['overhead_ratio_cpu']}){llama}",
            ]
        )
    speed = results.get("query_speed", {})
    for key, label in (("seeds", "seed index"), ("100k", "100k-chunk index")):
        if key in speed:
            q = speed[key]
            rows.append(
                [
                    f"Query p50 / p95, {label} ({q['chunks']} chunks)",
                    f"retrieve {q['retrieve']['p50_ms']:.0f} / {q['retrieve']['p95_ms']:.0f} ms; "
                    f"ask (offline answer) {q['ask']['p50_ms']:.0f} / {q['ask']['p95_ms']:.0f} ms; "
                    f"{q['rss_loaded_mb']:.0f} MB loaded",
                ]
            )
    if "cold_start" in speed:
        c = speed["cold_start"]
        rows.append(
            ["CLI cold start", f"`paperchat ask` {c['ask']['median_s']:.1f} s, `--help` {c['help']['median_s']:.1f} s"]
        )
    if not rows:
        return []
    machine = next(section["machine"] for section in results.values() if "machine" in section)
    note = (
        f"{machine['cores']} cores ({machine['cpu']}), {machine['memory_gb']} GB, shared with other work while "
        "measured: wall times are pessimistic, see the load averages in bench/RESULTS.md."
    )
    return [table(["measure", "result"], rows), "", f"_{note}_"]
