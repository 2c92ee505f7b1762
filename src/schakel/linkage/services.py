"""Linkage runs, the registrar's review decisions and undoing a regrouping.

A run reads every person record through the registry (`registry.clustering`), predicts pairs
with the trained model, clusters at the match threshold with the registrar's decisions
first, regroups records into persons (each merge or split one audited `ClusterChange`),
queues the uncertain pairs for review and writes the intake index.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from schakel.accounts.models import User
from schakel.core import audit
from schakel.core.errors import InvalidInput, NotAllowed, NotFound
from schakel.core.models import AuditAction
from schakel.registry import clustering as registry
from schakel.registry import guards
from schakel.registry import services as registry_services

from .engine import intake
from .engine.cluster import cluster, dates_conflict
from .engine.model import TrainedModel
from .engine.prepare import prepare_one
from .engine.run import predict_pairs, prepare_all, train_model
from .models import (
    ChangeKind,
    ClusterChange,
    LinkageRun,
    ReviewPair,
    ReviewStatus,
)
from .policies import PURPOSE, may_review

ENGINE_COLUMNS = (
    "unique_id",
    "given_names",
    "family_name",
    "aliases",
    "birth_date",
    "birth_year",
    "gender",
    "nationality",
    "birth_place",
    "municipality",
    "document_number",
    "phone",
    "reported_on",
    "exploitation_place",
    "exploitation_form",
)


def linkage_dir() -> Path:
    configured = getattr(settings, "LINKAGE_DIR", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "linkage"


def default_model_path() -> Path:
    return linkage_dir() / "model.json"


def registry_frame(record_ids: list[int] | None = None) -> pd.DataFrame:
    rows = list(registry.linkage_rows(record_ids=record_ids))
    columns = [*ENGINE_COLUMNS, "person_id", "reporter_group"]
    return pd.DataFrame(rows, columns=columns)


def train(*, out: Path | None = None, seed: int = 42) -> TrainedModel:
    """Train a model by EM on the registry's records and save it (versioned JSON)."""
    frame = registry_frame()
    if len(frame) < 2:
        raise InvalidInput([("records", "at least two person records are needed to train")])
    prepared = prepare_all(frame[list(ENGINE_COLUMNS)])
    model = train_model(
        prepared,
        seed=seed,
        u_pairs=min(2e6, len(frame) * (len(frame) - 1) / 2),
        trained_on={"source": "registry", "at": timezone.now().isoformat()},
    )
    model.save(out or default_model_path())
    return model


# Records of the synthetic generator the demo's model is trained on: enough for EM, a few
# seconds of training; the demo registry itself (about 150 reports) is too small for EM.
DEMO_TRAINING_RECORDS = 10_000


def demo_link(
    *, training_records: int = DEMO_TRAINING_RECORDS, seed: int = 2019
) -> LinkageRun | None:
    """For `make run`: a model trained on the synthetic generator (no registry data; marked
    as such in the model file) unless one exists, then one linkage run over the demo
    registry, so the registrar's review queue and the intake check have something to show.
    Runs once: nothing when a linkage run exists. Never for production (train on the
    registry there: `schakel link train`)."""
    from .engine.synthetic import synthetic_records

    if LinkageRun.objects.exists():
        return None
    path = default_model_path()
    if not path.exists():
        records = synthetic_records(training_records, seed=seed)
        prepared = prepare_all(records.drop(columns=["person_key", "organisation"]))
        model = train_model(
            prepared,
            seed=seed,
            u_pairs=1e6,
            trained_on={"source": "synthetic generator (demo only)", "generator_seed": seed},
        )
        model.save(path)
    return run(model_path=path)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _targets(
    clusters: dict[Any, list[Any]], person_of: dict[Any, int]
) -> list[tuple[list[Any], int | None, ChangeKind]]:
    """Per cluster that changes something: (records, target person or None for new, kind).

    A cluster keeps the person that holds most of its records (lowest id on a tie); a
    person keeps only one cluster, the largest; the others get a new person (a split).
    """
    taken: set[int] = set()
    changes = []
    for members in sorted(clusters.values(), key=lambda m: (-len(m), min(m))):
        counts = Counter(person_of[r] for r in members)
        best = sorted((-n, p) for p, n in counts.items() if p not in taken)
        target = best[0][1] if best else None
        if target is not None:
            taken.add(target)
        moving = [r for r in members if person_of[r] != target]
        if not moving:
            continue
        kind = ChangeKind.MERGE if target is not None and len(counts) > 1 else ChangeKind.SPLIT
        changes.append((sorted(members), target, kind))
    return changes


def run(
    *, model_path: Path | None = None, actor: User | None = None, write_index: bool = True
) -> LinkageRun:
    path = Path(model_path or default_model_path())
    model = TrainedModel.load(path)
    started = timezone.now()
    frame = registry_frame()
    prepared = prepare_all(frame[list(ENGINE_COLUMNS)], max_block=model.max_block)
    keyed = prepared.frames[0]
    usable_ids = keyed.loc[keyed["usable"].astype(bool), "unique_id"].tolist()
    unusable = sorted(int(i) for i in keyed.loc[~keyed["usable"].astype(bool), "unique_id"])
    pairs = (
        predict_pairs(prepared, model)
        if len(usable_ids) > 1
        else pd.DataFrame(
            columns=["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
        )
    )
    same, different = registry.decided_pairs()
    scored = list(zip(pairs.unique_id_l, pairs.unique_id_r, pairs.match_probability, strict=True))
    result = cluster(
        usable_ids,
        scored,
        threshold=model.match_threshold,
        support=model.review_threshold,
        same=same,
        different=different,
        conflicts=dates_conflict(prepared.birth_dates()),
    )
    person_of = dict(zip(frame.unique_id, frame.person_id, strict=True))
    # Persons that hold a record left unlinked keep it: such records never move.
    clusters = result.clusters()
    changes = _targets(clusters, person_of)
    linkage_run = LinkageRun.objects.create(
        started_at=started,
        model_file=str(path),
        model_sha256=_sha256(path),
        match_threshold=model.match_threshold,
        review_threshold=model.review_threshold,
        records=len(frame),
        unusable_records=unusable,
        pairs_scored=len(pairs),
        blocks=[asdict(b) for b in prepared.blocks],
    )
    with transaction.atomic():
        regroupings = registry.regroup(
            [(records, target) for records, target, _ in changes],
            actor=actor,
            reason="linkage",
            details={"linkage_run": linkage_run.pk},
        )
        ClusterChange.objects.bulk_create(
            [
                ClusterChange(
                    run=linkage_run,
                    kind=kind,
                    person_id=(change.moves[0][2] if change.moves else target or 0),
                    regrouping=change.as_json(),
                )
                for (records, target, kind), change in zip(changes, regroupings, strict=True)
            ]
        )
        review = _queue_review(linkage_run, pairs, model, result.cluster_of, same, different)
        linkage_run.merges = sum(1 for *_, kind in changes if kind == ChangeKind.MERGE)
        linkage_run.splits = sum(1 for *_, kind in changes if kind == ChangeKind.SPLIT)
        linkage_run.review_pairs = review
        linkage_run.finished_at = timezone.now()
        linkage_run.save()
        audit.audit_system(
            action=AuditAction.UPDATE,
            actor=actor,
            details={
                "object_type": "linkage.linkagerun",
                "object_id": linkage_run.pk,
                "records": len(frame),
                "unusable_records": len(unusable),
                "merges": linkage_run.merges,
                "splits": linkage_run.splits,
                "review_pairs": review,
                "model_sha256": linkage_run.model_sha256,
            },
        )
    if write_index:
        with transaction.atomic():
            intake.write_index(
                connection,
                keyed,
                replace=True,
                term_columns=intake.term_frequency_columns(model),
            )
    return linkage_run


def _queue_review(  # noqa: PLR0917 -- private helper of run()
    linkage_run: LinkageRun,
    pairs: pd.DataFrame,
    model: TrainedModel,
    cluster_of: dict[Any, Any],
    same: list[tuple[int, int]],
    different: list[tuple[int, int]],
) -> int:
    decided = {tuple(sorted(p)) for p in [*same, *different]}
    band = pairs[
        (pairs.match_probability >= model.review_threshold)
        & (pairs.match_probability < model.match_threshold)
    ]
    open_now = set(
        ReviewPair.objects.filter(status=ReviewStatus.OPEN).values_list("record_a", "record_b")
    )
    new = []
    for a, b, probability, weight in zip(
        band.unique_id_l, band.unique_id_r, band.match_probability, band.match_weight, strict=True
    ):
        low, high = sorted((int(a), int(b)))
        if (low, high) in decided or (low, high) in open_now:
            continue
        if cluster_of.get(low) == cluster_of.get(high):
            continue  # already together through stronger links
        new.append(
            ReviewPair(
                run=linkage_run,
                record_a=low,
                record_b=high,
                match_probability=float(probability),
                match_weight=float(weight),
            )
        )
    ReviewPair.objects.bulk_create(new, batch_size=2000)
    return len(new)


def review_decide(*, actor: User, pair_id: int, same_person: bool, reason: str = "") -> ReviewPair:
    """The registrar's judgement: stored as a registry SamePersonDecision (merge or split
    right away); it overrides the model in every later run."""
    if not may_review(actor):
        audit.audit_denied(
            actor=actor,
            object_type="linkage.reviewpair",
            object_id=pair_id,
            purpose=PURPOSE,
            reason="only the registrar reviews pairs",
        )
        raise NotAllowed
    with transaction.atomic():
        pair = ReviewPair.objects.select_for_update().filter(pk=pair_id).first()
        if pair is None:
            raise NotFound
        if pair.status != ReviewStatus.OPEN:
            raise InvalidInput([("pair", "this pair has already been decided")])
        record_a, record_b = registry.record_pair_for(actor, pair.record_a, pair.record_b)
        decide = (
            registry_services.persons_link_same
            if same_person
            else registry_services.persons_mark_different
        )
        decision = decide(actor=actor, record_a=record_a, record_b=record_b, reason=reason)
        pair.status = ReviewStatus.CONFIRMED if same_person else ReviewStatus.REJECTED
        pair.decided_by = actor
        pair.decided_at = timezone.now()
        pair.decision_id = decision.pk
        pair.save()
    return pair


def change_undo(*, change_id: int, actor: User | None = None) -> ClusterChange:
    """Undo one merge or split of a run exactly (persons recreated with id and pseudonym)."""
    with transaction.atomic():
        change = ClusterChange.objects.select_for_update().filter(pk=change_id).first()
        if change is None:
            raise NotFound
        if change.undone_at is not None:
            raise InvalidInput([("change", "this change has already been undone")])
        registry.regroup_undo(
            registry.Regrouping.from_json(change.regrouping),
            actor=actor,
            reason=f"undo linkage change {change.pk}",
        )
        change.undone_at = timezone.now()
        change.undone_by = actor
        change.save(update_fields=["undone_at", "undone_by"])
    return change


def capture_frame(*, drop_empty_lists: bool = False) -> pd.DataFrame:
    """Per year, the number of persons (``count``) per capture pattern: a 0/1 column per
    reporter group (the lists of the dark-number estimate), the CSV layout `schakel
    estimate FILE --strata year` reads. A person counts in a year when a report about them
    was made in that year. The estimate refuses a list nobody is on: ``drop_empty_lists``
    leaves such groups out."""
    frame = registry_frame()
    frame = frame[frame.reported_on.notna()]
    if frame.empty:
        return pd.DataFrame(columns=["year", *registry.REPORTER_GROUPS, "count"])
    frame = frame.assign(year=pd.to_datetime(frame.reported_on).dt.year)
    seen = (
        frame.assign(seen=1)
        .pivot_table(
            index=["year", "person_id"], columns="reporter_group", values="seen", aggfunc="max"
        )
        .reindex(columns=list(registry.REPORTER_GROUPS), fill_value=0)
        .fillna(0)
        .astype(int)
        .reset_index()
    )
    counts = seen.groupby(["year", *registry.REPORTER_GROUPS]).size().rename("count").reset_index()
    lists = [
        g for g in registry.REPORTER_GROUPS if not drop_empty_lists or counts[g].astype(bool).any()
    ]
    merged = counts.groupby(["year", *lists], as_index=False).agg(count=("count", "sum"))
    return merged[["year", *lists, "count"]]


def person_counts_by_year() -> dict[int, int]:
    table = capture_frame()
    totals = table.groupby("year")["count"].sum()
    return {int(str(year)): int(count) for year, count in totals.items()}


def index_built() -> bool:
    """Whether a run (or `schakel link index`) has written the intake index. Asked after
    every saved report: the usual answer comes from one plain statement."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {intake.RECORD_TABLE} LIMIT 1")  # noqa: S608
        if cursor.fetchone() is not None:
            return True
    return LinkageRun.objects.filter(finished_at__isnull=False).exists()


def index_ready() -> bool:
    """A model to score with and an index to look up in."""
    return default_model_path().exists() and index_built()


def index_rebuild() -> int:
    """Write the whole intake index again from the registry (after a bulk load); returns the
    records indexed. `run` does this too."""
    model_path = default_model_path()
    terms = (
        intake.term_frequency_columns(TrainedModel.load(model_path)) if model_path.exists() else []
    )
    frame = registry_frame()
    prepared = prepare_all(frame[list(ENGINE_COLUMNS)]).frames[0]
    with transaction.atomic():
        return intake.write_index(connection, prepared, replace=True, term_columns=terms)


def intake_refresh(record_ids: Sequence[int], report_ids: Sequence[int] = ()) -> None:
    """Bring the intake index up to date for these person records (and the records of these
    reports): their current prepared columns and keys, or out of the index when they are
    gone, a draft or restricted (`registry.linkage_rows_changed` leaves those out) or
    without any usable identifying field.

    Runs after each saved report, so it is kept to plain Python: each record is prepared
    by `prepare_one` (the values `prepare` gives a full `index_rebuild`; tests compare the
    rows) and written with a few statements (`intake.replace_records`)."""
    if not record_ids and not report_ids:
        return
    concerned, rows = registry.linkage_rows_changed(record_ids, report_ids)
    prepared = [prepare_one({column: row.get(column) for column in ENGINE_COLUMNS}) for row in rows]
    with transaction.atomic():
        intake.replace_records(connection, concerned, prepared)


_CHECKERS: dict[tuple[str, int, int], intake.IntakeIndex] = {}


def _checker(model_path: Path) -> intake.IntakeIndex:
    """The checker for the model file as it is now: compiling the model's levels takes
    about 0.1 s, so it is done once per process and model file, not per request. Its
    connection is Django's, which is the current thread's own."""
    stat = model_path.stat()
    key = (str(model_path), stat.st_mtime_ns, stat.st_size)
    checker = _CHECKERS.get(key)
    if checker is None:
        for old in _CHECKERS.values():
            old.close()
        _CHECKERS.clear()
        checker = _CHECKERS[key] = intake.IntakeIndex(connection, TrainedModel.load(model_path))
    return checker


def possible_same_persons(*, actor: User, record: dict[str, Any]) -> list[dict[str, Any]]:
    """Intake check for the registrar: existing persons that may be the person in
    ``record`` (a registry linkage row). Empty when no model or index exists yet.

    Candidates are mapped to their current person (a merge since the index was written is
    seen at once; a deleted record drops out); persons whose processing is restricted
    (GDPR art. 18) are left out, and a restricted person's own report is not checked."""
    if not may_review(actor):
        return []
    model_path = default_model_path()
    if not model_path.exists():
        return []
    restricted = guards.restricted_people()
    own_person = record.get("person_id")
    if own_person is not None and own_person in restricted:
        return []
    candidates = _checker(model_path).check(record)
    persons = registry.persons_of([c.unique_id for c in candidates])
    best: dict[int, dict[str, Any]] = {}
    for candidate in candidates:  # most likely first
        person = persons.get(candidate.unique_id)
        if person is None or person in restricted or person == own_person:
            continue
        best.setdefault(
            person,
            {
                "person_id": person,
                "record_id": candidate.unique_id,
                "match_probability": candidate.match_probability,
            },
        )
    return list(best.values())
