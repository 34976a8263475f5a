from paperchat.ingest.formats import bibtex

SOURCE = "refs.bib"

BERT = r"""
@article{devlin2019bert,
  title = {{BERT}: Pre-training of Deep {Bidirectional} Transformers
           for Language Understanding},
  author = {Devlin, Jacob and Chang, Ming-Wei and Kenton Lee and Toutanova, Kristina},
  year = 2019,
  month = jun,
  abstract = {We introduce a new language
              representation model.},
  eprint = {1810.04805},
  archivePrefix = {arXiv},
  primaryClass = {cs.CL},
}
"""


def test_an_entry_becomes_a_paper() -> None:
    result = bibtex.parse(BERT, SOURCE)

    assert result.problems == []
    [paper] = result.papers
    assert paper.title == "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
    assert paper.authors == ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"]
    assert (paper.year, paper.date) == (2019, "2019-06")
    assert paper.abstract == "We introduce a new language representation model."
    assert paper.paper_id == "arxiv:1810.04805"
    assert paper.url == "https://arxiv.org/abs/1810.04805"
    assert paper.category == "cs.CL"
    assert paper.sources == [SOURCE]


def test_doi_becomes_a_link_and_the_identity_and_latex_names_are_decoded() -> None:
    text = r"""@inproceedings{m, title = "Quoted Title", author = {M{\"u}ller, J{\"o}rg and {van der Berg}, Anna},
    doi = {10.1000/xyz123}, year = {2020}}"""
    [paper] = bibtex.parse(text, SOURCE).papers
    assert paper.url == "https://doi.org/10.1000/xyz123"
    assert paper.authors == ["Jörg Müller", "Anna van der Berg"]
    assert paper.paper_id == "doi:10.1000/xyz123"


def test_a_doi_beside_a_url_is_kept_for_identity() -> None:
    text = "@article{x, title={T}, url={https://openreview.net/forum?id=abc}, doi={https://doi.org/10.1000/XYZ}}"
    [paper] = bibtex.parse(text, SOURCE).papers
    assert (paper.url, paper.doi, paper.paper_id) == (
        "https://openreview.net/forum?id=abc",
        "10.1000/xyz",
        "doi:10.1000/xyz",
    )


def test_google_scholar_style_arxiv_journal_gives_the_arxiv_id() -> None:
    text = "@article{x, title={Some Paper}, journal={arXiv preprint arXiv:2401.01234}, year={2024}}"
    [paper] = bibtex.parse(text, SOURCE).papers
    assert paper.paper_id == "arxiv:2401.01234"


def test_entry_without_title_is_a_problem_naming_key_and_line() -> None:
    text = BERT + "\n@misc{untitled2020,\n  author = {Someone},\n  year = {2020}\n}\n"
    result = bibtex.parse(text, SOURCE)

    assert [paper.paper_id for paper in result.papers] == ["arxiv:1810.04805"]
    [problem] = result.problems
    assert problem.reason == "entry 'untitled2020' has no title"
    assert problem.line == text.splitlines().index("@misc{untitled2020,") + 1
    assert str(problem).startswith(f"{SOURCE}:{problem.line}: ")


def test_a_broken_entry_is_a_problem_and_the_next_entry_still_parses() -> None:
    text = "@article{broken,\n  title = {Never closed\n  year = 2020\n\n@book{fine, title={Still Here}}\n"
    result = bibtex.parse(text, SOURCE)

    assert [paper.title for paper in result.papers] == ["Still Here"]
    [problem] = result.problems
    assert problem.line == 1
    assert problem.reason.startswith("broken entry: ")


def test_duplicate_keys_are_reported() -> None:
    result = bibtex.parse("@misc{a, title={First}}\n@misc{a, title={Second}}\n", SOURCE)
    assert [paper.title for paper in result.papers] == ["First"]
    assert [(problem.line, "Duplicate entry key 'a'" in problem.reason) for problem in result.problems] == [(2, True)]


def test_strings_comments_and_preambles_are_not_papers() -> None:
    text = '@string{conf = "NeurIPS"}\n@comment{ignore me}\n@preamble{"x"}\n@misc{k, title={Only One}, booktitle=conf}'
    result = bibtex.parse(text, SOURCE)
    assert [paper.title for paper in result.papers] == ["Only One"]
    assert result.problems == []


def test_strip_protecting_braces_keeps_latex_command_arguments() -> None:
    assert bibtex.strip_protecting_braces("{{BERT}} and {GPT}") == "BERT and GPT"
    assert bibtex.strip_protecting_braces(r"\textbf{Bold} $\mathcal{O}(n)$") == r"\textbf{Bold} $\mathcal{O}(n)$"


def test_detect() -> None:
    assert bibtex.detect(BERT)
    assert bibtex.detect("% my references\n@Article{k,\n title={T}}")
    assert not bibtex.detect("Write to me@example.org {soon}.")
    assert not bibtex.detect("# Notes\n\nHow to cite:\n\n```\n@article{k,\n  title={T}\n}\n```\n")
