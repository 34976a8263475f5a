"""Slack formatting: escaping, links that never break, splitting within Slack's limits, buttons."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

from paperchat.assistant.limits import RateLimiter
from paperchat.assistant.results import Answer, Citation
from paperchat.ui.slack import format as fmt
from paperchat.ui.slack.slack_text import plain_text

LINK = re.compile(r"<([^<>|\s]+)\|([^<>|\n]+)>")


def citation(n: int, title: str = "A Paper", **fields: object) -> Citation:
    return Citation(n=n, paper_id=fields.pop("paper_id", f"p{n}"), title=title, **fields)


def answer(text: str = "Claim [1].", citations: list[Citation] | None = None, question: str = "What?") -> Answer:
    return Answer(question=question, text=text, citations=citations if citations is not None else [citation(1)])


def test_escape_and_unescape_round_trip() -> None:
    text = "a < b && c > d"
    assert fmt.escape(text) == "a &lt; b &amp;&amp; c &gt; d"
    assert fmt.unescape(fmt.escape(text)) == text


def test_markdown_answers_become_mrkdwn() -> None:
    text = "## Summary\n**LoRA** cuts memory [1]; see [the code](https://github.com/o/r?a=1&b=2) & a < b [2]."
    assert fmt.mrkdwn(text) == ("*Summary*\n*LoRA* cuts memory [1]; see <https://github.com/o/r?a=1&b=2|the code> "
                                "&amp; a &lt; b [2].")
    assert fmt.mrkdwn("[1] and [x](javascript:alert(1))") == "[1] and [x](javascript:alert(1))"


def test_titles_with_newlines_bars_and_brackets_never_break_the_link() -> None:
    nasty = "Attention | Is\nAll <You> Need > & More"
    line = fmt.reference_line(citation(1, nasty, url="https://example.org/paper?id=1&v=2",
                                       authors=["Ann Lee", "Bo Chen"], year=2017))
    links = LINK.findall(line)
    assert len(links) == 1, line
    url, label = links[0]
    assert url == "https://example.org/paper?id=1&v=2"
    assert "\n" not in label and "|" not in label and "<" not in label and ">" not in label
    assert plain_text(label) == "Attention | Is All <You> Need > & More"
    assert line.endswith("— Ann Lee, Bo Chen (2017)")


def test_urls_that_would_break_a_link_are_encoded_or_refused() -> None:
    assert fmt.safe_url("https://x.org/a b|c>d") == "https://x.org/a%20b%7Cc%3Ed"
    assert fmt.safe_url("javascript:alert(1)") is None
    assert fmt.safe_url("") is None


def test_every_reference_is_a_working_link() -> None:
    arxiv = fmt.citation_url(citation(1, paper_id="2401.01234"))
    assert arxiv == "https://arxiv.org/abs/2401.01234"
    code = fmt.citation_url(citation(2, code_url="https://github.com/o/r"))
    assert code == "https://github.com/o/r"
    search = fmt.citation_url(citation(3, "LoRA: Low-Rank\nAdaptation"))
    parts = urlsplit(search)
    assert parts.scheme == "https" and parts.netloc == "scholar.google.com"
    assert parse_qs(parts.query)["q"] == ['"LoRA: Low-Rank Adaptation"']


def test_authors_are_shortened_with_et_al() -> None:
    line = fmt.reference_line(citation(1, authors=["A", "B", "C", "D"], date="2024-05-01"))
    assert line.endswith("— A, B, C et al. (2024)")
    truncated = fmt.reference_line(citation(1, authors=["A"], authors_truncated=True))
    assert truncated.endswith("— A et al.")


def test_a_reference_to_a_pdf_names_the_page_and_section() -> None:
    line = fmt.reference_line(citation(1, authors=["A"], year=2017, page=7, section="5.4 Ablations"))
    assert line.endswith("— A (2017), p. 7, §5.4")


def test_split_text_respects_the_limit_and_never_cuts_a_link_or_entity() -> None:
    link = "<https://example.org/x|A long title with words>"
    text = " ".join(["word &amp; more", link] * 200)
    pieces = fmt.split_text(text, 300)
    assert all(len(p) <= 300 for p in pieces)
    assert " ".join(pieces).split() == text.split()
    for piece in pieces:
        assert piece.count("<") == piece.count(">"), piece
        assert not re.search(r"&[a-z]*$", piece), piece


def test_long_answer_is_split_within_slack_block_limits() -> None:
    long_text = " ".join(f"Sentence number {i} says something [1]." for i in range(4000))
    many = [citation(i, f"Title {i}", url=f"https://example.org/{i}") for i in range(1, 301)]
    messages = fmt.answer_messages(answer(long_text, many), value=fmt.button_value("k1", answer()))
    assert len(messages) > 1
    for message in messages:
        assert len(message["blocks"]) <= fmt.MESSAGE_BLOCKS
        assert len(message["text"]) <= 40000
        for block in message["blocks"]:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= fmt.SECTION_CHARS
    assert messages[-1]["blocks"][-1]["type"] == "actions"
    assert all(b["type"] != "actions" for m in messages[:-1] for b in m["blocks"])
    every_text = "\n".join(m["text"] for m in messages)
    assert every_text.count("Sentence number") == 4000
    assert len(LINK.findall(every_text)) == 300


def test_button_value_fits_and_round_trips() -> None:
    long_question = "why " * 1500
    value = fmt.button_value("key123", answer(question=long_question, citations=[citation(1), citation(2)]))
    assert len(value) <= fmt.BUTTON_VALUE_CHARS
    data = fmt.parse_button_value(value)
    assert data["k"] == "key123" and data["p"] == ["p1", "p2"] and long_question.startswith(data["q"])
    assert fmt.parse_button_value("not json") == {}


def test_private_answer_has_share_and_feedback_buttons() -> None:
    blocks = fmt.answer_messages(answer(), value="v", share=True)[0]["blocks"]
    actions = blocks[-1]["elements"]
    assert [a["action_id"] for a in actions] == [fmt.ACTION_SHARE, fmt.ACTION_HELPFUL, fmt.ACTION_NOT_HELPFUL]
    json.dumps(blocks)  # serialisable as sent to Slack


def test_refusal_without_citations_has_no_references() -> None:
    message = fmt.answer_messages(answer("The papers do not answer this.", []))[0]
    assert "References" not in message["text"]
    assert [b["type"] for b in message["blocks"]] == ["section"]


def test_rate_limiter_counts_per_user_in_a_sliding_minute() -> None:
    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert limiter.allow("a") and limiter.allow("a")
    assert not limiter.allow("a")
    assert limiter.allow("b")
    assert 59 < limiter.retry_after("a") <= 60
    now[0] = 60.0
    assert limiter.allow("a")
    assert RateLimiter(0).allow("anyone")


def test_manifest_matches_what_the_bot_uses() -> None:
    from pathlib import Path

    import yaml

    from paperchat.ui.slack.app import DEFAULT_COMMAND

    manifest = yaml.safe_load((Path(__file__).resolve().parents[3] / "slack-manifest.yml").read_text())
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "im:history", "channels:history", "groups:history", "chat:write",
            "commands"} <= scopes
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == {"app_mention", "message.im"}
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == [DEFAULT_COMMAND]
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True


def test_a_long_list_offers_the_papers_it_did_not_name() -> None:
    long = answer(citations=[citation(1)]).model_copy(update={"unlisted": [f"p{n}" for n in range(2, 150)]})
    [button] = [e for e in fmt.answer_messages(long, value="v")[-1]["blocks"][-1]["elements"]
                if e["action_id"] == fmt.ACTION_MORE]
    assert button["text"]["text"] == f"Show {fmt.MORE_PER_PAGE} more of 148" and button["value"] == "v"
    short = answer().model_copy(update={"unlisted": ["p2", "p3"]})
    assert "Show the other 2 papers" in json.dumps(fmt.answer_messages(short, value="v"))
    assert fmt.ACTION_MORE not in json.dumps(fmt.answer_messages(answer(), value="v")), "nothing more: no button"


def test_a_page_of_the_rest_is_numbered_on_with_working_links() -> None:
    papers = [citation(0, f"Paper {n} | part <{n}>", paper_id=f"p{n}", url=f"https://x.org/{n}", year=2024)
              for n in range(40)]
    [page] = fmt.more_messages(papers, first=26, left=7, value="next")
    lines = page["text"].splitlines()
    assert lines[0] == "26. <https://x.org/0|Paper 0 ∣ part &lt;0&gt;> — (2024)" and lines[-1].startswith("65. ")
    assert len(LINK.findall(page["text"])) == 40
    [button] = page["blocks"][-1]["elements"]
    assert button["action_id"] == fmt.ACTION_MORE and button["value"] == "next" and "7" in button["text"]["text"]
    [last] = fmt.more_messages(papers[:2], first=1, left=0, value="next")
    assert all(block["type"] == "section" for block in last["blocks"])


def test_the_next_page_button_carries_its_offset_instead_of_the_cited_ids() -> None:
    data = fmt.parse_button_value(fmt.button_value("k1", answer(question="Which papers?"), offset=100))
    assert data == {"k": "k1", "q": "Which papers?", "o": 100}
