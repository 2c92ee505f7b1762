"""Synthetic demo organisations and users for `make run`. No real person is in here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from schakel.accounts import services as account_services
from schakel.accounts.models import Organisation, User
from schakel.accounts.roles import OrganisationKind, Role

if TYPE_CHECKING:
    from schakel.registry.synthetic.load import LoadResult

DEMO_PASSWORD = "schakel-demo-2026"  # noqa: S105 -- synthetic demo accounts only

DEMO_ORGANISATIONS: list[tuple[str, OrganisationKind, str, str]] = [
    ("CoMensha (demo)", OrganisationKind.CENTRAL_REGISTRAR, "Amersfoort", "Midden-Nederland"),
    ("Politie Eenheid Amsterdam – AVIM (demo)", OrganisationKind.POLICE, "Amsterdam", "Amsterdam"),
    ("Politie Eenheid Rotterdam – AVIM (demo)", OrganisationKind.POLICE, "Rotterdam", "Rotterdam"),
    (
        "Koninklijke Marechaussee Schiphol (demo)",
        OrganisationKind.MARECHAUSSEE,
        "Haarlemmermeer",
        "Noord-Holland",
    ),
    (
        "Nederlandse Arbeidsinspectie (demo)",
        OrganisationKind.LABOUR_INSPECTORATE,
        "Utrecht",
        "Midden-Nederland",
    ),
    (
        "Zorgcoördinatie Utrecht (demo)",
        OrganisationKind.CARE_COORDINATION,
        "Utrecht",
        "Midden-Nederland",
    ),
    ("Opvang De Haven (demo)", OrganisationKind.SHELTER, "Zwolle", "Oost-Nederland"),
    ("Veilig Thuis Utrecht (demo)", OrganisationKind.VEILIG_THUIS, "Utrecht", "Midden-Nederland"),
    ("Openbaar Ministerie (demo)", OrganisationKind.PROSECUTION, "Den Haag", "Den Haag"),
    ("IND (demo)", OrganisationKind.IMMIGRATION_SERVICE, "Rijswijk", "Den Haag"),
    ("Nationaal Rapporteur (demo)", OrganisationKind.NATIONAL_RAPPORTEUR, "Den Haag", "Den Haag"),
    (
        "Ministerie van Justitie en Veiligheid (demo)",
        OrganisationKind.MINISTRY,
        "Den Haag",
        "Den Haag",
    ),
]

# username, first name, last name, organisation, roles
DEMO_USERS: list[tuple[str, str, str, str, tuple[Role, ...]]] = [
    ("registrator", "Fenna", "de Vries", "CoMensha (demo)", (Role.REGISTRAR,)),
    (
        "melder.politie",
        "Bram",
        "Jansen",
        "Politie Eenheid Amsterdam – AVIM (demo)",
        (Role.REPORTER, Role.CASE_WORKER),
    ),
    (
        "melder.zorg",
        "Noor",
        "Bakker",
        "Zorgcoördinatie Utrecht (demo)",
        (Role.REPORTER, Role.CASE_WORKER),
    ),
    ("opvang", "Sanne", "Visser", "Opvang De Haven (demo)", (Role.CASE_WORKER,)),
    # One reporter per other reporting organisation, so the synthetic reports have an author.
    (
        "melder.rotterdam",
        "Sem",
        "Dekker",
        "Politie Eenheid Rotterdam – AVIM (demo)",
        (Role.REPORTER,),
    ),
    (
        "melder.kmar",
        "Iris",
        "Hendriks",
        "Koninklijke Marechaussee Schiphol (demo)",
        (Role.REPORTER,),
    ),
    (
        "melder.inspectie",
        "Thijs",
        "van Dijk",
        "Nederlandse Arbeidsinspectie (demo)",
        (Role.REPORTER,),
    ),
    ("melder.veiligthuis", "Anouk", "Brouwer", "Veilig Thuis Utrecht (demo)", (Role.REPORTER,)),
    ("analist", "Daan", "Smit", "Nationaal Rapporteur (demo)", (Role.ANALYST,)),
    (
        "programma",
        "Lotte",
        "Meijer",
        "Ministerie van Justitie en Veiligheid (demo)",
        (Role.PROGRAMME_OFFICER,),
    ),
    (
        "beheer.politie",
        "Joris",
        "de Boer",
        "Politie Eenheid Amsterdam – AVIM (demo)",
        (Role.ORGANISATION_ADMIN,),
    ),
    ("systeembeheer", "Eva", "Mulder", "CoMensha (demo)", (Role.SYSTEM_ADMIN,)),
    (
        "privacy.politie",
        "Noor",
        "Hendriks",
        "Politie Eenheid Amsterdam – AVIM (demo)",
        (Role.PRIVACY_OFFICER,),
    ),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role_label: str
    organisation: str
    codes: list[str]


@transaction.atomic
def demo_load(codes_per_user: int = 3) -> list[DemoLogin]:
    """Create what is missing; top up each demo user's one-time backup codes."""
    for name, kind, municipality, region in DEMO_ORGANISATIONS:
        if not Organisation.objects.filter(name=name).exists():
            account_services.organisation_create(
                actor=None, name=name, kind=kind, municipality=municipality, region=region
            )
    logins = []
    for username, first, last, org_name, roles in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = account_services.user_create(
                actor=None,
                organisation=Organisation.objects.get(name=org_name),
                username=username,
                password=DEMO_PASSWORD,
                roles=roles,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.invalid",
            )
        codes = account_services.backup_codes_issue(user=user, count=codes_per_user)
        logins.append(
            DemoLogin(
                username, ", ".join(str(r.label) for r in roles), org_name, codes[:codes_per_user]
            )
        )
    from schakel.programme.demo import programme_demo_load

    programme_demo_load()  # the 2004 plan (if its text is beside the repo) and 2020 programme
    from schakel.shelter.demo import shelter_demo_load

    shelter_demo_load()  # coverage (94%, as the 2020 letter reports), facilities, places
    from schakel.sharing.services import default_rules_ensure

    default_rules_ensure()  # the shipped sharing rules (issue 9), published
    return logins


DEMO_SEED = 2019
# `make run` loads a slice: one year at this fraction of the published volume (~150 reports).
DEMO_SLICE_SCALE = 0.085


def demo_reports_load(
    *, years: int | None = None, seed: int = DEMO_SEED, keep_truth: bool = False
) -> LoadResult:
    """Synthetic reports by the demo organisations, idempotent per (seed, years).

    Without ``years``: the small slice for `make run`. With it: that many years at the
    published volume (`schakel demo --years N --seed S`). Run `demo_load` first.
    """
    from django.utils import timezone

    from schakel.registry.synthetic import GeneratorConfig
    from schakel.registry.synthetic.load import load
    from schakel.shelter.demo import placements_demo_load

    today = timezone.localdate()
    if years is None:
        config = GeneratorConfig(today=today, seed=seed, years=1, scale=DEMO_SLICE_SCALE)
        result = load(config=config, key=f"demo-slice:{seed}", keep_truth=keep_truth)
    else:
        config = GeneratorConfig(today=today, seed=seed, years=years)
        result = load(config=config, key=f"demo:{seed}:{years}", keep_truth=keep_truth)
    placements_demo_load()  # six months of shelter placements for these reports (once)
    return result
