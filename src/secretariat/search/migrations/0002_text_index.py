"""The text index beside the entries: a tsvector column with a GIN index on PostgreSQL, an FTS5
table on SQLite. Django's models describe neither, so each is created by the database's SQL."""

from django.db import migrations

POSTGRES = [
    "ALTER TABLE search_entry ADD COLUMN tsv tsvector",
    "CREATE INDEX search_entry_tsv ON search_entry USING GIN (tsv)",
]
POSTGRES_UNDO = ["DROP INDEX search_entry_tsv", "ALTER TABLE search_entry DROP COLUMN tsv"]
SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, text,"
    " tokenize = 'unicode61 remove_diacritics 2')"
]
SQLITE_UNDO = ["DROP TABLE search_fts"]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements[schema_editor.connection.vendor]:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_entries_and_facets")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_UNDO, "sqlite": SQLITE_UNDO}),
        )
    ]
