"""A trigram index for name search in PostgreSQL (search_text LIKE '%word%').

SQLite, the embedded demo database, scans instead; it never holds production volumes.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS personrecord_search_trgm "
    "ON registry_personrecord USING gin (search_text gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS personrecord_search_trgm"]


def _run(statements: list[str]):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_open_reports_index")]
    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
