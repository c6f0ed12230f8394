"""Printable documents: a template rendered to PDF bytes with the print stylesheet.

Nothing is fetched while rendering: the stylesheet is read from the static files and every
URL a template might name (an image, a font, a link's target) is refused, so a PDF cannot
leak a request to another host or read a file it was not meant to.
"""

import logging
import warnings
from functools import cache

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

with warnings.catch_warnings():
    # Debian 12's HarfBuzz has no subset library: WeasyPrint 70 subsets fonts without it and
    # only warns that a future version will need it (tests turn warnings into errors).
    warnings.filterwarnings("ignore", "HarfBuzz-Subset", DeprecationWarning)
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher


class _WithoutSubsetNotice(logging.Filter):
    """The same notice, logged at every render: said once above, not in every log."""

    def filter(self, record):
        return "HarfBuzz-Subset" not in record.getMessage()


logging.getLogger("weasyprint").addFilter(_WithoutSubsetNotice())

STYLESHEET = "secretariat/print.css"


class _NoFetching(URLFetcher):
    def fetch(self, url, headers=None):
        raise ValueError(f"PDF rendering fetches nothing: {url}")


@cache
def _stylesheet() -> CSS:
    with open(finders.find(STYLESHEET), encoding="utf-8") as f:
        return CSS(string=f.read(), url_fetcher=_NoFetching())


def render_pdf(template: str, context: dict, *, request=None) -> bytes:
    """`template` (an HTML page extending core/print.html) as PDF bytes, A4."""
    html = render_to_string(template, context, request=request)
    document = HTML(string=html, base_url="about:blank", url_fetcher=_NoFetching())
    return document.write_pdf(stylesheets=[_stylesheet()])
