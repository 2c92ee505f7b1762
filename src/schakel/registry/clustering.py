"""What record linkage needs from the registry: every person record in bulk, the registrar's
same-person decisions, and regrouping records into persons so that it can be undone exactly.

The linkage app reads and writes persons only through these functions (no other app touches
`Person` or `PersonRecord`). A regrouping returns a `Regrouping`: which record moved from
which person to which, which persons were emptied and deleted (with their pseudonym and
creation time) and which were created. `regroup_undo` puts every record back and recreates
deleted persons with the same id and pseudonym, so an undone merge leaves both persons as
they were.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from schakel.accounts.models import Organisation, User
from schakel.core import audit
from schakel.core import rows as db_rows
from schakel.core.errors import InvalidInput
from schakel.core.models import AuditAction
from schakel.core.purposes import Purpose

from . import guards
from .models import (
    IdentityDocument,
    Person,
    PersonRecord,
    Report,
    ReportExploitationForm,
    ReportPlace,
    SamePersonDecision,
)
from .synthetic.load import GROUP_OF_KIND

# Reporting-organisation kinds as the dark-number estimate groups them (lists of the MSE).
REPORTER_GROUPS = (
    "police",
    "marechaussee",
    "labour_inspectorate",
    "care_coordination",
    "shelter",
    "other",
)
LINKAGE_FIELDS = (
    "pk",
    "person_id",
    "given_names",
    "family_name",
    "aliases",
    "birth_date",
    "birth_year",
    "gender",
    "nationalities",
    "birth_place",
    "municipality_of_stay",
    "phone",
    "report_id",
    "report__reported_on",
    "report__status",
    "report__reporting_organisation__kind",
)


def reporter_group(kind: str) -> str:
    return GROUP_OF_KIND.get(kind, "other")


def linkage_rows(
    *, batch_size: int = 5000, record_ids: Sequence[int] | None = None
) -> Iterator[dict[str, Any]]:
    """Every person record (or those of ``record_ids``) as a plain dict for linkage (system
    read, audited once).

    Drafts are left out: a draft is not yet a report. Encrypted fields (phone, document
    number) are decrypted by their fields on the way out of the database.
    """
    details: dict[str, Any] = {"object_type": "registry.personrecord", "purpose": "linkage"}
    if record_ids is not None:
        details["object_ids"] = sorted(record_ids)
    audit.audit_system(action=AuditAction.LIST, actor=None, details=details)
    documents: dict[int, str] = {}
    numbers = IdentityDocument.objects.order_by("pk")
    if record_ids is not None:
        numbers = numbers.filter(person_record_id__in=list(record_ids))
    for record_id, number in numbers.values_list("person_record_id", "number"):
        if number and record_id not in documents:
            documents[record_id] = number
    # The first Dutch place and the first form of exploitation of each report: what happened
    # is told again in every report about the person (linkage compares them).
    places: dict[int, str] = {}
    forms: dict[int, str] = {}
    place_rows = ReportPlace.objects.filter(kind="nl").exclude(municipality="").order_by("pk")
    form_rows = ReportExploitationForm.objects.order_by("pk")
    if record_ids is not None:
        report_ids = PersonRecord.objects.filter(pk__in=list(record_ids)).values("report_id")
        place_rows = place_rows.filter(report_id__in=report_ids)
        form_rows = form_rows.filter(report_id__in=report_ids)
    for report_id, municipality in place_rows.values_list("report_id", "municipality"):
        places.setdefault(report_id, municipality)
    for report_id, form in form_rows.values_list("report_id", "form"):
        forms.setdefault(report_id, form)
    # Drafts are not reports yet; restricted persons' records are only stored (art. 18).
    records = (
        PersonRecord.objects.exclude(report__status="draft")
        .exclude(person_id__in=guards.restricted_people())
        .order_by("pk")
    )
    if record_ids is not None:
        records = records.filter(pk__in=list(record_ids))
    for row in records.values(*LINKAGE_FIELDS).iterator(chunk_size=batch_size):
        yield _linkage_row(row, documents, places, forms)


def _linkage_row(
    row: dict[str, Any], documents: dict[int, str], places: dict[int, str], forms: dict[int, str]
) -> dict[str, Any]:
    nationalities = row["nationalities"]
    return {
        "unique_id": row["pk"],
        "person_id": row["person_id"],
        "given_names": row["given_names"],
        "family_name": row["family_name"],
        "aliases": "|".join(row["aliases"] or []),
        "birth_date": row["birth_date"],
        "birth_year": row["birth_year"],
        "gender": row["gender"],
        "nationality": ",".join(str(n) for n in nationalities)
        if isinstance(nationalities, list)
        else str(nationalities or ""),
        "birth_place": row["birth_place"],
        "municipality": row["municipality_of_stay"],
        "phone": row["phone"],
        "document_number": documents.get(row["pk"], ""),
        "reported_on": row["report__reported_on"],
        "exploitation_place": places.get(row["report_id"], ""),
        "exploitation_form": forms.get(row["report_id"], ""),
        "reporter_group": reporter_group(row["report__reporting_organisation__kind"]),
    }


def linkage_rows_changed(
    record_ids: Sequence[int], report_ids: Sequence[int] = ()
) -> tuple[list[int], list[dict[str, Any]]]:
    """For keeping the intake index current after a save: the person records concerned
    (``record_ids`` plus the record of each of ``report_ids``, as far as they still exist)
    and the linkage rows (as `linkage_rows` gives them) of those among them that are
    linkable now, not a draft nor restricted. One query for the records (their first
    document, Dutch place and form as subqueries) whatever their number, one for the
    restrictions; a system read, audited when it reads a record."""
    found = _changed_records(record_ids, report_ids)
    concerned = sorted({*(int(i) for i in record_ids), *(row["pk"] for row in found)})
    restricted = guards.restricted_people() if found else frozenset()
    linkable = sorted(
        (
            row
            for row in found
            if row["report__status"] != "draft" and row["person_id"] not in restricted
        ),
        key=lambda row: row["pk"],
    )
    if not linkable:
        return concerned, []
    audit.audit_system(
        action=AuditAction.LIST,
        actor=None,
        details={
            "object_type": "registry.personrecord",
            "purpose": "linkage",
            "object_ids": [row["pk"] for row in linkable],
        },
    )
    documents = {row["pk"]: row["document"] for row in linkable if row["document"]}
    places = {row["report_id"]: row["place"] for row in linkable if row["place"]}
    forms = {row["report_id"]: row["form"] for row in linkable if row["form"]}
    return concerned, [_linkage_row(row, documents, places, forms) for row in linkable]


def _changed_records(record_ids: Sequence[int], report_ids: Sequence[int]) -> list[dict[str, Any]]:
    """The rows ``PersonRecord.objects.values(*LINKAGE_FIELDS)`` gives for these records and
    the records of these reports, plus the first document number, Dutch place and form of
    exploitation (as `linkage_rows` picks them), in one plain statement: it runs after every
    saved report, where building the same query through the ORM costs several times more.
    Values pass through the converters the ORM applies (dates on SQLite, JSON, countries,
    decryption)."""
    columns, converters = _changed_columns(connection.vendor)
    conditions, parameters = [], []
    for column, ids in (("id", record_ids), ("report_id", report_ids)):
        if ids:
            conditions.append(f"r.{column} IN ({', '.join('%s' for _ in ids)})")
            parameters += [int(i) for i in ids]
    if not conditions:
        return []
    names = [name for name, _ in columns]
    sql = (
        f"SELECT {', '.join(expression for _, expression in columns)} "  # noqa: S608 -- _meta names
        f"FROM {PersonRecord._meta.db_table} r "
        f"JOIN {Report._meta.db_table} rp ON rp.id = r.report_id "
        f"JOIN {Organisation._meta.db_table} o ON o.id = rp.reporting_organisation_id "
        f"WHERE {' OR '.join(conditions)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        fetched = cursor.fetchall()
    return [
        {
            name: db_rows.convert(stored, column, functions, connection)
            for name, stored, (column, functions) in zip(names, values, converters, strict=True)
        }
        for values in fetched
    ]


@functools.cache
def _changed_columns(
    vendor: str = "",
) -> tuple[list[tuple[str, str]], list[tuple[Any, list[Any]]]]:
    """(name, SQL expression) per column of `_changed_records`, and each column's expression
    with its converters; built once per database vendor (it runs after every saved report)."""
    record, report = PersonRecord._meta, Report._meta
    sources: list[tuple[str, Any, str]] = []
    field: Any
    for name in LINKAGE_FIELDS:
        if name == "pk":
            field, alias = record.pk, "r"
        elif name.startswith("report__reporting_organisation__"):
            field, alias = Organisation._meta.get_field(name.rsplit("__", 1)[1]), "o"
        elif name.startswith("report__"):
            field, alias = report.get_field(name.removeprefix("report__")), "rp"
        else:
            field, alias = record.get_field(name.removesuffix("_id")), "r"
        sources.append((name, field, f"{alias}.{field.column}"))
    document = IdentityDocument._meta
    place = ReportPlace._meta
    form = ReportExploitationForm._meta
    sources += [
        (
            "document",
            document.get_field("number"),
            f"(SELECT d.number FROM {document.db_table} d WHERE d.person_record_id = r.id "  # noqa: S608
            "AND d.number <> '' ORDER BY d.id LIMIT 1)",
        ),
        (
            "place",
            place.get_field("municipality"),
            f"(SELECT p.municipality FROM {place.db_table} p WHERE p.report_id = r.report_id "  # noqa: S608
            "AND p.kind = 'nl' AND p.municipality <> '' ORDER BY p.id LIMIT 1)",
        ),
        (
            "form",
            form.get_field("form"),
            f"(SELECT f.form FROM {form.db_table} f WHERE f.report_id = r.report_id "  # noqa: S608
            "ORDER BY f.id LIMIT 1)",
        ),
    ]
    columns, converters = [], []
    for name, field, expression in sources:
        col = field.get_col(field.model._meta.db_table)
        if name.endswith("_id"):
            col = field.target_field.get_col(field.model._meta.db_table)
        columns.append((name, expression))
        converters.append((col, db_rows.converters(col, connection)))
    return columns, converters


def decided_pairs() -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(same, different): record pairs the registrar judged, not undone; these override
    the model in every linkage run."""
    same: list[tuple[int, int]] = []
    different: list[tuple[int, int]] = []
    for a, b, is_same in SamePersonDecision.objects.filter(undone_at__isnull=True).values_list(
        "record_a_id", "record_b_id", "same_person"
    ):
        (same if is_same else different).append((a, b))
    return same, different


def persons_of(record_ids: Sequence[int]) -> dict[int, int]:
    return dict(PersonRecord.objects.filter(pk__in=record_ids).values_list("pk", "person_id"))


@dataclass
class Regrouping:
    moves: list[tuple[int, int, int]] = field(default_factory=list)  # record, from, to
    deleted_persons: list[dict[str, Any]] = field(default_factory=list)
    created_persons: list[int] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Regrouping:
        return cls(
            moves=[tuple(m) for m in data.get("moves", [])],
            deleted_persons=list(data.get("deleted_persons", [])),
            created_persons=list(data.get("created_persons", [])),
        )


def _snapshot(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "pseudonym": str(person.pseudonym),
        "created_at": person.created_at.isoformat(),
    }


def regroup(
    groups: Sequence[tuple[Sequence[int], int | None]],
    *,
    actor: User | None,
    reason: str,
    details: dict[str, Any] | None = None,
) -> list[Regrouping]:
    """Move each group's records to its person (None: a new person); one `Regrouping` per
    group, in order. Persons left without records are deleted (and kept in the snapshot)."""
    results: list[Regrouping] = []
    with transaction.atomic():
        for record_ids, wanted in groups:
            change = Regrouping()
            target = wanted
            current = dict(
                PersonRecord.objects.select_for_update()
                .filter(pk__in=list(record_ids))
                .values_list("pk", "person_id")
            )
            if target is None:
                new_person = Person.objects.create()
                target = new_person.pk
                change.created_persons.append(target)
            moving = {r: p for r, p in current.items() if p != target}
            PersonRecord.objects.filter(pk__in=list(moving)).update(person_id=target)
            change.moves = [(r, p, target) for r, p in sorted(moving.items())]
            left = set(moving.values())
            still_used = set(
                PersonRecord.objects.filter(person_id__in=left).values_list("person_id", flat=True)
            )
            for person in Person.objects.filter(pk__in=left - still_used).order_by("pk"):
                change.deleted_persons.append(_snapshot(person))
                person.delete()
            audit.audit_system(
                action=AuditAction.UPDATE,
                actor=actor,
                details={
                    **(details or {}),
                    "object_type": "registry.person",
                    "object_id": target,
                    "reason": reason,
                    "regrouping": change.as_json(),
                },
            )
            results.append(change)
    return results


def regroup_undo(change: Regrouping, *, actor: User | None, reason: str) -> None:
    """Put every moved record back; recreate deleted persons exactly (id, pseudonym, time).

    Refused (nothing written) when a record has moved again since: undo the later change
    first.
    """
    with transaction.atomic():
        now = dict(
            PersonRecord.objects.select_for_update()
            .filter(pk__in=[m[0] for m in change.moves])
            .values_list("pk", "person_id")
        )
        moved_again = [r for r, _, to in change.moves if now.get(r) != to]
        if moved_again:
            raise InvalidInput(
                [("change", f"records {moved_again} moved again since; undo that change first")]
            )
        for snapshot in change.deleted_persons:
            created_at = parse_datetime(snapshot["created_at"]) or timezone.now()
            Person.objects.create(pk=snapshot["id"], pseudonym=snapshot["pseudonym"])
            # auto_now_add set the time on create; put the original back.
            Person.objects.filter(pk=snapshot["id"]).update(created_at=created_at)
        for record, before, _ in change.moves:
            PersonRecord.objects.filter(pk=record).update(person_id=before)
        empty_new = [
            p
            for p in change.created_persons
            if not PersonRecord.objects.filter(person_id=p).exists()
        ]
        Person.objects.filter(pk__in=empty_new).delete()
        audit.audit_system(
            action=AuditAction.UPDATE,
            actor=actor,
            details={
                "object_type": "registry.person",
                "reason": reason,
                "undone_regrouping": change.as_json(),
            },
        )


def decision_for_pair(record_a: int, record_b: int) -> SamePersonDecision | None:
    low, high = sorted((record_a, record_b))
    return (
        SamePersonDecision.objects.filter(record_a_id=low, record_b_id=high, undone_at__isnull=True)
        .order_by("-decided_at")
        .first()
    )


def record_pair_for(actor: User, record_a: int, record_b: int) -> tuple[PersonRecord, PersonRecord]:
    """Two records for the registrar's review, read through the audited access layer."""
    from .selectors import report_get_for

    first = PersonRecord.objects.only("report_id").get(pk=record_a)
    second = PersonRecord.objects.only("report_id").get(pk=record_b)
    report_a = report_get_for(actor=actor, pk=first.report_id, purpose=Purpose.REGISTRATION)
    report_b = report_get_for(actor=actor, pk=second.report_id, purpose=Purpose.REGISTRATION)
    return report_a.person, report_b.person


def linkage_row_for(actor: User, report_pk: object) -> dict[str, Any]:
    """The person of one report as a linkage row, read through the audited access layer."""
    from .selectors import report_get_for

    report = report_get_for(actor=actor, pk=report_pk, purpose=Purpose.REGISTRATION)
    record = report.person
    document = next((d.number for d in record.documents.all() if d.number), "")
    return {
        "unique_id": record.pk,
        "person_id": record.person_id,
        "given_names": record.given_names,
        "family_name": record.family_name,
        "aliases": "|".join(record.aliases or []),
        "birth_date": record.birth_date,
        "birth_year": record.birth_year,
        "gender": record.gender,
        "nationality": ",".join(str(n) for n in record.nationalities),
        "birth_place": record.birth_place,
        "municipality": record.municipality_of_stay,
        "phone": record.phone,
        "document_number": document,
        "report_number": report.number,
    }
