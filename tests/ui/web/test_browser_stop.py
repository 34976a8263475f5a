"""Stop, in headless Chromium, against a model that writes slowly (the OpenAI stand-in, through the real client):
twenty times over, the answer stops within a second of the click, says it was stopped, keeps the papers it was
written from, shows no [n] without its card, and the model's stream is cut off rather than read to its end."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_settings
from tests.openai_stand_in import ScriptedChatServer
from tests.ui.web.test_browser import QUESTION, browser, new_tab, open_app, serve

__all__ = ["browser"]  # the fixture shared with test_browser
pytestmark = pytest.mark.slow
TRIES = 20
BOT = '#pc-chat [data-testid="bot"]'
WORDS = 400  # at WORD_DELAY each: a model that would write for a minute
WORD_DELAY = 0.15
# In the page: the time of the click on Stop, and of the first moment after it that answer number `turn` is marked
# as stopped (earlier answers carry their own marks).
WATCH_STOP = """(turn) => {
    window.pcStopClicked = null; window.pcStopShown = null;
    document.getElementById('pc-stop').addEventListener('click', () => { window.pcStopClicked = performance.now(); },
        {capture: true, once: true});
    const seen = () => {
        const answers = document.querySelectorAll('#pc-chat [data-testid="bot"]');
        if (window.pcStopClicked !== null && !window.pcStopShown && answers.length === turn
            && answers[turn - 1].querySelector('.pc-stopped')) { window.pcStopShown = performance.now(); }
    };
    new MutationObserver(seen).observe(document.body, {childList: true, subtree: true, characterData: true});
}"""


def slow_reply(messages: list[dict]) -> str:
    """A long answer that cites the first numbered passage every few words."""
    first = re.search(r"^\[(\d+)\]", messages[-1]["content"], re.M)
    marker = f" [{first.group(1)}]." if first else "."
    return " ".join(f"word{n}" + (marker if n % 8 == 7 else "") for n in range(WORDS))


@pytest.fixture(scope="module")
def slow_app(seed_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    from paperchat.assistant import Assistant

    copy = tmp_path_factory.mktemp("ui-stop") / "index"
    shutil.copytree(seed_index_dir, copy)
    with ScriptedChatServer(slow_reply, word_delay=WORD_DELAY) as model:
        settings = make_settings(
            copy,
            answer={"backend": "openai-like", "base_url": model.base_url, "model": "slow-model"},
            limits={"questions_per_minute": 0},  # twenty questions in a row are this test, not abuse
        )
        with serve(Assistant.open(copy, settings)) as url:
            yield url, model


def test_stop_stops_within_a_second_twenty_times_in_twenty(browser: Any, slow_app: tuple[str, Any]) -> None:
    url, model = slow_app
    tab = new_tab(browser, viewport={"width": 1440, "height": 1000})
    latencies: list[float] = []
    try:
        open_app(tab, url)
        for attempt in range(1, TRIES + 1):
            tab.locator("#pc-question textarea").fill(f"{QUESTION} ({attempt})")
            tab.locator("#pc-question textarea").press("Enter")
            tab.wait_for_function(  # the model has begun to write this answer
                f"() => {{ const m = [...document.querySelectorAll('{BOT}')]; return m.length === {attempt}"
                " && /word\\d/.test(m[m.length - 1].innerText); }"
            )
            tab.evaluate(WATCH_STOP, attempt)
            tab.locator("#pc-stop").click()
            tab.wait_for_function("() => window.pcStopShown !== null")
            latencies.append(tab.evaluate("() => window.pcStopShown - window.pcStopClicked") / 1000)

            answer = tab.locator(BOT).nth(attempt - 1)
            answer.locator(".pc-stopped").wait_for()
            stopped_text = answer.inner_text()
            assert "Stopped" in stopped_text and not re.search(r"\[\d+\]", stopped_text.split("Stopped")[0])
            tab.locator("#pc-ask").wait_for()
            panel = tab.locator(f'#pc-sources .pc-turn[data-turn="{attempt}"]')
            panel.get_by_text("Stopped before the answer was finished").wait_for()  # the cards follow the answer
            assert panel.locator(".pc-card").count() >= 1  # the papers it was written from stay
            tab.wait_for_timeout(600)  # four more words, had the model gone on
            assert answer.inner_text() == stopped_text  # nothing more arrived after the stop
        tab.wait_for_function(f"() => document.querySelectorAll('{BOT}').length === {TRIES}")
    finally:
        tab.close()
    median = sorted(latencies)[TRIES // 2]
    print(f"Stop: {len(latencies)} of {TRIES} stopped; slowest {max(latencies):.3f} s, median {median:.3f} s")
    assert len(latencies) == TRIES and max(latencies) < 1.0, [round(t, 3) for t in latencies]
    deadline = time.monotonic() + 5  # the model's connection closes within moments of each stop
    while len(model.streams) < TRIES and time.monotonic() < deadline:
        time.sleep(0.1)
    assert model.streams[-TRIES:] == [False] * TRIES  # every stream cut off, none read to its end
