"""Blocking: which pairs of records are compared at all.

Each rule is an equality on one composite key column (``bk_<rule>``), built here from the
prepared columns. A key value shared by more than ``max_block`` records is set to NULL for
that rule only (and reported): namesakes such as a common first and family name cannot
explode into millions of pairs, and those records still meet through the other rules (date
of birth with a name key, document, phone). The comparisons per rule are therefore at most
``records × max_block / 2``, however large the data grows. See docs/adr/0030-linkage-blocking.md.
"""

from __future__ import annotations

from dataclasses import dataclass

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


RULES: tuple[BlockingRule, ...] = (
    BlockingRule("dob_family", ("dob", "family_key"), description="geboortedatum + achternaam"),
    BlockingRule("dob_given", ("dob", "given_key"), description="geboortedatum + voornaam"),
    BlockingRule(
        "dob_swapped",
        ("dob", "given_key"),
        crossed=("dob", "family_key"),
        description="geboortedatum + voornaam en achternaam verwisseld",
    ),
    BlockingRule(
        "dob_municipality", ("dob", "municipality"), description="geboortedatum + woonplaats"
    ),
    BlockingRule("dob_postcode", ("dob", "postcode"), description="geboortedatum + postcode"),
    BlockingRule(
        "year_names",
        ("birth_year", "family_key", "given_initial"),
        description="geboortejaar + achternaam + voorletter",
    ),
    BlockingRule(
        "names_gender",
        ("family_key", "given_key", "?gender"),
        description="achternaam + voornaam + geslacht (zonder geboortedatum)",
    ),
    BlockingRule(
        "names_swapped",
        ("given_key", "family_key"),
        crossed=("family_key", "given_key"),
        description="voornaam en achternaam verwisseld",
    ),
    BlockingRule("postcode_address", ("postcode", "address_key"), description="postcode + adres"),
    BlockingRule("document", ("document",), description="documentnummer"),
    BlockingRule("phone", ("phone",), description="telefoonnummer"),
    BlockingRule("alias_year", ("alias", "birth_year"), description="alias + geboortejaar"),
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


def _key(frame: pd.DataFrame, parts: tuple[str, ...]) -> pd.Series:
    """Parts joined by "|"; None when a required part is missing ("?gender": optional)."""
    required = [p for p in parts if not p.startswith("?")]
    present = frame[required].notna().all(axis=1)
    text = None
    for part in parts:
        value = frame[part.lstrip("?")].astype("string")
        if part.startswith("?"):
            value = value.fillna("-")
        text = value if text is None else text + "|" + value
    return text.where(present, None)


def _cap(key: pd.Series, max_block: int) -> tuple[pd.Series, pd.Series, int]:
    counts = key.value_counts()
    too_big = key.map(counts).gt(max_block)
    return key.where(~too_big, None), too_big, int((counts > max_block).sum())


def add_blocking_keys(
    prepared: pd.DataFrame, *, max_block: int = DEFAULT_MAX_BLOCK
) -> tuple[pd.DataFrame, list[BlockReport]]:
    """The prepared records with one ``bk_<rule>`` column per rule, and block sizes per rule.

    Usable records only get keys: a record with no identifying field is never compared.
    """
    frame = prepared.copy()
    usable = frame["usable"].astype(bool)
    reports: list[BlockReport] = []
    for rule in RULES:
        key = _key(frame, rule.parts).where(usable, None)
        if rule.crossed:
            other = _key(frame, rule.crossed).where(usable, None)
            # Both sides of a crossed pair count towards the same block.
            sizes = pd.concat([key, other]).dropna().value_counts()
            too_big = key.map(sizes).gt(max_block) | other.map(sizes).gt(max_block)
            key, other = key.where(~too_big, None), other.where(~too_big, None)
            frame[f"bk_{rule.name}_r"] = other
            counts = sizes[sizes <= max_block]
            capped = int((sizes > max_block).sum())
            left = key.value_counts().reindex(counts.index, fill_value=0)
            right = other.value_counts().reindex(counts.index, fill_value=0)
            comparisons = int((left * right).sum())
        else:
            key, too_big, capped = _cap(key, max_block)
            counts = key.value_counts()
            comparisons = int((counts * (counts - 1) // 2).sum())
        frame[f"bk_{rule.name}"] = key
        reports.append(
            BlockReport(
                rule=rule.name,
                records_with_key=int(key.notna().sum()),
                blocks=len(counts),
                largest_block=int(counts.max()) if len(counts) else 0,
                capped_blocks=capped,
                capped_records=int(too_big.sum()),
                comparisons=comparisons,
            )
        )
    return frame, reports


def splink_blocking_rules() -> list[str]:
    """The rules as Splink SQL (equi-joins, so every backend can hash-join them)."""
    rules = []
    for rule in RULES:
        if rule.crossed:
            rules.append(f"l.bk_{rule.name} = r.bk_{rule.name}_r")
        else:
            rules.append(f"l.bk_{rule.name} = r.bk_{rule.name}")
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
