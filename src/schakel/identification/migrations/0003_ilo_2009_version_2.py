"""Version 2 of the four ILO/EC 2009 lists: the transcription checked against public sources
(see data/ilo_2009.json, ``verification``, and docs/identification.md).

Version 1 (written from memory) was loaded by 0002 and stays, superseded, so assessments made
with it keep it; the new version is loaded from data/ilo_2009.json and becomes the published
one. On a fresh database 0002 already loads every shipped file, so this only supersedes.
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from schakel.identification.migrations._shipped_lists import (
    load_shipped_file,
    supersede_older_versions,
)

ILO_FAMILIES = (
    "ilo-2009-adults-labour",
    "ilo-2009-adults-sexual",
    "ilo-2009-children-labour",
    "ilo-2009-children-sexual",
)


def load_version_2(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:  # noqa: ARG001 -- Django's signature
    load_shipped_file(apps, "ilo_2009.json")
    supersede_older_versions(apps, ILO_FAMILIES)


def back_to_version_1(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:  # noqa: ARG001 -- Django's signature
    indicator_list = apps.get_model("identification", "IndicatorList")
    for family in ILO_FAMILIES:
        unused = indicator_list.objects.filter(
            family=family, version=2, based_on__isnull=True, assessments__isnull=True
        )
        if not unused.exists():
            continue  # assessed with version 2: keep it (and it stays the one in force)
        unused.delete()
        indicator_list.objects.filter(family=family, version=1, status="superseded").update(
            status="published"
        )


class Migration(migrations.Migration):
    dependencies = [("identification", "0002_load_shipped_lists")]

    operations = [migrations.RunPython(load_version_2, back_to_version_1)]
