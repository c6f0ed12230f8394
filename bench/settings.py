"""The production settings, plus the bare baseline views of `bench.urls`.

`bench/pages.py` sets the environment (production mode, a bench secret key, a data
directory in a temporary folder or a bench PostgreSQL database) before Django reads this.
"""

from secretariat.settings import *  # noqa: F403
from secretariat.settings import TEMPLATES

ROOT_URLCONF = "bench.urls"
# The bare templates live beside the harness; the app's own directories stay first.
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR.parent.parent / "bench" / "templates"]  # noqa: F405
