"""`python -m secretariat demo|serve|tick|import|...` and every manage.py command."""

import os
import sys


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "demo":
        os.environ.setdefault("SECRETARIAT_MODE", "demo")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secretariat.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
