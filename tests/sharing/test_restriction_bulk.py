"""A restriction (GDPR art. 18) also keeps a person out of the bulk processing of other apps:
linkage does not read their records and retention neither deletes nor pseudonymises them."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from schakel.registry import clustering, guards
from schakel.registry import retention as registry_retention
from schakel.sharing import rights


def _retention_candidates(report_pk: int) -> bool:
    later = timezone.now() + timedelta(days=365 * 50)
    found = (
        set(registry_retention.draft_report_ids(changed_before=later))
        | set(registry_retention.closed_unregistered_report_ids(closed_before=later))
        | set(registry_retention.registered_report_ids(decided_before=later))
        | set(registry_retention.report_ids_to_pseudonymise(decided_before=later))
    )
    return report_pk in found


def _linked_people() -> set[int]:
    return {row["person_id"] for row in clustering.linkage_rows()}


def test_a_restricted_person_is_left_out_of_linkage_and_retention_until_lifted(scenario) -> None:
    from schakel.registry import services as registry_services
    from schakel.registry.choices import ReportStatus

    # Decided and closed, so retention would pick the report up once its term has passed.
    registry_services.report_transition(
        actor=scenario.registrar, report=scenario.police_report, to_status=ReportStatus.IN_REVIEW
    )
    scenario.police_report.refresh_from_db()
    registry_services.report_transition(
        actor=scenario.registrar, report=scenario.police_report, to_status=ReportStatus.REGISTERED
    )
    assert scenario.person_id in _linked_people()
    assert _retention_candidates(scenario.police_report.pk)

    restriction = rights.restriction_set(
        actor=scenario.registrar, person_id=scenario.person_id, reason="Bezwaar"
    )
    assert guards.restricted_people() == {scenario.person_id}
    assert scenario.person_id not in _linked_people()
    assert not _retention_candidates(scenario.police_report.pk)

    rights.restriction_lift(
        actor=scenario.registrar,
        person_id=scenario.person_id,
        restriction_id=restriction.pk,
        reason="Bezwaar ingetrokken",
    )
    assert guards.restricted_people() == frozenset()
    assert scenario.person_id in _linked_people()
    assert _retention_candidates(scenario.police_report.pk)
