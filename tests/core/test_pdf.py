"""PDF rendering fetches nothing: a template naming outside addresses still renders, offline."""

import copy
import http.server
import io
import threading

import pytest
from pypdf import PdfReader

from secretariat.core.pdf import render_pdf


class Hits(http.server.BaseHTTPRequestHandler):
    paths = []

    def do_GET(self):
        Hits.paths.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red; }")

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Hits.paths = []
    httpd = http.server.HTTPServer(("127.0.0.1", 0), Hits)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def page_template(settings, tmp_path):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    return tmp_path / "page.html"


def test_outside_addresses_are_not_fetched(server, page_template):
    page_template.write_text(
        '{% extends "core/print.html" %}{% block reference %}REF 1{% endblock %}'
        "{% block content %}"
        f'<link rel="stylesheet" href="{server}/style.css">'
        f'<style>@import url("{server}/import.css");</style>'
        f'<img src="{server}/logo.png" alt="logo"><img src="file:///etc/hostname" alt="x">'
        "<h1>Printed offline</h1>{% endblock %}"
    )
    pdf = render_pdf("page.html", {})
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Printed offline" in text and "REF 1" in text and "1 / 1" in text
    assert Hits.paths == []
