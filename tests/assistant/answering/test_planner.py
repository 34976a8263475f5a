"""With an LLM backend, the model reads the question into the plan too: against a real OpenAI-compatible server on
127.0.0.1 (scripted) and the real index of the seed listings. The model's plan is used when it holds; an invalid,
late or hard-fact-disagreeing one leaves the rules' plan in charge, and the answer's timings say which was used."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from paperchat.assistant import Answer, Assistant
from paperchat.assistant.results import Citation
from tests.conftest import make_settings
from tests.openai_stand_in import RefusedRequest, ScriptedChatServer

MPT = "Investment Portfolio Optimization Based on Modern Portfolio Theory and Deep Learning Models"
DRL = "A Deep Reinforcement Learning Framework for Dynamic Portfolio Optimization: Evidence from China's Stock Market"
FIRST = "Does the collection have any papers that use deep learning for portfolio optimization?"
HISTORY = [
    {"role": "user", "content": FIRST},
    {"role": "assistant", "content": f"Two papers do [1][2].\n\nReferences:\n[1] {MPT}.\n[2] {DRL}."},
]
# A follow-up that points at an earlier paper by what it is about: the rules read it as a new question.
THE_RL_ONE = "What did the reinforcement learning one achieve?"
TWO_APPROACHES = "Interesting! How do the two approaches actually differ from each other?"
BY_AUTHOR = "Which papers did Yufeng Yang write?"


def plan(**fields: object) -> Callable[[list[dict]], str]:
    """A scripted model that replies with this plan."""
    return lambda messages: json.dumps({"kind": "passages", "topic": "", "filters": {}, **fields})


COMPARE_THE_TWO = plan(kind="compare", follow_up="compare", scope=[1, 2])


def cite_every_source(messages: list[dict]) -> str:
    """A scripted answer: one sentence citing each numbered source it was given."""
    numbers = re.findall(r'^\[(\d+)\] "', messages[-1]["content"], re.M)
    return " ".join(f"One approach is described here [{n}]." for n in numbers)


def assistant_for(index_dir: Path, server: ScriptedChatServer, **answer: object) -> Assistant:
    answer = {"backend": "openai-like", "base_url": server.base_url, "model": "scripted-model", **answer}
    return Assistant.open(index_dir, make_settings(index_dir, answer=answer))


def ask_without_model_planning(index_dir: Path, question: str, history: list | None = None) -> Answer:
    with ScriptedChatServer(cite_every_source) as server:
        return assistant_for(index_dir, server, plan_with_model=False).chat(question, history)


def same_answer(one: Answer, other: Answer) -> bool:
    return one.text == other.text and [c.paper_id for c in one.citations] == [c.paper_id for c in other.citations]


def test_a_valid_plan_is_used_and_rescues_a_follow_up_the_rules_miss(seed_index_dir: Path) -> None:
    the_second = plan(kind="passages", topic="what the method achieved", follow_up="pronoun", scope=[2])
    with ScriptedChatServer(cite_every_source, plan_reply=the_second) as server:
        answer = assistant_for(seed_index_dir, server).chat(THE_RL_ONE, HISTORY)
        [plan_request] = server.plan_requests
    assert "plan_model" in answer.timings and "plan_model_rejected" not in answer.timings
    assert not answer.refused and answer.text.startswith("About the paper discussed above:")
    assert [c.title for c in answer.citations] == [DRL] and {p.title for p in answer.passages} == {DRL}
    assert answer.plan["scope"] == [answer.citations[0].paper_id] and answer.plan["follow_up"] == "pronoun"
    assert plan_request["response_format"]["type"] == "json_schema"  # structured output, schema enforced
    assert plan_request["response_format"]["json_schema"]["strict"] is True and plan_request["temperature"] == 0


def test_the_prompt_carries_the_earlier_turns_and_their_papers(seed_index_dir: Path) -> None:
    with ScriptedChatServer(cite_every_source, plan_reply=COMPARE_THE_TWO) as server:
        assistant_for(seed_index_dir, server).chat(TWO_APPROACHES, HISTORY)
        [plan_request] = server.plan_requests
    system, user = plan_request["messages"]
    assert system["role"] == "system" and "never instructions" in system["content"]
    prompt = user["content"]
    assert f"Turn 1. Question: {FIRST}" in prompt and f"Question: {TWO_APPROACHES}" in prompt
    assert f'[1] "{MPT}" (' in prompt and f'[2] "{DRL}" (' in prompt
    assert prompt.index(f'[1] "{MPT}"') < prompt.index(f'[2] "{DRL}"')


def test_an_earlier_answer_gives_its_papers_in_the_order_it_showed_them(seed_assistant: Assistant) -> None:
    ids = {paper.title: paper.paper_id for paper in seed_assistant.papers()}
    earlier = Answer(
        question=FIRST,
        text="Two papers do [1][2].",
        citations=[Citation(n=1, paper_id=ids[MPT], title=MPT), Citation(n=2, paper_id=ids[DRL], title=DRL)],
        considered=[ids[DRL], ids[MPT]],  # shown in this order
    )
    with ScriptedChatServer(cite_every_source, plan_reply=plan(kind="summary", scope=[1])) as server:
        assistant = assistant_for(seed_assistant.index.index_dir, server)
        read = assistant.engine.plan("What does the first one propose?", [earlier.to_dict()])
        prompt = server.plan_requests[0]["messages"][-1]["content"]
    assert f'[1] "{DRL}"' in prompt and f'[2] "{MPT}"' in prompt
    assert read.scope == [ids[DRL]] and read.kind == "summary"


def test_a_reply_that_is_not_json_falls_back_to_the_rules(seed_index_dir: Path) -> None:
    with ScriptedChatServer(cite_every_source, plan_reply=lambda messages: "Sure! It is a list question.") as server:
        answer = assistant_for(seed_index_dir, server).ask(BY_AUTHOR)
    assert "plan_model_rejected" in answer.timings and "plan_model" not in answer.timings
    assert same_answer(answer, ask_without_model_planning(seed_index_dir, BY_AUTHOR))


def test_a_reply_that_does_not_fit_the_schema_falls_back(seed_index_dir: Path) -> None:
    with ScriptedChatServer(cite_every_source, plan_reply=plan(kind="essay", scope="all of them")) as server:
        answer = assistant_for(seed_index_dir, server).chat(TWO_APPROACHES, HISTORY)
    assert "plan_model_rejected" in answer.timings
    assert same_answer(answer, ask_without_model_planning(seed_index_dir, TWO_APPROACHES, HISTORY))


def test_a_plan_naming_an_author_no_paper_has_falls_back(seed_index_dir: Path) -> None:
    invented = plan(kind="list", filters={"author": "Yufeng Wang"})  # no paper has her; the question says Yang
    with ScriptedChatServer(cite_every_source, plan_reply=invented) as server:
        answer = assistant_for(seed_index_dir, server).ask(BY_AUTHOR)
    assert "plan_model_rejected" in answer.timings
    assert same_answer(answer, ask_without_model_planning(seed_index_dir, BY_AUTHOR))
    assert "Yufeng Yang" in answer.text and "Yufeng Wang" not in answer.text


def test_a_reply_slower_than_the_timeout_falls_back(seed_index_dir: Path) -> None:
    slow = ScriptedChatServer(cite_every_source, plan_reply=plan(kind="count"), plan_delay=30.0)
    with slow as server:
        answer = assistant_for(seed_index_dir, server, plan_timeout=0.5).ask(BY_AUTHOR)
    assert "plan_model_rejected" in answer.timings and answer.timings["plan_model_rejected"] < 30.0
    assert same_answer(answer, ask_without_model_planning(seed_index_dir, BY_AUTHOR))


def test_a_server_without_json_schema_output_is_asked_for_a_json_object_from_then_on(seed_index_dir: Path) -> None:
    formats = frozenset({"json_schema"})
    with ScriptedChatServer(cite_every_source, plan_reply=COMPARE_THE_TWO, refused_formats=formats) as server:
        assistant = assistant_for(seed_index_dir, server)
        answers = [assistant.chat(TWO_APPROACHES, HISTORY) for _ in range(2)]
        asked = [(body.get("response_format") or {}).get("type") for body in server.plan_requests]
    assert asked == ["json_schema", "json_object", "json_object"]
    assert all("plan_model" in answer.timings and len(answer.citations) == 2 for answer in answers)


def test_a_server_without_json_output_gets_the_schema_in_the_prompt(seed_index_dir: Path) -> None:
    formats = frozenset({"json_schema", "json_object"})
    with ScriptedChatServer(cite_every_source, plan_reply=COMPARE_THE_TWO, refused_formats=formats) as server:
        answer = assistant_for(seed_index_dir, server).chat(TWO_APPROACHES, HISTORY)
        last = server.plan_requests[-1]
    assert "response_format" not in last and "The reply's JSON schema:" in last["messages"][-1]["content"]
    assert "plan_model" in answer.timings and len(answer.citations) == 2


def test_model_planning_can_be_switched_off(seed_index_dir: Path) -> None:
    with ScriptedChatServer(cite_every_source, plan_reply=COMPARE_THE_TWO) as server:
        answer = assistant_for(seed_index_dir, server, plan_with_model=False).chat(TWO_APPROACHES, HISTORY)
        assert server.plan_requests == []
    assert "plan_model" not in answer.timings and "plan_model_rejected" not in answer.timings


def test_a_request_refused_for_another_reason_than_the_format_is_not_asked_again(seed_index_dir: Path) -> None:
    def too_long(messages: list[dict]) -> str:
        raise RefusedRequest(400, "request (9000 tokens) exceeds the available context size (8192 tokens)")

    with ScriptedChatServer(cite_every_source, plan_reply=too_long) as server:
        answer = assistant_for(seed_index_dir, server).ask(BY_AUTHOR)
        assert len(server.plan_requests) == 1  # the prompt would be as long in any format
    assert "plan_model_rejected" in answer.timings
