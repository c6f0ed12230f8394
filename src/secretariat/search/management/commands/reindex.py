from django.core.management.base import BaseCommand

from secretariat.practices.models import Practice, ReferenceList
from secretariat.practices.services import practice_index, reference_row_index
from secretariat.search.sources import SOURCES, reindex


class Command(BaseCommand):
    help = (
        "Rebuild the search entries of practices, reference rows, sessions, documents, decisions."
    )

    def handle(self, *args, **options):
        practices = Practice.objects.select_related("member", "region").prefetch_related("themes")
        for practice in practices.iterator(chunk_size=500):
            practice_index(practice)
        rows = 0
        for reference_list in ReferenceList.objects.select_related("region"):
            for row in reference_list.rows.all():
                reference_row_index(row, reference_list)
                rows += 1
        counts = {"practice": practices.count(), "reference": rows, **reindex(tuple(SOURCES))}
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
