"""A library of PDFs as researchers have them: one file without a credible title, or one scan whose text comes from
an OCR layer, never changes the answers about the other papers; every answer from a PDF cites the page it quotes,
and that page of the PDF prints the quoted text."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from paperchat.assistant import Assistant
from paperchat.ingest.formats.pdf.reader import open_pdf
from tests.conftest import make_settings

# (file, title, authors, pages): each page a list of paragraphs; page 1 opens with the abstract.
PAPERS = [
    (
        "kelp.pdf",
        "Growth Rates of Giant Kelp Forests in Cold Water",
        "Ada Lovelace, Alan Turing",
        [
            ["Abstract. We measure how fast giant kelp forests grow along cold coasts over two summers."],
            [
                "2 Results. Giant kelp fronds grew fifty centimetres per day in water below twelve degrees.",
                "Growth slowed when nitrate fell below two micromoles per litre.",
            ],
            ["3 Discussion. Warm summers halve the growth of kelp, so forests shrink."],
        ],
    ),
    (
        "turbines.pdf",
        "Cavitation Erosion of Tidal Turbine Blades",
        "Grace Hopper, Edsger Dijkstra",
        [
            ["Abstract. We study how tidal turbine blades wear out in strong tidal streams."],
            [
                "2 Experiments. Cavitation bubbles collapsing near the coating removed three millimetres of "
                "epoxy in six months.",
                "Blades with a ceramic coating lost a tenth as much material.",
            ],
        ],
    ),
    (
        "bees.pdf",
        "Sky Polarisation as a Compass for Honey Bees",
        "Barbara Liskov, Donald Knuth",
        [
            ["Abstract. We test whether honey bees find their hive by the polarisation of skylight."],
            [
                "2 Method. Bees under a rotated polarising filter flew ninety degrees off their course.",
                "Under an overcast sky the bees relied on landmarks instead.",
            ],
        ],
    ),
]
QUESTIONS = [
    ("How fast did giant kelp fronds grow in cold water?", "kelp", 2),
    ("How much epoxy did cavitation remove from the turbine blades?", "turbines", 2),
    ("How far off course did bees fly under a rotated polarising filter?", "bees", 2),
]
# A scan's OCR layer: recognition errors everywhere, and words close to the questions' topics.
GARBLED = [
    "Tbe grovvth of kelp and turbine b1ades vvas rneasured; bees f1ew 0ff c0urse in c0ld vvater.",
    "Ca vitation, p0larisati0n and kelp f0rests: tbe resu1ts are sh0wn in tab1e 2 and fig. 3.",
]


def write_paper(path: Path, title: str, authors: str, pages: list[list[str]]) -> None:
    page = canvas.Canvas(str(path), pagesize=A4)
    for number, paragraphs in enumerate(pages, 1):
        top = 760
        if number == 1:
            page.setFont("Helvetica-Bold", 18)
            page.drawString(72, top, title)
            page.setFont("Helvetica", 11)
            page.drawString(72, top - 30, authors)
            top -= 70
        page.setFont("Helvetica", 10)
        for paragraph in paragraphs:
            for line in _wrapped(paragraph):
                page.drawString(72, top, line)
                top -= 14
            top -= 10
        page.drawString(300, 40, str(number))
        page.showPage()
    page.save()


def write_junk(path: Path) -> None:
    """A PDF whose largest type is a lone stop word, over a page about the same topics as the others."""
    page = canvas.Canvas(str(path), pagesize=A4)
    page.setFont("Helvetica-Bold", 30)
    page.drawString(72, 760, "the")
    page.setFont("Helvetica", 10)
    for n, line in enumerate(["Notes on kelp, turbines and bees.", "Kelp, turbine blades and bees were discussed."]):
        page.drawString(72, 700 - 14 * n, line)
    page.showPage()
    page.save()


def write_scan(path: Path) -> None:
    """Two scanned pages: a page-sized picture over an OCR layer of garbled text."""
    from PIL import Image

    picture = io.BytesIO()
    Image.new("L", (60, 80), 230).save(picture, format="PNG")
    page = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for text in GARBLED:
        page.setFont("Helvetica", 10)
        for n in range(4):
            page.drawString(72, 760 - 14 * n, text)
        page.drawImage(ImageReader(io.BytesIO(picture.getvalue())), 0, 0, width, height)
        page.showPage()
    page.save()


def _wrapped(paragraph: str, width: int = 90) -> list[str]:
    lines, line = [], ""
    for word in paragraph.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def library(folder: Path, extra: str | None = None) -> Path:
    folder.mkdir()
    for name, title, authors, pages in PAPERS:
        write_paper(folder / name, title, authors, pages)
    if extra == "junk":
        write_junk(folder / "scan_0042.pdf")
    if extra == "scan":
        write_scan(folder / "old_scan.pdf")
    return folder


def opened(tmp_path: Path, name: str, extra: str | None = None) -> tuple[Assistant, object]:
    index_dir = tmp_path / f"{name}-index"
    assistant = Assistant.open(index_dir, make_settings(index_dir))
    report = assistant.ingest([library(tmp_path / name, extra)])
    assert report.ok, report.problems
    return assistant, report


def answers(assistant: Assistant) -> list[tuple[str, list[str]]]:
    return [(a.text, [c.title for c in a.citations]) for a in (assistant.ask(q) for q, _, _ in QUESTIONS)]


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return opened(tmp_path_factory.mktemp("clean"), "clean")[0]


def test_a_pdf_without_a_credible_title_changes_no_answer_about_the_others(clean: Assistant, tmp_path: Path) -> None:
    with_junk, report = opened(tmp_path, "junk", "junk")
    junk = next(paper for paper in with_junk.papers() if paper.sources[0].endswith("scan_0042.pdf"))
    assert junk.title == "scan_0042" and junk.title_guessed
    assert any("scan_0042.pdf" in str(notice) and "file" in str(notice) for notice in report.notices)
    assert answers(with_junk) == answers(clean)
    assert all(not answer[1] or "scan_0042" not in answer[1] for answer in answers(with_junk))


def test_a_scan_is_indexed_and_marked_and_its_ocr_text_never_outranks_clean_text(tmp_path: Path) -> None:
    assistant, report = opened(tmp_path, "scan", "scan")
    scan = next(paper for paper in assistant.papers() if paper.sources[0].endswith("old_scan.pdf"))
    assert scan.ocr and scan.ocr_pages == [1, 2] and "kelp" in scan.full_text
    assert any("OCR" in str(notice) for notice in report.notices)
    for question, topic, _ in QUESTIONS:
        passages = assistant.retrieve(question)
        assert topic in passages[0].title.lower() or topic[:-1] in passages[0].title.lower()
        best_clean = max(p.score for p in passages if p.paper_id != scan.paper_id)
        assert all(p.score < best_clean for p in passages if p.paper_id == scan.paper_id)
    found = assistant.retrieve("grovvth b1ades rneasured")  # what it has is still found by its own words
    assert found[0].paper_id == scan.paper_id


def test_every_answer_cites_the_page_whose_text_holds_the_quoted_passage(clean: Assistant, tmp_path: Path) -> None:
    folder = tmp_path / "pdfs"
    library(folder)
    for question, topic, page in QUESTIONS:
        answer = clean.ask(question)
        assert not answer.refused and answer.citations, question
        for citation in answer.citations:
            assert citation.page is not None and citation.location.startswith(("p. ", "pp. "))
            last = citation.page_end or citation.page
            assert citation.page <= page <= last or topic not in citation.title.lower()
            pdf = folder / next(name for name, title, *_ in PAPERS if title == citation.title)
            printed = "".join(page_text(pdf, number) for number in range(citation.page, last + 1))
            for sentence in re.split(r"(?<=\.)\s+", citation.snippet):  # the quoted sentences, each printed there
                assert normalised(sentence) in printed


def page_text(path: Path, page: int) -> str:
    document = open_pdf(path.read_bytes())
    text_page = document[page - 1].get_textpage()
    return normalised(text_page.get_text_range(0, text_page.count_chars()))


def normalised(text: str) -> str:
    """Letters and digits only, lower case: line breaks, hyphenation and ligatures aside."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).lower())
