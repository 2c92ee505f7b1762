"""The linkage model: comparisons, blocking rules, EM training and the versioned model file.

Comparisons are built from Splink's level library (so the same model runs on DuckDB and on
Spark: each backend gets its own SQL for Jaro-Winkler and Levenshtein). Each comparison is
left out when the data has no values for it (FEBRL has no gender; the registry no address).
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import splink
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import ColumnExpression, Linker, SettingsCreator, block_on
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.dialects import SplinkDialect

from .blocking import splink_blocking_rules

# Version of the schakel model file (not Splink's): raise it when the meaning of the
# prepared columns or of the file's keys changes, so an old file is refused, not misread.
MODEL_FORMAT_VERSION = 5
MODEL_KIND = "schakel-person-linkage"
# Pairs at or above MATCH_THRESHOLD are joined (with direct evidence, see cluster.py); pairs
# between REVIEW_THRESHOLD and it go to the registrar's review queue. Chosen on the registry's
# generator at 100,000 and 1,000,000 records (docs/benchmarks.md): with the whole name
# weighed by its own frequency (model format 5) the scores are less overconfident, and 0.8
# with the direct-evidence rule gives the best precision and recall together at both sizes.
MATCH_THRESHOLD = 0.8
REVIEW_THRESHOLD = 0.5

logger = logging.getLogger(__name__)


class ModelFileError(ValueError):
    """A model file that cannot be used; the message says why and what to do."""


def _name_comparison(
    column: str,
    other: str | None,
    label: str,
    whole: str | None = None,
    *,
    whole_name: bool = False,
) -> cl.CustomComparison:
    levels: list[Any] = [cll.NullLevel(column)]
    if whole_name:
        # Given and family name equal, weighed by how common the whole name is: given and
        # family names are not independent ("Thi" goes with "Nguyen"), so two separate
        # frequencies would make a common whole name look rare (random pairs of people share
        # a whole name about 12 times as often as the product says, in the registry's
        # generator at 1,000,000 records). The given-name comparison abstains on these pairs.
        levels += [
            cll.ExactMatchLevel("full_name", term_frequency_adjustments=True).configure(
                label_for_charts="voornamen en achternaam gelijk"
            ),
            cll.ExactMatchLevel("first_and_family", term_frequency_adjustments=True).configure(
                label_for_charts="eerste voornaam en achternaam gelijk"
            ),
        ]
    # Term frequency: "Nguyen" = "Nguyen" says less than "Frankhuizen" = "Frankhuizen".
    levels.append(
        cll.ExactMatchLevel(column, term_frequency_adjustments=True).configure(
            label_for_charts=f"{label}: gelijk"
        )
    )
    if whole:
        # "Vandermeer" against "van der Meer": the whole name matches, the core does not.
        levels.append(
            cll.ExactMatchLevel(whole).configure(
                label_for_charts=f"{label}: gelijk met tussenvoegsel"
            )
        )
    if other:
        swapped = [
            cll.ColumnsReversedLevel(column, other),
            cll.ColumnsReversedLevel(column, "given_joined"),
        ]
        if whole:
            # "Vu" / "Van Dinh" against "Van Dinh" / "Vu": the given names meet the whole name.
            swapped.append(cll.ColumnsReversedLevel(whole, "given_joined"))
        levels.append(
            cll.Or(*swapped).configure(label_for_charts=f"{label}: verwisseld met {other}")
        )
    levels += [
        cll.JaroWinklerLevel(column, 0.94).configure(label_for_charts=f"{label}: JW ≥ 0.94"),
        cll.DamerauLevenshteinLevel(column, 2).configure(label_for_charts=f"{label}: ≤ 2 tekens"),
        cll.JaroWinklerLevel(column, 0.82).configure(label_for_charts=f"{label}: JW ≥ 0.82"),
        cll.ElseLevel(),
    ]
    return cl.CustomComparison(levels, output_column_name=column)


class _SwappedJaroWinklerLevel(ComparisonLevelCreator):
    """Names swapped with a typo: ``first`` of one record is like ``second`` of the other
    (Jaro-Winkler ≥ threshold), in either direction; each backend's own function name."""

    def __init__(self, first: str, second: str, threshold: float) -> None:
        self.first = ColumnExpression.instantiate_if_str(first)
        self.second = ColumnExpression.instantiate_if_str(second)
        self.threshold = threshold

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        self.first.sql_dialect = sql_dialect
        self.second.sql_dialect = sql_dialect
        jw = sql_dialect.jaro_winkler_function_name
        a, b, t = self.first, self.second, self.threshold
        return f"{jw}({a.name_l}, {b.name_r}) >= {t} OR {jw}({b.name_l}, {a.name_r}) >= {t}"

    def create_label_for_charts(self) -> str:
        return (
            f"{self.first.label} and {self.second.label} swapped, Jaro-Winkler ≥ {self.threshold}"
        )


def _given_comparison(*, whole_name: bool = False) -> cl.CustomComparison:
    null: Any = cll.NullLevel("given")
    if whole_name:
        # Given and family name equal: the family-name comparison weighs the whole name.
        null = cll.CustomLevel(
            '"given_l" IS NULL OR "given_r" IS NULL OR "first_and_family_l" = "first_and_family_r"',
            base_dialect_str="duckdb",
        ).configure(is_null_level=True, label_for_charts="leeg, of met de achternaam gewogen")
    return cl.CustomComparison(
        [
            null,
            cll.ExactMatchLevel("given_all").configure(
                label_for_charts="alle voornamen gelijk",
                tf_adjustment_column="given_all",
                tf_adjustment_weight=1.0,
            ),
            cll.ExactMatchLevel("given").configure(
                label_for_charts="eerste voornaam gelijk",
                tf_adjustment_column="given",
                tf_adjustment_weight=1.0,
            ),
            cll.Or(
                cll.ColumnsReversedLevel("given", "family"),
                cll.ColumnsReversedLevel("given_joined", "family"),
            ).configure(label_for_charts="voornaam en achternaam verwisseld"),
            cll.JaroWinklerLevel("given", 0.94),
            _SwappedJaroWinklerLevel("given", "family", 0.9).configure(
                label_for_charts="verwisseld, bijna gelijk"
            ),
            cll.DamerauLevenshteinLevel("given", 2),
            cll.CustomLevel(
                "(length(given_l) = 1 OR length(given_r) = 1) "
                "AND substr(given_l, 1, 1) = substr(given_r, 1, 1)",
                label_for_charts="voorletter gelijk",
                base_dialect_str="duckdb",
            ),
            cll.JaroWinklerLevel("given", 0.82),
            cll.ElseLevel(),
        ],
        output_column_name="given",
    )


def _dob_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        [
            cll.NullLevel("birth_year"),
            cll.ExactMatchLevel("dob").configure(label_for_charts="geboortedatum gelijk"),
            cll.CustomLevel(
                "birth_year_l = birth_year_r AND birth_month_l = birth_day_r "
                "AND birth_day_l = birth_month_r",
                label_for_charts="dag en maand verwisseld",
                base_dialect_str="duckdb",
            ),
            cll.LevenshteinLevel("dob", 1).configure(label_for_charts="één cijfer anders"),
            cll.CustomLevel(
                "birth_year_l = birth_year_r AND (dob_l IS NULL OR dob_r IS NULL)",
                label_for_charts="alleen jaar bekend, jaar gelijk",
                base_dialect_str="duckdb",
            ),
            cll.CustomLevel(
                "birth_year_l = birth_year_r",
                label_for_charts="jaar gelijk, datum anders",
                base_dialect_str="duckdb",
            ),
            cll.CustomLevel(
                "abs(birth_year_l - birth_year_r) <= 2",
                label_for_charts="jaar verschilt ≤ 2",
                base_dialect_str="duckdb",
            ),
            cll.ElseLevel(),
        ],
        output_column_name="dob",
    )


def _exact(column: str, label: str) -> cl.CustomComparison:
    return cl.CustomComparison(
        [
            cll.NullLevel(column),
            cll.ExactMatchLevel(column).configure(label_for_charts=f"{label} gelijk"),
            cll.ElseLevel(),
        ],
        output_column_name=column,
    )


def _fuzzy(column: str, label: str, threshold: float = 0.9) -> cl.CustomComparison:
    return cl.CustomComparison(
        [
            cll.NullLevel(column),
            cll.ExactMatchLevel(column).configure(label_for_charts=f"{label} gelijk"),
            cll.JaroWinklerLevel(column, threshold),
            cll.ElseLevel(),
        ],
        output_column_name=column,
    )


# m of "different place / form of exploitation" for the same person, fixed rather than
# learnt: the generator tells the same situation in every report about a person, so EM
# drives this m to 0 (at 1,000,000 records it underflows and Splink stops); a real second
# report names another place or form now and then. The value is an assumption, not measured.
SITUATION_DIFFERS_M = 0.05


def _situation(column: str, label: str) -> cl.CustomComparison:
    return cl.CustomComparison(
        [
            cll.NullLevel(column),
            cll.ExactMatchLevel(column).configure(
                label_for_charts=f"{label} gelijk",
                m_probability=1 - SITUATION_DIFFERS_M,
                fix_m_probability=True,
            ),
            cll.ElseLevel().configure(m_probability=SITUATION_DIFFERS_M, fix_m_probability=True),
        ],
        output_column_name=column,
    )


def _postcode() -> cl.CustomComparison:
    return cl.CustomComparison(
        [
            cll.NullLevel("postcode"),
            cll.ExactMatchLevel("postcode"),
            cll.DamerauLevenshteinLevel("postcode", 1),
            cll.ElseLevel(),
        ],
        output_column_name="postcode",
    )


def _report_date() -> cl.CustomComparison:
    """How far apart the two reports were made (days): organisations that meet the same
    person report within weeks of each other; namesakes are spread over the years."""
    levels: list[Any] = [cll.NullLevel("reported_day")]
    for days, label in (
        (14, "≤ 2 weken"),
        (60, "≤ 2 maanden"),
        (180, "≤ half jaar"),
        (730, "≤ 2 jaar"),
    ):
        levels.append(
            cll.CustomLevel(
                f"abs(reported_day_l - reported_day_r) <= {days}",
                label_for_charts=f"meldingen {label} uit elkaar",
                base_dialect_str="duckdb",
            )
        )
    levels.append(cll.ElseLevel())
    return cl.CustomComparison(levels, output_column_name="reported")


# Which comparisons exist, in order, and the prepared columns each needs values in.
COMPARISONS: dict[str, tuple[tuple[str, ...], Any]] = {
    "family": (
        ("family",),
        lambda: _name_comparison("family", "given", "achternaam", "family_whole"),
    ),
    "given": (("given",), _given_comparison),
    "dob": (("birth_year",), _dob_comparison),
    "gender": (("gender",), lambda: _exact("gender", "geslacht")),
    "nationality": (("nationality",), lambda: _exact("nationality", "nationaliteit")),
    "place": (("place",), lambda: _fuzzy("place", "geboorteplaats")),
    "municipality": (("municipality",), lambda: _fuzzy("municipality", "woonplaats", 0.92)),
    "alias": (("alias",), lambda: _exact("alias", "alias")),
    "document": (("document",), lambda: _exact("document", "documentnummer")),
    "phone": (("phone",), lambda: _exact("phone", "telefoon")),
    "address": (("address",), lambda: _fuzzy("address", "adres", 0.88)),
    "postcode": (("postcode",), _postcode),
    "reported": (("reported_day",), _report_date),
    "exploitation_place": (
        ("exploitation_place",),
        lambda: _situation("exploitation_place", "plaats van uitbuiting"),
    ),
    "exploitation_form": (
        ("exploitation_form",),
        lambda: _situation("exploitation_form", "vorm van uitbuiting"),
    ),
}


def _comparison(name: str, comparisons: Sequence[str]) -> Any:
    """The comparison ``name``; the names are weighed as a whole when both are compared."""
    whole_name = "family" in comparisons and "given" in comparisons
    if name == "family" and whole_name:
        return _name_comparison("family", "given", "achternaam", "family_whole", whole_name=True)
    if name == "given" and whole_name:
        return _given_comparison(whole_name=True)
    return COMPARISONS[name][1]()


def _comparisons_with_values(
    has_values: Callable[[str], bool], exclude: Iterable[str]
) -> list[str]:
    """The comparisons, in order, whose columns all have at least one value."""
    skip = set(exclude)
    return [
        name
        for name, (columns, _) in COMPARISONS.items()
        if name not in skip and all(has_values(c) for c in columns)
    ]


def comparisons_for(frame: pd.DataFrame, exclude: Iterable[str] = ()) -> list[str]:
    """The comparisons whose columns have at least one value in ``frame``."""
    return _comparisons_with_values(
        lambda c: c in frame.columns and bool(frame[c].notna().any()), exclude
    )


def comparisons_in(
    connection: Any, tables: Sequence[str], exclude: Iterable[str] = ()
) -> list[str]:
    """`comparisons_for` on DuckDB tables."""
    columns_of = {t: {c[0] for c in connection.execute(f"DESCRIBE {t}").fetchall()} for t in tables}

    @functools.cache
    def has_values(column: str) -> bool:
        return any(
            column in columns_of[t]
            and connection.execute(f'SELECT count("{column}") FROM {t}').fetchall()[0][0] > 0  # noqa: S608
            for t in tables
        )

    return _comparisons_with_values(has_values, exclude)


def settings_for(
    comparisons: Sequence[str], *, link_type: str = "dedupe_only", prior: float = 1e-4
) -> SettingsCreator:
    return SettingsCreator(
        link_type=link_type,  # type: ignore[arg-type]  # "dedupe_only" or "link_only"
        comparisons=[_comparison(name, comparisons) for name in comparisons],
        blocking_rules_to_generate_predictions=list[Any](splink_blocking_rules()),
        probability_two_random_records_match=prior,
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
        max_iterations=20,
        em_convergence=0.001,
    )


# Blocks for EM. Names and the rest are estimated on pairs with the same date of birth; the
# date itself on pairs with the same document or phone number, which are nearly all the
# same person. A same-name block is the last resort: where namesakes are common (the
# registry's Vietnamese and Nigerian names) EM on it learns "same name" instead of "same
# person", and dates of birth would look irrelevant.
EM_BLOCKS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("dob",), ("dob",)),
    (("document",), ("document",)),
    (("phone",), ("phone",)),
)
EM_FALLBACK: tuple[str, ...] = ("family_key", "given_key")


@dataclass
class TrainedModel:
    """A trained Splink model plus what Schakel needs to use it the same way again."""

    settings: dict[str, Any]  # Splink's own model dict (save_model_to_json)
    comparisons: list[str]
    link_type: str
    match_threshold: float = MATCH_THRESHOLD
    review_threshold: float = REVIEW_THRESHOLD
    max_block: int = 400
    trained_on: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "schakel_model_format": MODEL_FORMAT_VERSION,
            "kind": MODEL_KIND,
            "splink_version": splink.__version__,
            "comparisons": self.comparisons,
            "link_type": self.link_type,
            "match_threshold": self.match_threshold,
            "review_threshold": self.review_threshold,
            "max_block": self.max_block,
            "trained_on": self.trained_on,
            "splink_settings": self.settings,
        }

    def save(self, path: str | Path) -> Path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(self.to_json(), indent=2, sort_keys=True), encoding="utf-8")
        return target

    @classmethod
    def from_json(cls, data: dict[str, Any], *, source: str = "model") -> TrainedModel:
        if not isinstance(data, dict) or data.get("kind") != MODEL_KIND:
            raise ModelFileError(f"{source}: not a Schakel person-linkage model file")
        version = data.get("schakel_model_format")
        if version != MODEL_FORMAT_VERSION:
            raise ModelFileError(
                f"{source}: model format version {version!r}, this Schakel reads version "
                f"{MODEL_FORMAT_VERSION}; train a new model with `schakel link train`"
            )
        return cls(
            settings=data["splink_settings"],
            comparisons=list(data["comparisons"]),
            link_type=data["link_type"],
            match_threshold=float(data["match_threshold"]),
            review_threshold=float(data["review_threshold"]),
            max_block=int(data["max_block"]),
            trained_on=dict(data.get("trained_on", {})),
        )

    @classmethod
    def load(cls, path: str | Path) -> TrainedModel:
        source = Path(path)
        try:
            data = json.loads(source.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ModelFileError(f"{source}: no such model file") from None
        except json.JSONDecodeError as error:
            raise ModelFileError(f"{source}: not JSON ({error})") from None
        return cls.from_json(data, source=str(source))


def settings_in_dialect(model: TrainedModel, dialect: str) -> dict[str, Any]:
    """The trained model for another backend: Splink's saved SQL is in the dialect it was
    trained in (DuckDB quotes column names with double quotes, which Spark reads as text),
    so the comparisons are built again for ``dialect`` and the trained m and u copied over
    level by level."""
    if model.settings.get("sql_dialect", "duckdb") == dialect:
        return model.settings
    rebuilt = settings_for(model.comparisons, link_type=model.link_type).create_settings_dict(
        dialect
    )
    for new, old in zip(rebuilt["comparisons"], model.settings["comparisons"], strict=True):
        for new_level, old_level in zip(
            new["comparison_levels"], old["comparison_levels"], strict=True
        ):
            for key in ("m_probability", "u_probability"):
                if key in old_level:
                    new_level[key] = old_level[key]
    rebuilt["probability_two_random_records_match"] = model.settings[
        "probability_two_random_records_match"
    ]
    rebuilt["sql_dialect"] = dialect
    return rebuilt


def train(
    linker: Linker,
    comparisons: Sequence[str],
    *,
    link_type: str,
    u_pairs: float = 2e6,
    seed: int = 42,
    deterministic_rules: Sequence[str] | None = None,
    recall: float = 0.7,
) -> dict[str, Any]:
    """Estimate the prior, u by random sampling and m by EM; returns Splink's model dict."""
    rules = deterministic_rules or [
        "l.dob = r.dob AND l.family = r.family AND l.given = r.given",
        "l.document = r.document",
    ]
    try:
        linker.training.estimate_probability_two_random_records_match(list(rules), recall=recall)
    except Exception as error:
        logger.warning("prior not estimated: %s", error)
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=seed)
    strong = [columns for comparison, columns in EM_BLOCKS[1:] if comparison[0] in comparisons]
    blocks: list[tuple[str, ...]] = [EM_BLOCKS[0][1], *(strong or [EM_FALLBACK])]
    for columns in blocks:
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(*columns), estimate_without_term_frequencies=True
        )
    return with_floor(linker.misc.save_model_to_json())


# No level is impossible for a true pair: a registrar can mistype anything. Without a floor,
# a level never seen among the EM block's matches gets m = 0 and a weight of minus infinity.
M_FLOOR = 1e-3


def with_floor(model_dict: dict[str, Any]) -> dict[str, Any]:
    for comparison in model_dict["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m = level.get("m_probability")
            u = level.get("u_probability")
            if (m is None or m < M_FLOOR) and (u is None or u < M_FLOOR):
                # Seen neither among matches nor among random pairs: no evidence either way
                # (floored m over floored u would be a weight of +10 from nothing).
                level["m_probability"] = level["u_probability"] = M_FLOOR
                continue
            if m is None or m < M_FLOOR:
                level["m_probability"] = M_FLOOR
            if u is None or u < M_FLOOR / 1000:
                level["u_probability"] = max(u or 0.0, M_FLOOR / 1000)
    return model_dict
