"""Filter flags generated from the Filters model, so a new filter is a new flag without restating it here."""

from __future__ import annotations

import argparse
import types
import typing
from typing import Any

from paperchat.assistant.filters import Filters

YEAR_RANGE_HELP = "year or range: 2024, 2023..2025, 2024.. (sets --year-from and --year-to)"


def year_range(text: str) -> tuple[int | None, int | None]:
    """'2024' → (2024, 2024); '2023..2025' → (2023, 2025); '2024..' → (2024, None)."""
    low, sep, high = text.partition("..")
    try:
        start = int(low) if low else None
        end = (int(high) if high else None) if sep else start
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"year must be YYYY or YYYY..YYYY, got {text!r}") from error
    return start, end


def _value_type(annotation: Any) -> tuple[type, bool]:
    """(scalar type, is a list) of `int | None`, `list[str] | None`, `Literal[...] | None`, ..."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    inner = (
        args[0]
        if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union
        else annotation
    )
    if typing.get_origin(inner) is list:
        return typing.get_args(inner)[0], True
    if typing.get_origin(inner) is typing.Literal:
        return str, False
    return inner, False


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters (also read from the question itself)")
    group.add_argument("--year", type=year_range, help=YEAR_RANGE_HELP)
    for name, field in Filters.model_fields.items():
        flag = "--" + name.replace("_", "-")
        value_type, many = _value_type(field.annotation)
        help_text = (field.description or name).rstrip(".")
        if value_type is bool:
            group.add_argument(flag, dest=name, action=argparse.BooleanOptionalAction, default=None, help=help_text)
        elif many:
            one = name[:-1] if name.endswith("s") else name  # --authors NAME..., --ignore-inferred NAME...
            choices = list(Filters.model_fields) if name == "ignore_inferred" else None  # its values name filters
            group.add_argument(
                flag, dest=name, nargs="+", type=value_type, choices=choices, metavar=one.upper(), help=help_text
            )
        else:
            group.add_argument(flag, dest=name, type=value_type, metavar=name.upper(), help=help_text)


def filters_from(args: argparse.Namespace) -> Filters:
    values = {name: getattr(args, name, None) for name in Filters.model_fields}
    if getattr(args, "year", None):
        values["year_from"], values["year_to"] = args.year
    return Filters(**{name: value for name, value in values.items() if value is not None})
