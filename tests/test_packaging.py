"""pyproject.toml lists every package by hand (setuptools maps the card's folders under `paperchat`): the list must
name every folder with an __init__.py, or the wheel silently lacks it."""

from __future__ import annotations

from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest depends on tomli there
    import tomli as tomllib

from tests.conftest import REPO

SETUPTOOLS = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]


def package_folders() -> set[str]:
    """`paperchat.<...>` for every folder holding an __init__.py under the mapped folders."""
    names = set()
    for package, folder in SETUPTOOLS["package-dir"].items():
        for init in (REPO / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(REPO / folder)
            names.add(".".join([package, *relative.parts]))
    return names


def test_every_package_folder_is_listed_and_every_listed_package_exists() -> None:
    listed = set(SETUPTOOLS["packages"])
    found = package_folders()
    assert found - listed == set(), "folders with __init__.py missing from [tool.setuptools] packages"
    assert listed - found == set(), "packages listed in pyproject.toml without a folder"


def test_the_installed_names_are_all_under_paperchat() -> None:
    assert all(name == "paperchat" or name.startswith("paperchat.") for name in SETUPTOOLS["packages"])
    assert {Path(folder).parts[0] for folder in SETUPTOOLS["package-dir"].values()} == {
        "paperchat",
        "assistant",
        "ingest",
        "ui",
        "prompts",
    }
