"""Settings: `.env.example` names every setting, and every name in it is a real setting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError
from pydantic_settings import BaseSettings

from paperchat import Settings, SettingsError
from paperchat.ui.slack.settings import SlackSettings
from paperchat.ui.web.settings import UISettings
from tests.conftest import REPO

# The core's settings and each shell's own (a shell owns its settings class).
SETTINGS_CLASSES: list[type[BaseSettings]] = [Settings, SlackSettings, UISettings]


def setting_names(settings_class: type[BaseSettings] = Settings) -> set[str]:
    """PREFIX_SECTION__FIELD for nested settings, PREFIX_FIELD or the alias for top-level ones."""
    prefix = settings_class.model_config.get("env_prefix", "")
    names = set()
    for name, field in settings_class.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names |= {f"{prefix}{name.upper()}__{inner.upper()}" for inner in annotation.model_fields}
        elif field.validation_alias is not None:
            names.add(field.validation_alias.choices[0])  # the name users know: OPENAI_API_KEY, SLACK_BOT_TOKEN
        else:
            names.add(f"{prefix}{name.upper()}")
    return names


def all_setting_names() -> set[str]:
    return set().union(*(setting_names(settings_class) for settings_class in SETTINGS_CLASSES))


def test_env_example_lists_every_setting_and_nothing_else() -> None:
    example = (REPO / ".env.example").read_text()
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    assert all_setting_names() - listed == set(), "settings missing from .env.example"
    assert listed - all_setting_names() == set(), ".env.example names settings that do not exist"


def test_an_unset_batch_size_means_the_backend_default() -> None:
    from paperchat.assistant.embedding.backends import make_embedding
    from paperchat.assistant.embedding.minilm import DEFAULT_BATCH_SIZE

    assert make_embedding(Settings(_env_file=None)).embed_batch_size == DEFAULT_BATCH_SIZE
    chosen = Settings(_env_file=None, ingest={"embed_batch_size": 3})
    assert make_embedding(chosen).embed_batch_size == 3


def test_a_bad_value_is_a_settings_error_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SettingsError, match=r"PAPERCHAT_RETRIEVAL__TOP_K \(retrieval.top_k\): .*50, got 500") as raised:
        Settings(_env_file=None, retrieval={"top_k": 500})
    assert isinstance(raised.value.__cause__, ValidationError)  # pydantic's error, chained
    monkeypatch.setenv("PAPERCHAT_ANSWER__BACKEND", "gpt")
    with pytest.raises(SettingsError, match="PAPERCHAT_ANSWER__BACKEND .*'extractive'.*got 'gpt'"):
        Settings(_env_file=None)


def test_a_misspelt_variable_keyword_or_nested_name_is_an_error_with_the_closest_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PAPERCHAT_RETRIEVAL__TOPK", "8")
    with pytest.raises(SettingsError, match=r"'PAPERCHAT_RETRIEVAL__TOPK' \(did you mean 'PAPERCHAT_RETRIEVAL__TOP_K'"):
        Settings(_env_file=None)
    monkeypatch.delenv("PAPERCHAT_RETRIEVAL__TOPK")
    env_file = tmp_path / ".env"
    env_file.write_text("PAPERCHAT_INDEXDIR=/data/index\nOTHER_TOOL_SETTING=1\n")
    with pytest.raises(SettingsError, match=r"'PAPERCHAT_INDEXDIR' \(did you mean 'PAPERCHAT_INDEX_DIR'\?\)"):
        Settings(_env_file=env_file)
    with pytest.raises(SettingsError, match=r"unknown setting 'indexdir' \(did you mean 'index_dir'\?\)"):
        Settings(_env_file=None, indexdir="x")
    with pytest.raises(SettingsError, match="retrieval.topk"):
        Settings(_env_file=None, retrieval={"topk": 8})


def test_the_shells_and_benchmarks_own_their_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PAPERCHAT_UI__PORT", "PAPERCHAT_SLACK__PORT", "PAPERCHAT_BENCH_CACHE"):
        monkeypatch.setenv(name, "1")
    monkeypatch.setenv("PAPERCHAT_RETRIEVAL__TOP_K", "8")
    assert Settings(_env_file=None).retrieval.top_k == 8
