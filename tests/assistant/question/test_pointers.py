"""Which earlier papers a follow-up points at: ordinals, citation numbers, "the other one", a family's variant."""

from __future__ import annotations

from paperchat.assistant.question.conversation import Exchange
from paperchat.assistant.question.plan import QuestionPlan
from paperchat.assistant.question.pointers import (
    described_pick,
    named_by_short_title,
    ordinal_pick,
    other_pick,
    pointed_at,
    sibling_named,
)
from paperchat.ingest.papers import Paper

PAPERS = [
    Paper(title="MiniMax-01: Scaling Foundation Models with Lightning Attention"),
    Paper(title="MiniMax-M1: Scaling Test-Time Compute Efficiently with Lightning Attention"),
    Paper(title="Conda: Column-Normalized Adam for Training Large Language Models Faster"),
    Paper(title="Apple Silicon at Scale: Training on M1 Laptops"),
]
M01, M1, CONDA, APPLE = (paper.paper_id for paper in PAPERS)


def turn(*shown: str, cited: list[str] | None = None) -> Exchange:
    """An earlier answer that showed these papers, in this order."""
    return Exchange("q", "text", considered=list(shown), cited=cited)


def test_an_ordinal_picks_that_place_in_the_latest_list() -> None:
    history = [turn("a", "b", "c")]
    assert ordinal_pick("Who wrote the second one?", history, PAPERS) == ["b"]
    assert ordinal_pick("and the last paper?", history, PAPERS) == ["c"]
    assert ordinal_pick("what does the latter add?", history, PAPERS) == ["c"]
    assert ordinal_pick("ok and the 2nd result, is it open source?", history, PAPERS) == ["b"]
    assert ordinal_pick("what about the last of those?", history, PAPERS) == ["c"]


def test_words_that_only_look_like_ordinals_point_at_nothing() -> None:
    history = [turn("a", "b", "c")]
    assert ordinal_pick("Who is the first author?", history, PAPERS) is None
    assert ordinal_pick("the fifth one", history, PAPERS) is None  # there is no fifth
    assert ordinal_pick("Which was the first paper to use GRPO?", history, PAPERS) is None  # a superlative


def test_after_an_answer_about_one_paper_an_ordinal_means_the_list_before_it() -> None:
    history = [turn("a", "b"), turn("b")]
    assert ordinal_pick("And the first one, is it multimodal?", history, PAPERS) == ["a"]


def test_a_citation_number_is_the_paper_cited_with_it() -> None:
    history = [turn("a", "b", "c", cited=["c", "a"])]
    assert ordinal_pick("what does [2] measure?", history, PAPERS) == ["a"]
    assert ordinal_pick("is reference 1 peer reviewed?", history, PAPERS) == ["c"]
    assert ordinal_pick("and [7]?", history, PAPERS) is None


def test_the_other_one_is_the_rest_of_the_list_the_conversation_narrowed() -> None:
    assert other_pick("how did the other one evaluate it?", [turn("a", "b"), turn("b"), turn("b")], PAPERS, ["b"]) == [
        "a"
    ]
    assert other_pick("what do the others say?", [turn("a", "b", "c"), turn("b")], PAPERS, ["b"]) == ["a", "c"]
    # One list and nothing narrowed from it: "the other one" has nothing to be other than.
    assert other_pick("and the other one?", [turn("a", "b")], PAPERS, ["a", "b"]) is None
    assert other_pick("any other papers?", [turn("a", "b"), turn("b")], PAPERS, ["b"]) is None  # more, not the rest


def test_a_familys_variant_is_named_by_the_part_that_differs() -> None:
    assert sibling_named("how does the later M1 model build on that?", [M01], PAPERS) == [M1]
    # "M1" beside an unrelated paper names no family member; a plain word is not a variant.
    assert sibling_named("how does the later M1 model build on that?", [CONDA], PAPERS) == []
    assert sibling_named("what is MiniMax's lightning attention?", [M01], PAPERS) == []


def test_earlier_papers_named_by_their_short_titles_in_any_case() -> None:
    assert named_by_short_title("so conda vs minimax-m1?", [M1, CONDA, M01], PAPERS) == [M1, CONDA]


def test_the_first_paper_of_the_conversation_is_not_the_first_of_the_latest_list() -> None:
    history = [turn("a", "b"), turn("c", "d")]
    assert ordinal_pick("How does it compare with the one I asked about first?", history, PAPERS) == ["a"]
    assert ordinal_pick("and the first paper you brought up?", history, PAPERS) == ["a"]
    assert ordinal_pick("and the first one you listed?", history, PAPERS) == ["c"]


SPLATS = [
    Paper(title="Decoupling Appearance Variations with 3D Gaussians", date="2025-01-10", year=2025),
    Paper(title="DynaPose4D: 4D Dynamic Content", date="2025-06-02", year=2025),
    Paper(title="AnySplat: Feed-forward 3D Gaussian Splatting", date="2024-05-01", year=2024),
]
DECOUPLING, DYNAPOSE, ANYSPLAT = (paper.paper_id for paper in SPLATS)


def test_an_earlier_paper_described_by_its_date_or_its_subject() -> None:
    shown = [DECOUPLING, DYNAPOSE, ANYSPLAT]
    assert described_pick("how does it differ from the january one", shown, SPLATS) == [DECOUPLING]
    assert described_pick("and the 2024 one?", shown, SPLATS) == [ANYSPLAT]
    assert described_pick("compared with the older one?", [DECOUPLING, DYNAPOSE], SPLATS) == [DECOUPLING]
    assert described_pick("what does the 4D one add?", shown, SPLATS) == [DYNAPOSE]
    # A superlative over the library ("the oldest paper on the profile") is a sort, not one of these.
    assert described_pick("What is the oldest paper on the profile?", shown, SPLATS) == []
    assert described_pick("and the 2023 one?", shown, SPLATS) == []  # no paper of that year was shown


def test_a_description_several_papers_fit_picks_the_one_most_about_it() -> None:
    merging = [
        Paper(title="WARP: Weight Averaged Rewarded Policies", abstract="RLHF aligns LLMs; we merge RLHF policies."),
        Paper(title="LiNeS: Post-training Layer Scaling", abstract="Scaling layers keeps skills after RLHF."),
        Paper(title="Model Soups", abstract="Averaging fine-tuned weights."),
    ]
    warp, lines, soups = (paper.paper_id for paper in merging)
    assert described_pick("compare it with the RLHF one among those", [warp, lines, soups], merging) == [warp]
    assert described_pick("and the layer scaling one?", [warp, lines, soups], merging) == [lines]


def test_an_earlier_paper_described_by_its_organisation_or_by_a_clause_after_one() -> None:
    daily = [
        Paper(title="KernelBlaster: CUDA optimization with memory", org="NVIDIA"),
        Paper(title="Boundary-Guided Policy Optimization", abstract="RL for diffusion language models.", org="Z.ai"),
        Paper(title="Pre-DPO", abstract="DPO that relies on a guiding reference model to reweight samples."),
    ]
    kernel, boundary, pre_dpo = (paper.paper_id for paper in daily)
    shown = [kernel, boundary, pre_dpo]
    assert described_pick("what does the NVIDIA one do?", shown, daily) == [kernel]
    assert described_pick("and the Z.ai one?", shown, daily) == [boundary]
    assert described_pick("that CUDA one - what does it optimize?", shown, daily) == [kernel]
    assert described_pick("and the policy optimization framework?", shown, daily) == [boundary]
    assert described_pick("which claims the biggest cut in CUDA memory?", shown, daily) == []  # a topic, not one
    question = "how does it differ from the one that relies on a guiding reference model?"
    assert described_pick(question, shown, daily) == [pre_dpo]


def test_going_back_to_a_paper_described_from_before_the_latest_answer() -> None:
    papers = [
        Paper(title="ControlLight: Controllable Low-Light Enhancement", abstract="Low-light images, made brighter."),
        Paper(title="When Correct Demonstrations Hurt", abstract="In-context learning exemplars."),
        Paper(title="Test-Time Training for Long Context", abstract="In-context strategies fail at long context."),
    ]
    light, icl, ttt = (paper.paper_id for paper in papers)
    question = "Going back to the low-light one, what loss keeps its outputs consistent?"
    plan = QuestionPlan(question=question, topic=question)
    history = [turn(light), turn(icl, ttt)]
    assert pointed_at(question, plan, history, [icl, ttt], papers) == [light]


def test_families_are_read_once_per_catalog_version() -> None:
    from paperchat.assistant.question.pointers import _families

    assert _families(PAPERS) is _families(PAPERS)  # the same list: nothing read again for the next follow-up
    assert _families(list(PAPERS)) is not _families(PAPERS)  # a new catalog version is read anew
    assert _families(PAPERS).of[M1] == "minimax" and ("m1", M1) in _families(PAPERS).members["minimax"]
