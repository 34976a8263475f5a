"""Limits from Settings, each with a clear message: question length, upload size, number of results, per-user rate."""

from __future__ import annotations

import asyncio
import re
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pydantic import ValidationError

from paperchat.assistant.config import LimitsSettings, RetrievalSettings
from paperchat.assistant.errors import QuestionError
from tests.conftest import make_settings
from tests.reliability.helpers import tiny_papers, write_jsonl

pytestmark = pytest.mark.slow
LIMITS = {"answer": {"max_question_chars": 200}, "limits": {"max_results": 8, "questions_per_minute": 2}}
LONG = "Why do kelp forests grow so fast? " * 10  # 339 characters once stripped


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from paperchat.assistant import Assistant

    root = tmp_path_factory.mktemp("limits")
    assistant = Assistant.open(root / "index", make_settings(root / "index", **LIMITS), create=True)
    assistant.ingest([write_jsonl(root / "papers.jsonl", tiny_papers(8))])
    yield assistant
    assistant.index.catalog.close()


@pytest.fixture(scope="module")
def ui_url(limited: Any) -> Iterator[str]:
    from paperchat.ui.web.app import build_app
    from paperchat.ui.web.command import free_port
    from paperchat.ui.web.serve import launch
    from paperchat.ui.web.settings import UISettings

    ui = UISettings(_env_file=None, max_upload_mb=0.01)
    demo = build_app(limited, ui=ui)
    yield launch(demo, ui, host="127.0.0.1", port=free_port("127.0.0.1"), block=False, quiet=True)
    demo.close()


# --- question length --------------------------------------------------------------------------------------------
def test_a_long_question_is_refused_with_the_limit_and_the_setting(limited: Any) -> None:
    for call in (limited.ask, limited.retrieve, lambda q: list(limited.stream(q)), lambda q: limited.chat(q, [])):
        with pytest.raises(QuestionError, match=r"\d{3} characters, over the 200 limit .*MAX_QUESTION_CHARS"):
            call(LONG)
    with pytest.raises(QuestionError, match="empty"):
        limited.ask("   ")


def test_the_cli_refuses_a_long_question_in_one_line(limited: Any, capsys: pytest.CaptureFixture,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from paperchat.ui.cli.main import main

    monkeypatch.setenv("PAPERCHAT_ANSWER__MAX_QUESTION_CHARS", "200")
    assert main(["--index", str(limited.settings.index_dir), "ask", LONG]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "over the 200 limit" in err


def test_the_ui_warns_about_a_long_question_and_keeps_it(limited: Any, tmp_path: Path) -> None:
    from paperchat.ui.web.chat import OUTPUTS, Chat
    from paperchat.ui.web.handlers import Shell

    page, tab = Chat(Shell(limited, export_dir=tmp_path)), SimpleNamespace(session_hash="tab-1", username=None)

    async def updates() -> list[tuple]:
        return [u async for u in page.respond(LONG, None, "", None, None, "", None, None, None, None, tab)]

    with pytest.warns(UserWarning, match="over the 200 limit"):
        *_, final = asyncio.run(updates())
    assert final[OUTPUTS.index("question")] == LONG.strip()  # the question stays in the box to be shortened


def test_slack_answers_a_long_question_with_a_notice(slack_bot: Any) -> None:
    command_replies = slack_command(slack_bot, LONG, user="U1")
    assert "over the 200 limit" in command_replies[-1]["text"]


# --- upload size ------------------------------------------------------------------------------------------------
def test_an_upload_over_the_limit_is_refused_by_the_server(ui_url: str) -> None:
    boundary = uuid.uuid4().hex
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n'
            f"Content-Type: text/plain\r\n\r\n{'x' * 20_000}\r\n--{boundary}--\r\n").encode()
    request = urllib.request.Request(f"{ui_url}gradio_api/upload", data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)
    assert refused.value.code == 413
    assert "size" in refused.value.read().decode().lower()


def upload_over_the_limit(limited: Any, tmp_path: Path) -> str:
    """What the Library tab says about a 20 kB upload when the limit is 0.01 MB (its real handler)."""
    from paperchat.ui.web.handlers import Shell

    big = tmp_path / "big.txt"
    big.write_text("x" * 20_000)
    from paperchat.ui.web.settings import UISettings

    ui = UISettings(_env_file=None, max_upload_mb=0.01)
    summary, *_ = Shell(limited, tmp_path / "uploads", tmp_path, ui=ui).ingest([str(big)], "", "", "Newest first")
    assert not (tmp_path / "uploads" / "big.txt").exists()
    return summary


def test_an_upload_over_the_limit_is_refused_by_the_library(limited: Any, tmp_path: Path) -> None:
    summary = upload_over_the_limit(limited, tmp_path)
    assert re.search(r'class="pc-error">✗ big\.txt: .* is over the .* limit', summary), summary


def test_the_upload_message_names_the_configured_limit(limited: Any, tmp_path: Path) -> None:
    summary = upload_over_the_limit(limited, tmp_path)
    assert "over the 0.01 MB limit" in summary and "0.0 MB" not in summary, summary


# --- number of results ------------------------------------------------------------------------------------------
def test_settings_bound_the_number_of_results() -> None:
    with pytest.raises(ValidationError, match=r"top_k\s+Input should be less than or equal to 50"):
        RetrievalSettings(top_k=500)
    with pytest.raises(ValidationError, match="greater than or equal to 1"):
        LimitsSettings(max_results=0)


def test_results_are_bounded_and_never_more_than_asked(limited: Any) -> None:
    assert len(limited.retrieve("kelp forests", k=3)) <= 3
    assert len(limited.ask("How fast do kelp forests grow?").passages) <= limited.settings.retrieval.top_k


def test_asking_for_more_results_than_the_limit_is_refused(limited: Any, capsys: pytest.CaptureFixture,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from paperchat.ui.cli.main import main

    for k in (9, 10_000, 0, -3):
        with pytest.raises(QuestionError, match=r"PAPERCHAT_LIMITS__MAX_RESULTS"):
            limited.retrieve("kelp", k=k)
    monkeypatch.setenv("PAPERCHAT_LIMITS__MAX_RESULTS", "8")
    assert main(["--index", str(limited.settings.index_dir), "ask", "kelp", "-k", "1000"]) == 2
    assert "over the limit of 8" in capsys.readouterr().err


# --- per-user rate ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def slack_bot(limited: Any) -> Any:
    from slack_sdk import WebClient

    from paperchat.ui.slack.app import PaperBot
    from paperchat.ui.slack.settings import SlackSettings

    settings = SlackSettings(_env_file=None, SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET="s")
    client = WebClient(token="xoxb-test", base_url="http://127.0.0.1:9/api/")  # a command never calls it
    return PaperBot(limited, settings, client=client, token_verification=False)


def slack_command(bot: Any, text: str, user: str) -> list[dict]:
    """One /paperchat through the bot's real handler; returns what it acknowledged and responded, in order."""
    said: list[dict] = []
    bot.questions.command(lambda **reply: said.append(reply), {"user_id": user, "text": text},
                          lambda **reply: said.append(reply))
    return said


def test_slack_limits_questions_per_user_per_minute(slack_bot: Any) -> None:
    for _ in range(2):
        assert "References" in slack_command(slack_bot, "How do honey bees navigate?", user="U2")[-1]["text"]
    [refused] = slack_command(slack_bot, "How do honey bees navigate?", user="U2")
    assert re.search(r"asked 2 questions in the last minute; please try again in \d+ s", refused["text"])
    assert "References" in slack_command(slack_bot, "How do honey bees navigate?", user="U3")[-1]["text"]


def test_the_ui_limits_questions_per_session_per_minute(ui_url: str) -> None:
    from gradio_client import Client

    session, other = Client(ui_url, verbose=False), Client(ui_url, verbose=False)
    for n in range(2):
        session.predict(f"How do honey bees navigate? ({n})", api_name="/ask")
    with pytest.raises(Exception, match=r"questions in the last minute; please try again in"):
        session.predict("How do honey bees navigate? (2)", api_name="/ask")
    fresh = other.predict("How do honey bees navigate?", api_name="/ask")  # another session has its own budget
    assert fresh["citations"]
