"""Version 2 of the four ILO/EC 2009 lists: the transcription checked against public sources
(see data/ilo_2009.json, ``verification``, and docs/identification.md).

Version 1 (written from memory) was loaded by 0002 and stays, superseded, so assessments made
with it keep it; the new version is loaded from data/ilo_2009.json and becomes the published
one. On a fresh database 0002 already loads every shipped file, so this only supersedes.
"""

from django.db import migrations

ILO_FAMILIES = (
    "ilo-2009-adults-labour",
    "ilo-2009-adults-sexual",
    "ilo-2009-children-labour",
    "ilo-2009-children-sexual",
)


def load_version_2(apps, schema_editor):  # noqa: ARG001 -- Django's signature
    from schakel.identification.datafile import DATA_DIR, read_lists

    indicator_list = apps.get_model("identification", "IndicatorList")
    element_model = apps.get_model("identification", "Element")
    indicator_model = apps.get_model("identification", "Indicator")
    for data in read_lists(DATA_DIR / "ilo_2009.json"):
        if indicator_list.objects.filter(family=data.family, version=data.version).exists():
            continue
        created = indicator_list.objects.create(
            family=data.family,
            version=data.version,
            status="published",
            name_nl=data.name_nl,
            name_en=data.name_en,
            population=data.population,
            exploitation=data.exploitation,
            valid_from=data.valid_from,
            source=data.source,
            criteria=data.criteria,
        )
        elements = {
            e.code: element_model.objects.create(
                indicator_list=created,
                code=e.code,
                kind=e.kind,
                position=n,
                name_nl=e.name_nl,
                name_en=e.name_en,
                source_wording=e.source_wording,
            )
            for n, e in enumerate(data.elements)
        }
        indicator_model.objects.bulk_create(
            [
                indicator_model(
                    indicator_list=created,
                    element=elements[i.element],
                    code=i.code,
                    position=n,
                    strength=i.strength,
                    text_nl=i.text_nl,
                    text_en=i.text_en,
                    source_wording=i.source_wording,
                )
                for n, i in enumerate(data.indicators)
            ]
        )
    for family in ILO_FAMILIES:
        published = indicator_list.objects.filter(family=family, status="published")
        newest = published.order_by("-version").values_list("version", flat=True).first()
        if newest is not None:
            published.filter(version__lt=newest).update(status="superseded")


def back_to_version_1(apps, schema_editor):  # noqa: ARG001 -- Django's signature
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
