"""Facet values join the text index as tokens (`query.facet_token`): a column `facets` of the
FTS5 table (rebuilt, since FTS5 cannot add a column), weight D of the PostgreSQL vector. The
tokens of existing entries are computed here in SQL, as `facet_token` does in Python."""

from django.db import migrations

TOKENS = {
    "postgresql": "x.name || 'x' || encode(convert_to(x.value, 'UTF8'), 'hex')",
    "sqlite": "x.name || 'x' || lower(hex(x.value))",
}
POSTGRES = [
    "UPDATE search_entry AS e SET tsv = coalesce(tsv, ''::tsvector) || setweight(to_tsvector("
    "'simple', coalesce((SELECT string_agg({token}, ' ') FROM search_facet AS x"
    " WHERE x.entry_id = e.id), '')), 'D')"
]
POSTGRES_UNDO = ["UPDATE search_entry SET tsv = ts_filter(tsv, '{a,b,c}')"]
SQLITE = [
    "CREATE VIRTUAL TABLE search_fts_new USING fts5(title, text, facets,"
    " tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO search_fts_new (rowid, title, text, facets) SELECT f.rowid, f.title, f.text,"
    " coalesce((SELECT group_concat({token}, ' ') FROM search_facet AS x"
    " WHERE x.entry_id = f.rowid), '') FROM search_fts AS f",
    "DROP TABLE search_fts",
    "ALTER TABLE search_fts_new RENAME TO search_fts",
]
SQLITE_UNDO = [
    "CREATE VIRTUAL TABLE search_fts_old USING fts5(title, text,"
    " tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO search_fts_old (rowid, title, text) SELECT rowid, title, text FROM search_fts",
    "DROP TABLE search_fts",
    "ALTER TABLE search_fts_old RENAME TO search_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements[vendor]:
            schema_editor.execute(sql.replace("{token}", TOKENS[vendor]))

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_tick_mark")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_UNDO, "sqlite": SQLITE_UNDO}),
        )
    ]
