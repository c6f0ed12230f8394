"""The French catalogue is complete: every interface string has a French translation."""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.utils import translation

SRC = Path(__file__).resolve().parents[2] / "src" / "secretariat"
CATALOGUE = SRC / "locale" / "fr" / "LC_MESSAGES" / "django.po"
ENTRY = re.compile(
    r'^msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?((?:msgstr.*\n(?:".*"\n)*)+)', re.M
)


def entries(po_text):
    """(msgid, [msgstr...], fuzzy) for each entry but the header."""
    out = []
    for block in po_text.split("\n\n"):
        match = ENTRY.search(block + "\n")
        if not match:
            continue
        msgid = "".join(re.findall(r'"(.*)"', match[1]))
        if not msgid:
            continue
        strs = [
            "".join(re.findall(r'"(.*)"', s))
            for s in re.split(r"^msgstr", match[2], flags=re.M)[1:]
        ]
        out.append((msgid, strs, "#, fuzzy" in block or ", fuzzy" in block))
    return out


def test_every_entry_is_translated_and_none_is_fuzzy():
    missing = [(m, s) for m, s, fuzzy in entries(CATALOGUE.read_text()) if fuzzy or not all(s)]
    assert missing == []


def test_catalogue_covers_every_string_in_the_code(tmp_path):
    copy = tmp_path / "secretariat"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "fr", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        # The copy comes first on the path, so makemessages writes into the copy's locale/.
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "PYTHONPATH": f"{tmp_path}:{SRC.parents[1]}",
        },
    )
    fresh = {m for m, _, _ in entries((copy / CATALOGUE.relative_to(SRC)).read_text())}
    translated = {m for m, s, fuzzy in entries(CATALOGUE.read_text()) if all(s) and not fuzzy}
    assert sorted(fresh - translated) == []


def test_every_plural_entry_has_each_form_the_header_declares():
    """French counts 2 and more with the last form: an entry without it shows English."""
    text = CATALOGUE.read_text()
    forms = int(re.search(r"nplurals=(\d)", text)[1])
    short = [m for m, s, _ in entries(text) if len(s) > 1 and len(s) != forms]
    assert short == []
    with translation.override("fr"):
        assert translation.ngettext("%(n)s answer", "%(n)s answers", 2) == "%(n)s réponses"


def test_compiled_catalogue_is_used():
    with translation.override("fr"):
        assert translation.gettext("Members") == "Membres"


def test_the_compiled_catalogue_is_the_catalogue(tmp_path):
    """The wheel ships the tracked .mo as it is: `make messages` must have compiled it."""
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(CATALOGUE)], check=True)
    with compiled.open("rb") as fresh, CATALOGUE.with_suffix(".mo").open("rb") as tracked:
        assert gettext.GNUTranslations(tracked)._catalog == gettext.GNUTranslations(fresh)._catalog
