"""A folder of bad input through the real `paperchat ingest`: it finishes, names every bad file with its reason,
indexes every good paper, exits 1, and a second run does no embedding work."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import make_settings
from tests.installed import interpreter_for
from tests.reliability.helpers import cli_env, run_cli, tiny_papers, write_jsonl

pytestmark = pytest.mark.slow
NESTING = 60  # folders deep; far deeper trees: see test_a_folder_deeper_than_the_recursion_limit_is_walked
HUGE_MB = 50

# file (relative to the corpus) → a pattern its reason must match. Every one must be named in the summary.
BAD = {
    "empty.txt": r"empty file",
    "binary.txt": r"binary file",
    "truncated.pdf": r"corrupt or truncated PDF",
    "encrypted.pdf": r"encrypted PDF that needs a password",
    "latin1.txt": r"not valid UTF-8 text \(byte 0xe9",
    "utf16-no-bom.txt": r"binary file|UTF-16",  # no byte-order mark: nothing says it is text
    "mixed.jsonl": r"invalid JSON|not valid JSON|JSON",
    "refs.bib": r"broken entry|has no title",
    "front-matter-only.md": r"front matter only",
    "huge.txt": rf"file is {HUGE_MB}\.0 MB, over the 25 MB limit \(PAPERCHAT_INGEST__MAX_FILE_MB\)",
    "loop": r"symbolic link loop",
    "self-link.txt": r"symbolic link loop",
    "unreadable.txt": r"permission denied",
}
GOOD_TITLES = {
    *(p["title"] for p in tiny_papers(2, prefix="Good")),
    *(p["title"] for p in tiny_papers(8, start=10, prefix="Mixed")),
    "Kelp forests and carbon",
    "Bees and polarised light",
    "A paper written in UTF-16",
    "Cavitation Erosion of Tidal Turbine Blades",
    "A paper found deep in folders",
}
BIBTEX = """@article{good2020, title = {Kelp forests and carbon}, author = {Ada Lovelace and Alan Turing},
  year = {2020}, abstract = {Kelp stores carbon in deep sediments.}}

@article{broken2021,
  title = {A broken entry with {unbalanced braces,
  author = {Nobody},

@article{notitle2022, author = {A. Person}, year = {2022}}

@inproceedings{good2023, title = {Bees and polarised light}, author = {Karl von Frisch}, year = {2023}}
"""


def pdf_bytes(title: str, body: str) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    for y, line in ((740, title), (712, "Ada Lovelace, Alan Turing"), (680, "Abstract"), (660, body)):
        page.drawString(72, y, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def encrypted(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt("a user password", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def build_corpus(root: Path) -> None:
    """The bad-input folder, with good papers mixed in. Made here: a 50 MB file and links do not belong in git."""
    root.mkdir()
    write_jsonl(root / "good.jsonl", tiny_papers(2, prefix="Good"))
    mixed = [json.dumps(p) for p in tiny_papers(8, start=10, prefix="Mixed")]
    mixed[3:3] = ['{"title": "cut off in the midd']  # a line of broken JSON between good ones
    mixed.append("[1, 2, 3]")  # valid JSON, not an object
    (root / "mixed.jsonl").write_text("\n".join(mixed) + "\n")
    (root / "refs.bib").write_text(BIBTEX)
    utf16 = "# A paper written in UTF-16\n\nBees dance to share where nectar is.\n"
    (root / "utf16.md").write_bytes(utf16.encode("utf-16"))  # with a byte-order mark: readable text
    (root / "utf16-no-bom.txt").write_bytes("A paper in UTF-16 without a mark\n\nText.\n".encode("utf-16-le"))
    paper = pdf_bytes("Cavitation Erosion of Tidal Turbine Blades", "Coated blades lost less mass in the tunnel.")
    (root / "good.pdf").write_bytes(paper)
    (root / "truncated.pdf").write_bytes(paper[: len(paper) // 2])
    (root / "encrypted.pdf").write_bytes(encrypted(paper))
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (root / "latin1.txt").write_bytes("Caf\xe9 na\xefve r\xe9sum\xe9 of a study\n\nAbout coffee.\n".encode("latin-1"))
    (root / "front-matter-only.md").write_text("---\ntitle: Only front matter\nauthors: [A. Person]\n---\n\n")
    with (root / "huge.txt").open("wb") as handle:  # real text, not a sparse file
        block = b"word " * (1024 * 1024 // 5 + 1)
        for _ in range(HUGE_MB):
            handle.write(block[: 1024 * 1024])
    (root / "loop").symlink_to(".", target_is_directory=True)  # a folder that contains itself
    (root / "self-link.txt").symlink_to("self-link.txt")
    (root / "unreadable.txt").write_text("# Secret paper\n\nNobody may read this.\n")
    (root / "unreadable.txt").chmod(0)
    deep = root / "deep"
    deep.mkdir()
    for _ in range(NESTING):
        deep = deep / "d"
        deep.mkdir()
    (deep / "paper.md").write_text("# A paper found deep in folders\n\nNested folders hold papers too.\n")


@pytest.fixture(scope="module")
def workspace() -> Iterator[tuple[Path, Path, str | None]]:
    """(corpus, index dir, user to run as). As root every file is readable, so the CLI runs as nobody then."""
    user = "nobody" if os.geteuid() == 0 else None
    if user and interpreter_for(user) is None:
        pytest.skip(f"no python {sys.version_info[0]}.{sys.version_info[1]} that {user} can run")
    base = Path(tempfile.mkdtemp(prefix="paperchat-bad-"))  # not under pytest's root-only tmp folders
    try:
        base.chmod(0o755)
        umask = os.umask(0o022)  # the corpus is read as another user: readable whatever the tester's umask (077 too)
        try:
            build_corpus(base / "corpus")
        finally:
            os.umask(umask)
        index_dir, home = base / "index", base / "home"
        for folder in (index_dir, home):
            folder.mkdir()
            if user:
                shutil.chown(folder, user)
        yield base / "corpus", index_dir, user
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def runs(workspace: tuple[Path, Path, str | None]) -> tuple:
    corpus, index_dir, user = workspace
    env = cli_env(index_dir, HOME=str(index_dir.parent / "home"))
    first = run_cli(["ingest", str(corpus)], env, user=user)
    second = run_cli(["ingest", "--json", str(corpus)], env, user=user)
    return first, second


def named_problems(stderr: str, corpus: Path) -> dict[str, list[str]]:
    """file (relative to the corpus) → the reasons printed for it as `error: PATH[:LINE]: REASON`."""
    named: dict[str, list[str]] = {}
    for line in stderr.splitlines():
        match = re.match(rf"error: {re.escape(str(corpus))}/(.+?)(?::\d+)?: (.+)$", line)
        if match:
            named.setdefault(match.group(1), []).append(match.group(2))
    return named


def test_every_bad_file_is_named_with_its_reason_and_the_run_exits_1(workspace: tuple, runs: tuple) -> None:
    corpus, _, _ = workspace
    first, _ = runs
    assert first.returncode == 1, first.stderr[-3000:]
    assert "Traceback" not in first.stderr
    named = named_problems(first.stderr, corpus)
    wrong = {
        name: named.get(name)
        for name, reason in BAD.items()
        if not any(re.search(reason, r) for r in named.get(name, []))
    }
    assert not wrong, f"bad files not named with their reason: {wrong}"
    assert set(named) == set(BAD), f"good files named as bad: {set(named) - set(BAD)}"
    summary = first.stdout.strip().splitlines()[0]
    assert re.search(r"\d+ files failed, \d+ problems", summary), summary
    assert any(r.startswith("line") or re.search(r"invalid|JSON", r) for r in named["mixed.jsonl"])
    assert len(named["mixed.jsonl"]) == 2 and len(named["refs.bib"]) == 2


def test_every_good_paper_is_indexed(workspace: tuple, runs: tuple) -> None:
    from paperchat.assistant import Assistant

    _, index_dir, _ = workspace
    assistant = Assistant.open(index_dir, make_settings(index_dir))
    try:
        titles = {p.title for p in assistant.papers()}
        assert titles >= GOOD_TITLES, f"missing: {GOOD_TITLES - titles}"
        assert len(titles) == len(GOOD_TITLES), f"unexpected papers: {titles - GOOD_TITLES}"
        [answer_source] = assistant.retrieve("deep nested folders hold papers", k=1)
        assert answer_source.title == "A paper found deep in folders"
    finally:
        assistant.index.catalog.close()


def test_reingesting_the_folder_does_no_duplicate_work(workspace: tuple, runs: tuple) -> None:
    _, second = runs
    assert second.returncode == 1, second.stderr[-2000:]
    report = json.loads(second.stdout)
    assert report["chunks_embedded"] == 0
    assert report["new"] == [] and report["updated"] == [] and report["removed"] == []
    assert report["unchanged"] == len(GOOD_TITLES)
    assert {Path(p.split(":")[0]).name for p in report["problems"]} >= {Path(name).name for name in BAD}


def remove_deep_tree(top: str) -> None:
    """shutil.rmtree (and pytest's own temp cleanup) recurse too, and fail on this tree: remove it bottom-up."""
    folders, pending = [], [top]
    while pending:
        folder = pending.pop()
        folders.append(folder)
        for entry in os.scandir(folder):
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
            else:
                os.unlink(entry.path)
    for folder in reversed(folders):
        os.rmdir(folder)


def test_a_folder_deeper_than_the_recursion_limit_is_walked() -> None:
    from paperchat.ingest.files import iter_files

    top = tempfile.mkdtemp(prefix="paperchat-deep-")
    limit = sys.getrecursionlimit()
    try:
        path = top
        for _ in range(400):
            path += "/d"
            os.mkdir(path)
        Path(path, "paper.md").write_text("# Deep\n\nText.\n")
        # A lowered limit shows the same failure as a 1,000-level tree at a fraction of its cost.
        sys.setrecursionlimit(250)
        found = list(iter_files([Path(top)]))
        sys.setrecursionlimit(limit)
        assert [Path(p).name for p in found] == ["paper.md"]
    finally:
        sys.setrecursionlimit(limit)
        remove_deep_tree(top)
