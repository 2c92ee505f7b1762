"""Synthetic registry data: a seeded, reproducible generator of persons and reports.

Pure Python (Faker and the standard library, no Django), so linkage and estimation work can
use it without a database. `generate(GeneratorConfig(today=..., seed=..., years=...))` gives
the same data for the same config. Each report keeps the truth (`person_key`) and the ways
its record differs from it (`variations`). `schakel.registry.synthetic.load` writes the data
into the registry; it is the only module here that imports Django.
"""

from .generate import (
    expected_reports,
    generate,
    generate_year,
    iter_years,
    persons_in_year,
    years_of,
)
from .records import (
    DEFAULT_ORGANISATIONS,
    GeneratorConfig,
    OrganisationSpec,
    StatusStep,
    SyntheticDataset,
    SyntheticReport,
    SyntheticYear,
    TruePerson,
)

__all__ = [
    "DEFAULT_ORGANISATIONS",
    "GeneratorConfig",
    "OrganisationSpec",
    "StatusStep",
    "SyntheticDataset",
    "SyntheticReport",
    "SyntheticYear",
    "TruePerson",
    "expected_reports",
    "generate",
    "generate_year",
    "iter_years",
    "persons_in_year",
    "years_of",
]
