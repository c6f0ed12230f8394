import time

from django.core.management.base import BaseCommand, CommandError

from secretariat.core.registry import SEARCH_SOURCES
from secretariat.search.index import index_tidy, reindex


class Command(BaseCommand):
    help = "Rebuild the search entries of the kinds named, or of every kind the apps register."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", metavar="kind", help=", ".join(SEARCH_SOURCES))

    def handle(self, *args, kinds, **options):
        unknown = set(kinds) - set(SEARCH_SOURCES)
        if unknown:
            raise CommandError(f"Unknown kinds: {', '.join(sorted(unknown))}")
        started = time.perf_counter()
        counts = reindex(kinds)
        index_tidy()
        seconds = time.perf_counter() - started
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
        total = sum(counts.values())
        self.stdout.write(f"{total} entries in {seconds:.1f} s ({total / seconds:.0f}/s)")
