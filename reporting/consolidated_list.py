"""The office's consolidated list of approved nominations, from plain data: the Excel list in the layout
offices send upward (grouped by title) and the office's cover letter (tờ trình) to the level above, in
the official format of NĐ 30/2020. Queries nothing; the office's selectors hand it the rows."""

import datetime
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from reporting.dossier_documents import LIST_HEADER, CoverLetter, Nominee, cover_letter_document
from reporting.official_document import render_docx
from reporting.spreadsheets import official_list_xlsx

LIST_WIDTHS = [6, 26, 18, 30, 28, 48]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


@dataclass(frozen=True, slots=True)
class ConsolidatedRow:
    full_name: str
    position: str
    unit: str
    title_label: str
    achievements: str
    # Rule 14's reason when the nominee was put first among its equals ("Ưu tiên: nữ (…)").
    priority: str = ""

    @property
    def achievements_and_priority(self) -> str:
        return "\n".join(text for text in (self.achievements, self.priority) if text)


@dataclass(frozen=True)
class Office:
    """The body that sends the list: its name, the body above it and who signs."""

    name: str
    parent_name: str
    abbreviation: str
    place: str
    head_name: str
    head_title: str = "TRƯỞNG PHÒNG"


def grouped_rows(rows: Sequence[ConsolidatedRow]) -> Iterator[list[str]]:
    """Rows of the table with a heading row for each title ("I", "CHIẾN SĨ THI ĐUA CƠ SỞ (3)") and the
    STT counted inside each group, as the lists offices send upward are laid out. `rows` come sorted
    by title. Yields one table row at a time, so the Excel writer never holds the whole table."""
    counts = Counter(row.title_label for row in rows)
    current, number, groups = None, 0, 0
    for row in rows:
        if row.title_label != current:
            current, number, groups = row.title_label, 0, groups + 1
            group = ROMAN[groups - 1] if groups <= len(ROMAN) else str(groups)
            yield [group, f"{current.upper()} ({counts[current]})", "", "", "", ""]
        number += 1
        yield [
            str(number),
            row.full_name,
            row.position,
            row.unit,
            row.title_label,
            row.achievements_and_priority,
        ]


def consolidated_list_xlsx(*, office: Office, school_year: str, rows: Sequence[ConsolidatedRow]) -> bytes:
    return official_list_xlsx(
        heading=[
            f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM HỌC {school_year}",
            f"(Tổng hợp các hồ sơ đã được {office.name} thẩm định, duyệt: {len(rows)} trường hợp)",
        ],
        header=LIST_HEADER,
        rows=grouped_rows(rows),
        widths=LIST_WIDTHS,
    )


def counts_by_title(rows: list[ConsolidatedRow]) -> list[tuple[str, int]]:
    """(title, count) in the order the rows give the titles."""
    counts = Counter(row.title_label for row in rows)
    return [(title, counts[title]) for title in dict.fromkeys(row.title_label for row in rows)]


def office_cover_letter(
    *, office: Office, school_year: str, rows: list[ConsolidatedRow], schools: int, date: datetime.date | None
) -> CoverLetter:
    counts = counts_by_title(rows)
    request = [
        f"Căn cứ kết quả thẩm định hồ sơ đề nghị khen thưởng năm học {school_year} của {schools:02d} "
        f"trường trực thuộc, {office.name} kính trình {office.parent_name} xem xét, công nhận danh hiệu thi "
        f"đua và hình thức khen thưởng cho {len(rows):02d} trường hợp, cụ thể:",
        *(f"- {title}: {count:02d} trường hợp;" for title, count in counts),
    ]
    return CoverLetter(
        parent_body=office.parent_name.upper(),
        issuing_body=office.name.upper(),
        number=f"/TTr-{office.abbreviation}",
        place=office.place,
        date=date,
        subject=f"Về việc đề nghị công nhận danh hiệu thi đua và khen thưởng năm học {school_year}",
        recipient=office.parent_name,
        bases=[
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
            "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết "
            "thi hành một số điều của Luật Thi đua, khen thưởng;",
        ],
        request=request,
        nominees=[
            Nominee(r.full_name, r.position, r.unit, r.title_label, r.achievements_and_priority) for r in rows
        ],
        signer_title=office.head_title,
        signer_name=office.head_name,
        recipients=["Như trên;", "Lưu: VT, TĐKT."],
    )


def office_cover_letter_docx(**kwargs) -> bytes:
    return render_docx(cover_letter_document(office_cover_letter(**kwargs)))
