"""A frozen clock and reports in every state the retention rules look at."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.registry import services as registry_services
from schakel.registry.choices import DocumentType, ReportStatus
from schakel.registry.inputs import DocumentInput, SuspectInput
from schakel.registry.models import NotRegisteredReason, Report
from tests.registry.factories import person_input, report_input

# Every timestamp written while the scenario is built (created, updated, decided, audited).
FROZEN = datetime(2026, 3, 2, 11, 0, tzinfo=UTC)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    moment = [FROZEN]
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment[0])

    def move_to(new: datetime) -> None:
        moment[0] = new

    return move_to


@pytest.fixture
def reporter(make_user) -> User:
    return make_user(Role.REPORTER)


@pytest.fixture
def registrar(make_user) -> User:
    return make_user(Role.REGISTRAR)


@pytest.fixture
def make_report(reporter: User, registrar: User, frozen_clock) -> Callable[..., Report]:
    """A report with a person, documents, places, forms and suspects, taken to `status`."""

    def factory(status: ReportStatus, *, name: str = "Anna Visser") -> Report:
        given, family = name.split(" ", 1)
        data = report_input(
            person=person_input(
                given_names=given,
                family_name=family,
                phone="+31 6 12345678",
                documents=(
                    DocumentInput(
                        document_type=DocumentType.PASSPORT,
                        number="NX12345678",
                        issuing_country="RO",
                    ),
                ),
            ),
            suspects=(SuspectInput(name="J. de Wit", relation="partner", notes="Kent haar"),),
            health_notes="Astma",
            narrative="Zij werd via een datingapp geronseld.",
        )
        report = registry_services.report_create(
            actor=reporter, data=data, submit=status != ReportStatus.DRAFT
        )
        if status == ReportStatus.DRAFT:
            return report
        if status == ReportStatus.WITHDRAWN:
            return registry_services.report_transition(
                actor=reporter, report=report, to_status=status, reason="Dubbel ingediend"
            )
        report = registry_services.report_transition(
            actor=registrar, report=report, to_status=ReportStatus.IN_REVIEW
        )
        reason = None
        if status == ReportStatus.NOT_REGISTERED:
            reason = NotRegisteredReason.objects.order_by("pk").first()
        return registry_services.report_transition(
            actor=registrar,
            report=report,
            to_status=status,
            not_registered_reason=reason,
            decision_note="Besluit met toelichting",
        )

    return factory
