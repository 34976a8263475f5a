"""The upload folder: uploads stored under safe names, reused when the same, and taken out when no paper uses them."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperchat.ui.web import uploads


@pytest.mark.parametrize("name", ["../../evil.md", "..\\..\\evil.md", "/etc/passwd", ".bashrc", "a/../../b.md"])
def test_uploads_never_leave_the_upload_folder(tmp_path: Path, name: str) -> None:
    temp = tmp_path / "temp.md"
    temp.write_text("# A paper\n\nText.")
    folder = tmp_path / "uploads"
    stored = uploads.store_upload(temp, name, folder, max_bytes=10_000)
    assert stored.parent == folder.resolve() and stored.is_file()
    assert not stored.name.startswith(".") and "/" not in stored.name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["temp.md", "uploads"]


def test_same_upload_is_reused_and_a_different_one_gets_a_new_name(tmp_path: Path) -> None:
    first, second = tmp_path / "1", tmp_path / "2"
    first.write_text("one")
    second.write_text("two")
    folder = tmp_path / "up"
    a = uploads.store_upload(first, "paper.md", folder, 100)
    assert uploads.store_upload(first, "paper.md", folder, 100) == a
    b = uploads.store_upload(second, "paper.md", folder, 100)
    assert (a.name, b.name) == ("paper.md", "paper-2.md") and b.read_text() == "two"


def test_uploads_over_the_size_limit_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(uploads.UploadError, match="over the"):
        uploads.store_upload(big, "big.pdf", tmp_path / "up", max_bytes=1024)
    assert not (tmp_path / "up" / "big.pdf").exists()


def test_an_upload_no_paper_comes_from_any_more_is_put_aside_and_can_come_back(tmp_path: Path) -> None:
    folder = tmp_path / "uploads"
    kept, gone = folder / "kept.md", folder / "gone.md"
    folder.mkdir()
    kept.write_text("# Kept")
    gone.write_text("# Gone")
    elsewhere = tmp_path / "server.md"
    elsewhere.write_text("# Not an upload")
    unused = uploads.unused_uploads([str(kept), str(gone), str(elsewhere)], folder, still_used=[str(kept)])
    assert unused == [gone.resolve()]  # a file another paper uses stays, and only uploads are ever touched
    held = uploads.put_aside(unused, tmp_path / "aside")
    assert not gone.exists() and sorted(p.name for p in folder.iterdir()) == ["kept.md"]
    assert uploads.bring_back(held) == [gone.resolve()] and gone.read_text() == "# Gone"
    uploads.discard(uploads.put_aside([gone.resolve()], tmp_path / "aside"))
    assert not gone.exists() and not any((tmp_path / "aside").rglob("*.md"))
