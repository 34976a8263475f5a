"""The web UI's public API over real HTTP, with logins and an admin list, driven by gradio_client as any user would.

A non-admin may ask; only an admin may add or remove papers; an anonymous client gets nothing; no folder outside the
configured roots is read, however the path is spelled. Afterwards the index holds exactly what it held before.
"""

from __future__ import annotations

import json
import re
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from gradio_client import Client, handle_file

from paperchat.ui.web.app import build_app
from paperchat.ui.web.command import free_port
from paperchat.ui.web.serve import launch
from paperchat.ui.web.settings import UISettings
from tests.conftest import REPO, make_settings

ADMIN, MEMBER = ("alice", "alice-pw"), ("bob", "bob-pw")
PAPERS = [
    {
        "paper_id": "kelp-1",
        "title": "Kelp Forests Store Carbon",
        "abstract": "Kelp forests store carbon in deep sediments for centuries, we measured along three coasts.",
        "year": 2024,
    },
    {
        "paper_id": "bees-1",
        "title": "Bees Navigate by Polarised Light",
        "abstract": "Honey bees navigate by the polarised light of the sky when the sun is hidden.",
        "year": 2023,
    },
]
SECRET = "Private Budget Spreadsheet Notes"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from paperchat.assistant import Assistant

    base = tmp_path_factory.mktemp("api")
    root, secret = base / "root", base / "secret"
    (root / "papers").mkdir(parents=True)
    secret.mkdir()
    (secret / "notes.md").write_text(f"# {SECRET}\n\nThe budget holds private numbers.\n")
    (root / "papers" / "new.md").write_text("# Tidal Turbine Coatings\n\nCoatings reduce cavitation erosion.\n")
    (root / "escape").symlink_to(secret)  # a link inside the root that leads out of it
    (base / "papers.jsonl").write_text("".join(json.dumps(p) + "\n" for p in PAPERS))
    assistant = Assistant.open(base / "index", make_settings(base / "index"), create=True)
    assistant.ingest([base / "papers.jsonl"])
    ui = UISettings(_env_file=None, auth=[":".join(ADMIN), ":".join(MEMBER)], admins=[ADMIN[0]], folder_roots=[root])
    demo = build_app(assistant, ui=ui)
    url = launch(demo, ui, host="127.0.0.1", port=free_port("127.0.0.1"), block=False, quiet=True)
    yield {"url": url, "assistant": assistant, "root": root, "secret": secret}
    demo.close()


def paper_ids(assistant: Any) -> set[str]:
    return {p.paper_id for p in assistant.papers()}


def refused(call: Any, message: str) -> None:
    with pytest.raises(Exception, match=message):
        call()


def test_the_readme_example_asks_a_question(server: dict[str, Any]) -> None:
    """The three lines the README shows, run as written (with this server's address and a member's login)."""
    readme = (REPO / "README.md").read_text()
    example = re.search(r"```python\n( *from gradio_client import Client\n.*?)```", readme, re.S)
    assert example, "README.md shows the gradio_client example"
    code = (
        textwrap.dedent(example.group(1))
        .replace("http://127.0.0.1:7860", server["url"])
        .replace('("bob", "secret")', repr(MEMBER))
    )
    assert len(code.strip().splitlines()) == 3
    scope: dict[str, Any] = {}
    exec(code, scope)  # noqa: S102 - the README's own example
    answer = scope["answer"]
    assert {"text", "refused", "refusal", "citations", "filters"} <= set(answer) and "answer" not in answer
    assert answer["refused"] is True and answer["citations"] == []  # these two papers say nothing on the question


def test_an_answer_comes_with_its_citations(server: dict[str, Any]) -> None:
    member = Client(server["url"], auth=MEMBER, verbose=False)
    answer = member.predict("How long do kelp forests store carbon?", api_name="/ask")
    assert answer["citations"][0]["paper_id"] == "kelp-1" and answer["citations"][0]["title"] == PAPERS[0]["title"]
    assert "[1]" in answer["text"] and answer["refused"] is False and answer["refusal"] is None


def test_filters_go_in_with_the_question(server: dict[str, Any]) -> None:
    member = Client(server["url"], auth=MEMBER, verbose=False)
    answer = member.predict("How do bees navigate?", 2024, None, None, None, None, api_name="/ask")
    assert all(c["paper_id"] != "bees-1" for c in answer["citations"])  # the 2023 paper is filtered out


def test_only_the_named_endpoints_are_public(server: dict[str, Any]) -> None:
    api = Client(server["url"], auth=MEMBER, verbose=False).view_api(print_info=False, return_format="dict")
    assert set(api["named_endpoints"]) == {"/ask", "/ingest", "/remove"}
    assert not api["unnamed_endpoints"]


def test_a_member_may_ask_but_not_change_the_library(server: dict[str, Any]) -> None:
    before = paper_ids(server["assistant"])
    member = Client(server["url"], auth=MEMBER, verbose=False)
    refused(lambda: member.predict(None, "papers", api_name="/ingest"), "Only an admin")
    upload = server["root"] / "papers" / "new.md"
    refused(lambda: member.predict([handle_file(str(upload))], "", api_name="/ingest"), "Only an admin")
    refused(lambda: member.predict("kelp-1", api_name="/remove"), "Only an admin")
    assert paper_ids(server["assistant"]) == before


def test_an_admin_cannot_read_outside_the_roots(server: dict[str, Any]) -> None:
    before = paper_ids(server["assistant"])
    admin = Client(server["url"], auth=ADMIN, verbose=False)
    root, secret = server["root"], server["secret"]
    for path in (str(secret), str(root / "escape"), str(root / ".." / "secret"), "../secret", "escape"):
        refused(lambda p=path: admin.predict(None, p, api_name="/ingest"), "not inside a folder this server allows")
    assert paper_ids(server["assistant"]) == before
    assert not any(SECRET in p.title for p in server["assistant"].papers())


def test_anonymous_clients_are_refused(server: dict[str, Any]) -> None:
    with pytest.raises(Exception):  # noqa: B017 - gradio_client raises its own errors for a 401
        Client(server["url"], verbose=False).predict("kelp", api_name="/ask")
    with pytest.raises(Exception):  # noqa: B017
        Client(server["url"], auth=("bob", "wrong"), verbose=False)


def test_an_admin_adds_a_folder_under_a_root_and_removes_it(server: dict[str, Any]) -> None:
    before = paper_ids(server["assistant"])
    admin = Client(server["url"], auth=ADMIN, verbose=False)
    report = admin.predict(None, "papers", api_name="/ingest")
    assert len(report["new"]) == 1 and report["problems"] == []
    added = report["new"][0]
    assert paper_ids(server["assistant"]) == before | {added}
    assert admin.predict(added, api_name="/remove") == {"removed": [added]}
    assert paper_ids(server["assistant"]) == before


def test_an_admin_uploads_a_file_and_it_is_indexed(server: dict[str, Any], tmp_path: Any) -> None:
    before = paper_ids(server["assistant"])
    paper = tmp_path / "coral reefs.md"
    paper.write_text("# Coral Reefs Recover After Heatwaves\n\nReefs regrew within a decade after bleaching.\n")
    admin = Client(server["url"], auth=ADMIN, verbose=False)
    report = admin.predict([handle_file(str(paper))], "", api_name="/ingest")
    assert len(report["new"]) == 1 and report["problems"] == [], report
    added = report["new"][0]
    titles = {p.paper_id: p.title for p in server["assistant"].papers()}
    assert titles[added] == "Coral Reefs Recover After Heatwaves"
    assert admin.predict(added, api_name="/remove") == {"removed": [added]}
    assert paper_ids(server["assistant"]) == before


def test_an_admin_cannot_pass_a_server_path_off_as_an_upload(server: dict[str, Any]) -> None:
    """The handler itself refuses a file that is not in Gradio's upload folder (a request that skips the upload)."""
    from gradio import FileData

    from paperchat.ui.web.api import PublicAPI
    from paperchat.ui.web.handlers import Shell

    before = paper_ids(server["assistant"])
    ui = UISettings(_env_file=None, auth=[":".join(ADMIN)], admins=[ADMIN[0]], folder_roots=[server["root"]])
    api = PublicAPI(Shell(server["assistant"], ui=ui))
    forged = FileData(path=str(server["secret"] / "notes.md"))
    with pytest.raises(Exception, match="not an uploaded file"):
        api.ingest([forged], "", SimpleNamespace(username=ADMIN[0]))
    assert paper_ids(server["assistant"]) == before


def raw_call(url: str, login: tuple[str, str], api_name: str, data: list) -> dict:
    """One API call as plain HTTP, the way any script could send it (gradio_client would upload a local file named
    in a call first, reading it on the client's machine): log in, join the queue, read the result."""
    import httpx

    url = url.rstrip("/")
    with httpx.Client(timeout=60) as http:
        http.post(f"{url}/login", data={"username": login[0], "password": login[1]}).raise_for_status()
        config = http.get(f"{url}/config").json()
        fn_index = next(d["id"] for d in config["dependencies"] if d.get("api_name") == api_name.strip("/"))
        joined = {
            "data": data,
            "fn_index": fn_index,
            "session_hash": "raw-call",
            "event_data": None,
            "trigger_id": None,
        }
        http.post(f"{url}/gradio_api/queue/join", json=joined).raise_for_status()
        with http.stream("GET", f"{url}/gradio_api/queue/data", params={"session_hash": "raw-call"}) as events:
            for line in events.iter_lines():
                message = json.loads(line[5:]) if line.startswith("data:") else {}
                if message.get("msg") == "process_completed":
                    return message
    raise AssertionError("the call never completed")


@pytest.mark.parametrize("where", ["outside the roots", "inside a root", "a system file"])
def test_an_admins_server_path_sent_as_a_file_is_refused(server: dict[str, Any], where: str) -> None:
    """A file in an /ingest call must be one the server received as an upload. A server path written into the call
    as a file is refused, outside the folder roots, inside them (server folders go through the folder box and its
    roots check) and in a system folder alike; nothing is indexed and nothing is copied into the index."""
    path = {
        "outside the roots": server["secret"] / "notes.md",
        "inside a root": server["root"] / "papers" / "new.md",
        "a system file": Path("/etc/hostname") if Path("/etc/hostname").is_file() else Path("/etc/passwd"),
    }[where]
    before = paper_ids(server["assistant"])
    uploads = server["assistant"].settings.index_dir / "uploads"
    stored = sorted(uploads.iterdir()) if uploads.exists() else []
    forged = {"path": str(path), "meta": {"_type": "gradio.FileData"}, "orig_name": "paper.md"}
    result = raw_call(server["url"], ADMIN, "/ingest", [[forged], ""])
    assert result["success"] is False and re.search("not uploaded|not an uploaded file", result["output"]["error"])
    assert paper_ids(server["assistant"]) == before
    assert (sorted(uploads.iterdir()) if uploads.exists() else []) == stored
    report = Client(server["url"], auth=ADMIN, verbose=False).predict(None, "papers", api_name="/ingest")
    assert len(report["new"]) <= 1 and report["problems"] == []  # the same folder, named as a folder, is read
    for added in report["new"]:
        Client(server["url"], auth=ADMIN, verbose=False).predict(added, api_name="/remove")


def test_removing_an_unknown_id_is_an_error_and_a_removed_uploads_file_goes(
    server: dict[str, Any], tmp_path: Any
) -> None:
    admin = Client(server["url"], auth=ADMIN, verbose=False)
    refused(lambda: admin.predict("no-such-paper", api_name="/remove"), "no-such-paper: no indexed paper has this id")
    paper = tmp_path / "reef.md"
    paper.write_text("# Reef Sponges Filter Seawater\n\nSponges filter thousands of litres of seawater a day.\n")
    (added,) = admin.predict([handle_file(str(paper))], "", api_name="/ingest")["new"]
    uploads = server["assistant"].settings.index_dir / "uploads"
    assert (uploads / "reef.md").is_file()
    assert admin.predict(added, api_name="/remove") == {"removed": [added]}
    assert not (uploads / "reef.md").exists()  # no paper comes from it any more


def test_a_question_over_the_limit_is_refused_at_once_without_a_traceback(
    tmp_path_factory: pytest.TempPathFactory, capfd: pytest.CaptureFixture, caplog: pytest.LogCaptureFixture
) -> None:
    """The limit is checked before the answer waits for a slot: a refusal comes back at once even while every
    slot is busy, and the server logs one line for it, not a traceback."""
    from paperchat.assistant import Assistant
    from tests.ui.web.held_assistant import held_assistant

    base = tmp_path_factory.mktemp("limited")
    (base / "papers.jsonl").write_text("".join(json.dumps(p) + "\n" for p in PAPERS))
    settings = make_settings(base / "index", limits={"questions_per_minute": 1})
    assistant = Assistant.open(base / "index", settings, create=True)
    assistant.ingest([base / "papers.jsonl"])
    release = threading.Event()
    ui = UISettings(_env_file=None, auth=[":".join(MEMBER), "carol:pw"], concurrency=1)
    held = held_assistant(assistant, release, after=1, holds=lambda question: "held" in question)
    demo = build_app(held, ui=ui)
    url = launch(demo, ui, host="127.0.0.1", port=free_port("127.0.0.1"), block=False, quiet=True)
    try:
        member = Client(url, auth=MEMBER, verbose=False)
        assert member.predict("How do kelp forests store carbon?", api_name="/ask")["citations"]  # the one allowed
        busy = Client(url, auth=("carol", "pw"), verbose=False).submit("held: how do bees navigate?", api_name="/ask")
        time.sleep(1.0)  # carol's question has the only answer slot, held
        capfd.readouterr()
        caplog.clear()
        started = time.monotonic()
        with caplog.at_level("WARNING", logger="paperchat.ui.web"):
            refused(lambda: member.predict("And bumblebees?", api_name="/ask"), "questions in the last minute")
        took = time.monotonic() - started
        assert not busy.done()  # the refusal did not wait for the busy slot
    finally:
        release.set()
        demo.close()
    err = capfd.readouterr().err
    assert took < 2.0, took
    assert "Traceback" not in err
    logged = [record.getMessage() for record in caplog.records if record.name == "paperchat.ui.web"]
    assert len(logged) == 1 and logged[0].startswith("question refused: bob")
