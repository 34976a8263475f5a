"""The Library handlers: uploads stored where ingest reads them, every failure named, exports cleaned up."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from paperchat.assistant.results import IngestReport
from paperchat.ingest.formats.base import Problem
from paperchat.ui.web.handlers import Shell
from paperchat.ui.web.settings import UISettings
from tests.conftest import make_settings


class _Library:
    """Just enough of an Assistant for the Library handlers: records what it was asked to ingest."""

    def __init__(self, index_dir: Path) -> None:
        self.settings = make_settings(index_dir)
        self.ingested: list[list[Path]] = []

    def ingest(self, paths: list[Path], progress: object = None) -> IngestReport:
        self.ingested.append(paths)
        for step in [("wait", 3, 600), ("parse", 1, 1), ("embed", 8, 16), ("embed", 16, 16), ("keywords", 1, 1)]:
            progress(*step)  # type: ignore[operator]
        return IngestReport(
            files=len(paths), problems=[Problem(str(paths[0]), "no title found")], failed_files=[str(paths[0])]
        )

    def papers(self) -> list:
        return []

    def stats(self) -> dict:
        return {"papers": 0, "index_dir": str(self.settings.index_dir)}


def test_ingest_stores_uploads_in_the_upload_folder_and_names_every_failure(tmp_path: Path) -> None:
    fake = _Library(tmp_path / "index")
    shell = Shell(fake, upload_dir=tmp_path / "uploads", ui=UISettings(_env_file=None, max_upload_mb=0.001))
    small, big = tmp_path / "small.md", tmp_path / "big.md"
    small.write_text("# Small paper")
    big.write_bytes(b"x" * 5000)
    summary, *_ = shell.ingest([str(small), str(big)], str(tmp_path / "missing"), "", "Newest first")
    assert fake.ingested == [[(tmp_path / "uploads" / "small.md").resolve()]]
    assert "big.md" in summary and "over the" in summary  # over the 0.001 MB limit: never stored
    assert "not inside a folder this server allows" in summary and "no title found" in summary and "small.md" in summary
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == ["small.md"]


def test_only_an_admin_may_change_the_library(tmp_path: Path) -> None:
    fake = _Library(tmp_path / "index")
    ui = UISettings(_env_file=None, auth=["ana:pw", "bob:pw"], admins=["ana"])
    shell = Shell(fake, upload_dir=tmp_path / "uploads", ui=ui)
    upload = tmp_path / "a.md"
    upload.write_text("# A paper")
    as_bob = SimpleNamespace(username="bob")
    summary, *_ = shell.ingest([str(upload)], "", "", "Newest first", request=as_bob)
    removed, *_ = shell.remove("p1", "", "Newest first", request=as_bob)
    assert "Only an admin" in summary and "Only an admin" in removed and fake.ingested == []
    assert not (tmp_path / "uploads").exists()  # nothing stored for a refused user
    shell.ingest([str(upload)], "", "", "Newest first", request=SimpleNamespace(username="ana"))
    assert len(fake.ingested) == 1


def test_the_export_folder_the_shell_made_is_removed_with_it(tmp_path: Path) -> None:
    shell = Shell(_Library(tmp_path / "index"), upload_dir=tmp_path / "uploads")
    folder = shell.export_dir
    (folder / "paperchat-citations.bib").write_text("@article{x}")
    shell.close()
    assert not folder.exists()
    given = Shell(_Library(tmp_path / "index"), export_dir=tmp_path / "mine")
    assert given.close is None  # a folder the caller chose is the caller's


def test_the_library_shows_the_steps_of_an_ingest_in_the_words_of_every_shell(tmp_path: Path) -> None:
    from paperchat.assistant.ingest_report import progress_text

    shown: list[str] = []
    shell = Shell(_Library(tmp_path / "index"), upload_dir=tmp_path / "uploads")
    upload = tmp_path / "a.md"
    upload.write_text("# A paper")
    shell.ingest([str(upload)], "", "", "Newest first", progress=lambda done, desc: shown.append(desc))
    assert shown == [
        "Waiting for another process writing this index: 3 s (gives up after 600 s)",
        "Reading files 1/1",
        "Embedding chunks 8/16",
        "Embedding chunks 16/16",
        "Updating the keyword index",
    ]
    assert shown[2] == progress_text("embed", 8, 16).capitalize()


def test_removing_an_uploaded_paper_takes_its_file_out_and_an_unknown_id_is_an_error(tmp_path: Path) -> None:
    from paperchat.assistant import Assistant
    from paperchat.ui.web.handlers import UnknownPaper

    assistant = Assistant.open(tmp_path / "index", make_settings(tmp_path / "index"), create=True)
    shell = Shell(assistant, ui=UISettings(_env_file=None), export_dir=tmp_path / "export")
    upload = tmp_path / "kelp.md"
    upload.write_text("# Kelp Forests Store Carbon\n\nKelp stores carbon in deep sediments for centuries.\n")
    shell.ingest([str(upload)], "", "", "Newest first")
    stored = shell.upload_dir / "kelp.md"
    (paper,) = assistant.papers()
    assert stored.is_file() and paper.sources == [str(stored.resolve())]
    message, *_, undo = shell.remove(paper.paper_id, "", "Newest first")
    assert "Removed" in message and not stored.exists() and assistant.papers() == []
    assert list(undo["held"]) == [str(stored.resolve())]  # put aside, for Undo
    with pytest.raises(UnknownPaper, match="no indexed paper has this id"):
        shell.remove_paper(paper.paper_id)
    message, *_, undo = shell.remove(paper.paper_id, "", "Newest first")
    assert "no longer in the index" in message and undo is None


def test_a_question_over_the_limit_is_refused_with_one_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = _Library(tmp_path / "index")
    fake.settings = fake.settings.model_copy(
        update={"limits": fake.settings.limits.model_copy(update={"questions_per_minute": 1})}
    )
    shell = Shell(fake, upload_dir=tmp_path / "uploads")
    asker = SimpleNamespace(username="ana", session_hash="s1")
    assert shell.over_limit(asker) is None
    with caplog.at_level("WARNING", logger="paperchat.ui.web"):
        refusal = shell.over_limit(asker)
    assert refusal and "1 questions in the last minute" in refusal and "PAPERCHAT" not in refusal
    assert len(caplog.records) == 1 and "ana" in caplog.records[0].getMessage() and not caplog.records[0].exc_info


def test_errors_shown_to_readers_name_no_server_setting() -> None:
    from paperchat.ui.web.handlers import NOT_ADMIN, for_readers

    message = "the question is 9000 characters, over the 4000 limit (PAPERCHAT_ANSWER__MAX_QUESTION_CHARS)"
    assert for_readers(message) == "the question is 9000 characters, over the 4000 limit"
    assert "PAPERCHAT" not in NOT_ADMIN
