"""How long reading a school's staff register takes (plans.staff.excel.read_rows): find the sheet and
its header, convert cells typed in a legacy encoding (each cell's font is read for that), parse every
cell. A register of --rows people in the template's layout; prints the median of --runs reads. The
import runs in a Celery task, so this is the wait before the person sees the result, not a request.

    .venv/bin/python bench/staff_import.py
    .venv/bin/python bench/staff_import.py --rows 10000 --runs 5
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_DIR))
sys.path.insert(0, str(REPO_DIR / "platform"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "office.settings")


def register(rows: int) -> bytes:
    import openpyxl

    from plans.staff.excel import STAFF_SHEET
    from tests.factories.staff import STAFF_HEADER, person

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = STAFF_SHEET
    sheet.append(STAFF_HEADER)
    for number in range(rows):
        sheet.append(person(f"Nguyễn Thị Hương {number}", "Nữ", "15/09/1988"))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()

    import django

    django.setup()
    from plans.staff.excel import STAFF_COLUMNS, STAFF_SHEET, read_rows

    data = register(options.rows)
    seconds = []
    for _ in range(options.runs):
        started = time.perf_counter()
        table = read_rows(data, STAFF_COLUMNS, sheet_title=STAFF_SHEET)
        seconds.append(time.perf_counter() - started)
    assert len(table.rows) == options.rows and not table.errors
    print(
        f"staff register of {options.rows:,} rows ({len(data) // 1024} KB): read in "
        f"{statistics.median(seconds):.2f} s (median of {options.runs}; "
        + ", ".join(f"{s:.2f}" for s in seconds)
        + ")"
    )


if __name__ == "__main__":
    main()
