"""The rules of the residence scheme in force since the Vreemdelingenwet 2000 (1 April 2001)."""

from datetime import date
from typing import Any

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

RULES: list[dict[str, Any]] = [
    {
        "valid_from": date(2001, 4, 1),
        "reflection_period_months": 3,
        "permit_validity_months": 12,
        "reflection_warning_days": [14, 7, 1],
        "permit_warning_days": [30],
        "source": "Vreemdelingencirculaire 2000, B9 (nu B8/3): bedenktijd ten hoogste 3 maanden; "
        "tijdelijke verblijfsvergunning 1 jaar, verlengbaar. Waarschuwingstermijnen: Schakel.",
    },
]


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    rules = apps.get_model("residence", "ResidenceRules")
    for row in RULES:
        rules.objects.update_or_create(valid_from=row["valid_from"], defaults=row)


def unseed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("residence", "ResidenceRules").objects.filter(
        valid_from__in=[r["valid_from"] for r in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("residence", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
