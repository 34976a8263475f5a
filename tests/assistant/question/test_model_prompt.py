"""What a model is shown: the earlier turns with their papers (as data when the history holds it, else from the
answer's text), numbered once across the conversation, and the rules' plan in the reply's terms."""

from __future__ import annotations

import json

from paperchat.assistant.question.model_prompt import ModelPrompt, build_prompt, describe
from paperchat.assistant.question.reader import read_question
from paperchat.assistant.results import Answer, Citation
from tests.assistant.question.library_fixture import LIBRARY, PAPERS, paper_id


def title(start: str) -> str:
    return next(p.title for p in PAPERS if p.title.startswith(start))


def prompt_after(history: list, question: str = "Which is newer?") -> ModelPrompt:
    return build_prompt(history, read_question(question, LIBRARY, history), LIBRARY)


def test_plain_text_turns_give_their_papers_by_the_titles_the_answer_writes() -> None:
    history = [
        {"role": "user", "content": "Which papers reduce optimizer memory?"},
        {"role": "assistant", "content": f"Two [1][2].\n\nReferences:\n[1] {title('GaLore 2')}\n[2] {title('FRUGAL')}"},
        {"role": "user", "content": "Thanks!"},
        {"role": "assistant", "content": "You are welcome."},
    ]
    prompt = prompt_after(history)
    assert prompt.earlier == [paper_id("GaLore 2"), paper_id("FRUGAL")]
    assert prompt.conversation.splitlines()[-2:] == ["Turn 2. Question: Thanks!", "The answer showed no papers."]
    pairs = [("Which papers reduce optimizer memory?", f"See {title('Natural GaLore')}.")]
    assert prompt_after(pairs).earlier == [paper_id("Natural GaLore")]


def test_an_earlier_answer_gives_its_papers_as_data_in_the_order_shown() -> None:
    shown = [paper_id("Ozone"), paper_id("CoInfra"), paper_id("DynaPose4D")]
    answer = Answer(question="Which papers did Yufeng Yang write?", text="Three papers.", considered=shown)
    assert prompt_after([answer]).earlier == shown
    assert prompt_after([answer.to_dict()]).earlier == shown  # its dict, as a web API client sends it back
    # Without `considered`, its citations are the papers it showed.
    cited = Answer(question="Q?", text="A [1].", citations=[Citation(n=1, paper_id=shown[1], title="CoInfra")])
    assert prompt_after([cited.to_dict()]).earlier == [shown[1]]


def test_each_earlier_paper_has_one_number_across_the_conversation() -> None:
    history = [
        Answer(
            question="Which papers build on GaLore?",
            text="…",
            considered=[paper_id("GaLore 2"), paper_id("Natural GaLore")],
        ),
        Answer(question="And which of those came out in 2024?", text="…", considered=[paper_id("Natural GaLore")]),
        Answer(
            question="Which papers did Arijit Das write?", text="…", considered=[paper_id("Natural GaLore"), "gone"]
        ),
    ]
    prompt = prompt_after(history)
    assert prompt.earlier == [paper_id("GaLore 2"), paper_id("Natural GaLore")]  # a paper no longer indexed is left
    lines = prompt.conversation.splitlines()
    assert lines[0] == "Turn 1. Question: Which papers build on GaLore?"
    assert lines[2].startswith('[1] "GaLore 2: Large-Scale') and lines[3].startswith('[2] "Natural GaLore')
    assert lines[6].startswith('[2] "Natural GaLore') and lines[-1].startswith('[2] "Natural GaLore')


def test_the_first_question_has_no_conversation() -> None:
    prompt = prompt_after([], "Which papers are about CUDA kernels?")
    assert prompt.conversation.startswith("(none") and prompt.earlier == []
    assert prompt.categories == "AI, CL, CV, DB, RO, SD, SP"
    assert prompt.formats == "daily-listing, profile-listing, title-list"


def test_the_rules_plan_is_the_hint_in_the_replys_terms() -> None:
    history = [
        {"role": "user", "content": "Which papers reduce optimizer memory?"},
        {"role": "assistant", "content": f"[1] {title('FRUGAL')}\n[2] {title('GaLore 2')}"},
    ]
    hint = json.loads(prompt_after(history, "Who wrote the second one?").hint)
    assert hint["scope"] == [2] and hint["asked_field"] == "authors" and hint["follow_up"] == "pronoun"
    assert hint["filters"] == {} and hint["exclude"] == []
    assert json.loads(prompt_after([], "What does FRUGAL propose?").hint)["named_papers"] == [title("FRUGAL")]


def test_a_paper_is_described_by_what_a_question_may_pick_it_by() -> None:
    minimax = next(p for p in PAPERS if p.title.startswith("MiniMax-M1"))
    assert describe(minimax) == (
        '"MiniMax-M1: Scaling Test-Time Compute Efficiently with Lightning Attention" '
        "(2025-06-16; MiniMax, Aili Chen, Aonian Li et al.; CL; code)"
    )
