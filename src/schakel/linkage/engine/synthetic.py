"""The registry's synthetic generator as linkage input, with its truth (no database)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import pandas as pd

from schakel.registry.synthetic import GeneratorConfig, SyntheticReport, iter_years


def report_row(report: SyntheticReport) -> dict[str, object]:
    person = report.person
    return {
        "unique_id": report.key,
        "person_key": report.person_key,
        "organisation": report.organisation,
        "given_names": person.given_names,
        "family_name": person.family_name,
        "aliases": "|".join(person.aliases),
        "birth_date": person.birth_date,
        "birth_year": person.birth_year,
        "gender": person.gender,
        "nationality": ",".join(person.nationalities),
        "birth_place": person.birth_place,
        "municipality": person.municipality_of_stay,
        "document_number": person.documents[0].number if person.documents else "",
        "phone": person.phone,
        "reported_on": report.reported_on,
        "exploitation_place": next(
            (p.municipality for p in report.places if p.kind == "nl" and p.municipality), ""
        ),
        "exploitation_form": report.forms[0].form if report.forms else "",
    }


def synthetic_records(
    reports: int, *, seed: int = 2019, today: date = date(2025, 12, 31), years: int = 5
) -> pd.DataFrame:
    """About ``reports`` generated person records (one per report) with ``person_key``."""
    probe = GeneratorConfig(today=today, seed=seed, years=years)
    from schakel.registry.synthetic import expected_reports

    scale = reports / expected_reports(probe)
    config = GeneratorConfig(today=today, seed=seed, years=years, scale=scale)
    rows: list[dict[str, object]] = []
    for year in iter_years(config):
        rows.extend(report_row(r) for r in year.reports)
    return pd.DataFrame(rows)


def true_pairs(frame: pd.DataFrame) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for _, ids in frame.groupby("person_key")["unique_id"]:
        keys = sorted(ids)
        pairs.update((a, b) for i, a in enumerate(keys) for b in keys[i + 1 :])
    return pairs


def cluster_pairs(cluster_of: dict[Any, Any], ids: Iterable[Any]) -> set[tuple[Any, Any]]:
    members: dict[Any, list[Any]] = {}
    for record in ids:
        members.setdefault(cluster_of[record], []).append(record)
    pairs: set[tuple[Any, Any]] = set()
    for members_of_one in members.values():
        group = sorted(members_of_one)
        pairs.update((a, b) for i, a in enumerate(group) for b in group[i + 1 :])
    return pairs
