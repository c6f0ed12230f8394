import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from secretariat.accounts.backends import DEMO_PASSWORD
from secretariat.demo import asia_pacific


class Command(BaseCommand):
    help = "Set up the Asia/Pacific demo on SQLite (keeping any data there) and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Load the demo and stop.")

    def handle(self, *args, port, no_serve, **options):
        if not settings.DEMO:
            raise CommandError(
                "Run the demo with SECRETARIAT_MODE=demo (python -m secretariat demo)."
            )
        # Mail links point where this demo answers (`make demo PORT=8103`), unless the
        # operator named the address; never from a request's Host header.
        if not os.environ.get("SECRETARIAT_SITE_URL"):
            settings.SITE_URL = f"http://127.0.0.1:{port}"
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        region = asia_pacific.load()
        self.stdout.write(self.style.SUCCESS(f"Demo ready: {region.name_en} ({region.slug})"))
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
        for email, role in asia_pacific.accounts_table(region):
            self.stdout.write(f"  {email:<34} {role}")
        if no_serve:
            return
        url = f"http://127.0.0.1:{port}/"
        self.stdout.write(f"\nServing {url}  (Ctrl+C to stop)\n")
        sys.stdout.flush()
        import uvicorn

        uvicorn.run(
            "secretariat.asgi:application", host="127.0.0.1", port=port, log_level="warning"
        )
