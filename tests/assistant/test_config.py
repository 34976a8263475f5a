"""Settings: `.env.example` names every setting, and every name in it is a real setting."""

from __future__ import annotations

import re

from pydantic import BaseModel
from pydantic_settings import BaseSettings

from paperchat.assistant.config import Settings
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
