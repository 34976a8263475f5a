"""Follow-up questions, by pattern: each reads the earlier answers' papers (their state when the history holds
Answers, their titles when it holds only text) and says which of them it is about."""

from __future__ import annotations

from paperchat.assistant.question.reader import read_question
from tests.assistant.question.library_fixture import LIBRARY, PAPERS, paper_id


def answer_citing(*title_starts: str) -> str:
    """An assistant turn with a reference list, as the shells show it."""
    titles = [next(p.title for p in PAPERS if p.title.startswith(start)) for start in title_starts]
    return "Text [1].\n\nReferences:\n" + "\n".join(f"[{n}] {title}" for n, title in enumerate(titles, 1))


HISTORY = [
    {"role": "user", "content": "Which papers reduce optimizer memory?"},
    {"role": "assistant", "content": answer_citing("FRUGAL", "GaLore 2", "Natural GaLore")},
]


def test_a_pronoun_points_back_at_the_first_cited_paper() -> None:
    plan = read_question("What does it propose?", LIBRARY, HISTORY)
    assert plan.follow_up == "pronoun" and plan.scope == [paper_id("FRUGAL")] and plan.kind == "summary"
    assert plan.retrieval_filters().paper_ids == [paper_id("FRUGAL")]


def test_these_papers_and_ordinals() -> None:
    many = read_question("Which of these use low-rank projection?", LIBRARY, HISTORY)
    assert many.follow_up == "narrow" and many.kind == "list" and len(many.scope) == 3
    second = read_question("Who wrote the second one?", LIBRARY, HISTORY)
    assert second.follow_up and second.scope == [paper_id("GaLore 2")] and second.asked_field == "authors"


def test_an_ellipsis_with_no_topic_of_its_own_is_a_follow_up() -> None:
    plan = read_question("Why?", LIBRARY, HISTORY)
    assert plan.follow_up and len(plan.scope) == 3


def test_naming_a_new_paper_is_a_new_question() -> None:
    plan = read_question("What is MemAscend?", LIBRARY, HISTORY)
    assert not plan.follow_up and plan.scope == [] and plan.named_papers == [paper_id("MemAscend")]
    assert plan.kind == "summary"


def test_comparing_the_paper_pointed_at_with_a_new_one() -> None:
    plan = read_question("How does it compare with MemAscend?", LIBRARY, HISTORY)
    assert plan.kind == "compare" and plan.named_papers == [paper_id("FRUGAL"), paper_id("MemAscend")]
    assert not plan.follow_up and plan.scope == []
    # Two names are both sides: the paper the last answer cited is not added to them.
    both = read_question("ok, compare GaLore 2 and MemAscend: how does each one save memory?", LIBRARY, HISTORY)
    assert both.kind == "compare" and set(both.named_papers) == {paper_id("GaLore 2"), paper_id("MemAscend")}


def test_naming_a_cited_paper_scopes_to_it() -> None:
    plan = read_question("What does FRUGAL propose, and how does its memory use compare?", LIBRARY, HISTORY)
    assert plan.follow_up and plan.scope == [paper_id("FRUGAL")]


def test_a_new_topic_or_a_new_specific_term_searches_the_whole_library() -> None:
    assert not read_question("Which papers use federated learning?", LIBRARY, HISTORY).follow_up
    # "it" points back, but CUDA is in none of the cited papers: a new question.
    assert not read_question("Does it run on CUDA kernels written by KernelBlaster?", LIBRARY, HISTORY).follow_up
    assert not read_question("What is the oldest paper on the profile?", LIBRARY, HISTORY).follow_up


def test_scope_comes_from_the_last_answer_only() -> None:
    history = [
        *HISTORY,
        {"role": "user", "content": "Which of them project gradients?"},
        {"role": "assistant", "content": answer_citing("GaLore 2", "Natural GaLore")},
    ]
    plan = read_question("Which of these release code?", LIBRARY, history)
    assert plan.scope == [paper_id("GaLore 2"), paper_id("Natural GaLore")]  # not the three of the answer before
    # After an answer about one paper, "it" is that paper, and "these" can only mean the list before it.
    history[-1] = {"role": "assistant", "content": answer_citing("FRUGAL")}
    assert read_question("Does it release code?", LIBRARY, history).scope == [paper_id("FRUGAL")]
    assert len(read_question("Which of these release code?", LIBRARY, history).scope) == 3


def test_a_continuation_keeps_the_previous_form_and_adds_constraints() -> None:
    history = [
        {"role": "user", "content": "How many papers are about GaLore?"},
        {"role": "assistant", "content": answer_citing("GaLore:", "GaLore 2")},
    ]
    plan = read_question("And in 2025?", LIBRARY, history)
    assert plan.kind == "count" and "GaLore" in plan.topic and plan.filters.year_from == 2025
    assert plan.follow_up == "continue" and not plan.scope  # a count over the library, now within 2025


def test_history_as_question_answer_pairs() -> None:
    pairs = [("Which papers reduce optimizer memory?", answer_citing("MemAscend"))]
    plan = read_question("When was it published?", LIBRARY, pairs)
    assert plan.follow_up and plan.scope == [paper_id("MemAscend")] and plan.asked_field == "date"


def state(question: str, *title_starts: str, **plan: object) -> dict:
    """An earlier Answer as its to_dict(): the shells keep these, so the text may be anything."""
    ids = [paper_id(start) for start in title_starts]
    return {"question": question, "text": "(shortened)", "considered": ids, "plan": plan}


LISTED = [state("Which papers are on Yufeng Yang's profile?", "CoInfra", "Ozone", "A Conformer", "DynaPose4D")]


def test_the_state_of_an_answer_is_read_not_its_text() -> None:
    plan = read_question("Which of those came out in 2025?", LIBRARY, LISTED)
    assert plan.follow_up == "narrow" and plan.scope == LISTED[0]["considered"] and plan.filters.year_from == 2025


def test_a_narrowing_keeps_a_constraint_or_a_topic_over_the_earlier_papers() -> None:
    code = read_question("Great, thanks! Could you keep only the ones with code?", LIBRARY, LISTED)
    assert code.follow_up == "narrow" and code.filters.has_code is True and code.topic == ""
    topic = read_question("Only the ones about speech, please.", LIBRARY, LISTED)
    assert topic.follow_up == "narrow" and "speech" in topic.topic
    # Chat shorthand and where the code lives are part of asking, not a topic the papers must also be about.
    for question in ("only those with code pls", "which ones have code on github?"):
        plan = read_question(question, LIBRARY, LISTED)
        assert plan.scope == LISTED[0]["considered"] and plan.filters.has_code is True and plan.topic == "", question


def test_more_before_a_quality_compares_and_before_papers_asks_for_more() -> None:
    recent = read_question("which is more recent?", LIBRARY, LISTED)
    assert recent.follow_up == "superlative" and recent.sort == "newest" and recent.scope
    newer = read_question("newer of the two?", LIBRARY, LISTED)
    assert newer.sort == "newest" and newer.scope == LISTED[0]["considered"][:2]
    for question in ("any more?", "are there more papers on that?", "anything more on roadside sensors?"):
        assert read_question(question, LIBRARY, LISTED).follow_up == "expand", question


def test_the_ones_of_a_year_narrow_and_one_paper_is_asked_about_not_narrowed() -> None:
    plan = read_question("just the 2025 ones", LIBRARY, LISTED)
    assert plan.follow_up == "narrow" and plan.scope == LISTED[0]["considered"] and plan.filters.year_from == 2025
    one = [state("What is CoInfra?", "CoInfra")]
    plan = read_question("what weather does it say people normally keep fixed", LIBRARY, one)
    assert plan.follow_up == "pronoun" and plan.kind != "list" and plan.scope == one[0]["considered"]


def test_earlier_papers_named_in_lower_case_by_their_short_titles_are_compared() -> None:
    listed = [state("Which papers are about memory?", "MemAscend", "FRUGAL", "KernelBlaster")]
    plan = read_question("memascend vs frugal, how do they differ?", LIBRARY, listed)
    assert plan.kind == "compare" and plan.scope == [paper_id("MemAscend"), paper_id("FRUGAL")]


def test_a_misspelt_question_word_is_still_a_question_word() -> None:
    plan = read_question("which of those actualy have code", LIBRARY, LISTED)
    assert plan.follow_up == "narrow" and plan.topic == "" and plan.filters.has_code is True


def test_a_named_paper_and_one_described_beside_it_are_both_meant() -> None:
    listed = [state("Which papers are about optimizers?", "Symbolic Discovery", "Lion Secretly", "FRUGAL")]
    plan = read_question("How do FRUGAL and the Lyapunov one keep their state small?", LIBRARY, listed)
    assert plan.scope == [paper_id("Lion Secretly"), paper_id("FRUGAL")] and plan.follow_up == "pronoun"


def test_a_superlative_or_comparative_over_the_earlier_papers() -> None:
    for question in ("Newest of those?", "Which of them is more recent?", "which of them came out first"):
        plan = read_question(question, LIBRARY, LISTED)
        assert plan.follow_up == "superlative" and plan.kind == "lookup" and plan.scope == LISTED[0]["considered"]
        assert plan.sort in ("newest", "oldest")


def test_comparing_the_two_discussed_last_reaches_back_a_turn() -> None:
    history = [state("q1", "GaLore:"), state("q2", "GaLore 2")]
    plan = read_question("How do these two papers differ? Please compare them.", LIBRARY, history)
    assert plan.follow_up == "compare" and plan.scope == [paper_id("GaLore:"), paper_id("GaLore 2")]


def test_expanding_leaves_out_every_paper_shown_so_far() -> None:
    history = [state("Which papers cut optimizer memory?", "GaLore:", "FRUGAL"), state("Who wrote it?", "GaLore:")]
    plan = read_question("Any others?", LIBRARY, history)
    assert plan.follow_up == "expand" and plan.kind == "list" and plan.scope == []
    assert set(plan.exclude) == {paper_id("GaLore:"), paper_id("FRUGAL")} and "memory" in plan.topic


def test_a_correction_searches_afresh_without_what_it_corrects() -> None:
    history = [state("Which paper does test-time training?", "Test-Time Training Done Right")]
    plan = read_question("Sorry, I meant the speech recognition one rather than that.", LIBRARY, history)
    assert plan.follow_up == "clarify" and plan.scope == [] and plan.exclude == [paper_id("Test-Time Training")]
    assert "speech recognition" in plan.topic
    # An interjection before the apology, "I was actually after …", and what is not meant cut at its punctuation.
    plan = read_question(
        "ah sorry, i was actually after speech recognition rather than training: anything on noisy audio?",
        LIBRARY,
        history,
    )
    assert plan.follow_up == "clarify" and "speech recognition" in plan.topic and "noisy audio" in plan.topic
    assert "training" not in plan.topic


def test_a_switch_or_a_new_description_stands_alone() -> None:
    for question in ("Different topic: what does it say about CHiME-4?", "Is there a paper on roadside sensors?"):
        assert read_question(question, LIBRARY, LISTED).follow_up is None


def test_a_yes_no_question_about_the_paper_pointed_at() -> None:
    plan = read_question("Was it posted in 2022?", LIBRARY, [state("q", "A Conformer")])
    assert plan.yes_no and plan.kind == "lookup" and plan.scope == [paper_id("A Conformer")]
    assert plan.asked_field == "date"


def test_the_two_are_the_first_two_shown() -> None:
    plan = read_question("Which of both is newer?", LIBRARY, LISTED)
    assert plan.follow_up == "superlative" and plan.scope == LISTED[0]["considered"][:2]


def test_a_correction_after_a_list_may_mean_one_of_the_papers_listed() -> None:
    plan = read_question("Sorry, I meant the one about roadside sensor nodes.", LIBRARY, LISTED)
    assert plan.follow_up == "clarify" and plan.exclude == []  # CoInfra was listed, and may be the one meant


def test_an_ordinal_after_an_answer_about_one_paper_means_the_list_before() -> None:
    second = read_question("How does the second paper decide how much memory each layer gets?", LIBRARY, HISTORY)
    assert second.follow_up == "pronoun" and second.scope == [paper_id("GaLore 2")]  # "each layer" compares nothing
    history = [*HISTORY, {"role": "user", "content": "Who wrote the second one?"}]
    history.append({"role": "assistant", "content": answer_citing("GaLore 2")})
    first = read_question("And the first one, does it keep optimizer state?", LIBRARY, history)
    assert first.scope == [paper_id("FRUGAL")]


def test_the_other_one_is_the_paper_the_conversation_left_aside() -> None:
    history = [
        {"role": "user", "content": "Which papers project gradients to save memory?"},
        {"role": "assistant", "content": answer_citing("FRUGAL", "GaLore 2")},
        {"role": "user", "content": "Which of those is newer?"},
        {"role": "assistant", "content": answer_citing("GaLore 2")},
    ]
    plan = read_question("ok, and what does the other one do with the rest of the gradient?", LIBRARY, history)
    assert plan.follow_up == "pronoun" and plan.scope == [paper_id("FRUGAL")]


def test_a_catalog_field_asked_of_each_paper_is_a_lookup_not_a_comparison() -> None:
    plan = read_question("when were they each published?", LIBRARY, HISTORY)
    assert plan.kind == "lookup" and plan.asked_field == "date" and len(plan.scope) == 3


def test_a_new_paper_said_to_build_on_the_one_discussed_is_compared_with_it() -> None:
    history = [
        {"role": "user", "content": "What is FRUGAL?"},
        {"role": "assistant", "content": answer_citing("FRUGAL")},
    ]
    plan = read_question("How does MemAscend build on that?", LIBRARY, history)
    assert plan.kind == "compare" and plan.named_papers == [paper_id("FRUGAL"), paper_id("MemAscend")]


def test_after_a_comparison_that_brought_in_a_paper_it_is_that_paper() -> None:
    frugal, memascend = paper_id("FRUGAL"), paper_id("MemAscend")
    compared = {
        "question": "How does MemAscend build on that?",
        "text": "Side by side: …",
        "considered": [frugal, memascend],
        "plan": {"kind": "compare", "named_papers": [frugal, memascend]},
    }
    plan = read_question("How much host memory does it save?", LIBRARY, [*HISTORY, compared])
    assert plan.scope == [memascend]


def test_a_correction_that_names_a_place_in_the_list_takes_that_paper() -> None:
    history = [*HISTORY, {"role": "user", "content": "What does the first one propose?"}]
    history.append({"role": "assistant", "content": answer_citing("FRUGAL")})
    plan = read_question("Sorry, I actually meant the second one. What does it propose?", LIBRARY, history)
    assert plan.follow_up == "pronoun" and plan.scope == [paper_id("GaLore 2")]


def test_comparing_it_with_a_paper_picked_earlier_compares_those_two() -> None:
    history = [*HISTORY, {"role": "user", "content": "What does the second one add?"}]
    history.append({"role": "assistant", "content": answer_citing("GaLore 2")})
    plan = read_question("And how is its trick different from the first one you listed?", LIBRARY, history)
    assert plan.kind == "compare" and plan.scope == [paper_id("GaLore 2"), paper_id("FRUGAL")]


def test_a_question_that_goes_on_with_and_which_chooses_among_the_papers_shown() -> None:
    plan = read_question("and which squeezes the largest model onto one GPU?", LIBRARY, HISTORY)
    assert plan.follow_up and len(plan.scope) == 3


def test_a_paper_picked_and_compared_with_nothing_else_is_asked_about() -> None:
    plan = read_question("The third one - how much memory does it save compared with before?", LIBRARY, HISTORY)
    assert plan.follow_up == "pronoun" and plan.scope == [paper_id("Natural GaLore")]
