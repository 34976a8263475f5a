"""The per-user rate limit: at most N questions in any sliding window, with a clock the tests move by hand."""

from __future__ import annotations

import pytest

from paperchat.assistant.limits import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_user_over_the_limit_waits_until_the_oldest_question_leaves_the_window() -> None:
    clock = Clock()
    limiter = RateLimiter(2, clock=clock)
    assert limiter.allow("ada") and limiter.retry_after("ada") == 0.0
    clock.now += 10
    assert limiter.allow("ada")
    assert not limiter.allow("ada")
    assert limiter.retry_after("ada") == pytest.approx(50.0)
    clock.now += 50
    assert limiter.allow("ada")  # the first question is a minute old now
    assert not limiter.allow("ada")  # the second is not


def test_users_are_counted_separately() -> None:
    limiter = RateLimiter(1, clock=Clock())
    assert limiter.allow("ada")
    assert not limiter.allow("ada")
    assert limiter.allow("grace")


def test_a_refused_question_does_not_count() -> None:
    clock = Clock()
    limiter = RateLimiter(1, window=10, clock=clock)
    assert limiter.allow("ada")
    clock.now += 5
    assert not limiter.allow("ada")
    clock.now += 5
    assert limiter.allow("ada")


@pytest.mark.parametrize("per_minute", [0, -1])
def test_zero_or_less_means_no_limit(per_minute: int) -> None:
    limiter = RateLimiter(per_minute, clock=Clock())
    assert all(limiter.allow("ada") for _ in range(100))
    assert limiter.retry_after("ada") == 0.0
