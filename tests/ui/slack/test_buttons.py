"""The buttons under an answer: a long list offers the papers it did not name, a page at a time, where the answer
is; feedback keeps one verdict per person per answer (the latest) with the cited papers by title."""

from __future__ import annotations

import re
from pathlib import Path

from paperchat.assistant import Assistant, Filters
from paperchat.ui.slack import format as fmt
from paperchat.ui.slack.slack_text import plain_text
from tests.conftest import make_settings
from tests.ui.slack.slack_stand_in import action_body, command_body, event_body, signed_post
from tests.ui.slack.test_app import button_value, cited_links, mention, replies

WITH_CODE = "Which papers have code?"
EVERY_PAPER = "List all papers"
NUMBERED = re.compile(r"^(\d+)\. <[^<>|]+\|([^<>]+)>", re.MULTILINE)


def listed(text: str) -> list[tuple[int, str]]:
    return [(int(n), plain_text(title)) for n, title in NUMBERED.findall(text)]


def titles_of(assistant, ids: list[str]) -> list[str]:  # noqa: ANN001
    return [" ".join(p.display_title.split()) for p in assistant.papers(Filters(paper_ids=ids))]


def click_more(stand_in, url: str, message: dict, name: str) -> None:  # noqa: ANN001
    value = button_value(message, fmt.ACTION_MORE)
    assert signed_post(url, action_body(fmt.ACTION_MORE, value, stand_in.response_url(name), message=message))[0] == 200


def test_a_long_list_offers_the_rest_in_its_thread(seed_assistant, stand_in, start_bot) -> None:
    url = start_bot(seed_assistant)
    expected = seed_assistant.ask(WITH_CODE)
    rest = len(expected.unlisted)
    event = mention(stand_in, WITH_CODE)
    signed_post(url, event_body(event))
    [answer] = replies(stand_in, "C1", event["ts"])
    assert answer["text"].startswith(fmt.mrkdwn(expected.text)) and "paperchat papers" not in answer["text"]
    assert rest and f"…and {rest} more." in answer["text"]
    [more] = [e for b in answer["blocks"] if b["type"] == "actions" for e in b["elements"]
              if e["action_id"] == fmt.ACTION_MORE]
    assert more["text"]["text"] == f"Show the other {rest} papers"

    click_more(stand_in, url, answer, "more")
    [page] = replies(stand_in, "C1", event["ts"], count=2)[1:]
    first = len(expected.citations) + 1
    assert listed(page["text"]) == list(enumerate(titles_of(seed_assistant, expected.unlisted), first))
    assert not [b for b in page["blocks"] if b["type"] == "actions"], "nothing left to show"


def test_a_very_long_list_comes_a_page_at_a_time_even_after_a_restart(seed_assistant, stand_in, start_bot) -> None:
    url = start_bot(seed_assistant)
    expected = seed_assistant.ask(EVERY_PAPER)
    event = mention(stand_in, EVERY_PAPER)
    signed_post(url, event_body(event))
    [message] = replies(stand_in, "C1", event["ts"])
    restarted = start_bot(seed_assistant)  # memory empty: the button asks the question again
    numbers: list[int] = []
    for page_number in range(1, 10):
        click_more(stand_in, restarted if page_number == 2 else url, message, f"p{page_number}")
        message = replies(stand_in, "C1", event["ts"], count=page_number + 1)[-1]
        numbers += [n for n, _ in listed(message["text"])]
        if not [b for b in message["blocks"] if b["type"] == "actions"]:
            break
        assert len(listed(message["text"])) == fmt.MORE_PER_PAGE
    assert numbers == list(range(len(expected.citations) + 1, 272)), "every paper once, in order"


def test_a_private_answer_lists_the_rest_privately(seed_assistant, stand_in, start_bot) -> None:
    url = start_bot(seed_assistant)
    signed_post(url, command_body(WITH_CODE, stand_in.response_url("ask")))
    [private] = stand_in.wait_for(lambda calls: [c for c in calls if c.method == "respond/ask"], what="answer")
    value = button_value(private.params, fmt.ACTION_MORE)
    assert signed_post(url, action_body(fmt.ACTION_MORE, value, stand_in.response_url("rest")))[0] == 200
    [rest] = stand_in.wait_for(lambda calls: [c for c in calls if c.method == "respond/rest"], what="the rest")
    assert rest.params["response_type"] == "ephemeral" and rest.params["replace_original"] is False
    assert listed(rest.params["text"]) and not stand_in.calls_to("chat.postMessage")


def test_feedback_keeps_the_latest_verdict_per_person_with_titles(seed_copy: Path, stand_in, start_bot) -> None:
    engine = Assistant.open(seed_copy, make_settings(seed_copy))
    url = start_bot(engine)
    event = mention(stand_in, "What is MemAscend?")
    signed_post(url, event_body(event))
    [reply] = replies(stand_in, "C1", event["ts"])
    restarted = start_bot(engine)  # nothing in memory: the verdict is built from what the button carries
    for n, (bot, action, user) in enumerate([(url, fmt.ACTION_HELPFUL, "U1"), (url, fmt.ACTION_HELPFUL, "U2"),
                                             (restarted, fmt.ACTION_NOT_HELPFUL, "U1")]):
        value = button_value(reply, action)
        assert signed_post(bot, action_body(action, value, stand_in.response_url(f"fb{n}"), user=user,
                                            message=reply))[0] == 200
        stand_in.wait_for(lambda calls, n=n: [c for c in calls if c.method == f"respond/fb{n}"], what="thanks")
    stored = engine.feedback()
    assert [(f["user"], f["helpful"]) for f in stored] == [("U2", True), ("U1", False)]
    titles = [label for _, label in cited_links(reply["text"])]
    assert [c["title"] for c in stored[1]["citations"]] == titles and titles[0].startswith("MemAscend")
