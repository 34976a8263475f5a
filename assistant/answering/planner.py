"""With an LLM backend configured, the model reads each question into the plan too, through structured output.

The rules' plan is made first and given to the model as a hint, with the conversation state. The model's plan is
used when its reply arrives within the timeout, fits the schema generated from the plan, and names only authors,
organisations, categories, papers and earlier papers that exist (question.model_reader); otherwise the rules' plan
is. Either way the answer's timings say which: `plan_model` is the time of a model plan that was used,
`plan_model_rejected` the time spent on one that was not. The reason is logged (debug).

Structured output is asked for the way OpenAI-compatible servers accept it: a JSON schema
(`response_format={"type": "json_schema", ...}`, strict); a server that refuses that gets `{"type": "json_object"}`,
and one that refuses both gets the schema in the prompt and plain text back. The first format a server accepts is
kept for the next questions; a refusal that is not about the format (a prompt longer than the model's context)
is not asked again in other formats.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from paperchat.assistant.answering.prompts import load_prompt, render_prompt
from paperchat.assistant.question.library import LibraryView
from paperchat.assistant.question.model_prompt import ModelPrompt, build_prompt
from paperchat.assistant.question.model_reader import PlanRejected, plan_schema, read_reply
from paperchat.assistant.question.plan import QuestionPlan

log = logging.getLogger(__name__)

FORMATS = ("json_schema", "json_object", "text")  # most to least structured
# A refusal about the output format names it; one about anything else (a prompt longer than the model's context)
# would be refused in every format.
FORMAT_ERROR = re.compile(r"response_format|json|schema|grammar|format", re.I)
PLAN_MAX_TOKENS = 800  # a plan is a few hundred tokens; a model that writes on is cut off and its reply rejected


@dataclass(frozen=True)
class ChatEndpoint:
    """Where a chat model answers: an OpenAI-compatible /v1 base URL (None: OpenAI's own), its key and model."""

    base_url: str | None
    api_key: str
    model: str


class ModelPlanner:
    """Asks a chat model for the plan of a question. Thread-safe: the client is, and the kept format is one value
    whose worst race asks one question in a format the server refuses first."""

    def __init__(self, endpoint: ChatEndpoint, timeout: float, prompts_dir: Path | None = None) -> None:
        import openai

        # No retries: a retry after a timeout would wait as long again, and the rules' plan is ready now.
        self.client = openai.OpenAI(base_url=endpoint.base_url, api_key=endpoint.api_key, max_retries=0)
        self.model = endpoint.model
        self.timeout = timeout
        self.prompts_dir = prompts_dir
        self._format = 0  # index into FORMATS of the most structured format the server accepted

    def read(
        self,
        question: str,
        history: Sequence[object] | None,
        rules_plan: QuestionPlan,
        library: LibraryView,
        timings: dict[str, float],
    ) -> QuestionPlan:
        """The model's plan when it holds, else `rules_plan`; the time it took goes into `timings`."""
        started = time.perf_counter()
        try:
            plan = self._ask(question, history, rules_plan, library, started + self.timeout)
        except PlanRejected as rejected:
            timings["plan_model_rejected"] = time.perf_counter() - started
            log.debug("paperchat: the rules' plan is used, not the model's (%s): %s", rejected, rules_plan.describe())
            return rules_plan
        timings["plan_model"] = time.perf_counter() - started
        log.debug("paperchat: the model's plan is used: %s (rules: %s)", plan.describe(), rules_plan.describe())
        return plan

    def _ask(
        self,
        question: str,
        history: Sequence[object] | None,
        rules_plan: QuestionPlan,
        library: LibraryView,
        deadline: float,
    ) -> QuestionPlan:
        import openai

        prompt = build_prompt(history, rules_plan, library)
        first = self._format
        for index in range(first, len(FORMATS)):
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise PlanRejected(f"no reply within {self.timeout:g} s")
            try:
                response = self.client.chat.completions.create(
                    model=self.model,
                    messages=self._messages(question, prompt, FORMATS[index]),
                    temperature=0,
                    max_tokens=PLAN_MAX_TOKENS,
                    timeout=remaining,
                    **_response_format(FORMATS[index]),
                )
            except (openai.BadRequestError, openai.UnprocessableEntityError) as error:
                if index + 1 < len(FORMATS) and FORMAT_ERROR.search(str(error)):  # ask in the next format
                    log.debug("paperchat: the model server refused %s output (%s)", FORMATS[index], error)
                    continue
                raise PlanRejected(f"the model server refused the request: {error}") from None
            except openai.APITimeoutError:
                raise PlanRejected(f"no reply within {self.timeout:g} s") from None
            except openai.OpenAIError as error:  # an unreachable server fails the answer too, and says so there
                raise PlanRejected(f"the model server failed: {error}") from None
            if index != first:
                self._format = index  # the server took this format: start with it next time
            if time.perf_counter() > deadline:  # a reply that trickled in past the timeout is as late as none
                raise PlanRejected(f"no reply within {self.timeout:g} s")
            choice = response.choices[0] if response.choices else None
            text = (choice.message.content if choice else None) or ""
            return read_reply(text, rules_plan, prompt.earlier, library)
        raise PlanRejected("the model server accepts no output format")  # only when FORMATS is empty

    def _messages(self, question: str, prompt: ModelPrompt, output: str) -> list[dict[str, str]]:
        # Without a schema the server enforces, the schema is spelled out in the prompt.
        schema = "" if output == "json_schema" else f"\nThe reply's JSON schema:\n{json.dumps(plan_schema())}\n"
        user = render_prompt(
            "plan",
            self.prompts_dir,
            conversation=prompt.conversation,
            question=question,
            categories=prompt.categories,
            formats=prompt.formats,
            hint=prompt.hint,
            schema=schema,
        )
        return [
            {"role": "system", "content": load_prompt("plan_system", self.prompts_dir)},
            {"role": "user", "content": user},
        ]


def _response_format(output: str) -> dict:
    if output == "json_schema":
        schema = {"name": "question_plan", "schema": plan_schema(), "strict": True}
        return {"response_format": {"type": "json_schema", "json_schema": schema}}
    if output == "json_object":
        return {"response_format": {"type": "json_object"}}
    return {}
