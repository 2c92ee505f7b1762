"""Write generated data into the registry through the bulk path (`registry.bulk`).

Reports are attributed to the organisations in the database that can report (a user with
the reporter or case-worker role), each to such a user; the registrar's steps to a
registrar. Each generated year is one batch: one transaction and one audit event whose name
(``<key>:<year>``) also makes loading idempotent: a batch that was loaded before is skipped.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.utils import timezone

from schakel.accounts.models import Organisation, User
from schakel.accounts.roles import OrganisationKind, Role
from schakel.registry.bulk import BulkLink, BulkReport, BulkStep, loaded_batches, reports_bulk_load
from schakel.registry.inputs import (
    DocumentInput,
    FormInput,
    PersonInput,
    PlaceInput,
    ReportInput,
    SuspectInput,
)
from schakel.registry.models import NotRegisteredReason

from .generate import generate_year, years_of
from .records import GeneratorConfig, OrganisationSpec, SyntheticReport
from .vocabulary import (
    CARE_COORDINATION,
    LABOUR_INSPECTORATE,
    MARECHAUSSEE,
    OTHER,
    POLICE,
    SHELTER,
)

GROUP_OF_KIND: dict[str, str] = {
    OrganisationKind.POLICE: POLICE,
    OrganisationKind.CARE_COORDINATION: CARE_COORDINATION,
    OrganisationKind.MARECHAUSSEE: MARECHAUSSEE,
    OrganisationKind.LABOUR_INSPECTORATE: LABOUR_INSPECTORATE,
    OrganisationKind.SHELTER: SHELTER,
    OrganisationKind.VEILIG_THUIS: OTHER,
    OrganisationKind.MUNICIPALITY: OTHER,
    OrganisationKind.IMMIGRATION_SERVICE: OTHER,
    OrganisationKind.OTHER: OTHER,
}
LINK_REASON = "Naam, geboortedatum en situatie komen overeen."


@dataclass(frozen=True)
class Actors:
    """Who reported for each organisation, and the registrar who decided."""

    organisations: tuple[OrganisationSpec, ...]
    reporter_of: dict[str, int]
    registrar_id: int


def find_actors() -> Actors:
    """Organisations that can report, one reporting user each, and a registrar."""
    reporters: dict[str, int] = {}
    specs = []
    for organisation in Organisation.objects.filter(
        is_active=True, kind__in=list(GROUP_OF_KIND)
    ).order_by("pk"):
        user = (
            User.objects.filter(
                organisation=organisation,
                is_active=True,
                roles__role__in=[Role.REPORTER, Role.CASE_WORKER],
            )
            .order_by("pk")
            .first()
        )
        if user is not None:
            reporters[str(organisation.pk)] = user.pk
            specs.append(OrganisationSpec(str(organisation.pk), GROUP_OF_KIND[organisation.kind]))
    registrar = (
        User.objects.filter(is_active=True, roles__role=Role.REGISTRAR).order_by("pk").first()
    )
    if not specs or registrar is None:
        raise LookupError(
            "no reporting organisation with a reporter, or no registrar: run `schakel demo` first"
        )
    return Actors(tuple(specs), reporters, registrar.pk)


def to_input(report: SyntheticReport) -> ReportInput:
    person = report.person
    return ReportInput(
        person=PersonInput(
            given_names=person.given_names,
            family_name=person.family_name,
            aliases=person.aliases,
            description=person.description,
            birth_date=person.birth_date,
            birth_year=person.birth_year,
            birth_date_precision=person.birth_date_precision,
            gender=person.gender,
            nationalities=person.nationalities,
            birth_country=person.birth_country,
            birth_place=person.birth_place,
            languages=person.languages,
            municipality_of_stay=person.municipality_of_stay,
            phone=person.phone,
            documents=tuple(
                DocumentInput(d.document_type, d.number, d.issuing_country)
                for d in person.documents
            ),
        ),
        reported_on=report.reported_on,
        consent=report.consent,
        consent_not_asked_reason=report.consent_not_asked_reason,
        exploitation_status=report.exploitation_status,
        exploitation_started_on=report.exploitation_started_on,
        exploitation_ended_on=report.exploitation_ended_on,
        places=tuple(PlaceInput(p.kind, p.municipality, p.country) for p in report.places),
        forms=tuple(FormInput(f.form, f.labour_sector, f.criminal_activity) for f in report.forms),
        suspects=tuple(SuspectInput(s.name, s.relation, s.notes) for s in report.suspects),
        needs_shelter=report.needs_shelter,
        needs_medical=report.needs_medical,
        needs_safety=report.needs_safety,
        health_notes=report.health_notes,
        criminal_record_notes=report.criminal_record_notes,
        narrative=report.narrative,
    )


def _aware(moment: datetime, now: datetime) -> datetime:
    """Amsterdam wall-clock time made aware; never later than now (today's office hours
    may still be ahead)."""
    return min(timezone.make_aware(moment), now)


def _bulk_items(
    reports: list[SyntheticReport], actors: Actors, reasons: dict[str, int], now: datetime
) -> tuple[list[BulkReport], list[BulkLink]]:
    items = []
    first_index: dict[str, int] = {}
    links = []
    for index, report in enumerate(reports):
        reporter = actors.reporter_of[report.organisation]
        steps = tuple(
            BulkStep(
                step.status,
                _aware(step.at, now),
                reporter if step.status == "submitted" else actors.registrar_id,
                step.reason,
            )
            for step in report.history
        )
        items.append(
            BulkReport(
                data=to_input(report),
                organisation_id=int(report.organisation),
                reported_by_id=reporter,
                history=steps,
                not_registered_reason_id=reasons[report.not_registered_reason]
                if report.not_registered_reason
                else None,
                decision_note=report.decision_note,
            )
        )
        if report.report_index == 0:
            first_index[report.person_key] = index
        elif report.linked_at is not None and report.person_key in first_index:
            links.append(
                BulkLink(
                    first_index[report.person_key],
                    index,
                    _aware(report.linked_at, now),
                    actors.registrar_id,
                    LINK_REASON,
                )
            )
    return items, links


@dataclass
class LoadResult:
    created: int = 0
    batches_loaded: list[str] = field(default_factory=list)
    batches_skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # (report number, person key, report index, variations): the linkage ground truth
    truth: list[tuple[str, str, int, str]] = field(default_factory=list)


def load(
    *,
    config: GeneratorConfig,
    key: str,
    max_reports: int | None = None,
    on_batch: Callable[[str, int], None] | None = None,
    keep_truth: bool = False,
    actors: Actors | None = None,
) -> LoadResult:
    """Generate and write ``config``'s data as batches ``<key>:<year>``; idempotent per key.

    Batches loaded before are skipped, and the ``today`` of the first load under this key is
    reused, so running the same command again (also on a later day) adds nothing and an
    interrupted load resumes with the same data. ``config.organisations`` is replaced by the
    organisations found in the database.
    """
    started = time.perf_counter()
    load_started = timezone.now().isoformat()  # how long a large load took stays on record
    actors = actors or find_actors()
    loaded = loaded_batches(f"{key}:")
    first_today = next(
        (d["synthetic"]["today"] for d in loaded.values() if "today" in d.get("synthetic", {})),
        None,
    )
    config = GeneratorConfig(
        today=date.fromisoformat(first_today) if first_today else config.today,
        seed=config.seed,
        years=config.years,
        scale=config.scale,
        organisations=actors.organisations,
        multi_reported_share=config.multi_reported_share,
    )
    reasons = dict(NotRegisteredReason.objects.values_list("code", "pk"))
    result = LoadResult()
    remaining = max_reports
    for year in years_of(config):
        batch = f"{key}:{year}"
        if batch in loaded:  # checked before generating: a second run costs next to nothing
            result.batches_skipped.append(batch)
            remaining = None if remaining is None else remaining - loaded[batch]["count"]
            continue
        if remaining is not None and remaining <= 0:
            break
        reports = generate_year(config, year).reports[:remaining]
        if not reports:
            continue
        remaining = None if remaining is None else remaining - len(reports)
        items, links = _bulk_items(reports, actors, reasons, timezone.now())
        written = reports_bulk_load(
            items=items,
            links=links,
            batch=batch,
            today=config.today,
            details={
                "synthetic": {
                    "seed": config.seed,
                    "years": config.years,
                    "scale": config.scale,
                    "today": config.today.isoformat(),
                },
                "load_started": load_started,
            },
        )
        if keep_truth:
            result.truth.extend(
                (w.number, r.person_key, r.report_index, " ".join(r.variations))
                for r, w in zip(reports, written, strict=True)
            )
        result.created += len(written)
        result.batches_loaded.append(batch)
        if on_batch:
            on_batch(batch, len(written))
    result.seconds = time.perf_counter() - started
    return result


def write_truth(path: Path, truth: list[tuple[str, str, int, str]]) -> None:
    """The linkage ground truth as CSV: which report numbers are about the same person."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["report_number", "person_key", "report_index", "variations"])
        writer.writerows(truth)
