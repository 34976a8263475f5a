"""The refusal step: is there evidence at all, and what a refusal says."""

from __future__ import annotations

from paperchat.assistant.answering.refusal import (
    REFUSAL,
    closest_papers,
    evidence,
    missing_note,
    refusal_text,
    relevance,
    too_weak,
    unique_papers,
    unstated_amount,
    unstated_text,
)
from paperchat.assistant.results import Passage
from paperchat.ingest.text import content_terms


def passage(paper_id: str, text: str, dense: float | None = 0.5, title: str = "A paper") -> Passage:
    return Passage(paper_id=paper_id, title=title, chunk_id=f"{paper_id}:0", text=text, dense_score=dense)


def test_relevance_adds_the_share_of_question_terms_to_the_cosine() -> None:
    terms = content_terms("kelp forest growth")
    assert relevance(passage("a", "Kelp forests show fast growth."), terms) > relevance(
        passage("b", "Unrelated."), terms
    )
    keyword_only = passage("c", "Kelp forests show fast growth.", dense=None)
    assert 0 < relevance(keyword_only, terms) <= 0.6  # without a cosine, term coverage is all the evidence


def test_too_weak_when_no_passage_comes_close() -> None:
    passages = [passage("a", "Nothing about the question here.", dense=0.1)]
    assert too_weak("How fast do kelp forests grow?", passages, 0.33)
    assert not too_weak("How fast do kelp forests grow?", [passage("b", "Kelp forests grow fast.", 0.6)], 0.33)
    assert evidence("kelp", []) == [] and too_weak("kelp", [], 0.33)


def test_a_refusal_names_absent_terms_and_the_closest_papers() -> None:
    text = refusal_text([passage("a", "x", title="Kelp"), passage("a", "y", title="Kelp")], ["Loihi 2"])
    assert text.startswith("No indexed paper mentions “Loihi 2”")
    assert "“Kelp”" in text and text.count("Kelp") == 1  # one paper named once
    assert refusal_text([]) == REFUSAL
    # "Any others?" when every paper on the topic was shown: said as such, not as a failure to answer.
    assert refusal_text([], left_out=True).startswith("No other indexed paper is about this")


def test_unique_papers_keeps_each_papers_first_passage() -> None:
    first, second, other = passage("a", "1"), passage("a", "2"), passage("b", "3")
    assert unique_papers([first, other, second]) == [first, other]


def test_a_question_about_money_needs_a_passage_that_states_money() -> None:
    gpus = [passage("a", "The training runs on 8 A100 GPUs for 3 days.")]
    assert unstated_amount("How much did it cost, in US dollars, to train the agent?", gpus) == "an amount of money"
    priced = [passage("b", "Training cost about $2,000 on rented GPUs.")]
    assert unstated_amount("How much did it cost to train the agent?", priced) is None
    assert unstated_amount("How many GPUs were used?", gpus) is None


def test_closest_papers_are_those_near_the_best_passage() -> None:
    best = passage("a", "Kelp forests grow fast in cold water.", dense=0.7)
    near = passage("b", "Kelp forests grow fast in cold seas too.", dense=0.65)
    far = passage("c", "Glaciers melt.", dense=0.1)
    assert closest_papers("How fast do kelp forests grow?", [best, near, far], 0.33) == ["a", "b"]


def test_a_refusal_names_what_the_closest_papers_never_mention() -> None:
    text = unstated_text(["Kelp growth"], ["Dutch"], discussed=False)
    assert text.startswith("“Kelp growth” does not mention “Dutch”, so the indexed papers do not answer")
    assert missing_note(["a date for that event"]) == "No indexed paper mentions a date for that event."


def test_a_term_the_library_has_is_not_said_to_be_in_no_paper() -> None:
    assert missing_note(["NAS"]) == "No indexed paper mentions “NAS”."
    assert missing_note(["NAS"], known=["NAS"]) == "None of the papers found mentions “NAS”."
    # More papers were asked for, and the ones that mention it were shown already.
    assert refusal_text([], ["NAS"], known=["NAS"], left_out=True).startswith(
        "No indexed paper besides those shown before mentions “NAS”, so the indexed papers do not answer"
    )


def test_a_count_or_exact_value_needs_a_passage_that_states_a_number() -> None:
    vague = [passage("a", "We compress the memory bank into a codebook, keeping accuracy while cutting storage.")]
    asked = "How many codebook entries do they use?"
    assert unstated_amount(asked, vague) == "a number of codebook entries"
    sized = [passage("a", "The codebook holds 512 entries shared across tasks.")]
    assert unstated_amount(asked, sized) is None
    rank = [passage("a", "Picking an effective rank and sparsity matters; costs drop by up to 10x over LoRA.")]
    assert unstated_amount("Which exact LoRA rank did they settle on?", rank) == "the exact LoRA rank"
    # The passage counts it in words of its own ("requests" for "queries"): any number stands.
    assert unstated_amount("How many user queries does it cover?", [passage("a", "1,200 real requests.")]) is None
    # "conversational" is not the thing counted; the passage counts the conversations as "30K interactive jailbreaks".
    jailbreaks = [passage("a", "It holds 30K interactive jailbreaks. We study conversational attacks.")]
    assert unstated_amount("How many jailbreak conversations are in the set?", jailbreaks) is None
