"""Every module has a test file of its own, at the same path under tests/: assistant/index/catalog.py is tested in
tests/assistant/index/test_catalog.py. A module without one fails the suite (no xfail: an untested module is a
failure to fix, not a known state to carry)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("assistant", "ingest", "ui")


def expected_test_file(module: Path, root: Path = REPO) -> Path:
    """tests/<the module's folder>/test_<its name>.py"""
    relative = module.relative_to(root)
    return root / "tests" / relative.parent / f"test_{relative.name}"


def modules(root: Path = REPO) -> list[Path]:
    return sorted(path for package in PACKAGES for path in (root / package).rglob("*.py") if path.name != "__init__.py")


def untested_modules(root: Path = REPO) -> list[str]:
    return [str(m.relative_to(root)) for m in modules(root) if not expected_test_file(m, root).is_file()]


def test_the_test_path_mirrors_the_module_path() -> None:
    assert expected_test_file(REPO / "assistant/index/catalog.py") == REPO / "tests/assistant/index/test_catalog.py"
    assert expected_test_file(REPO / "ui/slack/server.py") == REPO / "tests/ui/slack/test_server.py"
    assert len(modules()) > 50 and all(m.name != "__init__.py" for m in modules())


def test_a_module_without_a_test_file_is_found(tmp_path: Path) -> None:
    for name in ("assistant/index/tested.py", "assistant/index/untested.py", "ui/__init__.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    (tmp_path / "tests/assistant/index").mkdir(parents=True)
    (tmp_path / "tests/assistant/index/test_tested.py").write_text("")
    assert untested_modules(tmp_path) == ["assistant/index/untested.py"]


def test_every_module_has_a_test_file_of_its_own() -> None:
    assert untested_modules() == []
