"""The two text indexes behind one interface: PostgreSQL full-text search and SQLite FTS5.

Both receive only terms the app has parsed (`query.parse`): letters and digits, never the
user's operators. Each backend keeps its index beside `search_entry`, keyed by the entry's id,
and offers three things: write an entry's text, a SQL condition "the entry matches", and a
rank and a highlighted snippet for one page of entries. The match is a subquery on ids, so
it stays valid inside the facet counts' subqueries.
"""

from django.db import connection
from django.db.models import FloatField, Q
from django.db.models.expressions import RawSQL

# Marks around matches in snippets; the view escapes the text, then turns them into <mark>.
START, STOP = "\x02", "\x03"
# The PostgreSQL configuration: 'simple' keeps every word as written, like FTS5's unicode61
# tokenizer, so both backends find the same entries; prefixes stand in for stemming.
PG_CONFIG = "simple"


class Postgres:
    def write(self, cursor, entry_id, title, text):
        cursor.execute(
            "UPDATE search_entry SET tsv = setweight(to_tsvector(%s::regconfig, %s), 'A')"
            " || setweight(to_tsvector(%s::regconfig, %s), 'B') WHERE id = %s",
            [PG_CONFIG, title, PG_CONFIG, text, entry_id],
        )

    def remove(self, cursor, entry_id):
        """The vector is a column of the entry: deleting the entry removes it."""

    def _tsquery(self, terms):
        return " & ".join(f"'{t}':*" for t in terms)

    def matches(self, terms):
        return Q(
            pk__in=RawSQL(
                "SELECT id FROM search_entry WHERE tsv @@ to_tsquery(%s::regconfig, %s)",
                [PG_CONFIG, self._tsquery(terms)],
            )
        )

    def rank(self, terms):
        return RawSQL(
            "ts_rank_cd(search_entry.tsv, to_tsquery(%s::regconfig, %s))",
            [PG_CONFIG, self._tsquery(terms)],
            output_field=FloatField(),
        )

    def snippets(self, ids, terms):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, ts_headline(%s::regconfig, text, to_tsquery(%s::regconfig, %s),"
                " %s) FROM search_entry WHERE id = ANY(%s)",
                [
                    PG_CONFIG,
                    PG_CONFIG,
                    self._tsquery(terms),
                    f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12",
                    list(ids),
                ],
            )
            return dict(cursor.fetchall())


class Sqlite:
    def write(self, cursor, entry_id, title, text):
        self.remove(cursor, entry_id)
        cursor.execute(
            "INSERT INTO search_fts (rowid, title, text) VALUES (%s, %s, %s)",
            [entry_id, title, text],
        )

    def remove(self, cursor, entry_id):
        cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [entry_id])

    def _match(self, terms):
        # Each term quoted (a phrase of one word) and a prefix: FTS5 sees no operator.
        return " ".join(f'"{t}"*' for t in terms)

    def matches(self, terms):
        return Q(
            pk__in=RawSQL(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [self._match(terms)]
            )
        )

    def rank(self, terms):
        # bm25 is lower for better matches; negated so both backends sort descending.
        return RawSQL(
            "(SELECT -bm25(search_fts, 4.0, 1.0) FROM search_fts"
            " WHERE search_fts MATCH %s AND search_fts.rowid = search_entry.id)",
            [self._match(terms)],
            output_field=FloatField(),
        )

    def snippets(self, ids, terms):
        ids = list(ids)
        placeholders = ", ".join(["%s"] * len(ids))
        # The f-string adds only %s placeholders.
        sql = (
            "SELECT rowid, snippet(search_fts, 1, %s, %s, '…', 30) FROM search_fts"  # noqa: S608
            f" WHERE search_fts MATCH %s AND rowid IN ({placeholders})"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [START, STOP, self._match(terms), *ids],
            )
            return dict(cursor.fetchall())


def backend():
    return Postgres() if connection.vendor == "postgresql" else Sqlite()
