"""Papers named by title or short name; the longest match wins and a version must match."""

from __future__ import annotations

from paperchat.assistant.question.titles import TitleIndex
from paperchat.ingest.papers import Paper

PAPERS = {
    "galore": Paper(title="GaLore: Memory-Efficient LLM Training by Gradient Low-Rank Projection"),
    "galore2": Paper(title="GaLore 2: Large-Scale LLM Pre-Training by Gradient Low-Rank Projection"),
    "natural": Paper(title="Natural GaLore: Accelerating GaLore for memory-efficient LLM Training"),
    "frugal": Paper(title="FRUGAL: Memory-Efficient Optimization by Reducing State Overhead"),
    "m2": Paper(title="The MiniMax-M2 Series: Mini Activations Unleashing Max Real-World Intelligence"),
    "ttt": Paper(title="Test-Time Training Done Right"),
    "s4": Paper(title="A Survey on Structured State Space Sequence (S4) Models"),
    "lora1": Paper(title="Make LoRA Great Again: Boosting LoRA with Adaptive Singular Values"),
    "lora2": Paper(title="PeriodicLoRA: Breaking the Low-Rank Bottleneck in LoRA Optimization", abstract="LoRA"),
    "lora3": Paper(title="DoRA: Weight-Decomposed Low-Rank Adaptation", abstract="LoRA and DoRA"),
    "lora4": Paper(title="QLoRA: Efficient Finetuning of Quantized LLMs", abstract="LoRA on a 4-bit model"),
}
INDEX = TitleIndex(PAPERS.values())
KEY = {paper.paper_id: key for key, paper in PAPERS.items()}


def named(question: str) -> list[str]:
    return [KEY[paper_id] for paper_id, _ in INDEX.find(question)]


def test_the_longest_most_specific_name_wins() -> None:
    assert named("How do GaLore 2 and Natural GaLore differ from the original GaLore?") == [
        "galore2",
        "natural",
        "galore",
    ]


def test_a_version_the_name_lacks_names_nothing() -> None:
    assert named("What does GaLore 3 add?") == []
    assert named("How many parameters does MiniMax-M3 have?") == []
    assert named("How many parameters does MiniMax-M2 activate?") == ["m2"]


def test_full_titles_short_names_and_bracketed_names() -> None:
    assert named("What does 'Test-Time Training Done Right' change?") == ["ttt"]
    assert named("What ground does the S4 survey cover?") == ["s4"]


def test_an_ordinary_english_word_names_a_paper_only_as_written() -> None:
    assert named("What is the core idea of FRUGAL?") == ["frugal"]
    assert named("Which frugal methods train on one GPU?") == []


def test_a_word_many_papers_mention_is_vocabulary_not_a_name() -> None:
    # "LoRA" stands alone only in "Make LoRA Great Again", but three other papers mention it.
    assert named("Which papers improve LoRA?") == []


def test_an_index_updated_paper_by_paper_names_what_one_built_at_once_names() -> None:
    papers = list(PAPERS.values())
    grown = TitleIndex(papers[:3])
    grown.update(removed=[], added=papers[3:])
    questions = ["What does FRUGAL save?", "Compare GaLore 2 and QLoRA.", "How does DoRA differ from LoRA?"]
    assert [grown.find(q) for q in questions] == [INDEX.find(q) for q in questions]
    assert named("What does DoRA decompose?") == ["lora3"]


def test_a_word_in_two_titles_names_neither_until_one_paper_is_removed() -> None:
    first = Paper(title="Routing Experts with SparseMixer: A Study of Sparse Gates")
    rival = Paper(title="SparseMixer at Scale: Training Trillion-Parameter Models")
    question = "How does SparseMixer route tokens?"
    index = TitleIndex([first])
    assert [pid for pid, _ in index.find(question)] == [first.paper_id]
    index.update(removed=[], added=[rival])
    assert index.find(question) == [] == TitleIndex([first, rival]).find(question)  # vocabulary now, not a name
    index.update(removed=[rival], added=[])
    assert [pid for pid, _ in index.find(question)] == [first.paper_id]
    index.update(removed=[first], added=[])
    assert index.find("Routing Experts with SparseMixer") == [] and index.names == {}


def test_a_junk_title_names_nothing() -> None:
    junk = [Paper(title="the"), Paper(title="Introduction"), Paper(title="10.1145/3292500.3330701")]
    index = TitleIndex([*PAPERS.values(), *junk])
    assert index.find("What is the main idea of the introduction of GaLore 2?") == [
        (PAPERS["galore2"].paper_id, (45, 53))
    ]


def test_a_typo_in_a_long_name_is_read_as_that_name_but_a_version_or_acronym_is_not() -> None:
    index = TitleIndex(PAPERS.values())
    assert index.near("FRUAGL") is None  # under six letters of a name-shaped word is too short to guess
    memascend = Paper(title="MemAscend: System Memory Optimization for SSD-Offloaded Fine-Tuning")
    index = TitleIndex([*PAPERS.values(), memascend])
    assert index.near("MemAcsend") == (memascend.paper_id, "MemAscend")
    assert index.near("MiniMax-M3") is None and index.near("QLoRA") is None
