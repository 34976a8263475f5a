"""Cleaning of LaTeX remnants for display; the raw text stays what is indexed."""

from __future__ import annotations

import re

_FORMATTING = "textbf|textit|emph|texttt|mathrm|mathbf|mathit|text|underline|mathcal|textsc|mbox"
_COMMAND_WITH_ARG = re.compile(rf"\\(?:{_FORMATTING})\s*\{{([^{{}}]*)\}}")
_ESCAPED = re.compile(r"\\([%&$#_{}])")
_BRACED_WORD = re.compile(r"\{([^{}\\$]*)\}")
_INLINE_MATH = re.compile(r"\$([^$]{0,200})\$")
_SYMBOLS = {
    r"\times": "×",
    r"\sim": "~",
    r"\approx": "≈",
    r"\leq": "≤",
    r"\geq": "≥",
    r"\le": "≤",
    r"\ge": "≥",
    r"\pm": "±",
    r"\alpha": "α",
    r"\beta": "β",
    r"\gamma": "γ",
    r"\delta": "δ",
    r"\epsilon": "ε",
    r"\lambda": "λ",
    r"\mu": "μ",
    r"\sigma": "σ",
    r"\tau": "τ",
    r"\theta": "θ",
    r"\rightarrow": "→",
    r"\to": "→",
    r"\cdot": "·",
    r"\infty": "∞",
    r"\ldots": "…",
    r"\dots": "…",
    r"\%": "%",
}
# Macros whose `$\` a scraper stripped, left glued to a number: `18times`, `8timesA800`, `sim30B`, `approx2`.
# After a number only macros no English word ends a number with ("5pm" is a time); before a number only when the
# number is not the start of a word ("sim2real" stays).
_GLUED_AFTER_NUMBER = re.compile(r"(?<=\d)(times|cdot)(?![a-z])")
_GLUED_BEFORE_NUMBER = re.compile(r"(?<![A-Za-z])(sim|approx|leq|geq)(?=\d+(?:\.\d+)?(?![a-z]))")


def _symbols(text: str) -> str:
    for command in sorted(_SYMBOLS, key=len, reverse=True):
        text = re.sub(re.escape(command) + r"(?![A-Za-z])", _SYMBOLS[command], text)
    return text


def _restore_glued(text: str) -> str:
    text = _GLUED_AFTER_NUMBER.sub(lambda m: _SYMBOLS["\\" + m.group(1)], text)
    return _GLUED_BEFORE_NUMBER.sub(lambda m: _SYMBOLS["\\" + m.group(1)], text)


def clean_latex(text: str) -> str:
    """`$6.25\\%$` → `6.25%`, `\\textbf{x}` → `x`, `{in}` → `in`, `18$\\times$` and a stripped `18times` → `18×`.
    Idempotent; plain text passes unchanged."""
    if not text:
        return text
    text = _restore_glued(text)
    if not any(ch in text for ch in "\\${}"):
        return text
    for _ in range(3):  # nested commands unwrap one level per pass
        text = _COMMAND_WITH_ARG.sub(r"\1", text)
    # Symbols inside math first: there the closing `$` ends the macro name (`x$\\cdot$y` → `x·y`).
    text = _INLINE_MATH.sub(lambda m: _symbols(m.group(1)), text)
    text = _symbols(text)
    text = _ESCAPED.sub(r"\1", text)
    text = _BRACED_WORD.sub(r"\1", text)
    text = re.sub(r"\^\{?([^{}\s]+)\}?", r"^\1", text)
    text = re.sub(r"_\{([^{}\s]+)\}", r"_\1", text)
    return re.sub(r"[ \t]{2,}", " ", text)
