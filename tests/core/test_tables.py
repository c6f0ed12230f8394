"""core.tables: the one writer of CSV and XLSX downloads."""

import csv
import decimal
import io

import openpyxl
import pytest

from secretariat.core.tables import Table, as_csv, as_xlsx, cell, filename, table_download


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_a_spreadsheet_would_run_is_text(start):
    assert cell(f"{start}SUM(A1:A9)") == f"'{start}SUM(A1:A9)"


def test_figures_stay_figures_and_control_characters_go():
    assert cell(-5) == -5
    assert cell(decimal.Decimal("-1.50")) == decimal.Decimal("-1.50")
    assert cell(None) == ""
    assert cell("a\x00b\x02c\x0bd\ufffe") == "abcd"
    assert cell("line\nnext\ttab") == "line\nnext\ttab"


ROWS = [["=1+1", "\x0bศุลกากร", 3], ["Côte d'Ivoire", "\t=cmd", None]]


def test_csv_is_utf8_with_a_byte_order_mark():
    data = as_csv(Table("t", ["A", "B", "C"], ROWS))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [["A", "B", "C"], ["'=1+1", "ศุลกากร", "3"], ["Côte d'Ivoire", "'\t=cmd", ""]]


def test_xlsx_reads_back_as_text_and_numbers():
    data = as_xlsx(Table("Sheet: [1]/2?", ["A", "B", "C"], ROWS, widths=(10, 20)))
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.title == "Sheet- -1--2-"
    assert list(sheet.values) == [
        ("A", "B", "C"),
        ("'=1+1", "ศุลกากร", 3),
        ("Côte d'Ivoire", "'\t=cmd", None),
    ]
    assert sheet.column_dimensions["B"].width == 20


def test_the_download_is_private_and_named_from_what_it_holds():
    response = table_download(
        Table("t", ["A"], [["x"]]), fmt="xlsx", name=["ap", "participants", "33rd RCP/Bangkok"]
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        'attachment; filename="ap-participants-33rd-rcp-bangkok.xlsx"'
    )
    assert filename("ap", "ศุลกากร", fmt="csv") == "ap-ศุลกากร.csv"
