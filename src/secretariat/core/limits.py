"""Request bodies larger than any form or endpoint accepts are refused before they are read."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    """413 for a declared body above MAX_REQUEST_BYTES (the largest upload plus its form).

    Django's own DATA_UPLOAD_MAX_MEMORY_SIZE bounds form fields and JSON but not files, which
    it streams to disk; this bounds the whole body. The proxy in front should refuse the same
    size, so that a body sent without a length never reaches the application.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return HttpResponse(
                _("The request is too large: %(limit)s MB at most.")
                % {"limit": settings.MAX_REQUEST_BYTES // (1024 * 1024)},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
