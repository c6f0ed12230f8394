"""The two text indexes behind one interface: PostgreSQL full-text search and SQLite FTS5.

Both receive only terms the app has parsed (`query.parse`): letters and digits, never the
user's operators. Each backend keeps its index beside `search_entry`, keyed by the entry's id,
and offers four things: write an entry's text, a condition "the entry matches", the ids of
one ranked page, and highlighted snippets for that page. The match is a subquery on ids, so
it stays valid inside the facet counts' subqueries.
"""

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

# Marks around matches in snippets; the view escapes the text, then turns them into <mark>.
START, STOP = "\x02", "\x03"
# The PostgreSQL configuration: 'simple' keeps every word as written, like FTS5's unicode61
# tokenizer, so both backends find the same entries; prefixes stand in for stemming.
PG_CONFIG = "simple"
# PostgreSQL ranks the newest RANKED matches (see Postgres.ranked_ids).
RANKED = 2000


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

    def ranked_ids(self, entries, terms, offset, limit):
        """Ids of one page of `entries` (already matched), best first.

        ts_rank_cd reads every candidate's vector, so only the RANKED newest matches are
        ranked: a word found in most entries stays fast, at the cost of older hits.
        """
        sub, params = entries.values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM (SELECT id, tsv FROM search_entry"  # noqa: S608 - Django's SQL
                f" WHERE id IN ({sub}) ORDER BY updated_at DESC, id DESC LIMIT %s) AS hits"
                " ORDER BY ts_rank_cd(tsv, to_tsquery(%s::regconfig, %s)) DESC, id DESC"
                " LIMIT %s OFFSET %s",
                [*params, RANKED, PG_CONFIG, self._tsquery(terms), limit, offset],
            )
            return [row[0] for row in cursor.fetchall()]

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

    def ranked_ids(self, entries, terms, offset, limit):
        """Ids of one page of `entries` (already matched), best first (bm25: lower is better)."""
        sub, params = entries.values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"  # noqa: S608 - Django's SQL
                f" AND rowid IN ({sub}) ORDER BY bm25(search_fts, 4.0, 1.0), rowid DESC"
                " LIMIT %s OFFSET %s",
                [self._match(terms), *params, limit, offset],
            )
            return [row[0] for row in cursor.fetchall()]

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
