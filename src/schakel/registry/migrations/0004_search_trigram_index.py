"""A trigram index for name search in PostgreSQL (search_text LIKE '%word%').

SQLite, the embedded demo database, scans instead; it never holds production volumes.
"""

from collections.abc import Callable

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS personrecord_search_trgm "
    "ON registry_personrecord USING gin (search_text gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS personrecord_search_trgm"]


def _run(statements: list[str]) -> Callable[[Apps, BaseDatabaseSchemaEditor], None]:
    def run(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_open_reports_index")]
    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
