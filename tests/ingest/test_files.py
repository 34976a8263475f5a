import errno
import os
from pathlib import Path

import pytest

import paperchat.ingest.files
from paperchat.ingest.files import iter_files, read_document
from paperchat.ingest.formats.base import Problem

MB = 1024 * 1024


def write(path: Path, text: str = "# A note\n\nBody.\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_folders_are_walked_recursively_in_name_order_skipping_hidden_entries(tmp_path: Path) -> None:
    for name in ["b.md", "a/z.txt", "a/deeper/y.bib", "c.jsonl", ".hidden.md", ".git/config", "a/.cache/x.md"]:
        write(tmp_path / name)

    found = list(iter_files([tmp_path]))

    assert found == [tmp_path / "a/deeper/y.bib", tmp_path / "a/z.txt", tmp_path / "b.md", tmp_path / "c.jsonl"]


def test_a_hidden_file_named_explicitly_is_kept(tmp_path: Path) -> None:
    hidden = write(tmp_path / ".draft.md")
    assert list(iter_files([hidden])) == [hidden]


def test_a_file_given_twice_or_reached_through_a_link_is_yielded_once(tmp_path: Path) -> None:
    paper = write(tmp_path / "docs/paper.md")
    (tmp_path / "docs/alias.md").symlink_to(paper)
    assert list(iter_files([paper, tmp_path / "docs"])) == [paper]


def test_a_missing_path_is_a_problem_and_the_others_are_still_found(tmp_path: Path) -> None:
    paper = write(tmp_path / "paper.md")
    missing = tmp_path / "nope.pdf"

    found = list(iter_files([missing, paper]))

    assert found == [Problem(str(missing), "no such file or directory"), paper]
    assert str(found[0]) == f"{missing}: no such file or directory"


def test_a_link_back_to_a_parent_folder_is_reported_not_followed_forever(tmp_path: Path) -> None:
    paper = write(tmp_path / "root/sub/paper.md")
    (tmp_path / "root/sub/up").symlink_to(tmp_path / "root")

    found = list(iter_files([tmp_path / "root"]))

    assert paper in found
    [problem] = [item for item in found if isinstance(item, Problem)]
    assert problem.source == str(tmp_path / "root/sub/up")
    assert problem.reason.startswith("symbolic link loop")


def test_links_pointing_at_each_other_and_broken_links_are_problems(tmp_path: Path) -> None:
    (tmp_path / "ping").symlink_to(tmp_path / "pong")
    (tmp_path / "pong").symlink_to(tmp_path / "ping")
    (tmp_path / "dangling").symlink_to(tmp_path / "gone.md")

    found = list(iter_files([tmp_path]))

    assert found == [
        Problem(str(tmp_path / "dangling"), f"broken symbolic link (points to {tmp_path / 'gone.md'})"),
        Problem(str(tmp_path / "ping"), "symbolic link loop"),
        Problem(str(tmp_path / "pong"), "symbolic link loop"),
    ]


def test_a_named_pipe_is_skipped_with_a_problem_and_reading_it_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "queue.txt"
    os.mkfifo(fifo)

    assert list(iter_files([tmp_path])) == [Problem(str(fifo), "not a regular file (a named pipe), skipped")]
    assert read_document(fifo, 25 * MB).problems == [Problem(str(fifo), "not a regular file (a named pipe)")]


def test_reading_a_directory_named_like_a_file_is_a_problem(tmp_path: Path) -> None:
    folder = tmp_path / "paper.pdf"
    folder.mkdir()
    assert read_document(folder, 25 * MB).problems == [Problem(str(folder), "not a regular file (a directory)")]


def test_read_document_parses_a_file_and_names_it_as_the_source(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.md", "# Sparse Retrieval\n\nBM25 still works.\n")
    result = read_document(path, 25 * MB)
    assert result.problems == []
    assert [(paper.title, paper.sources) for paper in result.papers] == [("Sparse Retrieval", [str(path)])]


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * MB)  # sparse: instant, and takes no disk space

    def must_not_read(path: Path, max_bytes: int) -> bytes:
        raise AssertionError("the size check comes first")

    monkeypatch.setattr(paperchat.ingest.files, "_read_at_most", must_not_read)
    [problem] = read_document(big, 25 * MB).problems
    assert str(problem) == f"{big}: file is 50.0 MB, over the 25 MB limit (PAPERCHAT_INGEST__MAX_FILE_MB)"


def test_a_file_exactly_at_the_limit_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "small.txt", "Title line\n" + "x" * 89)
    assert path.stat().st_size == 100
    assert read_document(path, max_bytes=100).papers[0].title == "Title line"


def test_a_parse_error_becomes_a_problem_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"line one\nline two\ncaf\xe9\n")
    [problem] = read_document(path, 25 * MB).problems
    assert str(problem) == f"{path}:3: not valid UTF-8 text (byte 0xe9 at offset 21)"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_an_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.md")
    path.chmod(0)
    try:
        assert read_document(path, 25 * MB).problems == [Problem(str(path), "permission denied")]
    finally:
        path.chmod(0o644)


def test_permission_denied_while_reading_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs as root too, where chmod 000 would not stop the read: the error is raised where the read happens.
    path = write(tmp_path / "secret.md")

    def denied(path: Path, max_bytes: int) -> bytes:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(paperchat.ingest.files, "_read_at_most", denied)
    assert read_document(path, 25 * MB).problems == [Problem(str(path), "permission denied")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can list any folder")
def test_an_unlistable_folder_is_a_problem(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    write(folder / "paper.md")
    folder.chmod(0)
    try:
        assert list(iter_files([tmp_path])) == [Problem(str(folder), "permission denied")]
    finally:
        folder.chmod(0o755)
