"""One entry per searchable object, written by the services that own the object (decision 0009).

The text index beside it is the database's own (PostgreSQL full-text search, SQLite FTS5):
see `backends.py`. Entries carry the visibility of their object, so every query filters in SQL
and no count or facet can reveal what the viewer may not open.
"""

from django.db import models

from secretariat.core.visibility import Visibility


class Entry(models.Model):
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    object_id = models.CharField(max_length=64)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    language = models.CharField(max_length=5, default="en")
    visibility = models.CharField(max_length=12, choices=Visibility.choices)
    shared_with = models.ManyToManyField("regions.Member", blank=True, related_name="+")
    updated_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="one_search_entry_per_object"
            )
        ]
        indexes = [models.Index(fields=["region", "visibility"])]

    def __str__(self):
        return f"{self.kind} {self.title}"


class Facet(models.Model):
    """One value of one facet of an entry (an entry may have several themes)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=20)
    value = models.CharField(max_length=100)
    label_en = models.CharField(max_length=300)
    label_fr = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["name", "value"])]

    def __str__(self):
        return f"{self.name}={self.value}"
