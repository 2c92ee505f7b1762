"""Shared by the data migrations that load a new version of a shipped list (0003, 0004).

Django's migration loader skips modules whose name starts with "_", so this is no migration
itself. It works on the historical models a migration passes in, never on the app's models.
"""

from collections.abc import Iterable

from django.apps.registry import Apps


def load_shipped_file(apps: Apps, file_name: str) -> None:
    """Load every list version in data/<file_name> that is not in the database yet."""
    from schakel.identification.datafile import DATA_DIR, read_lists

    indicator_list = apps.get_model("identification", "IndicatorList")
    element_model = apps.get_model("identification", "Element")
    indicator_model = apps.get_model("identification", "Indicator")
    for data in read_lists(DATA_DIR / file_name):
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


def supersede_older_versions(apps: Apps, families: Iterable[str]) -> None:
    """In each family, the newest published version stays in force; older ones are superseded."""
    indicator_list = apps.get_model("identification", "IndicatorList")
    for family in families:
        published = indicator_list.objects.filter(family=family, status="published")
        newest = published.order_by("-version").values_list("version", flat=True).first()
        if newest is not None:
            published.filter(version__lt=newest).update(status="superseded")
