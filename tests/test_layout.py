"""Every module has a test file of its own, at the same path under tests/: assistant/index/catalog.py is tested in
tests/assistant/index/test_catalog.py."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("assistant", "ingest", "ui")


def expected_test_file(module: Path) -> Path:
    """tests/<the module's folder>/test_<its name>.py"""
    relative = module.relative_to(REPO)
    return REPO / "tests" / relative.parent / f"test_{relative.name}"


def modules() -> list[Path]:
    return sorted(path for package in PACKAGES for path in (REPO / package).rglob("*.py") if path.name != "__init__.py")


def untested_modules() -> list[str]:
    return [str(m.relative_to(REPO)) for m in modules() if not expected_test_file(m).is_file()]


def test_the_test_path_mirrors_the_module_path() -> None:
    assert expected_test_file(REPO / "assistant/index/catalog.py") == REPO / "tests/assistant/index/test_catalog.py"
    assert expected_test_file(REPO / "ui/slack/server.py") == REPO / "tests/ui/slack/test_server.py"
    assert len(modules()) > 50 and all(m.name != "__init__.py" for m in modules())


UNTESTED = untested_modules()


@pytest.mark.xfail(bool(UNTESTED), reason=f"modules without a test file yet: {', '.join(UNTESTED)}", strict=False)
def test_every_module_has_a_test_file_of_its_own() -> None:
    assert untested_modules() == []
