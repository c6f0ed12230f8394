"""The test run: the one settings file, in test mode."""

import os

os.environ.setdefault("SECRETARIAT_MODE", "test")

from secretariat.settings import *  # noqa: F403
