"""The model's comparison levels as Python functions, for scoring a handful of pairs fast.

A trained model stores each level as the SQL condition Splink runs in DuckDB
(``jaro_winkler_similarity("family_l", "family_r") >= 0.94``). The intake check scores one
new record against a few dozen candidates per request, where a DuckDB query costs more
than the whole look-up. `compile_level` turns a condition into a Python function of the two
records with SQL's three-valued logic (NULL is None: a comparison with NULL is unknown, and
an unknown condition does not select its level, as in a CASE). String similarity uses
jellyfish, whose Jaro-Winkler, Damerau-Levenshtein and Levenshtein give DuckDB's values
(tests/linkage/test_intake.py compares them on thousands of pairs and every level against
DuckDB's CASE). A condition with anything else raises `UnsupportedLevel`; the intake check
then scores with DuckDB instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jellyfish
import sqlglot
from sqlglot import expressions as exp

Record = dict[str, Any]
Value = Callable[[Record, Record], Any]


class UnsupportedLevel(ValueError):
    """A level condition this module cannot evaluate (the caller falls back to DuckDB)."""


def _column(name: str) -> Value:
    if name.endswith("_l"):
        column = name[:-2]
        return lambda left, right: left.get(column)
    if name.endswith("_r"):
        column = name[:-2]
        return lambda left, right: right.get(column)
    raise UnsupportedLevel(f"column {name!r} is not one side of a pair")


def _strict(function: Callable[..., Any], *arguments: Value) -> Value:
    """``function`` of the arguments' values; NULL when any of them is NULL."""

    def value(left: Record, right: Record) -> Any:
        values = [a(left, right) for a in arguments]
        if any(v is None for v in values):
            return None
        return function(*values)

    return value


_COMPARE: dict[type[exp.Expression], Callable[[Any, Any], bool]] = {
    exp.EQ: lambda a, b: a == b,
    exp.NEQ: lambda a, b: a != b,
    exp.GT: lambda a, b: a > b,
    exp.GTE: lambda a, b: a >= b,
    exp.LT: lambda a, b: a < b,
    exp.LTE: lambda a, b: a <= b,
}
_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "jaro_winkler_similarity": jellyfish.jaro_winkler_similarity,
    "jaro_similarity": jellyfish.jaro_similarity,
    "damerau_levenshtein": jellyfish.damerau_levenshtein_distance,
    "levenshtein": jellyfish.levenshtein_distance,
}


def _and(first: Value, second: Value) -> Value:
    def value(left: Record, right: Record) -> bool | None:
        a, b = first(left, right), second(left, right)
        if a is False or b is False:
            return False
        return None if a is None or b is None else True

    return value


def _or(first: Value, second: Value) -> Value:
    def value(left: Record, right: Record) -> bool | None:
        a, b = first(left, right), second(left, right)
        if a is True or b is True:
            return True
        return None if a is None or b is None else False

    return value


def _substring(text: str, start: int, length: int | None = None) -> str:
    begin = max(int(start) - 1, 0)  # SQL counts from 1
    return text[begin:] if length is None else text[begin : begin + int(length)]


def _compile(node: exp.Expression) -> Value:  # noqa: PLR0911, PLR0912 -- one case per node kind
    if isinstance(node, exp.Paren):
        return _compile(node.this)
    if isinstance(node, exp.Column):
        return _column(node.name)
    if isinstance(node, exp.Literal):
        literal: Any = node.this if node.is_string else float(node.this)
        if not node.is_string and float(node.this).is_integer() and "." not in node.this:
            literal = int(node.this)
        return lambda left, right: literal
    if isinstance(node, exp.Null):
        return lambda left, right: None
    if isinstance(node, exp.Is) and isinstance(node.expression, exp.Null):
        inner = _compile(node.this)
        return lambda left, right: inner(left, right) is None
    if isinstance(node, exp.Not):
        inner = _compile(node.this)
        return _strict(lambda v: not v, inner)
    if isinstance(node, exp.And):
        return _and(_compile(node.this), _compile(node.expression))
    if isinstance(node, exp.Or):
        return _or(_compile(node.this), _compile(node.expression))
    if type(node) in _COMPARE:
        return _strict(_COMPARE[type(node)], _compile(node.this), _compile(node.expression))
    if isinstance(node, exp.Sub):
        return _strict(lambda a, b: a - b, _compile(node.this), _compile(node.expression))
    if isinstance(node, exp.Add):
        return _strict(lambda a, b: a + b, _compile(node.this), _compile(node.expression))
    if isinstance(node, exp.Abs):
        return _strict(abs, _compile(node.this))
    if isinstance(node, exp.Length):
        return _strict(len, _compile(node.this))
    if isinstance(node, exp.Substring):
        parts = [_compile(node.this), _compile(node.args["start"])]
        if node.args.get("length") is not None:
            parts.append(_compile(node.args["length"]))
        return _strict(_substring, *parts)
    if isinstance(node, exp.JarowinklerSimilarity):
        return _strict(
            _FUNCTIONS["jaro_winkler_similarity"], _compile(node.this), _compile(node.expression)
        )
    if isinstance(node, exp.Levenshtein) and not any(
        node.args.get(k) for k in ("ins_cost", "del_cost", "sub_cost", "max_dist")
    ):
        return _strict(_FUNCTIONS["levenshtein"], _compile(node.this), _compile(node.expression))
    if isinstance(node, exp.Anonymous) and str(node.this).lower() in _FUNCTIONS:
        arguments = [_compile(a) for a in node.expressions]
        if len(arguments) != 2:
            raise UnsupportedLevel(f"{node.this} with {len(arguments)} arguments")
        return _strict(_FUNCTIONS[str(node.this).lower()], *arguments)
    raise UnsupportedLevel(f"{type(node).__name__}: {node.sql(dialect='duckdb')}")


def compile_level(condition: str) -> Callable[[Record, Record], bool]:
    """``condition`` (DuckDB SQL over ``<column>_l`` and ``<column>_r``) as a function of the
    left and right record (dicts of prepared columns) that is True where the level applies.
    ``ELSE`` applies always."""
    if condition.strip().upper() == "ELSE":
        return lambda left, right: True
    parsed = sqlglot.parse_one(condition, read="duckdb")
    if not isinstance(parsed, exp.Expression):
        raise UnsupportedLevel(condition)
    value = _compile(parsed)
    return lambda left, right: value(left, right) is True


def compile_comparison(levels: list[str]) -> Callable[[Record, Record], int]:
    """The index of the first level whose condition holds (the CASE of Splink's SQL)."""
    compiled = [compile_level(c) for c in levels]

    def gamma(left: Record, right: Record) -> int:
        for index, applies in enumerate(compiled):
            if applies(left, right):
                return index
        raise ValueError("no level applies and the comparison has no ELSE level")

    return gamma
