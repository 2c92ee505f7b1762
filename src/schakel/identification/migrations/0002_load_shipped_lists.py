"""Load the shipped indicator lists (data/*.json) as published version 1 of each list.

Uses the historical models and the pure file reader, so later model changes do not break it.
The same files can be (re)loaded with `schakel identification load-lists` (idempotent).
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:  # noqa: ARG001 -- Django's signature
    from schakel.identification.datafile import read_lists, shipped_files

    indicator_list = apps.get_model("identification", "IndicatorList")
    element_model = apps.get_model("identification", "Element")
    indicator_model = apps.get_model("identification", "Indicator")
    for path in shipped_files():
        for data in read_lists(path):
            if indicator_list.objects.filter(family=data.family, version=data.version).exists():
                continue
            created = indicator_list.objects.create(
                family=data.family, version=data.version, status="published",
                name_nl=data.name_nl, name_en=data.name_en, population=data.population,
                exploitation=data.exploitation, valid_from=data.valid_from, source=data.source,
                criteria=data.criteria)
            elements = {
                e.code: element_model.objects.create(
                    indicator_list=created, code=e.code, kind=e.kind, position=n,
                    name_nl=e.name_nl, name_en=e.name_en, source_wording=e.source_wording)
                for n, e in enumerate(data.elements)
            }
            indicator_model.objects.bulk_create([
                indicator_model(indicator_list=created, element=elements[i.element], code=i.code,
                                position=n, strength=i.strength, text_nl=i.text_nl,
                                text_en=i.text_en, source_wording=i.source_wording)
                for n, i in enumerate(data.indicators)
            ])


def unload(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:  # noqa: ARG001 -- Django's signature
    apps.get_model("identification", "IndicatorList").objects.filter(
        version=1, assessments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("identification", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
