"""The bot's bounded maps: answers kept behind buttons, and event ids already taken so a retry is dropped."""

from __future__ import annotations

import threading

from paperchat.ui.slack.memory import BoundedMap


def test_a_second_delivery_of_the_same_event_is_not_fresh() -> None:
    seen = BoundedMap(10)
    assert seen.put("Ev1", True) is True
    assert seen.put("Ev1", True) is False
    assert seen.fetch("Ev1") is True and seen.fetch("Ev2") is None


def test_the_oldest_entries_go_first_and_a_repeat_counts_as_new() -> None:
    answers = BoundedMap(2)
    answers.put("a", 1)
    answers.put("b", 2)
    answers.put("a", 3)  # "a" is now the most recent
    answers.put("c", 4)
    assert list(answers) == ["a", "c"] and answers.fetch("a") == 3


def test_threads_putting_the_same_key_see_it_fresh_once() -> None:
    seen = BoundedMap(100)
    fresh: list[bool] = []
    threads = [threading.Thread(target=lambda: fresh.append(seen.put("Ev1", True))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert fresh.count(True) == 1
