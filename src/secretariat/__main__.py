"""`secretariat demo|serve|worker|tick|backup|restore|import|...` and every manage.py command.

Installed from the wheel it is the `secretariat` console script; in a checkout,
`python -m secretariat ...` does the same.
"""

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
