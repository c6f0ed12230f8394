"""Text that every format can carry: no control characters (XML 1.0 and Office files refuse
them; a feed, an XLSX sheet or a Word document built from them fails).

`printable` is applied where text leaves the site (feeds, exports, search snippets), so what
is already stored cannot break them; `CleanInputMiddleware` strips the same characters from
what comes in (form fields, query strings and JSON bodies), so new text never holds them.
Tab, line feed and carriage return are text and stay.
"""

import json
import re

from django.utils.feedgenerator import Atom1Feed

# What XML 1.0 forbids, less tab, LF and CR; U+FFFE and U+FFFF are not characters either.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def printable(text: str) -> str:
    """`text` without control characters."""
    return CONTROL.sub("", text)


def _clean_json(value):
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, list):
        return [_clean_json(v) for v in value]
    if isinstance(value, dict):
        return {printable(k): _clean_json(v) for k, v in value.items()}
    return value


def _clean_query(query):
    if not any(CONTROL.search(v) for key, values in query.lists() for v in [key, *values]):
        return query
    cleaned = query.copy()  # mutable
    for key in list(cleaned):
        values = [printable(v) for v in cleaned.getlist(key)]
        del cleaned[key]
        cleaned.setlist(printable(key), values)
    cleaned._mutable = False
    return cleaned


class CleanInputMiddleware:
    """Control characters are stripped from every request's text before a view reads it:
    the query string, form fields (files are left as they are) and a JSON body (the API).

    A multipart body is parsed here only for a view that is not CSRF-exempt (a page's form,
    which the CSRF check parses anyway): an exempt one (the API) reads its raw body itself,
    which parsing would have consumed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        request.GET = _clean_query(request.GET)
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        if request.content_type == "application/json":
            self._clean_body(request)
        elif request.content_type == "application/x-www-form-urlencoded" or (
            request.content_type == "multipart/form-data"
            and (hasattr(request, "_post") or not getattr(view, "csrf_exempt", False))
        ):
            request.POST = _clean_query(request.POST)
        return None

    @staticmethod
    def _clean_body(request):
        try:
            body = request.body
        except Exception:  # too large: the view's own reading refuses it as before
            return
        if not CONTROL.search(body.decode("utf-8", "replace")) and b"\\u00" not in body:
            return
        try:
            data = json.loads(body)
        except ValueError:
            return  # the API answers malformed JSON itself
        request._body = json.dumps(_clean_json(data), ensure_ascii=False).encode()


def _printable_all(value):
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, list | tuple):
        return type(value)(_printable_all(v) for v in value)
    return value


class PrintableAtom1Feed(Atom1Feed):
    """Django's Atom feed, which refuses (500) a control character in any text: stripped."""

    def __init__(self, *args, **kwargs):
        super().__init__(*(_printable_all(a) for a in args), **_printable_dict(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*(_printable_all(a) for a in args), **_printable_dict(kwargs))


def _printable_dict(values: dict) -> dict:
    return {k: _printable_all(v) for k, v in values.items()}
