"""Slack text read back: a message as the question it asks (whom it addresses or copies left out), a thread as the
earlier turns of a conversation."""

from __future__ import annotations

import pytest

from paperchat.ui.slack import format as fmt
from paperchat.ui.slack.slack_text import asks_for_help, plain_text, question_text, thread_history


def test_plain_text_reads_links_entities_and_bars_back() -> None:
    assert plain_text("see <https://x.org/a?b=1&amp;c=2|LoRA &amp; friends ∣ v2> &lt;3") == "see LoRA & friends | v2 <3"
    assert plain_text("<#C123|general> and <https://x.org>") == "general and https://x.org"


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("<@UBOT>  what is LoRA?  ", "what is LoRA?"),
        ("<@UBOT>", ""),
        ("<@UBOT>: what is QZO?", "what is QZO?"),
        ("<@UBOT> what is QZO? cc <@U0OTHER>", "what is QZO?"),
        ("<@UBOT> what is QZO? cc <@U1>, <@U2> and <!subteam^S1|@ml-team>", "what is QZO?"),
        ("what is QZO? (cc <@U1>)", "what is QZO?"),
        ("fyi <!here> what is QZO?", "what is QZO?"),
        ("<!channel> what is QZO?", "what is QZO?"),
        ("@channel what is QZO?", "what is QZO?"),  # a slash command's text, as typed when Slack did not escape it
        ("what is QZO? /cc @bob.smith", "what is QZO?"),
        ("<@UBOT> <!everyone> <!here> what is QZO?", "what is QZO?"),
    ],
)
def test_whom_a_message_addresses_or_copies_is_not_part_of_the_question(typed: str, asked: str) -> None:
    assert question_text(typed) == asked


def test_what_only_looks_like_a_mention_stays() -> None:
    assert question_text("Which papers list a@b.org as contact?") == "Which papers list a@b.org as contact?"
    assert question_text("Which papers use C++ or the + operator?") == "Which papers use C++ or the + operator?"
    assert question_text("Which papers compare LoRA &amp; GaLore?") == "Which papers compare LoRA & GaLore?"


def test_help_is_asked_for_with_help_usage_or_a_lone_question_mark() -> None:
    assert all(asks_for_help(question_text(text)) for text in ("help", "<@UBOT> Help!", "usage", "?", " help. "))
    assert not any(asks_for_help(text) for text in ("help me find papers on LoRA", "what is help?", ""))


def test_thread_history_keeps_users_and_this_bot_only() -> None:
    replies = [
        {"ts": "1.0", "user": "U1", "text": "<@UBOT> what is LoRA? cc <@U9>"},
        {"ts": "2.0", "user": "UBOT", "bot_id": "BBOT", "text": fmt.THINKING},
        {"ts": "3.0", "user": "UBOT", "bot_id": "BBOT", "text": "LoRA adapts [1].\n*References*"},
        {"ts": "3.5", "user": "UBOT", "bot_id": "BBOT", "text": "[1] <https://x.org|LoRA &amp; friends>"},
        {"ts": "4.0", "bot_id": "BOTHER", "subtype": "bot_message", "text": "another bot"},
        {"ts": "4.5", "user": "U2", "subtype": "channel_join", "text": "<@U2> has joined"},
        {"ts": "5.0", "user": "UBOT", "bot_id": "BBOT", "text": fmt.APOLOGY},
        {"ts": "5.5", "user": "UBOT", "bot_id": "BBOT", "text": fmt.notice("You have asked 10 questions")},
        {"ts": "6.0", "user": "U1", "text": "<@UBOT> who wrote it?"},
    ]
    history = thread_history(replies, "UBOT", "BBOT", before_ts="6.0")
    assert history == [
        {"role": "user", "content": "what is LoRA?"},
        {"role": "assistant", "content": "LoRA adapts [1]. *References*\n[1] LoRA & friends"},
    ]
