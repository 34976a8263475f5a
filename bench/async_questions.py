"""Ten questions at once through the async API against an OpenAI-compatible model server on 127.0.0.1: the total
time, against the slowest of the same questions asked one at a time.

The server is the scripted one the tests use (tests/openai_stand_in.py, real HTTP, streaming), answering each
question after a latency of its own, from 0.5× to 1.5× `--latency`, as a model writing answers of different
lengths would. "before" is how `aask` ran until 0.2: `asyncio.to_thread(assistant.ask, ...)` on asyncio's default
pool (min(32, cores + 4) threads: 6 on 2 cores). "after" is `Assistant.aask`, on the Assistant's own pool
(settings.limits.async_threads, 16 by default).

Run: python bench/async_questions.py [--questions 10] [--latency 1.0] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import load  # noqa: E402
from tests.openai_stand_in import ScriptedChatServer  # noqa: E402
from tests.reliability.helpers import TOPICS, tiny_papers, write_jsonl  # noqa: E402

QUESTION = "What did study number {n} find about {topic}?"


def latency_of(question: str, count: int, latency: float) -> float:
    """The scripted model's time for a question: 0.5× to 1.5× `latency`, by the question's number."""
    n = int(re.search(r"number (\d+)", question).group(1))  # type: ignore[union-attr]
    return latency * (0.5 + n / max(1, count - 1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--latency", type=float, default=1.0, help="the model's median seconds per answer")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from paperchat import Assistant, Settings

    questions = [QUESTION.format(n=n, topic=TOPICS[n % len(TOPICS)][0]) for n in range(args.questions)]

    def reply(messages: list[dict]) -> str:
        asked = re.search(r"What did study number \d+ find about \w+\?", messages[-1]["content"])
        time.sleep(latency_of(asked.group(0) if asked else "number 0", args.questions, args.latency))
        return "The study measured what it reports [1]."

    with tempfile.TemporaryDirectory() as folder, ScriptedChatServer(reply) as server:
        index = Path(folder) / "index"
        # The model writes the answers; the rules read the questions, so each question is one model request.
        answer = {"backend": "openai-like", "base_url": server.base_url, "model": "scripted", "plan_with_model": False}
        settings = Settings(_env_file=None, index_dir=index, answer=answer)
        assistant = Assistant.open(index, settings)
        assistant.ingest(write_jsonl(Path(folder) / "papers.jsonl", tiny_papers(len(TOPICS) * 2)))
        assistant.ask(questions[0])  # loads the model and the question reader's indexes: not part of any timing

        singles: list[float] = []
        for question in questions:
            start = time.perf_counter()
            assistant.ask(question)
            singles.append(time.perf_counter() - start)

        async def before() -> None:
            await asyncio.gather(*(asyncio.to_thread(assistant.ask, question) for question in questions))

        async def after() -> None:
            await asyncio.gather(*(assistant.aask(question) for question in questions))

        totals: dict[str, list[float]] = {"before": [], "after": []}
        for _ in range(args.rounds):
            for name, run in (("before", before), ("after", after)):
                start = time.perf_counter()
                asyncio.run(run())
                totals[name].append(time.perf_counter() - start)
        assistant.close()

    slowest = max(singles)
    print(f"{args.questions} questions, model latency {args.latency * 0.5:.2f}–{args.latency * 1.5:.2f} s, "
          f"{os.cpu_count()} cores, load {load()}, {args.rounds} rounds (median)")
    print(f"  one at a time:    slowest {slowest:.2f} s, median {statistics.median(singles):.2f} s, "
          f"sum {sum(singles):.2f} s")
    default_pool = min(32, (os.cpu_count() or 1) + 4)
    for name, label in (("before", f"asyncio.to_thread, default pool ({default_pool})"),
                        ("after", f"Assistant.aask, own pool ({settings.limits.async_threads})")):
        total = statistics.median(totals[name])
        print(f"  {name:<6} {label:<44} {total:.2f} s total = slowest + {total - slowest:.2f} s "
              f"(rounds: {', '.join(f'{t:.2f}' for t in totals[name])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
