from django.core.management.base import BaseCommand
from django.utils import timezone

from secretariat.core.registry import run_tick


class Command(BaseCommand):
    help = "Run every scheduled step once (deadlines, reminders, mail retries). Idempotent."

    def handle(self, *args, **options):
        for step, result in run_tick(timezone.now()).items():
            self.stdout.write(f"{step}: {result}")
