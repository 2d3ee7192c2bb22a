"""How long and how much memory refusing a hostile Office upload takes, the two files of issue 16: an
816 KB .docx that inflates to 190 MB, and a staff workbook of a few hundred KB whose 20,010 rows declare
A1:XFD20010 (openpyxl pads every row to 16,384 cells: 2.6 GB before the limits). Prints seconds and the
peak of Python allocations (tracemalloc) of the refusal alone; with --before, also what openpyxl takes
to read the workbook without the limits (use a smaller --rows: memory grows 130 KB a row).

    .venv/bin/python bench/office_files.py
    .venv/bin/python bench/office_files.py --before --rows 2000
"""

import argparse
import io
import os
import re
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_DIR))
sys.path.insert(0, str(REPO_DIR / "platform"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "office.settings")

MB = 1024 * 1024


def word_bomb(inflated_mb: int) -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        with target.open("word/document2.xml", "w") as part:  # streamed: the bench never holds 190 MB
            for _ in range(inflated_mb):
                part.write(bytes(MB))
    return out.getvalue()


def padded_workbook(rows: int) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["STT", "Họ và tên (*)", "Giới tính (*)", "Ngày sinh (*)"])
    for number in range(1, rows):
        sheet.append([number, f"Giáo viên {number}", "Nữ", "15/09/1988"])
    buffer = io.BytesIO()
    book.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(
                    rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:XFD{rows}"/>'.encode(), content
                )
            target.writestr(item, content)
    return out.getvalue()


def measured(label: str, call) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        call()
        outcome = "accepted"
    except Exception as exc:  # the refusal is what is measured
        outcome = f"refused: {getattr(exc, 'message', exc)}"
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label}: {seconds:.3f} s, peak {peak / MB:.1f} MB allocated — {outcome[:140]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inflated-mb", type=int, default=190)
    parser.add_argument("--rows", type=int, default=20_010)
    parser.add_argument("--before", action="store_true", help="also read the workbook without the limits")
    options = parser.parse_args()
    import django

    django.setup()
    import openpyxl

    from plans.planning.plan_import import read_plan_source
    from plans.staff.excel import STAFF_COLUMNS, STAFF_SHEET, read_rows

    bomb = word_bomb(options.inflated_mb)
    print(f"Word: {len(bomb) / 1024:.0f} KB uploaded, {options.inflated_mb} MB once inflated")
    measured("  plan import (read_plan_source)", lambda: read_plan_source("ke-hoach.docx", bomb))
    workbook = padded_workbook(options.rows)
    print(
        f"Excel: {len(workbook) / 1024:.0f} KB uploaded, {options.rows:,} rows declaring A1:XFD{options.rows}"
    )
    measured(
        "  staff import (read_rows)", lambda: read_rows(workbook, STAFF_COLUMNS, sheet_title=STAFF_SHEET)
    )
    if options.before:

        def unbounded():
            book = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True, data_only=True)
            return list(book.worksheets[0].iter_rows(values_only=True))

        measured("  the same workbook read by openpyxl without limits", unbounded)


if __name__ == "__main__":
    main()
