from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from secretariat.core.registry import StepFailed, run_tick


class Command(BaseCommand):
    help = "Run every scheduled step once (deadlines, reminders, mail retries). Idempotent."

    def handle(self, *args, **options):
        results = run_tick(timezone.now())
        for step, result in results.items():
            self.stdout.write(f"{step}: {result}")
        failed = [step for step, result in results.items() if isinstance(result, StepFailed)]
        if failed:  # every step ran; the exit status tells the timer something failed
            raise CommandError(f"{len(failed)} tick step(s) failed: {', '.join(failed)}")
