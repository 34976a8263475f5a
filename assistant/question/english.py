"""How common a word is in English, from wordfreq's word lists (shipped in its wheel, read offline)."""

from __future__ import annotations

from functools import lru_cache

from wordfreq import zipf_frequency


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """Zipf frequency of the lower-cased word: 7 for 'the', 3 for once per million words, 0 when unknown."""
    return zipf_frequency(word.lower(), "en")
