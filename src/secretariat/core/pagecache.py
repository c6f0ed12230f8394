"""Parts of pages kept until the next audited change in their region.

Every change that matters writes an audit entry (decision 0001), so the newest entry
of a region stamps what that region's pages show. A part is kept under that stamp and
under what sets its content for a reader: what they may see (their `Viewer`, without
who they are), their language, their time zone and their date. It is therefore never served stale
after an audited change, nor to a reader who may see something else. See decision 0007.
"""

import hashlib

from django.core.cache import cache
from django.db.models import Max
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import AuditEntry
from .visibility import Viewer

# A change made outside the services (a shell, a migration) shows within this time.
TIMEOUT = 600
# A form's token belongs to one reader: a part holding a form is never kept.
FORM_TOKEN = 'name="csrfmiddlewaretoken"'


def region_stamp(region_id: int) -> int:
    """The newest audit entry of the region: it changes with every change."""
    entries = AuditEntry.objects.filter(region_id=region_id)
    return entries.aggregate(latest=Max("pk"))["latest"] or 0


def _reader(viewer: Viewer) -> str:
    sets = (
        viewer.secretariat_regions,
        viewer.participant_regions,
        viewer.member_ids,
        viewer.member_editor_ids,
    )
    text = ";".join(",".join(map(str, sorted(s))) for s in sets)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def kept_part(*, name: str, region_id: int, viewer: Viewer, render) -> dict:
    """`render()`'s dict of strings for this reader, rendered once per stamp and kind of reader.

    `render` may raise (a 404, say): nothing is kept then.
    """
    key = ":".join(
        (
            "part",
            str(region_id),
            name,
            str(region_stamp(region_id)),
            translation.get_language() or "",
            timezone.get_current_timezone_name(),
            timezone.localdate().isoformat(),
            _reader(viewer),
        )
    )
    part = cache.get(key)
    if part is None:
        part = render()
        if not any(FORM_TOKEN in text for text in part.values()):
            cache.set(key, part, TIMEOUT)
    return part


def render_kept(request, template, *, name, region_id, viewer, build):
    """Render `template`, whose `body` partial is kept as above; `build()` gives its context.

    The page's title comes from the context's "title"; `build` may raise Http404.
    """

    def render_body():
        context = build()
        body = render_to_string(f"{template}#body", context, request)
        return {"title": str(context["title"]), "body": body}

    part = kept_part(name=name, region_id=region_id, viewer=viewer, render=render_body)
    return render(request, template, {"part": part})
