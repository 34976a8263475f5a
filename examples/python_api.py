"""paperchat from Python, cell by cell (`# %%` cells run one by one in VS Code, PyCharm or Jupyter's jupytext).

Every call the README's "Python API" section documents, with what it prints. Offline: the bundled embedding model,
the extractive answerer, and one scripted failure of a model server on 127.0.0.1.

    python examples/python_api.py [INDEX_DIR] [PAPERS]

INDEX_DIR defaults to a new temporary folder, PAPERS to the sample papers beside this file. CI runs it
(tests/test_examples.py).
"""

# %% Open an index and add papers
import asyncio
import os
import socket
import sys
import tempfile
from pathlib import Path

from paperchat import Answer, Assistant, Filters, Settings

INDEX = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()) / "index"
PAPERS = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).parent / "papers"

assistant = Assistant.open(INDEX)  # settings from PAPERCHAT_* variables and .env; Assistant.open(INDEX, settings)
report = assistant.ingest([PAPERS], progress=lambda step, done, total: None)  # steps: wait, parse, embed, keywords
print(report)  # what changed, how long it took, each problem
print(repr(report))

# %% Ask: an Answer with numbered citations
answer = assistant.ask("How can a regression model forget training data?")
print(answer)  # the text with [n] markers, then the references
print(repr(answer))  # short; in a notebook the answer shows itself as Markdown (answer._repr_markdown_())
print(answer.citations[0].title, answer.citations[0].snippet[:80], answer.citations[0].chunk_id)
print(answer.citations[0].page, answer.citations[0].section, answer.citations[0].location)  # a PDF's: 7, "p. 7, §5.4"
print(answer.refused, answer.warnings, answer.timings["total"])
print(answer.markdown())
print(answer.bibtex())
data = answer.to_dict()  # every field under its own name: text, citations, passages, refusal, plan, ...
assert Answer.from_dict(data) == answer

# %% A refusal says why, as data
refusal = assistant.ask("What accuracy does GPT-7 reach on ImageNet?")
print(refusal.text)
print(refusal.refusal)  # reason='missing_terms' missing_terms=['GPT-7'] closest_papers=[...]

# %% Filters: a Filters or a dict, everywhere; categories by code or name; k the most sources
print(assistant.ask("low-rank training", filters=Filters(year_from=2024, category="machine learning"), k=3))
print(assistant.ask("Which papers are about speech recognition?", filters={"author": "Yufeng Yang"}, k=2))
print(len(assistant.papers({"category": "computer vision"})), "papers in computer vision (CV)")
for passage in assistant.retrieve("conformer speech recognition", k=3):
    print(repr(passage))

# %% Streaming: text as it is written, then the checked Answer
stream = assistant.stream("What is MemAscend?")
for piece in stream:
    print(piece, end="", flush=True)
print()
print("written piece by piece:", stream.incremental)  # False: the offline answerer composes the answer whole
print(stream.answer().citations[0].title)

# %% A conversation: earlier Answers are the history
first = assistant.ask("Which model uses a Conformer encoder for robust speech recognition?")
follow_up = assistant.chat("Who wrote it?", history=[first])
print(follow_up)
print(assistant.chat("What word error rate does it reach?", history=[first, follow_up]).text)

# %% Errors to catch: every one is a paperchat.PaperchatError
from paperchat import AnswererUnavailableError, FiltersError, PaperchatError, QuestionError, SettingsError  # noqa: E402

for bad_call in (
    lambda: assistant.ask(""),
    lambda: assistant.ask("speech", filters={"yeer_from": 2024}),
    lambda: assistant.ask("speech", filters={"year_from": 2025, "year_to": 2020}),
    lambda: assistant.ask("speech", k="5"),
    lambda: assistant.chat("Who wrote it?", history=[{"speaker": "user", "content": "hi"}]),
    lambda: Settings(retrieval={"top_k": 500}),
):
    try:
        bad_call()
    except (QuestionError, FiltersError, SettingsError) as error:
        print(f"{type(error).__name__}: {error}")

with socket.socket() as probe:  # a model server that is not there
    probe.bind(("127.0.0.1", 0))
    nowhere = f"http://127.0.0.1:{probe.getsockname()[1]}/v1"
unreachable = Settings(index_dir=INDEX, answer={"backend": "openai-like", "base_url": nowhere, "model": "any"})
try:
    Assistant.open(INDEX, unreachable).ask("What is MemAscend?")
except AnswererUnavailableError as error:
    print(f"{type(error).__name__}: {error}")
    print("  url:", error.url, "setting:", error.setting, "cause:", type(error.__cause__).__name__)
except PaperchatError as error:  # the base of them all
    print(f"{type(error).__name__}: {error}")


# %% Async: ten questions at once, each in the Assistant's own pool of threads (PAPERCHAT_LIMITS__ASYNC_THREADS)
async def main() -> None:
    questions = ["What is MemAscend?", "How can LLMs be fine-tuned when GPU memory is limited?", "What is GaLore?"]
    answers = await asyncio.gather(*(assistant.aask(question) for question in questions))
    for answer in answers:
        print(repr(answer))
    stream = assistant.astream("How do zeroth-order methods cut the memory of fine-tuning?")
    async for piece in stream:
        print(piece, end="")
    print()
    print((await stream.answer()).citations[0].title)
    print(len(await assistant.aretrieve("speech", k=2)), (await assistant.astats())["papers"], "papers")


asyncio.run(main())

# %% Settings from code and from the environment
settings = Settings(index_dir=INDEX, retrieval={"top_k": 8}, limits={"async_threads": 4})
print(settings.retrieval.top_k, settings.limits.async_threads)
os.environ["PAPERCHAT_RETRIEVAL__TOP_K"] = "4"  # as `export PAPERCHAT_RETRIEVAL__TOP_K=4` would
print(Settings().retrieval.top_k)
os.environ["PAPERCHAT_RETRIEVAL__TOPK"] = "4"  # misspelt: an error naming the closest setting
try:
    Settings()
except SettingsError as error:
    print(f"SettingsError: {error}")
finally:
    del os.environ["PAPERCHAT_RETRIEVAL__TOPK"], os.environ["PAPERCHAT_RETRIEVAL__TOP_K"]
with Assistant.open(INDEX, settings) as eight:  # closes its threads and catalog at the end of the block
    print(len(eight.retrieve("memory-efficient fine-tuning")), "passages: top_k is 8 here")

# %% The library: papers, stats, remove (and add back)
print(assistant.stats()["papers"], "papers;", assistant.stats()["answer_backend"], "answerer")
paper = assistant.papers()[0]
print(repr(assistant.remove(paper.paper_id)))
print(repr(assistant.ingest([PAPERS])))  # its source is read again: the paper is back
assistant.close()
