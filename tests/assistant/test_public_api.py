"""What `import paperchat` offers a researcher: every name it exports, each documented, every public method of each
with a docstring of its own (what `help()` shows in a notebook)."""

from __future__ import annotations

import inspect

import pytest

import paperchat
import paperchat.assistant

SHOWN_DUNDERS = ("__iter__", "__aiter__", "__str__", "_repr_markdown_", "__enter__")


def public_members(klass: type) -> list[tuple[str, object]]:
    """(name, function) of every public method and property paperchat itself defines on `klass` or its bases."""
    members = []
    for owner in klass.__mro__:
        if not owner.__module__.startswith("paperchat"):
            continue
        for name, value in vars(owner).items():
            if name.startswith("_") and name not in SHOWN_DUNDERS:
                continue
            function = value.fget if isinstance(value, property) else getattr(value, "__func__", value)
            if callable(function) and getattr(function, "__module__", "").startswith("paperchat"):
                members.append((f"{owner.__name__}.{name}", function))
    return members


def test_the_package_and_its_core_export_the_same_names() -> None:
    assert sorted(paperchat.__all__) == sorted(paperchat.assistant.__all__)
    assert {"Assistant", "Answer", "Filters", "Settings", "PaperchatError", "IngestReport", "Refusal"} <= set(
        paperchat.__all__
    )


@pytest.mark.parametrize("name", paperchat.__all__)
def test_every_export_and_its_public_methods_are_documented(name: str) -> None:
    exported = getattr(paperchat, name)
    assert inspect.getdoc(exported), f"{name} has no docstring"
    if inspect.isclass(exported):
        undocumented = [member for member, function in public_members(exported) if not function.__doc__]
        assert undocumented == [], f"no docstring: {undocumented}"


def test_help_on_an_async_twin_shows_what_it_does() -> None:
    assert "awaited" in (paperchat.Assistant.aask.__doc__ or "")
    assert public_members(paperchat.Assistant)  # the walk finds the methods it checks
