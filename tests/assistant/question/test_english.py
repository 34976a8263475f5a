"""English word frequency, offline from the wordfreq package's own data."""

from __future__ import annotations

from paperchat.assistant.question.english import zipf


def test_common_rare_and_unknown_words() -> None:
    assert zipf("the") > 7 > zipf("robotics") > 3 > zipf("conformer") > 0
    assert zipf("LibriSpeech") == zipf("librispeech") == 0.0  # unknown to English: a name
