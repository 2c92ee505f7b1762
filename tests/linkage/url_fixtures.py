"""URL arguments for the linkage rows of tests/test_authorization_table.py: a review pair of
two police reports about "Anna de Vries", as two organisations might write her name."""

from __future__ import annotations

from datetime import date

from schakel.accounts import services as account_services
from schakel.accounts.models import Organisation
from schakel.accounts.roles import Role
from schakel.linkage.models import LinkageRun, ReviewPair
from schakel.registry import services as registry_services
from tests.conftest import PASSWORD
from tests.registry.factories import person_input, report_input

PAIR_URLS = frozenset({"linkage:review_pair", "linkage:review_decide"})


def url_args(name: str, police_org: Organisation) -> list[object]:
    if name == "linkage:report_matches":
        reporter = account_services.user_create(
            actor=None,
            organisation=police_org,
            roles=[Role.REPORTER],
            password=PASSWORD,
            username="koppel-m2",
        )
        report = registry_services.report_create(actor=reporter, data=report_input(), submit=True)
        return [report.pk]
    if name not in PAIR_URLS:
        return []
    reporter = account_services.user_create(
        actor=None,
        organisation=police_org,
        roles=[Role.REPORTER],
        password=PASSWORD,
        username="koppel-m1",
    )
    records = [
        registry_services.report_create(
            actor=reporter,
            data=report_input(person=person_input(given_names="Anna", family_name=family)),
            submit=True,
        ).person.pk
        for family in ("de Vries", "Vries, de")
    ]
    run = LinkageRun.objects.create(
        started_at=date(2026, 3, 2).isoformat() + "T10:00:00Z",
        model_file="model.json",
        model_sha256="0" * 64,
        match_threshold=0.9,
        review_threshold=0.5,
    )
    low, high = sorted(records)
    pair = ReviewPair.objects.create(
        run=run, record_a=low, record_b=high, match_probability=0.7, match_weight=1.0
    )
    return [pair.pk]
