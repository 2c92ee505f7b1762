"""Blocking: which pairs of records are compared at all.

(SQL here is built from the rule and column names of this module, never from input.)

Each rule is an equality on one composite key column (``bk_<rule>``), built here from the
prepared columns. A key value shared by more than ``max_block`` records is set to NULL for
that rule only (and reported): namesakes such as a common first and family name cannot
explode into millions of pairs, and those records still meet through the other rules (date
of birth with a name key, document, phone). The comparisons per rule are therefore at most
``records × max_block / 2``, however large the data grows (name-only rules have a smaller cap
of their own and skip pairs whose dates of birth contradict each other; the reported
comparisons are before that filter, so an upper bound). See docs/adr/0030-linkage-blocking.md.
"""

# ruff: noqa: S608
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

DEFAULT_MAX_BLOCK = 400


@dataclass(frozen=True)
class BlockingRule:
    name: str
    parts: tuple[str, ...]  # prepared columns; all must have a value ("?x": optional)
    # A crossed rule compares the left record's ``parts`` with the right record's
    # ``crossed`` (given and family name swapped); its keys are ``bk_<name>`` and
    # ``bk_<name>_r``.
    crossed: tuple[str, ...] | None = None
    description: str = ""
    # A cap of this rule's own (the smaller of it and the run's ``max_block`` applies).
    max_block: int | None = None
    # Only pairs whose dates of birth do not contradict each other: one missing, or at
    # most two characters apart (a typo, day and month swapped). Pairs with the same date
    # meet through the date rules; name-only rules are for records without a date.
    dates_close: bool = False

    def cap(self, max_block: int) -> int:
        return min(max_block, self.max_block) if self.max_block else max_block

    @property
    def splits(self) -> bool:
        """An over-cap block of a name-only rule is split by birth year (`SPLIT_PART`)
        instead of dropped; a sub-block still over the cap is dropped."""
        return self.dates_close and self.max_block is not None


# The extra key part of a split block: the birth year ("-" when missing, so records without
# one stay together in a sub-block of their own).
SPLIT_PART = "?birth_year"


# Name-only blocks: a name shared by more than this many records cannot be told apart by
# name anyway; those records still meet through their date of birth, document or phone.
NAME_BLOCK = 100
DATES_CLOSE_SQL = "(l.dob IS NULL OR r.dob IS NULL OR levenshtein(l.dob, r.dob) <= 2)"


def _name_rule(
    name: str,
    parts: tuple[str, ...],
    description: str,
    *,
    crossed: tuple[str, ...] | None = None,
) -> BlockingRule:
    """A rule on names without a date of birth: capped at `NAME_BLOCK`, only pairs whose
    dates of birth do not contradict, an over-cap block split by birth year."""
    return BlockingRule(
        name,
        parts,
        crossed=crossed,
        description=description,
        max_block=NAME_BLOCK,
        dates_close=True,
    )


RULES: tuple[BlockingRule, ...] = (
    BlockingRule("dob_family", ("dob", "family_key"), description="geboortedatum + achternaam"),
    BlockingRule("dob_given", ("dob", "given_key"), description="geboortedatum + voornaam"),
    BlockingRule(
        "dob_swapped",
        ("dob", "given_joined_key"),
        crossed=("dob", "family_whole_key"),
        description="geboortedatum + voornamen en achternaam verwisseld",
    ),
    BlockingRule(
        "dob_municipality", ("dob", "municipality"), description="geboortedatum + woonplaats"
    ),
    BlockingRule("dob_postcode", ("dob", "postcode"), description="geboortedatum + postcode"),
    BlockingRule(
        "year_names",
        ("birth_year", "family_key", "given_initial"),
        description="geboortejaar + achternaam + voorletter",
        max_block=NAME_BLOCK,
    ),
    _name_rule(
        "names", ("family_key", "given_key"), "achternaam + voornaam (zonder geboortedatum)"
    ),
    _name_rule(
        "family_initial",
        ("family_whole", "given_initial"),
        "hele achternaam + voorletter (tikfout in de voornaam)",
    ),
    _name_rule(
        "given_initial",
        ("given_all", "family_initial"),
        "alle voornamen + eerste letter achternaam (tikfout in de achternaam)",
    ),
    _name_rule(
        "names_swapped",
        ("given_joined_key", "family_whole_key"),
        "voornamen en achternaam verwisseld",
        crossed=("family_whole_key", "given_joined_key"),
    ),
    _name_rule(
        "swapped_initial",
        ("family_whole_key", "given_initial"),
        "verwisseld, met een tikfout in de andere naam",
        crossed=("given_joined_key", "family_whole_initial"),
    ),
    # A typo in both names, or a name with only an initial, and a birth year missing on one
    # side: no name key is shared; the place of stay (the same in most reports) still is.
    _name_rule(
        "family_initial_stay",
        ("family_key", "given_initial", "municipality"),
        "achternaam (klank) + voorletter + verblijfplaats",
    ),
    _name_rule(
        "given_initial_stay",
        ("given_key", "family_initial", "municipality"),
        "voornaam (klank) + eerste letter achternaam + verblijfplaats",
    ),
    # A record without a name (only a street alias) and a date of birth.
    BlockingRule(
        "dob_nationality",
        ("dob", "nationality"),
        description="geboortedatum + nationaliteit",
        max_block=NAME_BLOCK,
    ),
    BlockingRule("postcode_address", ("postcode", "address_key"), description="postcode + adres"),
    BlockingRule("document", ("document",), description="documentnummer"),
    BlockingRule("phone", ("phone",), description="telefoonnummer"),
    BlockingRule(
        "alias_year", ("alias", "birth_year"), description="alias + geboortejaar", max_block=50
    ),
)


@dataclass(frozen=True)
class BlockReport:
    rule: str
    records_with_key: int
    blocks: int
    largest_block: int
    capped_blocks: int
    capped_records: int
    comparisons: int


def _key_sql(parts: tuple[str, ...]) -> str:
    """SQL of one key: the parts as text joined by "|"; NULL when a required part is
    missing ("?gender": optional, "-" when missing); NULL for a record that is not usable."""
    required = [p for p in parts if not p.startswith("?")]
    texts = []
    for part in parts:
        value = f'CAST("{part.lstrip("?")}" AS VARCHAR)'
        texts.append(f"coalesce({value}, '-')" if part.startswith("?") else value)
    present = " AND ".join([f'"{p}" IS NOT NULL' for p in required] or ["TRUE"])
    joined = " || '|' || ".join(texts)
    return f"CASE WHEN usable AND {present} THEN {joined} END"


def add_blocking_keys_sql(
    connection: Any, source: str, target: str, *, max_block: int = DEFAULT_MAX_BLOCK
) -> list[BlockReport]:
    """``target`` := ``source`` plus one ``bk_<rule>`` column per rule (capped), in DuckDB.

    Usable records only get keys: a record with no identifying field is never compared.
    """
    raw = []
    for rule in RULES:
        raw.append(f"{_key_sql(rule.parts)} AS raw_{rule.name}")
        if rule.crossed:
            raw.append(f"{_key_sql(rule.crossed)} AS raw_{rule.name}_r")
        if rule.splits:
            raw.append(f"{_key_sql((*rule.parts, SPLIT_PART))} AS raw_{rule.name}_s")
            if rule.crossed:
                raw.append(f"{_key_sql((*rule.crossed, SPLIT_PART))} AS raw_{rule.name}_rs")
    connection.execute(
        f"CREATE OR REPLACE TEMP TABLE __keys_raw AS "
        f"SELECT *, {', '.join(raw)}, row_number() OVER () AS __row FROM {source}"
    )
    reports: list[BlockReport] = []
    selects: list[str] = []
    joins: list[str] = []
    for rule in RULES:
        name = rule.name
        cap = rule.cap(max_block)
        # One row per key value: n records in all, l on the left side of a pair.
        if rule.crossed:
            sizes = f"""SELECT v, count(*) AS n, count(*) FILTER (WHERE side = 0) AS l,
                    count(*) FILTER (WHERE side = 0) * count(*) FILTER (WHERE side = 1) AS pairs
                FROM (SELECT raw_{name} AS v, 0 AS side FROM __keys_raw
                      UNION ALL SELECT raw_{name}_r, 1 FROM __keys_raw)
                WHERE v IS NOT NULL GROUP BY v"""
            joins += [
                f"LEFT JOIN __size_{name} {name}_a ON {name}_a.v = k.raw_{name}",
                f"LEFT JOIN __size_{name} {name}_b ON {name}_b.v = k.raw_{name}_r",
            ]
            both = f"{name}_a.n <= {cap} AND {name}_b.n <= {cap}"
            if rule.splits:
                # Each side by the size of its own key (a value's size counts both sides,
                # so the two records of a pair decide alike), split when over the cap.
                connection.execute(
                    f"""CREATE OR REPLACE TEMP TABLE __split_{name} AS
                    SELECT v, count(*) AS n FROM (SELECT raw_{name}_s AS v FROM __keys_raw
                          UNION ALL SELECT raw_{name}_rs FROM __keys_raw)
                    WHERE v IS NOT NULL GROUP BY v"""
                )
                joins += [
                    f"LEFT JOIN __split_{name} {name}_sa ON {name}_sa.v = k.raw_{name}_s",
                    f"LEFT JOIN __split_{name} {name}_sb ON {name}_sb.v = k.raw_{name}_rs",
                ]
                selects += [
                    f"CASE WHEN {name}_a.n <= {cap} THEN raw_{name} "
                    f"WHEN {name}_sa.n <= {cap} THEN raw_{name}_s END AS bk_{name}",
                    f"CASE WHEN {name}_b.n <= {cap} THEN raw_{name}_r "
                    f"WHEN {name}_sb.n <= {cap} THEN raw_{name}_rs END AS bk_{name}_r",
                ]
            else:
                selects += [
                    f"CASE WHEN {both} THEN raw_{name} END AS bk_{name}",
                    f"CASE WHEN {both} THEN raw_{name}_r END AS bk_{name}_r",
                ]
        elif rule.splits:
            sizes = f"""SELECT raw_{name} AS v, count(*) AS n, count(*) AS l,
                    count(*) * (count(*) - 1) // 2 AS pairs
                FROM __keys_raw WHERE raw_{name} IS NOT NULL GROUP BY v"""
            connection.execute(
                f"""CREATE OR REPLACE TEMP TABLE __split_{name} AS
                SELECT raw_{name}_s AS v, count(*) AS n FROM __keys_raw
                WHERE raw_{name}_s IS NOT NULL GROUP BY v"""
            )
            joins += [
                f"LEFT JOIN __size_{name} {name}_a ON {name}_a.v = k.raw_{name}",
                f"LEFT JOIN __split_{name} {name}_sa ON {name}_sa.v = k.raw_{name}_s",
            ]
            selects.append(
                f"CASE WHEN {name}_a.n <= {cap} THEN raw_{name} "
                f"WHEN {name}_sa.n <= {cap} THEN raw_{name}_s END AS bk_{name}"
            )
        else:
            sizes = f"""SELECT raw_{name} AS v, count(*) AS n, count(*) AS l,
                    count(*) * (count(*) - 1) // 2 AS pairs
                FROM __keys_raw WHERE raw_{name} IS NOT NULL GROUP BY v"""
            joins.append(f"LEFT JOIN __size_{name} {name}_a ON {name}_a.v = k.raw_{name}")
            selects.append(f"CASE WHEN {name}_a.n <= {cap} THEN raw_{name} END AS bk_{name}")
        connection.execute(f"CREATE OR REPLACE TEMP TABLE __size_{name} AS {sizes}")
        kept = f"n <= {cap}"
        row = connection.execute(
            f"""SELECT count(*) FILTER (WHERE {kept}),
                    coalesce(max(n) FILTER (WHERE {kept}), 0),
                    count(*) FILTER (WHERE NOT {kept}),
                    coalesce(sum(l) FILTER (WHERE NOT {kept}), 0),
                    coalesce(sum(pairs) FILTER (WHERE {kept}), 0),
                    coalesce(sum(l) FILTER (WHERE {kept}), 0)
                FROM __size_{name}"""
        ).fetchall()[0]
        reports.append(
            BlockReport(
                rule=name,
                records_with_key=int(row[5]),
                blocks=int(row[0]),
                largest_block=int(row[1]),
                capped_blocks=int(row[2]),
                capped_records=int(row[3]),
                comparisons=int(row[4]),
            )
        )
    raw_columns = ", ".join(
        [f"raw_{r.name}" for r in RULES]
        + [f"raw_{r.name}_r" for r in RULES if r.crossed]
        + [f"raw_{r.name}_s" for r in RULES if r.splits]
        + [f"raw_{r.name}_rs" for r in RULES if r.splits and r.crossed]
        + ["__row"]
    )
    connection.execute(
        f"CREATE OR REPLACE TABLE {target} AS "
        f"SELECT k.* EXCLUDE ({raw_columns}), {', '.join(selects)} "
        f"FROM __keys_raw k {' '.join(joins)} ORDER BY k.__row"
    )
    connection.execute("DROP TABLE __keys_raw")
    for rule in RULES:
        connection.execute(f"DROP TABLE __size_{rule.name}")
        if rule.splits:
            connection.execute(f"DROP TABLE __split_{rule.name}")
    return reports


def add_blocking_keys(
    prepared: pd.DataFrame, *, max_block: int = DEFAULT_MAX_BLOCK
) -> tuple[pd.DataFrame, list[BlockReport]]:
    """The prepared records with one ``bk_<rule>`` column per rule, and block sizes per rule
    (`add_blocking_keys_sql` on a DataFrame)."""
    import duckdb

    with duckdb.connect() as connection:
        connection.register("__prepared_frame", prepared)
        reports = add_blocking_keys_sql(
            connection, "__prepared_frame", "keyed", max_block=max_block
        )
        frame = connection.execute("SELECT * FROM keyed").df()
    return _objects(frame), reports


def _objects(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as object with None for missing (as `prepare` gives them)."""
    for column in frame.columns:
        if column.startswith("bk_"):
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def splink_blocking_rules() -> list[str]:
    """The rules as Splink SQL (equi-joins, so every backend can hash-join them)."""
    rules = []
    for rule in RULES:
        right = f"r.bk_{rule.name}_r" if rule.crossed else f"r.bk_{rule.name}"
        sql = f"l.bk_{rule.name} = {right}"
        rules.append(f"{sql} AND {DATES_CLOSE_SQL}" if rule.dates_close else sql)
    return rules


def block_key_columns() -> list[str]:
    columns = [f"bk_{rule.name}" for rule in RULES]
    columns += [f"bk_{rule.name}_r" for rule in RULES if rule.crossed]
    return columns


def _key_one(record: dict[str, object], parts: tuple[str, ...]) -> str | None:
    values = []
    for part in parts:
        value = record.get(part.lstrip("?"))
        if value is None:
            if not part.startswith("?"):
                return None
            value = "-"
        values.append(str(value))
    return "|".join(values)


def keys_one(record: dict[str, object]) -> dict[str, str | None]:
    """The uncapped blocking keys of one prepared record (`prepare_one`), as in
    `add_blocking_keys`; the index leaves out capped keys, so a capped key finds nothing."""
    keys: dict[str, str | None] = {}
    for rule in RULES:
        usable = bool(record.get("usable"))
        keys[f"bk_{rule.name}"] = _key_one(record, rule.parts) if usable else None
        if rule.crossed:
            keys[f"bk_{rule.name}_r"] = _key_one(record, rule.crossed) if usable else None
    return keys


def split_keys_one(record: dict[str, object]) -> dict[str, str | None]:
    """The keys of `keys_one` for rules that split an over-cap block, with the split part
    (`SPLIT_PART`) added: what the record is keyed by when its block is over the cap."""
    keys: dict[str, str | None] = {}
    usable = bool(record.get("usable"))
    for rule in RULES:
        if not rule.splits:
            continue
        keys[f"bk_{rule.name}"] = _key_one(record, (*rule.parts, SPLIT_PART)) if usable else None
        if rule.crossed:
            keys[f"bk_{rule.name}_r"] = (
                _key_one(record, (*rule.crossed, SPLIT_PART)) if usable else None
            )
    return keys
