"""Settings: `.env.example` names every setting, and every name in it is a real setting."""

from __future__ import annotations

import re

from pydantic import BaseModel

from paperchat.assistant.config import Settings
from tests.conftest import REPO


def setting_names() -> set[str]:
    """PAPERCHAT_SECTION__FIELD for nested settings, PAPERCHAT_FIELD or the alias for top-level ones."""
    names = set()
    for name, field in Settings.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names |= {f"PAPERCHAT_{name.upper()}__{inner.upper()}" for inner in annotation.model_fields}
        elif field.validation_alias is not None:
            names.add(field.validation_alias.choices[0])  # the name users know: OPENAI_API_KEY, SLACK_BOT_TOKEN
        else:
            names.add(f"PAPERCHAT_{name.upper()}")
    return names


def test_env_example_lists_every_setting_and_nothing_else() -> None:
    example = (REPO / ".env.example").read_text()
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    assert setting_names() - listed == set(), "settings missing from .env.example"
    assert listed - setting_names() == set(), ".env.example names settings that do not exist"


def test_an_unset_batch_size_means_the_backend_default() -> None:
    from paperchat.assistant.embedding.backends import make_embedding
    from paperchat.assistant.embedding.minilm import DEFAULT_BATCH_SIZE

    assert make_embedding(Settings(_env_file=None)).embed_batch_size == DEFAULT_BATCH_SIZE
    chosen = Settings(_env_file=None, ingest={"embed_batch_size": 3})
    assert make_embedding(chosen).embed_batch_size == 3
