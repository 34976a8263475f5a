"""What a question asks about that the papers found do not state."""

from __future__ import annotations

from paperchat.assistant.answering.unstated import (
    asks_event_date,
    in_english,
    question_names,
    unknown_words,
    unstated_event_date,
    unstated_names,
)
from paperchat.assistant.question.library import InMemoryLibrary
from paperchat.assistant.results import Passage
from paperchat.ingest.papers import Paper

BODY = (
    "We submitted two runs to the answer validation exercise, one for English and one for German. "
    "The German run used the SPPC recognizer and reached an accuracy of 0.43 on the test data. "
    "In the German data, the question Wer war Russlands Verteidigungsminister was answered wrongly. "
) * 3


def paper(title: str = "Information synthesis for answer validation", text: str = BODY, **fields: object) -> Paper:
    return Paper(paper_id="p1", title=title, authors=["Rui Wang", "Lars Andersson"], full_text=text, **fields)


def test_a_name_the_closest_paper_never_mentions_is_unstated() -> None:
    found = paper()
    assert unstated_names("What accuracy did the system reach on the Dutch data?", [found]) == ["Dutch"]
    assert unstated_names("What accuracy did the German run reach with SPPC?", [found]) == []
    assert unstated_names("Which recognizer did Andersson's German run use?", [found]) == []  # an author counts


def test_an_inflected_or_translated_name_counts_as_mentioned() -> None:
    question = "Who was Russia's defence minister in the German example?"
    assert unstated_names(question, [paper()]) == []  # "Russlands"


def test_names_run_over_several_words_and_skip_the_first_word() -> None:
    assert question_names("At which college, such as William and Mary, did Frederick Bates study?") == [
        "William and Mary",
        "Frederick Bates",
    ]
    assert question_names("Which Bluetooth app did the GRPO-style agent use?") == ["Bluetooth", "GRPO"]
    # a later sentence's common first word is not a name; a rare one still is
    assert question_names("Work that projects gradients, GaLore style. What is there?") == ["GaLore"]
    assert question_names("I read a paper on chips. Loihi runs it?") == ["Loihi"]
    assert question_names("Ah, I'm sorry, I meant the Lyapunov one.") == ["Lyapunov"]  # the asker is not a name


def test_papers_or_questions_in_another_language_are_not_checked_word_by_word() -> None:
    french = paper(text="Les auteurs ont mené toutes leurs expériences sur une machine de la société. " * 5)
    assert not in_english(french.full_text) and in_english(BODY)
    assert unstated_names("Which Dutch colonies does the article discuss?", [french]) == []
    french_question = "Sur quelle machine les auteurs de TraceMonkey ont-ils mené leurs expériences ?"
    assert unstated_names(french_question, [paper()]) == []


def test_a_specific_word_no_paper_uses_is_unstated_when_the_papers_are_full_texts() -> None:
    found = paper()
    library = InMemoryLibrary([found])
    assert unknown_words("How did the run change the gluten content of the answers?", library, [found]) == ["gluten"]
    assert unknown_words("How did the run change the accuracy of the answers?", library, [found]) == []
    abstract_only = paper(text="", abstract="We validate answers.")
    assert unknown_words("How did the run change the gluten content?", library, [abstract_only]) == []


def test_either_spelling_of_a_word_counts() -> None:
    found = paper(text=BODY + " Users are authorized by the access zone. " * 3)
    library = InMemoryLibrary([found])
    assert unknown_words("Which zone authorises the users of the system?", library, [found]) == []


def test_the_date_of_an_event_must_be_stated_beside_it() -> None:
    question = "In what year was the institute founded?"
    assert asks_event_date(question) and not asks_event_date("In what year was the paper published?")
    found = paper()

    def passages(text: str) -> list[Passage]:
        return [Passage(paper_id="p1", title=found.title, chunk_id="p1:3", text=text)]

    assert unstated_event_date(question, [found], passages("The institute was founded in 1893 by two men.")) is None
    undated = passages("The paper appeared in 2008. The institute is in Paris.")
    assert unstated_event_date(question, [found], undated) == "a date for that event"
    assert unstated_event_date("How large was the estate?", [found], undated) is None
    french = paper(text="Les auteurs ont mené toutes leurs expériences sur une machine de la société. " * 5)
    assert unstated_event_date(question, [french], undated) is None  # another language is not read word by word


def test_when_inside_a_clause_asks_no_date() -> None:
    question = "Which option returns an object even when fitting stops, and in which version was it incorporated?"
    assert not asks_event_date(question)
    assert asks_event_date("When was the institute founded?") and asks_event_date("And when did they found it?")


def test_an_abbreviation_spelled_out_or_a_name_in_markup_is_mentioned() -> None:
    text = BODY + "The validator was trained with reinforcement learning, and L$_2$ regularization kept it stable. "
    found = paper(text=text)
    question = "Which validator uses RL with L2 regularization and a PPO schedule?"
    assert unstated_names(question, [found], {"RL": ["reinforcement learning"]}) == ["PPO"]
    assert unstated_names(question, [found]) == ["RL", "PPO"]  # without the library's long form, RL is not said
    built_on = paper(text=BODY + "Convolutional networks (CNNs) such as VGGNet and ResNet-50 need memory. ")
    assert unstated_names("Can a CNN beat VGG and ResNet or BERT here?", [built_on]) == ["BERT"]
    # An acronym of three or more letters, plural or not, is said by words whose initials spell it.
    spelled = paper(text=BODY + "Policy optimization for diffusion large language models, memory-efficiently. ")
    assert unstated_names("Is there RL for diffusion LLMs that keeps memory constant?", [spelled]) == ["RL"]
