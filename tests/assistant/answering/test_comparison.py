"""A comparison quotes each paper's own sentence on the same point, side by side."""

from __future__ import annotations

from paperchat.assistant.answering.comparison import compare_side_by_side, short_title
from paperchat.assistant.results import Passage


def embed(texts: list[str]) -> list[list[float]]:
    """A bag-of-words stand-in: each text's counts of a few words, enough to rank sentences by shared words."""
    vocabulary = ["memory", "rank", "fisher", "tokens", "adamw", "llama", "gradient"]
    return [[float(text.lower().count(word)) + 0.01 for word in vocabulary] for text in texts]


def passage(n: int, title: str, text: str) -> Passage:
    return Passage(paper_id=f"p{n}", title=title, chunk_id=f"p{n}:0", text=text)


PAPERS = [
    passage(
        1,
        "GaLore 2: Large-Scale LLM Pre-Training",
        "Memory is a bottleneck for training. We present GaLore 2, "
        "a scalable low-rank gradient framework. Pre-training Llama 7B on 500 billion tokens matches AdamW.",
    ),
    passage(
        2,
        "Natural GaLore: Accelerating GaLore for memory-efficient LLM Training",
        "Training needs memory. "
        "This work introduces Natural GaLore, which applies the inverse Fisher to low-rank gradients. "
        "It improves perplexity by 0.3 over GaLore on Llama models.",
    ),
]


def test_each_aspect_quotes_each_paper_once_with_its_number() -> None:
    draft = compare_side_by_side("How do the two differ in memory and gradients?", PAPERS, embed)
    lines = draft.text.splitlines()
    assert lines[0] == "Side by side:" and lines[1].startswith("- **Approach.** *GaLore 2*: We present GaLore 2")
    assert "— *Natural GaLore*: This work introduces Natural GaLore" in lines[1]
    assert lines[2].startswith("- **Findings.** *GaLore 2*: Pre-training Llama 7B") and "[2]." in lines[2]
    assert set(draft.snippets) == {1, 2} and not draft.refused


def test_one_paper_is_no_comparison() -> None:
    assert compare_side_by_side("How do they differ?", PAPERS[:1], embed).refused


def test_short_titles() -> None:
    assert short_title("GaLore 2: Large-Scale LLM Pre-Training") == "GaLore 2"
    assert short_title("A Very Long Title Without Any Colon In It At All") == "A Very Long Title Without Any…"
