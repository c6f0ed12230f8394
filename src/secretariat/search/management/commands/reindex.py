import time

from django.core.management.base import BaseCommand

from secretariat.practices.models import Practice, ReferenceRow
from secretariat.practices.services import practice_item, reference_row_item
from secretariat.publishing.models import NewsItem
from secretariat.publishing.services import news_item
from secretariat.search.index import entries_rebuild, index_tidy
from secretariat.search.sources import SOURCES, reindex


class Command(BaseCommand):
    help = (
        "Rebuild the search entries of practices, reference rows, news, sessions, documents, "
        "decisions."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        practices = Practice.objects.select_related("member", "region").prefetch_related("themes")
        rows = ReferenceRow.objects.select_related("reference_list__region")
        counts = {
            "practice": entries_rebuild(
                "practice", practices.iterator(chunk_size=500), practice_item
            ),
            "reference": entries_rebuild(
                "reference",
                rows.iterator(chunk_size=500),
                lambda row: reference_row_item(row, row.reference_list),
            ),
            "news": entries_rebuild(
                "news", NewsItem.objects.select_related("region").iterator(), news_item
            ),
            **reindex(tuple(SOURCES)),
        }
        index_tidy()
        seconds = time.perf_counter() - started
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
        total = sum(counts.values())
        self.stdout.write(f"{total} entries in {seconds:.1f} s ({total / seconds:.0f}/s)")
