"""Ideas written once: each rule below has one helper, and no copy of it lives elsewhere.

The scan reads every module under src/ as text; a hit outside the helper's own module fails
with its file and line, so a copy written again (or a new hand-made one) is caught.
"""

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "secretariat"

# (what, pattern, where it may appear: modules or folders relative to src/secretariat, and
# optionally which modules are scanned)
RULES = [
    (
        "a delegation's status read outside meetings (use meetings.participation)",
        r"Delegation\.Status\.[A-Z]|delegation__status|status__in=REGISTERED",
        ["meetings/"],
    ),
    (
        "who attended read outside meetings.participation",
        r"attended=(True|False)|__attended\b",
        ["meetings/participation.py"],
    ),
    (
        "a Member's contact points looked up outside regions.selectors.contact_points",
        r"kind=Role\.Kind\.CONTACT_POINT",
        ["regions/selectors.py"],
    ),
    (
        "an agenda's numbering worked out outside meetings.participation",
        r"\.agenda_numbering\b|\.number_in\(",
        ["meetings/participation.py", "meetings/models.py"],
    ),
    (
        "a form's errors set by hand in a view (use core.views.form_save)",
        r"\.add_error\(",
        ["core/views.py"],
        r"views\.py$",
    ),
    (
        "a download named by hand (use core.files.download or serve_stored)",
        r"Content-Disposition|FileResponse\(|as_attachment",
        ["core/files.py"],
    ),
    (
        "a table written as CSV or XLSX by hand (use core.tables)",
        r"csv\.writer|Workbook\(|\bdef _safe\b|_spreadsheet_safe",
        ["core/tables.py"],
    ),
]


def copies(pattern, allowed, scanned=r"\.py$", root=SRC):
    """Every `file:line: text` matching `pattern` in the `scanned` modules, outside the
    `allowed` modules or folders."""
    found = []
    for path in sorted(p for p in root.rglob("*.py") if "migrations" not in p.parts):
        name = path.relative_to(root).as_posix()
        if not re.search(scanned, name) or any(
            name == a or (a.endswith("/") and name.startswith(a)) for a in allowed
        ):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(pattern, line):
                found.append(f"{name}:{number}: {line.strip()}")
    return found


@pytest.mark.parametrize("rule", RULES, ids=[r[0] for r in RULES])
def test_written_once(rule):
    what, *where = rule
    assert copies(*where) == [], what


def test_the_scan_sees_a_copy(tmp_path):
    """The scan is not blind: a copy of the registered-delegation filter is found."""
    app = tmp_path / "records"
    app.mkdir()
    (app / "drafting.py").write_text(
        "REGISTERED = (Delegation.Status.SUBMITTED, Delegation.Status.APPROVED)\n"
    )
    assert copies(RULES[0][1], RULES[0][2], root=tmp_path) == [
        "records/drafting.py:1: REGISTERED = (Delegation.Status.SUBMITTED, "
        "Delegation.Status.APPROVED)"
    ]
