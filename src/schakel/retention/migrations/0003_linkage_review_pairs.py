"""Rule `linkage-review-pairs` (docs/adr/0027): review pairs of deleted records go too."""

from datetime import date

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

RULE = {
    "order": 45,
    "code": "linkage-review-pairs",
    "table": "linkage.reviewpair",
    "action": "delete",
    "term_days": 0,
    "counted_from": "verwijdering van een van beide personen in meldingen",
    "description": "Een beoordelingspaar van de koppeling verwijst naar twee personen in meldingen; is een van beide verwijderd, dan gaat het paar ook weg.",
    "source": "AVG art. 5 lid 1 onder e (opslagbeperking); volgt de melding (docs/adr/0027)",
    "adr": "docs/adr/0027-retention-linkage-review-pairs.md",
}


def add_rule(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("retention", "RetentionRule").objects.create(
        valid_from=date(2026, 1, 1), **RULE
    )


def remove_rule(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("retention", "RetentionRule").objects.filter(code=RULE["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [("retention", "0002_default_rules")]

    operations = [migrations.RunPython(add_rule, remove_rule)]
