"""Time to export the summary record of a 40-item meeting, to Word and to PDF.

`make bench` runs this file. It makes a fresh SQLite database in a temporary folder,
migrates, and builds a meeting whose agenda has BENCH_ITEMS (40) items, each with a
presenter, speakers' and decisions' worth of text: the record is drafted by the draft
builder and each item gets BENCH_PARAGRAPHS (4) paragraphs of about 80 words, one in ten
with a Thai and a Chinese phrase (the PDF then needs the Noto fonts). Each export runs
BENCH_REPEAT (5) times after one warm-up; the table gives the median wall time, the slowest
run and the median CPU time of the process against the bars (DOCX 1 s, PDF 3 s), with the
machine's load average: on a shared machine the wall time counts the other processes' turns
too, and the CPU time is what the export itself costs. The exit status is 1 when a median
CPU time is above its bar.
"""

import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ITEMS = int(os.environ.get("BENCH_ITEMS", "40"))
PARAGRAPHS = int(os.environ.get("BENCH_PARAGRAPHS", "4"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
BARS = {"DOCX": 1.0, "PDF": 3.0}

WORDS = (  # noqa: SIM905 - a sentence of words is easier to read than a list
    "the meeting noted report delegation Members region customs plan strategic capacity "
    "building training enforcement intelligence facilitation trade supply chain continuity "
    "relief consignments endorsed proposal secretariat chair thanked presented discussed "
    "progress implementation questionnaire indicators milestones coordinators focus areas"
).split()
SCRIPTS = " ที่ประชุมรับทราบรายงาน 会议注意到该报告"


def _setup():
    tmp = Path(tempfile.mkdtemp(prefix="secretariat-bench-records-"))
    os.environ.update(
        {
            "SECRETARIAT_MODE": "production",
            "SECRETARIAT_SECRET_KEY": "bench-" + secrets.token_urlsafe(32),
            "SECRETARIAT_DATA_DIR": str(tmp),
            "SECRETARIAT_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SETTINGS_MODULE": "secretariat.settings",
        }
    )
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _record():
    """A held meeting of ITEMS items and its drafted record, with PARAGRAPHS per item."""
    import datetime

    from secretariat.meetings import services as meetings
    from secretariat.meetings.models import AgendaItem
    from secretariat.records import services as records
    from secretariat.regions import services as regions

    rng = random.Random(40)
    region = regions.region_create(
        by=None,
        slug="bench",
        name_en="Bench region",
        short_name_en="Bench",
        abbreviation="BR",
        time_zone="Asia/Bangkok",
    )
    member = regions.member_create(
        region=region,
        by=None,
        short_name_en="Thailand",
        official_name_en="Kingdom of Thailand",
    )
    series = meetings.series_create(
        region=region, by=None, slug="rhcac", name_en="Heads Conference", reference="RHCAC"
    )
    meeting = meetings.meeting_create(
        series=series,
        number=40,
        by=None,
        time_zone="Asia/Bangkok",
        host=member,
        starts_at=datetime.datetime(2026, 4, 1, 2, tzinfo=datetime.UTC),
    )
    session = meeting.session
    for n in range(ITEMS):
        meetings.agenda_item_add(
            session=session,
            kind=AgendaItem.Kind.REPORT,
            title_en=f"Item {n + 1}: " + " ".join(rng.choice(WORDS) for _ in range(8)),
            presenter_member=member,
            by=None,
        )
    record = records.record_draft(session=session, by=None)
    for section in record.sections.exclude(agenda_item=None):
        for _ in range(PARAGRAPHS - 1):
            text = " ".join(rng.choice(WORDS) for _ in range(80)).capitalize() + "."
            if rng.random() < 0.1:
                text += SCRIPTS
            records.paragraph_add(section=section, by=None, text_en=text)
    return record


def _time(export, record):
    export(record)  # warm-up: templates, fonts, styles
    wall, cpu = [], []
    for _ in range(REPEAT):
        started, used = time.perf_counter(), time.process_time()
        content = export(record)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    return wall, cpu, len(content)


def main() -> int:
    _setup()
    from secretariat.records import exports
    from secretariat.records.models import RecordParagraph

    record = _record()
    paragraphs = RecordParagraph.objects.filter(section__record=record).count()
    rows = []
    for name, export in (("DOCX", exports.record_docx), ("PDF", exports.record_pdf)):
        wall, cpu, size = _time(export, record)
        rows.append((name, statistics.median(wall), max(wall), statistics.median(cpu), size))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Summary record export: {ITEMS} items, {paragraphs} paragraphs, {REPEAT} runs each")
    print(f"(load average {load} on {os.cpu_count()} cores)")
    print(f"{'format':<8}{'wall':>9}{'slowest':>10}{'CPU':>9}{'bar':>7}{'size':>11}  result")
    failed = False
    for name, wall, slowest, cpu, size in rows:
        ok = cpu <= BARS[name]
        failed |= not ok
        print(
            f"{name:<8}{wall:>8.3f}s{slowest:>9.3f}s{cpu:>8.3f}s{BARS[name]:>6.1f}s"
            f"{size / 1024:>7.0f} KiB  {'ok' if ok else 'ABOVE THE BAR'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
