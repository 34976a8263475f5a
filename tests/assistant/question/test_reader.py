"""The question plan for each of many phrasings, over a small library shaped like the seeds. Each row: a question and
the parts of the plan it must have (kind, filters, named papers, sort, asked field, list_all, topic, key terms)."""

from __future__ import annotations

import pytest

from paperchat.assistant.index.catalog import Catalog
from paperchat.assistant.question import reader
from paperchat.assistant.question.index_library import IndexLibrary
from paperchat.assistant.question.library import InMemoryLibrary
from paperchat.assistant.question.reader import read_question
from paperchat.ingest.papers import Paper
from tests.assistant.question.library_fixture import LIBRARY, paper_id

YY = "Yufeng Yang"
ROWS: list[tuple[str, dict]] = [
    # --- passages: facts from papers
    ("What word error rate does the Conformer encoder reach on CHiME-4?", {"kind": "passages", "filters": {}}),
    ("How many roadside sensor nodes does the bad-weather perception system deploy?", {"kind": "passages"}),
    ("How much host memory does offloading optimizer state to SSD waste?", {"kind": "passages", "filters": {}}),
    ("On how many accelerators was the hybrid-attention reasoning model trained?", {"kind": "passages", "terms": []}),
    ("Which base model does the medical reasoning model build on?", {"kind": "passages"}),
    ("Why do low-rank gradient projections save memory?", {"kind": "passages"}),
    ("How many parameters does MiniMax-M2 activate?", {"kind": "passages", "named": ["The MiniMax-M2"]}),
    ("What does the mesa-layer solve in context?", {"kind": "passages"}),
    ("Is Lion a sign-momentum optimizer?", {"kind": "passages"}),
    ("How close does it get to BF16 when training in FP8?", {"kind": "passages", "terms": ["BF16", "FP8"]}),
    # --- passages the library cannot answer: key terms it lacks
    ("How many total and active parameters does MiniMax-M3 have?",
     {"kind": "passages", "named": [], "terms": ["MiniMax-M3"], "absent": ["MiniMax-M3"]}),  # fmt: skip
    (
        "What speedup does FlashAttention-3 report on H100 accelerators?",
        {"kind": "passages", "terms": ["FlashAttention-3", "H100"], "absent": ["FlashAttention-3", "H100"]},
    ),
    ("Does any paper run spiking networks on Loihi 2?", {"terms": ["Loihi 2"], "absent": ["Loihi 2"]}),
    ("What serving throughput was measured on MI300X accelerators?", {"terms": ["MI300X"], "absent": ["MI300X"]}),
    (
        "What word error rate is reached on LibriSpeech test-clean?",
        {"terms": ["LibriSpeech"], "absent": ["LibriSpeech"]},
    ),
    ("What BLEU gains does the translation paper report?", {"terms": ["BLEU"], "absent": ["BLEU"]}),
    ("Which paper trains language models in NVFP4?", {"kind": "passages", "terms": ["NVFP4"], "absent": ["NVFP4"]}),
    ("What does GaLore 3 add?", {"named": [], "terms": ["GaLore 3"]}),
    # --- lists of papers by topic (never the whole catalog)
    (
        "Which papers reduce optimizer memory with low-rank gradient projection?",
        {"kind": "list", "list_all": False, "filters": {}, "topic": True},
    ),
    ("Which papers propose ways to keep optimizer state small?", {"kind": "list", "topic": True}),
    ("What papers discuss federated learning?", {"kind": "list", "topic": True}),
    ("List papers about test-time training.", {"kind": "list", "topic": True, "list_all": False}),
    ("Which papers build on GaLore or compare against it?", {"kind": "list", "terms": ["GaLore"]}),
    ("Which papers in the collection touch on quantum computing?", {"kind": "list", "filters": {}, "topic": True}),
    ("Are there papers that fine-tune GPT-2?", {"kind": "list", "terms": ["GPT-2"]}),
    ("Which papers use, extend, or compare against the Lion optimizer?", {"kind": "list"}),
    ("What are the papers on image editing benchmarks?", {"kind": "list", "topic": True}),
    ("Papers from 2025 on low-rank training", {"kind": "list", "filters": {"year_from": 2025, "year_to": 2025}}),
    # --- the whole catalog, when asked for
    ("List all the papers.", {"kind": "list", "list_all": True, "topic": False}),
    ("Show me every paper in the library", {"kind": "list", "list_all": True}),
    ("What papers do you have?", {"kind": "list", "list_all": True}),
    ("How many papers are indexed?", {"kind": "count", "list_all": True, "filters": {}}),
    # --- counts
    ("How many papers are about federated learning?", {"kind": "count", "topic": True, "list_all": False}),
    ("How many papers did Yufeng Yang co-author?", {"kind": "count", "filters": {"author": YY}, "topic": False}),
    (
        "How many 2025 papers have code available?",
        {"kind": "count", "filters": {"year_from": 2025, "year_to": 2025, "has_code": True}},
    ),
    ("How many papers on the daily papers page?", {"kind": "count", "filters": {"formats": ["daily-listing"]}}),
    ("how many of the papers are in the robotics category", {"kind": "count", "filters": {"category": "RO"}}),
    # --- authors
    (
        "Which papers have Jing Yang as first author?",
        {"kind": "list", "filters": {"author": "Jing Yang", "author_position": "first"}, "topic": False},
    ),
    (
        "Which two papers are co-authored by Xianfang Zeng and Zhangqi Jiang?",
        {"kind": "list", "filters": {"author": "Xianfang Zeng", "authors": ["Zhangqi Jiang"]}, "count": 2},
    ),
    (
        "Which papers did Zhangqi Jiang and Xianfang Zeng write together?",
        {"kind": "list", "filters": {"author": "Zhangqi Jiang", "authors": ["Xianfang Zeng"]}},
    ),
    ("Papers by Yang Yufeng", {"kind": "list", "filters": {"author": YY}}),
    ("Which papers list Minghao Ning as an author?", {"kind": "list", "filters": {"author": "Minghao Ning"}}),
    (
        "Which papers list MiniMax itself as the first author?",
        {"kind": "list", "filters": {"author": "MiniMax", "author_position": "first"}},
    ),
    (
        "Which papers have Yufeng Yang as the last author?",
        {"kind": "list", "filters": {"author": YY, "author_position": "last"}},
    ),
    ("Which papers by Geoffrey Hinton are indexed?", {"kind": "list", "filters": {}}),
    ("What did Yufeng Yang publish on speech recognition?", {"filters": {"author": YY}, "topic": True}),
    ("Who is the first author of the MIMO uplink detection paper?", {"kind": "lookup", "asked": "first_author"}),
    ("Who is the lead author of Ozone?", {"kind": "lookup", "asked": "first_author", "named": ["Ozone"]}),
    ("Who wrote the CUDA kernel optimization agent?", {"kind": "lookup", "asked": "authors"}),
    (
        "Who co-authored, with Yufeng Yang, the speech recognition paper using a Conformer?",
        {"kind": "lookup", "asked": "authors", "filters": {"author": YY}},
    ),
    ("Whose names lead the author list of the image editing benchmark?", {"kind": "lookup", "asked": "authors"}),
    # --- catalog facts
    ("When was MemAscend published?", {"kind": "lookup", "asked": "date", "named": ["MemAscend"]}),
    (
        "How many authors does Natural GaLore list?",
        {"kind": "lookup", "asked": "authors_count", "named": ["Natural GaLore"]},
    ),
    (
        "Which organisation is KernelBlaster listed under?",
        {"kind": "lookup", "asked": "org", "named": ["KernelBlaster"]},
    ),
    ("What category is CoInfra filed under?", {"kind": "lookup", "asked": "category", "named": ["CoInfra"]}),
    ("Where is the code for MiniMax-M1?", {"kind": "lookup", "asked": "code_url", "named": ["MiniMax-M1"]}),
    ("How many upvotes did Natural GaLore get?", {"kind": "lookup", "asked": "upvotes", "named": ["Natural GaLore"]}),
    ("What is the title of the paper on Lion as constrained optimization?", {"kind": "lookup", "asked": "title"}),
    # --- superlatives
    (
        "What is the oldest paper on Yufeng Yang's profile, and when was it published?",
        {"kind": "lookup", "sort": "oldest", "asked": "date", "filters": {"formats": ["profile-listing"]}},
    ),
    (
        "The oldest paper on the profile",
        {"kind": "lookup", "sort": "oldest", "filters": {"formats": ["profile-listing"]}},
    ),
    ("Which paper on the profile is the most recent?", {"kind": "lookup", "sort": "newest", "asked": "date"}),
    ("the entry with the most authors", {"kind": "lookup", "sort": "most_authors", "asked": "authors_count"}),
    (
        "On the daily papers page, which entry lists the largest number of authors, and how many?",
        {"kind": "lookup", "sort": "most_authors", "filters": {"formats": ["daily-listing"]}, "topic": False},
    ),
    (
        "Which daily-listing papers received the most upvotes?",
        {"kind": "lookup", "sort": "most_upvoted", "asked": "upvotes", "filters": {"formats": ["daily-listing"]}},
    ),
    ("Which paper has the fewest authors?", {"kind": "lookup", "sort": "fewest_authors"}),
    ("What is the newest paper about GaLore?", {"kind": "lookup", "sort": "newest", "topic": True}),
    (
        "Which robotics paper was posted most recently?",
        {"kind": "lookup", "sort": "newest", "filters": {"category": "RO"}},
    ),
    ("What are the latest methods for KV cache compression?", {"kind": "passages", "sort": None}),  # loosely "new"
    ("Does the earliest layer matter most for pruning?", {"kind": "passages", "sort": None}),
    # --- constraints picking the papers
    (
        "Yufeng Yang's papers in the robotics category",
        {"kind": "list", "filters": {"author": YY, "category": "RO"}, "topic": False},
    ),
    (
        "Which of Yufeng Yang's papers are filed under robotics (cs.RO)?",
        {"kind": "list", "filters": {"author": YY, "category": "RO"}, "topic": False},
    ),
    (
        "Which computer vision papers have Yufeng Yang as first author?",
        {"kind": "list", "filters": {"author": YY, "author_position": "first", "category": "CV"}, "topic": False},
    ),
    (
        "Which paper on Yufeng Yang's profile is categorised under databases?",
        {"kind": "list", "filters": {"category": "DB", "formats": ["profile-listing"]}, "topic": False},
    ),
    (
        "Which 2025 papers on Yufeng Yang's profile are marked as having code available?",
        {
            "kind": "list",
            "filters": {"year_from": 2025, "year_to": 2025, "formats": ["profile-listing"], "has_code": True},
            "topic": False,
        },
    ),
    (
        "Which papers in the collection are listed with only a single author?",
        {"kind": "list", "filters": {"n_authors": 1}, "topic": False},
    ),
    (
        "Which paper on the daily papers page was posted under NVIDIA's organisation?",
        {"kind": "list", "filters": {"org": "NVIDIA", "formats": ["daily-listing"]}, "topic": False},
    ),
    (
        "Which CV papers were published between 2024 and 2025?",
        {"kind": "list", "filters": {"category": "CV", "year_from": 2024, "year_to": 2025}},
    ),
    ("Which papers since 2023 release their code?", {"filters": {"year_from": 2023, "has_code": True}}),
    ("Which papers before 2023 are without code?", {"filters": {"year_to": 2022, "has_code": False}}),
    ("Which papers from NVIDIA are about CUDA?", {"kind": "list", "filters": {"org": "NVIDIA"}, "topic": True}),
    ("Which paper profiles fine-tuning memory on NVIDIA H200 cards?", {"filters": {}, "terms": ["NVIDIA", "H200"]}),
    ("Which papers apply machine learning to portfolios?", {"filters": {}}),
    (
        "Which robotics papers list Minghao Ning first?",
        {"kind": "list", "filters": {"author": "Minghao Ning", "author_position": "first", "category": "RO"}},
    ),
    (
        "Which of the profile's papers are in computer vision?",
        {"kind": "list", "filters": {"category": "CV", "formats": ["profile-listing"]}, "topic": False},
    ),
    (
        "Which daily papers have more than 10 authors?",
        {"kind": "list", "filters": {"formats": ["daily-listing"], "min_authors": 11}, "topic": False},
    ),
    ("Show the papers with exactly two authors.", {"kind": "list", "filters": {"n_authors": 2}, "topic": False}),
    (
        "What has Xianfang Zeng published with code?",
        {"kind": "list", "filters": {"author": "Xianfang Zeng", "has_code": True}, "topic": False},
    ),
    ("Which paper on the daily page has the fewest upvotes?", {"kind": "lookup", "sort": "least_upvoted"}),
    ("Is there code for CoInfra?", {"kind": "lookup", "asked": "code_url", "named": ["CoInfra"]}),
    ("Who is the last author of DynaPose4D?", {"kind": "lookup", "asked": "authors", "named": ["DynaPose4D"]}),
    # --- summaries of one paper
    ("What is the core idea of FRUGAL for memory-efficient training?", {"kind": "summary", "named": ["FRUGAL"]}),
    ("What is MemAscend?", {"kind": "summary", "named": ["MemAscend"]}),
    (
        "What does 'Test-Time Training Done Right' change about test-time training?",
        {"kind": "summary", "named": ["Test-Time Training Done Right"]},
    ),
    ("What is the main contribution of the paper on mesa-optimization?", {"kind": "summary", "named": []}),
    ("Summarise the Ozone paper.", {"kind": "summary", "named": ["Ozone"]}),
    ("What does the Memory-Offloading work propose?", {"kind": "summary"}),
    ("What is frugal about training?", {"named": []}),  # an ordinary word, not written as the paper's name
    # --- comparisons
    (
        "How do GaLore 2 and Natural GaLore differ in what they add on top of GaLore?",
        {"kind": "compare", "named": ["GaLore 2", "Natural GaLore", "GaLore:"]},
    ),
    ("Compare FRUGAL and MemAscend.", {"kind": "compare", "named": ["FRUGAL", "MemAscend"]}),
    ("Contrast GaLore 2 with Natural GaLore", {"kind": "compare", "named": ["GaLore 2", "Natural GaLore"]}),
    (
        "MiniMax-M1 and The MiniMax-M2 Series both use lightning attention; how similar are they?",
        {"kind": "compare", "named": ["MiniMax-M1", "The MiniMax-M2"]},
    ),
    ("How does the paper that discovered Lion differ from the later paper analysing Lion?", {"kind": "compare"}),
    (
        "Compare Yufeng Yang's two robotics papers",
        {"kind": "compare", "filters": {"author": YY, "category": "RO"}, "count": 2},
    ),
    ("How much memory does it save versus AdamW, and how does that compare with GaLore?", {"kind": "passages"}),
    ("Which papers reduce optimizer memory? Oldest first, please.", {"kind": "list", "order": "oldest", "terms": []}),
    # A statement beside a paper named is the asker's words for it: only the sentence that asks must be in the paper.
    ("MemAscend saves host RAM, I hear. By how much does it cut memory?", {"named": ["MemAscend"], "absent": []}),
    ("Is there something from Minimax in the profile? When was it posted?", {"kind": "lookup", "yes_no": False}),
]


@pytest.mark.parametrize(("question", "expected"), ROWS, ids=[q[:60] for q, _ in ROWS])
def test_the_plan_of_each_phrasing(question: str, expected: dict) -> None:
    plan = read_question(question, LIBRARY)
    checks = {
        "kind": plan.kind,
        "filters": plan.filters.describe(),
        "named": plan.named_papers,
        "sort": plan.sort,
        "asked": plan.asked_field,
        "list_all": plan.list_all,
        "topic": bool(plan.topic),
        "count": plan.count_asked,
        "terms": plan.key_terms,
        "absent": plan.absent_terms,
        "order": plan.order,  # the date order a list is asked in
        "yes_no": plan.yes_no,  # "is there something from X? when was it posted?" asks for papers, not yes or no
    }
    if "named" in expected:
        expected = {**expected, "named": [paper_id(start) for start in expected["named"]]}
    if "asked" in expected:
        expected = {"sort": None, **expected}  # a field asked for without a superlative
    assert {key: checks[key] for key in expected} == expected, plan.describe()
    assert not plan.follow_up and not plan.scope  # no history, no follow-up


def test_there_are_at_least_eighty_phrasings() -> None:
    assert len(ROWS) >= 80


def test_prepare_builds_the_reading_once_per_catalog_version() -> None:
    reader.prepare(LIBRARY)
    built = reader._reading(LIBRARY)
    assert reader._reading(LIBRARY) is built  # same library, same version: nothing rebuilt
    other = InMemoryLibrary([Paper(title="MemoryLane: Remembering Papers", authors=["Grace Hopper"])])
    assert read_question("Which papers did Grace Hopper write?", other).filters.author == "Grace Hopper"
    assert read_question("Which papers did Grace Hopper write?", LIBRARY).filters.is_empty()


def test_a_change_of_the_catalog_is_read_by_its_changed_papers(tmp_path) -> None:  # noqa: ANN001
    galore = Paper(title="GaLore: Memory-Efficient LLM Training", authors=["Jiawei Zhao"], category="CV")
    frugal = Paper(title="FRUGAL: Memory-Efficient Optimization", authors=["Philip Zmushko"], category="LG")
    catalog = Catalog(tmp_path / "catalog.sqlite")
    catalog.write_papers([(galore, [], None)])
    library = IndexLibrary(catalog)
    before = reader._reading(library)
    assert read_question("What does FRUGAL save?", library).named_papers == []
    catalog.write_papers([(frugal, [], None)])
    assert read_question("What does FRUGAL save?", library).named_papers == [frugal.paper_id]
    assert reader._reading(library).titles is before.titles  # updated in place, not built again
    assert read_question("Which papers did Philip Zmushko write?", library).filters.author == "Philip Zmushko"
    catalog.delete_paper(galore.paper_id)
    assert read_question("How does GaLore project gradients?", library).named_papers == []
    assert read_question("Which papers did Jiawei Zhao write?", library).filters.is_empty()
    assert reader._reading(library).categories == {"LG"}  # counted by the change too: CV left with GaLore
    catalog.close()

