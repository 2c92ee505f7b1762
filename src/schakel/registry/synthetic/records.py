"""What the generator makes: plain frozen dataclasses, no Django.

The person and report fields mirror `schakel.registry.inputs` (PersonInput, ReportInput) one
to one, so the loader converts them without interpretation. Each report carries the truth
(`person_key`: same value, same human being) and the variations that make its record differ
from that truth, for testing record linkage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from .vocabulary import (
    CARE_COORDINATION,
    LABOUR_INSPECTORATE,
    MARECHAUSSEE,
    MULTI_REPORTED_SHARE,
    OTHER,
    POLICE,
    SHELTER,
)


@dataclass(frozen=True)
class OrganisationSpec:
    """A reporting organisation as the generator knows it: a key and a reporter group."""

    key: str
    group: str


# For use without a database (linkage experiments); the loader passes the real organisations.
DEFAULT_ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    OrganisationSpec("police-amsterdam", POLICE),
    OrganisationSpec("police-rotterdam", POLICE),
    OrganisationSpec("police-oost-nederland", POLICE),
    OrganisationSpec("care-utrecht", CARE_COORDINATION),
    OrganisationSpec("care-amsterdam", CARE_COORDINATION),
    OrganisationSpec("kmar-schiphol", MARECHAUSSEE),
    OrganisationSpec("labour-inspectorate", LABOUR_INSPECTORATE),
    OrganisationSpec("shelter-zwolle", SHELTER),
    OrganisationSpec("veilig-thuis", OTHER),
)


@dataclass(frozen=True)
class GeneratorConfig:
    """Everything the output depends on: the same config gives the same data."""

    today: date
    seed: int = 2019
    years: int = 1
    # Multiplies the published volumes (benchmarks use more, the `make run` slice less).
    scale: float = 1.0
    organisations: tuple[OrganisationSpec, ...] = DEFAULT_ORGANISATIONS
    multi_reported_share: float = MULTI_REPORTED_SHARE


@dataclass(frozen=True)
class SyntheticDocument:
    document_type: str
    number: str = ""
    issuing_country: str = ""


@dataclass(frozen=True)
class SyntheticPerson:
    """The person as one report describes them (mirrors inputs.PersonInput)."""

    given_names: str = ""
    family_name: str = ""
    aliases: tuple[str, ...] = ()
    description: str = ""
    birth_date: date | None = None
    birth_year: int | None = None
    birth_date_precision: str = "unknown"
    gender: str = "unknown"
    nationalities: tuple[str, ...] = ()
    birth_country: str = ""
    birth_place: str = ""
    languages: tuple[str, ...] = ()
    municipality_of_stay: str = ""
    phone: str = ""
    documents: tuple[SyntheticDocument, ...] = ()


@dataclass(frozen=True)
class SyntheticPlace:
    kind: str
    municipality: str = ""
    country: str = ""


@dataclass(frozen=True)
class SyntheticForm:
    form: str
    labour_sector: str = ""
    criminal_activity: str = ""


@dataclass(frozen=True)
class SyntheticSuspect:
    name: str = ""
    relation: str = "unknown"
    notes: str = ""


@dataclass(frozen=True)
class StatusStep:
    """One transition after the draft; ``at`` is Amsterdam wall-clock time (naive)."""

    status: str
    at: datetime
    reason: str = ""


@dataclass(frozen=True)
class SyntheticReport:
    key: str
    person_key: str  # the truth: reports with the same key are about the same human being
    report_index: int  # 0 for the person's first report
    organisation: str  # an OrganisationSpec.key
    reported_on: date
    person: SyntheticPerson
    consent: str
    consent_not_asked_reason: str = ""
    exploitation_status: str = "unknown"
    exploitation_started_on: date | None = None
    exploitation_ended_on: date | None = None
    places: tuple[SyntheticPlace, ...] = ()
    forms: tuple[SyntheticForm, ...] = ()
    suspects: tuple[SyntheticSuspect, ...] = ()
    needs_shelter: bool = False
    needs_medical: bool = False
    needs_safety: bool = False
    health_notes: str = ""
    criminal_record_notes: str = ""
    narrative: str = ""
    history: tuple[StatusStep, ...] = ()
    not_registered_reason: str = ""  # a NotRegisteredReason code
    decision_note: str = ""
    # When the registrar linked this record to the person's first record (None: not linked).
    linked_at: datetime | None = None
    variations: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        return self.history[-1].status if self.history else "draft"


@dataclass(frozen=True)
class TruePerson:
    """The human being behind one or more reports, as their own documents would say."""

    key: str
    given_names: str
    family_name: str
    gender: str
    birth_date: date
    nationalities: tuple[str, ...]
    minor_at_start: bool
    main_form: str
    report_keys: tuple[str, ...]


@dataclass
class SyntheticYear:
    """The persons first reported in one year and all their reports (also later ones)."""

    year: int
    persons: list[TruePerson] = field(default_factory=list)
    reports: list[SyntheticReport] = field(default_factory=list)


@dataclass
class SyntheticDataset:
    config: GeneratorConfig
    persons: list[TruePerson]
    reports: list[SyntheticReport]

    def same_person_pairs(self) -> set[tuple[str, str]]:
        """Every pair of report keys about the same person: the linkage ground truth."""
        pairs: set[tuple[str, str]] = set()
        for person in self.persons:
            keys = sorted(person.report_keys)
            pairs.update((a, b) for i, a in enumerate(keys) for b in keys[i + 1 :])
        return pairs
