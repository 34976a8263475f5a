"""Slack's side of a conversation read back: a message's text as the question it asks, a thread as earlier turns.

Pure functions over Slack message dicts and mrkdwn text; the other direction (answers as messages) is format.py.
"""

from __future__ import annotations

import re

from paperchat.ui.slack.format import BAR, NOT_ANSWERS, unescape

USER_SUBTYPES = (None, "thread_broadcast", "file_share")  # message subtypes that are a person asking
_LINK = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
# Who a message is addressed to or copied to is not part of what it asks: people (<@U…>), channel pings
# (<!channel>, <!here>, <!everyone>), user groups (<!subteam^S…>); and, as typed into a slash command that Slack
# did not escape, @channel, @here, @everyone and @name.
_SLACK_MENTION = r"<[@!][^<>]*>"
_TYPED_MENTION = r"(?<![\w@])@[\w][\w.\-]*"
_MENTION = rf"(?:{_SLACK_MENTION}|{_TYPED_MENTION})"
_MENTIONS = rf"{_MENTION}(?:\s*(?:,|&|\band\b)?\s*{_MENTION})*"
# "cc <@U1> <@U2>", "fyi @here", "/cc <!subteam^S1>": a copy note naming only mentions goes as a whole.
_COPY_NOTE = re.compile(rf"(?:^|(?<=[\s.,;:!?()]))(?:/?cc|fyi|\+)\s*:?\s*{_MENTIONS}", re.IGNORECASE)
_LEADING = re.compile(rf"^\s*(?:{_MENTIONS})")  # "@paperchat what is …": the bot (or anyone) addressed
_PINGS = re.compile(rf"{_SLACK_MENTION}|(?<![\w@])@(?:channel|here|everyone)\b", re.IGNORECASE)
HELP_WORDS = {"help", "usage", "?"}


def plain_text(mrkdwn: str) -> str:
    """Slack message text → plain text: mentions dropped, links reduced to their labels, entities decoded."""

    def link(match: re.Match) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith(("@", "!", "#")):
            return "" if target.startswith(("@", "!")) else (label or "")
        return label if label is not None else target

    text = _LINK.sub(link, mrkdwn or "")
    return " ".join(unescape(text).replace(BAR, "|").split())


def question_text(text: str) -> str:
    """What a message asks: without whom it addresses or copies (people, channel pings, user groups) and without
    leading punctuation left behind ("@paperchat: what is …")."""
    text = _COPY_NOTE.sub(" ", text or "")
    text = _LEADING.sub(" ", text)
    text = _PINGS.sub(" ", text)
    text = re.sub(r"\(\s*\)|\[\s*\]", " ", plain_text(text))  # "(cc @bob)" leaves "()"
    return " ".join(text.split()).lstrip(",:;-–— ").replace(" ?", "?")


def asks_for_help(question: str) -> bool:
    """`help` (or `usage`, or a lone `?`) asks how to use the bot, not the papers."""
    return question.strip().strip("!.").lower() in HELP_WORDS


def thread_history(replies: list[dict], bot_user_id: str | None, bot_id: str | None, before_ts: str) -> list[dict]:
    """Earlier turns of a thread as [{"role", "content"}]: users' messages and this bot's answers, oldest first.
    Other bots, the bot's notices (thinking, apologies) and anything from `before_ts` on are left out; consecutive
    messages of one role merge into one turn (a long answer spans several messages)."""
    turns: list[dict] = []
    for message in sorted(replies, key=lambda m: float(m.get("ts") or 0)):
        if float(message.get("ts") or 0) >= float(before_ts):
            continue
        text = message.get("text") or ""
        is_self = bool(message.get("user") and message.get("user") == bot_user_id) or bool(
            message.get("bot_id") and message.get("bot_id") == bot_id
        )
        if is_self:
            if text.startswith(NOT_ANSWERS):
                continue
            role = "assistant"
        elif message.get("bot_id") or message.get("subtype") not in USER_SUBTYPES:
            continue
        else:
            role = "user"
        content = plain_text(text) if role == "assistant" else question_text(text)
        if not content:
            continue
        if turns and turns[-1]["role"] == role:
            turns[-1]["content"] += "\n" + content
        else:
            turns.append({"role": role, "content": content})
    return turns
