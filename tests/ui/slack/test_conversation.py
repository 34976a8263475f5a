"""The conversation a question belongs to: the thread, or in a DM the whole DM. A thread Slack will not let the bot
read is answered without its earlier turns, and the log says which scope is missing."""

from __future__ import annotations

import logging

from paperchat.assistant.results import Answer, Citation
from paperchat.ui.slack import format as fmt
from paperchat.ui.slack.conversation import Conversations, as_history
from tests.ui.slack.slack_stand_in import event_body, signed_post
from tests.ui.slack.test_app import FOLLOW_UP, QUESTION, cited_links, direct, mention, replies

DM_QUESTION = "What is MemAscend?"


def test_a_dm_follow_up_outside_the_thread_keeps_its_paper(seed_assistant, stand_in, start_bot) -> None:
    url = start_bot(seed_assistant)
    first = direct(stand_in, DM_QUESTION)
    signed_post(url, event_body(first))
    [answer] = replies(stand_in, "D1", first["ts"])
    [(_, title)] = cited_links(answer["text"])[:1]
    assert title.startswith("MemAscend")

    follow = direct(stand_in, "Who wrote it?")  # a new top-level DM message, not a reply in the thread
    signed_post(url, event_body(follow))
    [second] = replies(stand_in, "D1", follow["ts"])
    assert [label for _, label in cited_links(second["text"])] == [title], "'it' is the paper the DM was about"
    assert not stand_in.calls_to("conversations.replies"), "the DM's memory, not a thread read"

    elsewhere = direct(stand_in, "Who wrote it?", user="U2", channel="D2")  # another person's DM
    signed_post(url, event_body(elsewhere))
    [alone] = replies(stand_in, "D2", elsewhere["ts"])
    assert title not in [label for _, label in cited_links(alone["text"])]


def test_a_thread_slack_will_not_let_the_bot_read_is_answered_without_it(seed_assistant, stand_in, start_bot,
                                                                         caplog) -> None:
    caplog.set_level(logging.WARNING, logger="paperchat.slack")
    url = start_bot(seed_assistant)
    first = mention(stand_in, QUESTION)
    signed_post(url, event_body(first))
    replies(stand_in, "C1", first["ts"])
    stand_in.fail("conversations.replies", error="missing_scope", needed="channels:history")
    follow = mention(stand_in, FOLLOW_UP, thread_ts=first["ts"])
    signed_post(start_bot(seed_assistant), event_body(follow))  # restarted: the thread must be read from Slack
    second = replies(stand_in, "C1", first["ts"], count=2)[-1]
    assert second["text"] != fmt.APOLOGY and second["text"].startswith(fmt.mrkdwn(seed_assistant.ask(FOLLOW_UP).text))
    [warning] = [r.getMessage() for r in caplog.records if "missing_scope" in r.getMessage()]
    assert "channels:history" in warning and "without its earlier turns" in warning


def answer(question: str, title: str) -> Answer:
    return Answer(question=question, text="It does [1].", citations=[Citation(n=1, paper_id="p", title=title)])


def test_a_dms_history_is_its_answers_with_their_state() -> None:
    first, second = answer("What is A?", "Paper A"), answer("And B?", "Paper B")
    history = as_history([first, second])
    assert history == [first, second] and history[0].citations[0].paper_id == "p"


def test_each_conversation_keeps_its_latest_answers_only() -> None:
    dms = Conversations(per_conversation=2, conversations=2)
    for n in range(3):
        dms.add("D1", answer(f"Q{n}?", f"Paper {n}"))
    assert [earlier.question for earlier in dms.history("D1")] == ["Q1?", "Q2?"]
    dms.add("D2", answer("Q?", "P"))
    dms.add("D3", answer("Q?", "P"))
    assert dms.history("D1") == [] and dms.history("D3"), "the least recent DM is forgotten first"
