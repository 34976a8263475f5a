"""Slack formatting: escaping, links that never break, splitting within Slack's limits, thread history."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

from paperchat.assistant.limits import RateLimiter
from paperchat.assistant.results import Answer, Citation
from paperchat.ui.slack import format as fmt

LINK = re.compile(r"<([^<>|\s]+)\|([^<>|\n]+)>")


def citation(n: int, title: str = "A Paper", **fields: object) -> Citation:
    return Citation(n=n, paper_id=fields.pop("paper_id", f"p{n}"), title=title, **fields)


def answer(text: str = "Claim [1].", citations: list[Citation] | None = None, question: str = "What?") -> Answer:
    return Answer(question=question, text=text, citations=citations if citations is not None else [citation(1)])


def test_escape_and_plain_text_round_trip() -> None:
    text = "a < b && c > d"
    assert fmt.escape(text) == "a &lt; b &amp;&amp; c &gt; d"
    assert fmt.plain_text(fmt.escape(text)) == text


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
    assert fmt.plain_text(label) == "Attention | Is All <You> Need > & More"
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


def test_question_text_drops_mentions() -> None:
    assert fmt.question_text("<@UBOT>  what is LoRA?  ") == "what is LoRA?"
    assert fmt.question_text("<@UBOT>") == ""


def test_thread_history_keeps_users_and_this_bot_only() -> None:
    replies = [
        {"ts": "1.0", "user": "U1", "text": "<@UBOT> what is LoRA?"},
        {"ts": "2.0", "user": "UBOT", "bot_id": "BBOT", "text": fmt.THINKING},
        {"ts": "3.0", "user": "UBOT", "bot_id": "BBOT", "text": "LoRA adapts [1].\n*References*"},
        {"ts": "3.5", "user": "UBOT", "bot_id": "BBOT", "text": "[1] <https://x.org|LoRA &amp; friends>"},
        {"ts": "4.0", "bot_id": "BOTHER", "subtype": "bot_message", "text": "another bot"},
        {"ts": "4.5", "user": "U2", "subtype": "channel_join", "text": "<@U2> has joined"},
        {"ts": "5.0", "user": "UBOT", "bot_id": "BBOT", "text": fmt.APOLOGY},
        {"ts": "6.0", "user": "U1", "text": "<@UBOT> who wrote it?"},
    ]
    history = fmt.thread_history(replies, "UBOT", "BBOT", before_ts="6.0")
    assert history == [
        {"role": "user", "content": "what is LoRA?"},
        {"role": "assistant", "content": "LoRA adapts [1]. *References*\n[1] LoRA & friends"},
    ]


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
