"""The conversation a question belongs to: the thread, or in a DM the whole DM. A thread Slack will not let the bot
read is answered without its earlier turns, and the log says which scope is missing."""

from __future__ import annotations

import logging

from paperchat.assistant.results import Answer, Citation
from paperchat.ui.slack import format as fmt
from paperchat.ui.slack.conversation import Conversations, as_history
from paperchat.ui.slack.slack_text import plain_text
from tests.ui.slack.slack_stand_in import event_body, signed_post
from tests.ui.slack.test_app import FOLLOW_UP, QUESTION, cited_links, direct, expected_links, mention, replies

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


def test_a_thread_slack_will_not_let_the_bot_read_is_answered_without_it(
    seed_assistant, stand_in, start_bot, caplog
) -> None:
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


def test_thread_follow_up_reads_the_answers_given_in_the_thread(seed_assistant, stand_in, start_bot) -> None:
    url = start_bot(seed_assistant)
    first = mention(stand_in, QUESTION)
    signed_post(url, event_body(first))
    [answer] = replies(stand_in, "C1", first["ts"])
    first_title = cited_links(answer["text"])[0][1]

    follow = mention(stand_in, FOLLOW_UP, thread_ts=first["ts"])
    assert signed_post(url, event_body(follow))[0] == 200
    second = replies(stand_in, "C1", first["ts"], count=2)[-1]

    assert stand_in.calls_to("conversations.replies") == [], "the bot's own answers in the thread are its state"
    titles = [label for _, label in cited_links(second["text"])]
    assert titles and set(titles) == {first_title}, "'that paper' is the paper the earlier answer cited first"
    alone = seed_assistant.ask(FOLLOW_UP)
    assert expected_links(alone) != titles, "without the thread the question is about other papers"


def test_after_a_restart_a_thread_is_read_back_from_slack(seed_assistant, stand_in, start_bot) -> None:
    first = mention(stand_in, QUESTION)
    signed_post(start_bot(seed_assistant), event_body(first))
    [answer] = replies(stand_in, "C1", first["ts"])
    restarted = start_bot(seed_assistant)  # a new process: nothing in memory
    signed_post(restarted, event_body(mention(stand_in, FOLLOW_UP, thread_ts=first["ts"])))
    second = replies(stand_in, "C1", first["ts"], count=2)[-1]
    [history_call] = stand_in.calls_to("conversations.replies")
    assert history_call.params["channel"] == "C1" and history_call.params["ts"] == first["ts"]
    assert {label for _, label in cited_links(second["text"])} == {cited_links(answer["text"])[0][1]}


NARROWING = [
    "Which papers rely on zeroth-order optimization?",
    "Could you cut that list down to just the ones that came out in 2025?",
    "And which of those got the most upvotes?",
]


def test_a_thread_and_a_dm_hold_a_conversation_that_narrows_and_ranks(seed_assistant, stand_in, start_bot) -> None:
    url = start_bot(seed_assistant)
    first = mention(stand_in, NARROWING[0])
    signed_post(url, event_body(first))
    replies(stand_in, "C1", first["ts"])
    for n, question in enumerate(NARROWING[1:], 2):
        signed_post(url, event_body(mention(stand_in, question, thread_ts=first["ts"])))
        replies(stand_in, "C1", first["ts"], count=n)
    in_thread = [plain_text(m["text"]) for m in replies(stand_in, "C1", first["ts"], count=3)]

    in_dm = []
    for question in NARROWING:  # in a DM, each a new top-level message: the DM is the conversation
        event = direct(stand_in, question, channel="D7")
        signed_post(url, event_body(event))
        in_dm.append(plain_text(replies(stand_in, "D7", event["ts"])[-1]["text"]))

    for texts in (in_thread, in_dm):
        assert "Of the " in texts[1] and "papers discussed above" in texts[1] and "(year 2025)" in texts[1]
        assert "By upvotes (most upvoted):" in texts[2] and "Zeroth-order Optimization" in texts[2]
