"""The two text indexes behind one interface: PostgreSQL full-text search and SQLite FTS5.

Both receive only terms the app has parsed (`query.parse`): letters and digits, never the
user's operators. Each backend keeps its index beside `search_entry`, keyed by the entry's id,
and offers four things: write (and remove) entries' text, the window of the newest matches
among the entries a reader may see, one ranked page of that window, and highlighted
snippets for that page.
"""

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from .query import joined_codes

# Marks around matches in snippets; the view escapes the text, then turns them into <mark>.
START, STOP = "\x02", "\x03"
# The PostgreSQL configuration: 'simple' keeps every word as written, like FTS5's unicode61
# tokenizer, so both backends find the same entries; prefixes stand in for stemming.
PG_CONFIG = "simple"


class Postgres:
    def write_many(self, cursor, entries):
        """Each entry's vector, computed by the database from the row (plus its codes joined)."""
        cursor.execute(
            "UPDATE search_entry AS e"
            " SET tsv = setweight(to_tsvector(%s::regconfig, e.title || v.title_codes), 'A')"
            " || setweight(to_tsvector(%s::regconfig, e.text || v.text_codes), 'B')"
            " FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS v(id, title_codes, text_codes)"
            " WHERE e.id = v.id",
            [
                PG_CONFIG,
                PG_CONFIG,
                [e.pk for e in entries],
                [joined_codes(e.title) for e in entries],
                [joined_codes(e.text) for e in entries],
            ],
        )

    def remove_many(self, cursor, entry_ids):
        """The vector is a column of the entry: deleting the entry removes it."""

    def _tsquery(self, terms):
        return " & ".join(f"'{t}':*" for t in terms)

    def window(self, entries, terms, limit):
        """Ids of the newest `limit` of `entries` matching `terms`, newest first.

        The match is a condition on the entry's own row: the GIN index finds rare words, and
        for a frequent one the planner reads the newest rows first and stops at `limit`.
        """
        matching = entries.filter(
            RawSQL(
                '"search_entry"."tsv" @@ to_tsquery(%s::regconfig, %s)',
                [PG_CONFIG, self._tsquery(terms)],
                output_field=BooleanField(),
            )
        )
        return list(matching.order_by("-pk").values_list("pk", flat=True)[:limit])

    def ranked_ids(self, ids, terms, offset, limit):
        """One page of `ids` (a window of matches), best first."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM search_entry WHERE id = ANY(%s)"
                " ORDER BY ts_rank_cd(tsv, to_tsquery(%s::regconfig, %s)) DESC, id DESC"
                " LIMIT %s OFFSET %s",
                [list(ids), PG_CONFIG, self._tsquery(terms), limit, offset],
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
    def write_many(self, cursor, entries):
        self.remove_many(cursor, [e.pk for e in entries])
        cursor.executemany(
            "INSERT INTO search_fts (rowid, title, text) VALUES (%s, %s, %s)",
            [
                (e.pk, e.title + joined_codes(e.title), e.text + joined_codes(e.text))
                for e in entries
            ],
        )

    def remove_many(self, cursor, entry_ids):
        for start in range(0, len(entry_ids), 5000):
            ids = entry_ids[start : start + 5000]
            placeholders = ", ".join(["%s"] * len(ids))
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({placeholders})", ids)  # noqa: S608

    def _match(self, terms):
        # Each term quoted (a phrase of one word) and a prefix: FTS5 sees no operator.
        return " ".join(f'"{t}"*' for t in terms)

    def window(self, entries, terms, limit):
        """Ids of the newest `limit` of `entries` matching `terms`, newest first.

        FTS5 reads its matches newest (highest rowid) first, and each is checked against
        `entries` (visibility, facets) by its id until `limit` are found.
        """
        entries = entries.filter(pk=RawSQL("search_fts.rowid", ()))
        sub, params = entries.values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"  # noqa: S608 - Django's SQL
                f" AND EXISTS ({sub}) ORDER BY rowid DESC LIMIT %s",
                [self._match(terms), *params, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def ranked_ids(self, ids, terms, offset, limit):
        """One page of `ids` (a window of matches), best first (bm25: lower is better).

        `+rowid`, not `rowid`: FTS5 would run the whole match again for each listed id
        (0.6 s for 1,000 ids of a frequent word on 3,000 entries); as an expression the
        list filters one pass over the matches.
        """
        ids = list(ids)
        placeholders = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"  # noqa: S608 - placeholders
                f" AND +rowid IN ({placeholders}) ORDER BY bm25(search_fts, 4.0, 1.0), rowid DESC"
                " LIMIT %s OFFSET %s",
                [self._match(terms), *ids, limit, offset],
            )
            return [row[0] for row in cursor.fetchall()]

    def snippets(self, ids, terms):
        ids = list(ids)
        placeholders = ", ".join(["%s"] * len(ids))
        # The f-string adds only %s placeholders.
        sql = (
            "SELECT rowid, snippet(search_fts, 1, %s, %s, '…', 30) FROM search_fts"  # noqa: S608
            f" WHERE search_fts MATCH %s AND +rowid IN ({placeholders})"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [START, STOP, self._match(terms), *ids],
            )
            return dict(cursor.fetchall())


def backend():
    return Postgres() if connection.vendor == "postgresql" else Sqlite()
