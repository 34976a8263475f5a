"""The Library's paper page: what it shows, category names, and a remove that can be undone (real index)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from paperchat.assistant.results import PaperRef
from paperchat.ui.web.handlers import Shell
from paperchat.ui.web.paper_page import PaperPage, category_label, page_html
from paperchat.ui.web.settings import UISettings
from tests.conftest import make_settings


def test_category_codes_get_their_arxiv_names() -> None:
    assert category_label("CL") == "CL — Computation and Language"
    assert category_label("cs.LG") == "cs.LG — Machine Learning" and category_label("ZZ") == "ZZ"


def test_the_page_shows_the_paper_and_only_file_names() -> None:
    paper = SimpleNamespace(
        **PaperRef(
            paper_id="arxiv:2106.09685", title="LoRA <b>", authors=["Ed Hu"], date="Jun 17", year=2021, category="CL"
        ).paper_fields(),
        display_title="LoRA <b>",
        display_abstract="Low-rank adaptation.",
        authors_text="Ed Hu",
        sources=["/srv/private/listing.jsonl"],
    )
    html = page_html(paper)
    assert "LoRA &lt;b&gt;" in html and "Ed Hu" in html and "Jun 17, 2021" in html
    assert "CL — Computation and Language" in html and 'href="https://arxiv.org/abs/2106.09685"' in html
    assert "listing.jsonl" in html and "/srv/private" not in html
    assert "2106.09685</code>" not in html and " id " not in html  # no paper id on the page


def test_a_removed_paper_comes_back_with_undo(tmp_path: Path) -> None:
    from paperchat.assistant import Assistant

    listing = tmp_path / "papers.jsonl"
    listing.write_text(
        "".join(
            json.dumps({"paper_id": f"p{n}", "title": f"Kelp study {n}", "abstract": "Kelp grows."}) + "\n"
            for n in range(2)
        )
    )
    assistant = Assistant.open(tmp_path / "index", make_settings(tmp_path / "index"), create=True)
    assistant.ingest([listing])
    page = PaperPage(Shell(assistant, ui=UISettings(_env_file=None), export_dir=tmp_path / "export"))
    message, kept, *_ = page.remove("p0", "", "Newest first")
    assert "Removed" in message and kept["sources"] in ([str(listing.resolve())], [str(listing)])
    assert kept["held"] == {} and listing.exists()  # a server file is never touched, only uploads are
    assert {p.paper_id for p in assistant.papers()} == {"p1"}
    message, *_ = page.undo(kept, "", "Newest first")
    assert "Restored 1 paper" in message and {p.paper_id for p in assistant.papers()} == {"p0", "p1"}
    member = SimpleNamespace(username="bob")
    page.shell.ui = UISettings(_env_file=None, auth=["ana:pw", "bob:pw"], admins=["ana"])
    message, kept, *_ = page.remove("p0", "", "Newest first", member)
    assert "Only an admin" in message and kept is None and len(assistant.papers()) == 2


def test_ask_about_this_paper_gives_a_chip_that_can_be_removed(tmp_path: Path) -> None:
    paper = SimpleNamespace(paper_id="p1", display_title="Kelp <Forests>")
    page = PaperPage(SimpleNamespace(assistant=SimpleNamespace(papers=lambda: [paper])))
    scope, _, chip = page.ask_about("p1")
    assert scope == "p1" and "about: Kelp &lt;Forests&gt;" in chip and 'data-action="clear:scope"' in chip
    assert page.ask_about("gone")[0] is None
