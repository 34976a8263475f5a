"""Abbreviations the library defines, so a question may use either form."""

from __future__ import annotations

from paperchat.assistant.question.abbreviations import Abbreviations, definitions
from paperchat.ingest.papers import Paper

ZO = Paper(title="Revisiting ZO", abstract="Zeroth-order (ZO) optimization needs only forward passes.")
NAS = Paper(title="Few-shot NAS", abstract="Weight sharing is central to neural architecture search (NAS).")
KV = Paper(title="KV", abstract="Caching the Key-Value (KV) states of long inputs.")


def test_definitions_are_short_forms_spelled_by_the_initials_before_them() -> None:
    assert definitions(ZO.abstract) == {("zo", ("zeroth", "order"))}
    assert definitions(KV.abstract) == {("kv", ("key", "value"))}  # hyphenated parts are initials too
    assert definitions("results on ImageNet (2012) and (see above)") == set()  # no short form there


def test_a_question_gets_the_other_form_of_what_it_says() -> None:
    library = Abbreviations([ZO, NAS])
    assert library.in_text("Which papers use ZO methods?") == {"ZO": ["zeroth order"]}
    assert library.in_text("papers on neural architecture search") == {}  # the long form needs no help
    assert library.in_text("papers on zeroth-order (ZO) methods") == {}  # it says both already


def test_long_forms_defined_equally_often_come_in_the_same_order_in_every_run() -> None:
    stochastic = Paper(title="A", abstract="We train with stochastic gradient descent (SGD).")
    superposed = Paper(title="B", abstract="We propose superpositional gradient descent (SGD).")
    for papers in ([stochastic, superposed], [superposed, stochastic]):
        forms = Abbreviations(papers).long_forms("SGD")
        assert forms == ["stochastic gradient descent", "superpositional gradient descent"]


def test_a_removed_paper_takes_its_definitions_with_it() -> None:
    library = Abbreviations([ZO, NAS])
    library.update(removed=[ZO], added=[])
    assert library.long_forms("ZO") == [] and library.long_forms("NAS") == ["neural architecture search"]
