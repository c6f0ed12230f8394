"""The two text indexes behind one interface: PostgreSQL full-text search and SQLite FTS5.

Both receive only terms the app has parsed (`query.parse`): letters and digits, never the
user's operators. Each backend keeps its index beside `search_entry`, keyed by the entry's id,
and offers two things: write (and remove) entries' text and facets, and the window of the
newest entries matching the terms and facets among those a reader may see, each with its
rank. Facets are in the text index as tokens (`query.facet_token`) in a column or weight of
their own that the reader's words never search: the index intersects words and facets.
"""

import json

from django.db import connection
from django.db.models import BooleanField, FloatField, Value
from django.db.models.expressions import RawSQL

from .query import facet_token, joined_codes

# Marks around matches in snippets; the view escapes the text, then turns them into <mark>.
START, STOP = "\x02", "\x03"
# The PostgreSQL configuration: 'simple' keeps every word as written, like FTS5's unicode61
# tokenizer, so both backends find the same entries; prefixes stand in for stemming.
PG_CONFIG = "simple"


class Postgres:
    def write_many(self, cursor, rows):
        """Each entry's vector, computed by the database from the row: title (weight A), text
        with its codes joined (B) and facet tokens (D)."""
        cursor.execute(
            "UPDATE search_entry AS e"
            " SET tsv = setweight(to_tsvector(%s::regconfig, e.title || v.title_codes), 'A')"
            " || setweight(to_tsvector(%s::regconfig, e.text || v.text_codes), 'B')"
            " || setweight(to_tsvector(%s::regconfig, v.facets), 'D')"
            " FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[])"
            " AS v(id, title_codes, text_codes, facets)"
            " WHERE e.id = v.id AND e.id = ANY(%s)",
            [
                PG_CONFIG,
                PG_CONFIG,
                PG_CONFIG,
                [r.id for r in rows],
                [joined_codes(r.title) for r in rows],
                [joined_codes(r.text) for r in rows],
                [r.facets for r in rows],
                [r.id for r in rows],  # so that the rows are found by id, not by a scan
            ],
        )

    def remove_many(self, cursor, entry_ids):
        """The vector is a column of the entry: deleting the entry removes it."""

    def tidy(self, cursor):
        """After many writes: empty the GIN index's pending list (every search reads it
        until then) and refresh the planner's statistics (the words' frequencies, and the
        facets' and shares' row counts, without which the facet counts read every facet). In
        a transaction (VACUUM cannot run in one), the statistics only."""
        vacuum = "" if connection.in_atomic_block else "VACUUM "
        cursor.execute(f"{vacuum}ANALYZE search_entry, search_facet, search_entry_shared_with")

    def ids(self, ids):
        """A subquery of `ids` in one parameter (a thousand placeholders cost more to build
        and to send than the query costs to run)."""
        return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])

    def _tsquery(self, terms, facets):
        """Each term as a word or a prefix, of the title or text (weights A, B); each facet as
        one of its tokens (weight D). A word or its prefix finds what the prefix alone finds,
        but the planner then estimates how many rows match from the word's statistics: for a
        prefix alone it guesses 2% even of a word in most entries, and reads every match
        (0.8 s at 120,000 entries instead of 3 ms)."""
        parts = [f"('{t}':AB | '{t}':*AB)" for t in terms]
        for name, values in facets.items():
            parts.append("(" + " | ".join(f"'{facet_token(name, v)}':D" for v in values) + ")")
        return " & ".join(parts)

    def window(self, entries, terms, facets, limit):
        """(id, rank) of the newest `limit` of `entries` matching `terms` and `facets`, newest
        first.

        The match is a condition on the entry's own row: the GIN index finds rare words, and
        for a frequent one the planner reads the newest rows first and stops at `limit`.
        The rank (ts_rank_cd of the words, higher is better) is computed for those rows only.
        """
        matching = entries.filter(
            RawSQL(
                '"search_entry"."tsv" @@ to_tsquery(%s::regconfig, %s)',
                [PG_CONFIG, self._tsquery(terms, facets)],
                output_field=BooleanField(),
            )
        )
        if terms:
            matching = matching.annotate(
                rank=RawSQL(
                    'ts_rank_cd("search_entry"."tsv", to_tsquery(%s::regconfig, %s))',
                    [PG_CONFIG, self._tsquery(terms, {})],
                    output_field=FloatField(),
                )
            )
        else:
            matching = matching.annotate(rank=Value(0.0))
        return list(matching.order_by("-pk").values_list("pk", "rank")[:limit])


class Sqlite:
    def write_many(self, cursor, rows):
        self.remove_many(cursor, [r.id for r in rows])
        cursor.executemany(
            "INSERT INTO search_fts (rowid, title, text, facets) VALUES (%s, %s, %s, %s)",
            [
                (r.id, r.title + joined_codes(r.title), r.text + joined_codes(r.text), r.facets)
                for r in rows
            ],
        )

    def remove_many(self, cursor, entry_ids):
        for start in range(0, len(entry_ids), 5000):
            ids = entry_ids[start : start + 5000]
            placeholders = ", ".join(["%s"] * len(ids))
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({placeholders})", ids)  # noqa: S608

    def tidy(self, cursor):
        """After many writes: merge the index's segments into one, refresh statistics."""
        cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
        cursor.execute("ANALYZE")

    def ids(self, ids):
        """A subquery of `ids` in one parameter, as on PostgreSQL."""
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])

    def _match(self, terms, facets):
        # Each term quoted (a phrase of one word) and a prefix, in the title or text; each
        # facet one of its tokens, in the facets column. FTS5 sees no operator of the user's.
        parts = [f'{{title text}} : "{t}"*' for t in terms]
        for name, values in facets.items():
            parts.append(
                "facets : (" + " OR ".join(f'"{facet_token(name, v)}"' for v in values) + ")"
            )
        return " AND ".join(parts)

    def window(self, entries, terms, facets, limit):
        """(id, rank) of the newest `limit` of `entries` matching `terms` and `facets`, newest
        first.

        FTS5 reads its matches newest (highest rowid) first, and each is checked against
        `entries` (visibility) by its id until `limit` are found. The rank is bm25 (title 4,
        text 1) negated, so that higher is better as on PostgreSQL.
        """
        entries = entries.filter(pk=RawSQL("search_fts.rowid", ()))
        sub, params = entries.values("pk").query.sql_with_params()
        rank = "-bm25(search_fts, 4.0, 1.0, 0.0)" if terms else "0.0"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, {rank} FROM search_fts"  # noqa: S608 - Django's SQL
                f" WHERE search_fts MATCH %s AND EXISTS ({sub}) ORDER BY rowid DESC LIMIT %s",
                [self._match(terms, facets), *params, limit],
            )
            return cursor.fetchall()


def backend():
    return Postgres() if connection.vendor == "postgresql" else Sqlite()
