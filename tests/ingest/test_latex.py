"""LaTeX remnants in titles and abstracts become readable text for display; ordinary words are left alone."""

from __future__ import annotations

import pytest

from paperchat.ingest.latex import clean_latex


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("memory cut by $6.25\\%$", "memory cut by 6.25%"),
        ("more than 18$\\times$ faster", "more than 18× faster"),
        ("a $128\\times 8$ MIMO system", "a 128× 8 MIMO system"),
        ("$\\sim$5% fewer", "~5% fewer"),
        ("x$\\cdot$y", "x·y"),
        ("\\textbf{Bold} and \\emph{\\textit{nested}}", "Bold and nested"),
        ("{In} context", "In context"),
    ],
)
def test_math_and_formatting_macros_become_text(raw: str, shown: str) -> None:
    assert clean_latex(raw) == shown


@pytest.mark.parametrize(
    ("raw", "shown"),
    [  # listings scraped from the web lose `$\` and leave the macro name glued to a number
        (
            "the total memory cost by more than 18times for 4-bit LLMs",
            "the total memory cost by more than 18× for 4-bit LLMs",
        ),
        ("on a single 8timesA800 GPU", "on a single 8×A800 GPU"),
        ("speeds up training by 1.57--7.22times", "speeds up training by 1.57--7.22×"),
        ("to scale to sim30B-sized LLMs", "to scale to ~30B-sized LLMs"),
        ("models (sim100B)", "models (~100B)"),
        ("approx2.5 GB", "≈2.5 GB"),
    ],
)
def test_a_macro_stripped_of_its_backslash_next_to_a_number_becomes_its_symbol(raw: str, shown: str) -> None:
    assert clean_latex(raw) == shown


@pytest.mark.parametrize(
    "plain",
    ["sometimes twice", "20-32 times longer", "sim2real transfer", "the meeting at 5pm", "timestep 3 simulations"],
)
def test_ordinary_words_are_left_alone(plain: str) -> None:
    assert clean_latex(plain) == plain


def test_cleaning_twice_changes_nothing() -> None:
    raw = "18times less memory, $\\sim$5% loss, \\textbf{$6.25\\%$} WER"
    assert clean_latex(clean_latex(raw)) == clean_latex(raw) == "18× less memory, ~5% loss, 6.25% WER"
