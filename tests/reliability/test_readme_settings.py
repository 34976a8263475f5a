"""Every setting the README names does what the README says, read from the environment as a user sets it.

The names are read from README.md itself (PAPERCHAT_* and OPENAI_*; the Slack bot's are checked against
docs/slack.md by its own test): one the README names without a check here fails, as does a check whose setting the
README no longer names, so the two cannot drift apart.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from paperchat.assistant import Assistant
from paperchat.assistant.config import Settings
from paperchat.assistant.errors import AnswererUnavailableError
from tests.conftest import REPO, SEEDS
from tests.openai_stand_in import ScriptedChatServer

README = (REPO / "README.md").read_text(encoding="utf-8")
NAMED = sorted(set(re.findall(r"\b((?:PAPERCHAT|OPENAI)_[A-Z0-9_]*[A-Z0-9])\b", README)) - {"PAPERCHAT_SLACK"})
Check = Callable[[pytest.MonkeyPatch, Path, Path], None]


def settings_from_env(index_dir: Path) -> Settings:
    """Settings as a user's shell gives them (no .env of the developer's), for this index."""
    return Settings(_env_file=None).model_copy(update={"index_dir": index_dir})


def index_dir_is_where_every_command_reads(env: pytest.MonkeyPatch, seed: Path, tmp: Path) -> None:
    done = subprocess.run(
        [str(Path(sys.executable).with_name("paperchat")), "stats", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp,
        env={**os.environ, "PAPERCHAT_INDEX_DIR": str(seed)},
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["papers"] == 271  # the seed index, named only by the variable


def top_k_is_how_many_passages_are_retrieved(env: pytest.MonkeyPatch, seed: Path, tmp: Path) -> None:
    env.setenv("PAPERCHAT_RETRIEVAL__TOP_K", "8")
    assert len(Assistant.open(seed, settings_from_env(seed)).retrieve("speech recognition in noise")) == 8


def fusion_rrf_fuses_by_rank(env: pytest.MonkeyPatch, seed: Path, tmp: Path) -> None:
    question = "speech recognition in noise"
    by_score = Assistant.open(seed, settings_from_env(seed)).retrieve(question)
    env.setenv("PAPERCHAT_RETRIEVAL__FUSION", "rrf")
    by_rank = Assistant.open(seed, settings_from_env(seed)).retrieve(question)
    assert by_rank[0].score < 0.1 < by_score[0].score  # reciprocal ranks are small; weighted similarities are not


def the_answer_backend_model_server_and_key(env: pytest.MonkeyPatch, seed: Path, tmp: Path) -> None:
    """The backend (openai, openai-like), the model, the server and the key the README names for an LLM."""
    reply = "The Conformer model is robust to noise [1]."
    with ScriptedChatServer(lambda messages: reply) as model:
        env.setenv("OPENAI_BASE_URL", model.base_url)
        env.setenv("OPENAI_API_KEY", "sk-readme")
        # OpenAI's own backend knows OpenAI's model names; a compatible server's model is whatever it serves.
        for backend, name in (("openai", "gpt-4o-mini"), ("openai-like", "readme-model")):
            env.setenv("PAPERCHAT_ANSWER__BACKEND", backend)
            env.setenv("PAPERCHAT_ANSWER__MODEL", name)
            answer = Assistant.open(seed, settings_from_env(seed)).ask("Which model is robust to noise in speech?")
            assert answer.text == reply and not answer.refused
            request = model.requests[-1]
            assert request["body"]["model"] == name and request["auth"] == "Bearer sk-readme"


def gguf_path_is_the_local_model_file(env: pytest.MonkeyPatch, seed: Path, tmp: Path) -> None:
    env.setenv("PAPERCHAT_ANSWER__BACKEND", "local")
    env.setenv("PAPERCHAT_ANSWER__GGUF_PATH", str(tmp / "qwen-missing.gguf"))
    with pytest.raises(AnswererUnavailableError, match="qwen-missing.gguf: no such GGUF model file"):
        Assistant.open(seed, settings_from_env(seed))


def the_model_reads_questions_within_its_timeout(env: pytest.MonkeyPatch, seed: Path, tmp: Path) -> None:
    """PLAN_WITH_MODEL asks the answering model to read each question; PLAN_TIMEOUT is how long its plan may take."""
    plan = json.dumps({"kind": "count", "topic": "", "filters": {}})
    with ScriptedChatServer(lambda messages: "", plan_reply=lambda messages: plan, plan_delay=30.0) as model:
        env.setenv("PAPERCHAT_ANSWER__BACKEND", "openai-like")
        env.setenv("PAPERCHAT_ANSWER__BASE_URL", model.base_url)
        env.setenv("PAPERCHAT_ANSWER__MODEL", "readme-model")
        env.setenv("PAPERCHAT_ANSWER__PLAN_TIMEOUT", "0.5")
        answer = Assistant.open(seed, settings_from_env(seed)).ask("Which papers did Yufeng Yang write?")
        assert model.plan_requests and answer.timings["plan_model_rejected"] < 30.0  # asked, not waited for
        env.setenv("PAPERCHAT_ANSWER__PLAN_WITH_MODEL", "false")
        asked = len(model.plan_requests)
        Assistant.open(seed, settings_from_env(seed)).ask("Which papers did Yufeng Yang write?")
        assert len(model.plan_requests) == asked  # not asked at all


def async_threads_is_the_async_pool(env: pytest.MonkeyPatch, seed: Path, tmp: Path) -> None:
    env.setenv("PAPERCHAT_LIMITS__ASYNC_THREADS", "3")
    with Assistant.open(seed, settings_from_env(seed)) as assistant:
        assert assistant.executor._max_workers == 3


def write_wait_is_how_long_an_ingest_waits_for_another_writer(env: pytest.MonkeyPatch, seed: Path, tmp: Path) -> None:
    from paperchat.assistant.errors import IndexBusyError
    from paperchat.assistant.index.write_lock import write_lock

    env.setenv("PAPERCHAT_LIMITS__WRITE_WAIT_SECONDS", "0.3")
    index = tmp / "index"
    assistant = Assistant.open(index, settings_from_env(index), create=True)
    with write_lock(index, 5.0), pytest.raises(IndexBusyError):  # another writer holds the index
        assistant.ingest([SEEDS / "002_6008402554300a3b.txt"])


def embeddings_come_from_the_named_server_and_model(env: pytest.MonkeyPatch, seed: Path, tmp: Path) -> None:
    with ScriptedChatServer(lambda messages: "") as server:  # it answers /embeddings with 404: the request is the proof
        env.setenv("PAPERCHAT_EMBEDDING__BACKEND", "openai")
        env.setenv("PAPERCHAT_EMBEDDING__BASE_URL", server.base_url)
        env.setenv("PAPERCHAT_EMBEDDING__OPENAI_MODEL", "readme-embedder")
        with pytest.raises(Exception):  # noqa: B017 - the stand-in has no embeddings; the request is what counts
            Assistant.open(tmp / "index", settings_from_env(tmp / "index"), create=True).ingest(
                [SEEDS / "002_6008402554300a3b.txt"]
            )
        asked = [r for r in server.requests if r["path"].endswith("/embeddings")]
        assert asked and asked[-1]["body"]["model"] == "readme-embedder"


def chroma_host_and_port_name_the_server(env: pytest.MonkeyPatch, seed: Path, tmp: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once the probe is closed
    env.setenv("PAPERCHAT_CHROMA_HOST", "127.0.0.1")
    env.setenv("PAPERCHAT_CHROMA_PORT", str(port))
    assistant = Assistant.open(tmp / "index", settings_from_env(tmp / "index"), create=True)
    with pytest.raises(Exception, match=f"127.0.0.1:{port}"):
        assistant.retrieve("anything")


def admins_may_change_the_library(env: pytest.MonkeyPatch, seed: Path, tmp: Path) -> None:
    from paperchat.ui.web.settings import UISettings

    env.setenv("PAPERCHAT_UI__AUTH", "alice:secret,bob:secret")
    env.setenv("PAPERCHAT_UI__ADMINS", "alice")
    ui = UISettings(_env_file=None)
    assert ui.is_admin("alice") and not ui.is_admin("bob")


def folder_roots_are_the_folders_admins_may_ingest(env: pytest.MonkeyPatch, seed: Path, tmp: Path) -> None:
    from paperchat.ui.web.roots import FolderRoots
    from paperchat.ui.web.settings import UISettings

    (tmp / "papers" / "2025").mkdir(parents=True)
    (tmp / "papers" / "2025" / "a.md").write_text("# A")
    env.setenv("PAPERCHAT_UI__FOLDER_ROOTS", str(tmp / "papers"))
    roots = FolderRoots(UISettings(_env_file=None).folder_roots)
    assert [p.name for p in roots.gather("2025")[0]] == ["a.md"] and roots.gather(str(tmp))[2]


def questions_per_minute_is_each_users_limit(env: pytest.MonkeyPatch, seed: Path, tmp: Path) -> None:
    from paperchat.ui.web.handlers import Shell

    env.setenv("PAPERCHAT_LIMITS__QUESTIONS_PER_MINUTE", "2")
    shell = Shell(SimpleNamespace(settings=settings_from_env(seed)), export_dir=tmp / "export")
    ana, bob = SimpleNamespace(username="ana"), SimpleNamespace(username="bob")
    assert [shell.over_limit(ana) is None for _ in range(3)] == [True, True, False]
    assert shell.over_limit(bob) is None  # per user


def bench_paths(env: pytest.MonkeyPatch, seed: Path, tmp: Path) -> None:
    code = "from bench.common import CACHE, SCIFACT; print(CACHE, SCIFACT)"
    environ = {**os.environ, "PAPERCHAT_BENCH_CACHE": str(tmp / "c"), "PAPERCHAT_BENCH_SCIFACT": str(tmp / "s")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=environ)
    assert done.stdout.split() == [str(tmp / "c"), str(tmp / "s")], done.stderr


CHECKS: dict[str, Check] = {
    "PAPERCHAT_INDEX_DIR": index_dir_is_where_every_command_reads,
    "PAPERCHAT_RETRIEVAL__TOP_K": top_k_is_how_many_passages_are_retrieved,
    "PAPERCHAT_RETRIEVAL__FUSION": fusion_rrf_fuses_by_rank,
    "PAPERCHAT_ANSWER__BACKEND": the_answer_backend_model_server_and_key,
    "PAPERCHAT_ANSWER__MODEL": the_answer_backend_model_server_and_key,
    "OPENAI_BASE_URL": the_answer_backend_model_server_and_key,
    "OPENAI_API_KEY": the_answer_backend_model_server_and_key,
    "PAPERCHAT_ANSWER__GGUF_PATH": gguf_path_is_the_local_model_file,
    "PAPERCHAT_ANSWER__PLAN_WITH_MODEL": the_model_reads_questions_within_its_timeout,
    "PAPERCHAT_ANSWER__PLAN_TIMEOUT": the_model_reads_questions_within_its_timeout,
    "PAPERCHAT_LIMITS__ASYNC_THREADS": async_threads_is_the_async_pool,
    "PAPERCHAT_LIMITS__WRITE_WAIT_SECONDS": write_wait_is_how_long_an_ingest_waits_for_another_writer,
    "PAPERCHAT_EMBEDDING__BACKEND": embeddings_come_from_the_named_server_and_model,
    "PAPERCHAT_EMBEDDING__BASE_URL": embeddings_come_from_the_named_server_and_model,
    "PAPERCHAT_EMBEDDING__OPENAI_MODEL": embeddings_come_from_the_named_server_and_model,
    "PAPERCHAT_CHROMA_HOST": chroma_host_and_port_name_the_server,
    "PAPERCHAT_CHROMA_PORT": chroma_host_and_port_name_the_server,
    "PAPERCHAT_UI__ADMINS": admins_may_change_the_library,
    "PAPERCHAT_UI__FOLDER_ROOTS": folder_roots_are_the_folders_admins_may_ingest,
    "PAPERCHAT_LIMITS__QUESTIONS_PER_MINUTE": questions_per_minute_is_each_users_limit,
    "PAPERCHAT_BENCH_CACHE": bench_paths,
    "PAPERCHAT_BENCH_SCIFACT": bench_paths,
}


def test_every_setting_the_readme_names_has_a_check_and_every_check_a_mention() -> None:
    assert sorted(CHECKS) == NAMED


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_the_setting_does_what_the_readme_says(
    name: str, monkeypatch: pytest.MonkeyPatch, seed_index_dir: Path, tmp_path: Path
) -> None:
    for variable in [v for v in os.environ if v.startswith(("PAPERCHAT_", "OPENAI_"))]:
        monkeypatch.delenv(variable)  # only the setting under test
    CHECKS[name](monkeypatch, seed_index_dir, tmp_path)
