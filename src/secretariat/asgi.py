import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secretariat.settings")
django_application = get_asgi_application()

# Imported once Django is set up: the live event streams are served in front of Django, and
# the body limit in front of both (Django would read a whole body before any middleware).
from secretariat.core.limits import with_body_limit  # noqa: E402
from secretariat.live.stream import with_live_streams  # noqa: E402

application = with_body_limit(with_live_streams(django_application))
