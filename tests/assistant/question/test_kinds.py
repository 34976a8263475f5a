"""The kind of answer a question asks for, from its form."""

from __future__ import annotations

from paperchat.assistant.question.kinds import read_kind


def kind(question: str, named: int = 0, constrained: bool = False, has_topic: bool = True) -> tuple:
    found = read_kind(question, named, constrained, has_topic)
    return found.kind, found.sort, found.asked_field


def test_lists_and_counts() -> None:
    assert kind("Which papers use federated learning?")[0] == "list"
    assert kind("papers using gaussian splatting?")[0] == "list"
    assert kind("How many papers are about LoRA?")[0] == "count"
    assert kind("How many entries mention LoRA?")[0] == "count"
    assert kind("How many codebook entries does it use?")[0] != "count"  # entries of a codebook, not of the library
    assert read_kind("List all the papers", 0, False, False).list_all
    assert not read_kind("Which papers use LoRA?", 0, False, True).list_all
    assert read_kind("Which two papers share authors?", 0, True, False).count_asked == 2


def test_catalog_fields_and_superlatives() -> None:
    assert kind("When was FRUGAL published?", named=1) == ("lookup", None, "date")
    assert kind("Who is the first author of the S4 survey?") == ("lookup", None, "first_author")
    assert kind("How many authors does it list?") == ("lookup", None, "authors_count")
    assert kind("the entry with the most authors") == ("lookup", "most_authors", "authors_count")
    assert kind("Which paper is the most recent?") == ("lookup", "newest", "date")
    assert kind("the most upvoted papers") == ("lookup", "most_upvoted", "upvotes")


def test_summaries_and_comparisons() -> None:
    assert kind("What is the core idea of FRUGAL?", named=1)[0] == "summary"
    assert kind("What is MemAscend?", named=1)[0] == "summary"
    assert kind("What is the main finding of the work on exemplars?")[0] == "summary"
    assert kind("Compare FRUGAL and GaLore 2", named=2)[0] == "compare"
    assert kind("How does the paper on Lion differ from the later paper on Lion?")[0] == "compare"
    # Comparing results is a question about passages, not a comparison of papers.
    assert kind("How does its accuracy compare with CISPO?")[0] == "passages"
    # "each" of the papers compares them; "each" of a paper's parts does not.
    assert kind("What setting does each target, ElasticZO or DistZO2?", named=2)[0] == "compare"
    assert kind("How do ElasticZO and DistZO2 each save memory?", named=2)[0] == "compare"
    assert kind("How does Task-KV decide how much cache each head gets?", named=1)[0] == "passages"


def test_a_single_paper_picked_by_constraints_alone_is_a_list() -> None:
    assert kind("Which paper on the profile is filed under DB?", constrained=True, has_topic=False)[0] == "list"
    assert kind("Which paper trains ternary models?")[0] == "passages"


def test_comparatives_between_papers_sort_but_positions_do_not() -> None:
    assert read_kind("Which of them is more recent?", 0, False, True).sort == "newest"
    assert read_kind("Newest of those?", 0, False, True).sort == "newest"
    assert read_kind("newer of the two?", 0, False, True).sort == "newest"
    assert read_kind("the older of them", 0, False, True).sort == "oldest"
    assert read_kind("which of the two came out first", 0, False, True).sort == "oldest"
    assert read_kind("Which of them got more upvotes?", 0, False, True).sort == "most_upvoted"
    assert read_kind("Which one has a bigger author list?", 0, False, True).sort == "most_authors"
    for question in ("Who is the first author?", "Which layers come first?", "What are the latest KV methods?"):
        assert read_kind(question, 0, False, True).sort is None


def test_every_catalog_field_asked_is_kept() -> None:
    reading = read_kind("When was it posted, and how many authors does it have?", 1, False, False)
    assert reading.kind == "lookup" and set(reading.asked_fields) == {"date", "authors_count"}


def test_a_question_that_asks_for_one_paper_says_so() -> None:
    assert read_kind("Which paper shows that weight decay differs from L2?", 0, False, True).count_asked == 1
    assert read_kind("Is there a paper on roadside sensors?", 0, False, True).count_asked == 1
    assert read_kind("Which papers use LoRA?", 0, False, True).count_asked is None


def test_asking_what_the_library_holds_on_a_topic_asks_for_a_list_unless_a_paper_is_named() -> None:
    assert kind("What do we have on machine unlearning?")[0] == "list"
    assert kind("Anything on MemAscend's SSD use?", named=1)[0] != "list"
