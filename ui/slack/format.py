"""Answers as Slack messages: mrkdwn escaping, links that never break, blocks split within Slack's limits.

Pure functions over `Answer`/`Citation`; no Slack client here. The reverse direction (Slack text back into questions
and turns) is slack_text.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from paperchat.assistant.results import Answer, Citation, PaperRef

SECTION_CHARS = 3000  # text of one section block
MESSAGE_BLOCKS = 50  # blocks in one message
MESSAGE_TEXT_CHARS = 38000  # Slack truncates a message's `text` beyond 40,000 characters
BUTTON_VALUE_CHARS = 2000
MAX_AUTHORS = 3

ACTION_HELPFUL = "paperchat_helpful"
ACTION_NOT_HELPFUL = "paperchat_not_helpful"
ACTION_SHARE = "paperchat_share"
ACTION_MORE = "paperchat_more"  # the papers a long list matched but did not name
MORE_PER_PAGE = 100  # papers one "Show more" click lists
ACTIONS_BLOCK = "paperchat_actions"

# Messages the bot posts that are not answers start with one of these; thread history skips them.
THINKING = ":hourglass_flowing_sand: _Looking through the papers…_"
APOLOGY = ":warning: Sorry, something went wrong while answering. The error has been logged; please try again."
NOTICE = ":information_source: "
NOT_ANSWERS = (THINKING, ":warning:", NOTICE)

BAR = "\u2223"  # "∣" stands in for "|" inside link labels, where a bar would end the URL part


def escape(text: str) -> str:
    """Plain text → mrkdwn text: the three control characters Slack asks apps to escape."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def mrkdwn(markdown: str) -> str:
    """Answer text (plain, or Markdown from an LLM backend) → Slack mrkdwn: escaped; `**bold**` and headings become
    `*bold*`; `[text](https://...)` becomes a Slack link. `[n]` markers stay as they are."""
    text = escape(markdown)
    text = re.sub(r"\*\*(\S(?:.*?\S)?)\*\*", r"*\1*", text)
    text = re.sub(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", r"*\1*", text, flags=re.MULTILINE)

    def link(match: re.Match) -> str:
        url = safe_url(unescape(match.group(2)))
        return f"<{url}|{link_label(unescape(match.group(1)))}>" if url else match.group(0)

    return re.sub(r"\[([^\[\]\n]+)\]\((https?://[^\s()]+)\)", link, text)


def link_label(text: str) -> str:
    """Text safe inside `<url|label>`: one line, no `|`, `<` or `>` left to end the link early."""
    return escape(" ".join(text.split())).replace("|", BAR)


def safe_url(url: str | None) -> str | None:
    """An http(s) URL with the characters that would break `<url|label>` percent-encoded; None otherwise."""
    url = (url or "").strip()
    if not re.match(r"https?://[^\s/]", url, re.IGNORECASE):
        return None
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


def citation_url(citation: PaperRef | Any) -> str:
    """The paper's own URL; an arXiv page for an arXiv id; its code; else a scholar search for the title."""
    url = safe_url(citation.url)
    if url:
        return url
    if re.fullmatch(r"\d{4}\.\d{4,5}(v\d+)?", citation.paper_id or ""):
        return f"https://arxiv.org/abs/{citation.paper_id}"
    code = safe_url(citation.code_url)
    if code:
        return code
    return "https://scholar.google.com/scholar?q=" + quote(f'"{" ".join(citation.title.split())}"', safe="")


def paper_line(prefix: str, paper: PaperRef | Any, where: str = "") -> str:
    """`<prefix> <url|Title> — A, B, C et al. (2024)` for a citation or any paper record with the same fields;
    `where` in the paper (page, section) follows."""
    authors = paper.authors[:MAX_AUTHORS]
    names = ", ".join(" ".join(a.split()) for a in authors)
    if names and (paper.authors_truncated or len(paper.authors) > MAX_AUTHORS):
        names += " et al."
    year = paper.year or (paper.date[:4] if paper.date and paper.date[:4].isdigit() else paper.date)
    meta = " ".join(filter(None, [escape(names), f"({escape(str(year))})" if year else ""]))
    meta = ", ".join(filter(None, [meta, escape(where)]))
    line = f"{prefix} <{citation_url(paper)}|{link_label(paper.display_title)}>"  # LaTeX remnants cleaned
    return f"{line} — {meta}" if meta else line


def reference_line(citation: Citation) -> str:
    """`[1] <url|Title> — A, B, C et al. (2024), p. 7, §5.4`"""
    return paper_line(f"[{citation.n}]", citation, citation.location)


def split_text(text: str, limit: int = SECTION_CHARS) -> list[str]:
    """Pieces of at most `limit` characters, cut at a paragraph, line, sentence or word, never inside a link
    or an `&amp;` entity."""
    pieces: list[str] = []
    text = text.strip()
    while len(text) > limit:
        window = text[:limit]
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            position = window.rfind(separator)
            if position >= limit // 3:
                cut = position + len(separator)
                break
        cut = cut if cut > 0 else limit
        opened, closed = window.rfind("<", 0, cut), window.rfind(">", 0, cut)
        if opened > closed and opened > 0:
            cut = opened  # never split a <url|label>
        amp = window.rfind("&", 0, cut)
        if amp >= 0 and ";" not in window[amp:cut] and cut - amp < 6 and amp > 0:
            cut = amp
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        pieces.append(text)
    return [piece for piece in pieces if piece]


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _pack_lines(lines: Iterable[str], limit: int = SECTION_CHARS) -> list[str]:
    """Lines joined into pieces of at most `limit` characters (a longer line is split on its own)."""
    pieces: list[str] = []
    current = ""
    for line in lines:
        for part in split_text(line, limit):
            if current and len(current) + 1 + len(part) > limit:
                pieces.append(current)
                current = ""
            current = f"{current}\n{part}" if current else part
    if current:
        pieces.append(current)
    return pieces


def answer_sections(answer: Answer, header: str | None = None) -> list[str]:
    """The mrkdwn texts of an answer's section blocks: optional header, the answer, then its references."""
    texts = split_text(header) if header else []
    texts += split_text(mrkdwn(answer.text) or "_(empty answer)_")
    if answer.citations:
        texts += _pack_lines(["*References*", *(reference_line(c) for c in answer.citations)])
    return texts


def button_value(key: str, answer: Answer, offset: int = 0) -> str:
    """What a button carries: the answer's cache key, its question and cited paper ids, within 2,000 chars; for
    the next page of a long list, how many of the papers it did not name were shown already (`offset`)."""
    data: dict = {"k": key, "q": answer.question, "p": [c.paper_id for c in answer.citations][:20]}
    if offset:
        data = {"k": key, "q": answer.question, "o": offset}
    value = json.dumps(data, ensure_ascii=False)
    while len(value) > BUTTON_VALUE_CHARS and data["q"]:
        data["q"] = data["q"][: max(0, len(data["q"]) - (len(value) - BUTTON_VALUE_CHARS) - 8)]
        value = json.dumps(data, ensure_ascii=False)
    return value


def parse_button_value(value: str) -> dict:
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    button = {"type": "button", "text": {"type": "plain_text", "text": text, "emoji": True},
              "action_id": action_id, "value": value}
    if style:
        button["style"] = style
    return button


def more_button(value: str, left: int) -> dict:
    """"Show the other N papers": lists what a long answer matched but did not name, a page at a time."""
    shown = min(left, MORE_PER_PAGE)
    label = f"Show the other {left} papers" if shown == left else f"Show {shown} more of {left}"
    return _button(label, ACTION_MORE, value)


def actions_block(value: str, share: bool = False, more: int = 0) -> dict:
    """Feedback buttons; for a private answer a button to share it in the channel; for a long list, one for the
    `more` papers it did not name."""
    elements = [_button("Share in channel", ACTION_SHARE, value, "primary")] if share else []
    elements += [more_button(value, more)] if more else []
    elements += [_button(":thumbsup: Helpful", ACTION_HELPFUL, value),
                 _button(":thumbsdown: Not helpful", ACTION_NOT_HELPFUL, value)]
    return {"type": "actions", "block_id": ACTIONS_BLOCK, "elements": elements}


def messages(sections: list[str], last_blocks: list[dict] | None = None) -> list[dict]:
    """Section texts packed into messages `{"text", "blocks"}` within Slack's block and text limits; `last_blocks`
    (e.g. buttons) end the last message. `text` is the plain mrkdwn of the message's sections."""
    last_blocks = last_blocks or []
    out: list[dict] = []
    blocks: list[dict] = []
    texts: list[str] = []
    budget = MESSAGE_BLOCKS - len(last_blocks)
    for text in sections:
        if blocks and (len(blocks) + 1 > budget or sum(map(len, texts)) + len(text) + len(texts) > MESSAGE_TEXT_CHARS):
            out.append({"text": "\n".join(texts), "blocks": blocks})
            blocks, texts = [], []
        blocks.append(_section(text))
        texts.append(text)
    out.append({"text": "\n".join(texts), "blocks": blocks + last_blocks})
    return out


def answer_messages(answer: Answer, value: str | None = None, header: str | None = None,
                    share: bool = False) -> list[dict]:
    """An answer as one or more Slack messages; the last carries the buttons when `value` is given."""
    last = [actions_block(value, share, len(answer.unlisted))] if value else []
    return messages(answer_sections(answer, header), last)


def more_messages(papers: list[PaperRef | Any], first: int, left: int, value: str | None) -> list[dict]:
    """A page of the papers a long answer did not name, numbered on from `first`; when `left` more remain after
    it, a button for the next page carrying `value`."""
    lines = [paper_line(f"{n}.", paper) for n, paper in enumerate(papers, first)]
    last = [{"type": "actions", "block_id": ACTIONS_BLOCK, "elements": [more_button(value, left)]}]
    return messages(_pack_lines(lines) or ["_(those papers are no longer in the index)_"], last if left else None)


def notice(text: str) -> str:
    return NOTICE + escape(text)
