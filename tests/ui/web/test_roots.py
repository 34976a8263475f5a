"""Folder roots: the only server folders the web UI may read, checked after resolving `..` and links."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperchat.ui.web.roots import FolderRoots, OutsideRoots


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """root/papers/a.md, root/papers/.hidden.md, a secret folder outside the root, and links leading to it."""
    (tmp_path / "root" / "papers").mkdir(parents=True)
    (tmp_path / "root" / "papers" / "a.md").write_text("# A\n\ntext")
    (tmp_path / "root" / "papers" / ".hidden.md").write_text("# Hidden")
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "keys.md").write_text("# Keys")
    (tmp_path / "root" / "escape").symlink_to(tmp_path / "secret")
    (tmp_path / "root" / "papers" / "keys.md").symlink_to(tmp_path / "secret" / "keys.md")
    (tmp_path / "root" / "papers" / "more").symlink_to(tmp_path / "secret")
    return tmp_path


def test_no_roots_means_no_folder_at_all(tree: Path) -> None:
    roots = FolderRoots([])
    assert not roots
    with pytest.raises(OutsideRoots, match="not inside a folder this server allows"):
        roots.folder(str(tree / "root"))


def test_a_folder_under_a_root_is_resolved(tree: Path) -> None:
    roots = FolderRoots([tree / "root"])
    assert roots.folder(str(tree / "root" / "papers")) == (tree / "root" / "papers").resolve()
    assert roots.folder("papers") == (tree / "root" / "papers").resolve()  # relative to the first root


@pytest.mark.parametrize(
    "typed", ["{tree}/secret", "{tree}/root/escape", "{tree}/root/../secret", "../secret", "/etc", "{tree}/nowhere"]
)
def test_outside_paths_get_one_message_whether_or_not_they_exist(tree: Path, typed: str) -> None:
    with pytest.raises(OutsideRoots, match="not inside a folder this server allows") as refused:
        FolderRoots([tree / "root"]).folder(typed.format(tree=tree))
    assert str(refused.value).count("\n") == 0


def test_links_inside_a_folder_that_lead_out_are_skipped_and_named(tree: Path) -> None:
    roots = FolderRoots([tree / "root"])
    found, refused = roots.files(roots.folder("papers"))
    assert [p.name for p in found] == ["a.md"]  # neither the hidden file nor the linked secret
    assert sorted(refused) == [
        "keys.md: a link that leaves the allowed folders, skipped",
        "more: a link that leaves the allowed folders, skipped",
    ]
