"""The office's compilation of its schools' good examples ("Tập hợp gương điển hình tiên tiến năm học …")
as a report in the official format of NĐ 30/2020, from plain data: one part per school, each example
with whom it is about, its title line, its story, its achievements and the movements it stands for.
Queries nothing; the office's selectors hand it the entries."""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from reporting.official_document import (
    Bullet,
    Heading,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
    render_docx,
)

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


@dataclass(frozen=True)
class ExampleEntry:
    school: str
    name: str
    subject_label: str
    title: str
    story: str
    position: str = ""
    unit: str = ""
    achievements: list[str] = field(default_factory=list)
    movements: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Compiler:
    """The office that compiles: its name, the body above it, and who signs."""

    name: str
    parent_name: str
    abbreviation: str
    place: str
    head_name: str
    head_title: str = "TRƯỞNG PHÒNG"


def _roman(number: int) -> str:
    return ROMAN[number - 1] if number <= len(ROMAN) else str(number)


def examples_compilation_document(
    *, office: Compiler, school_year: str, entries: list[ExampleEntry], date: datetime.date | None
) -> OfficialDocument:
    """`entries` come ordered by school; each school is a part (I, II, …), each example a numbered item."""
    schools = len({e.school for e in entries})
    body = [
        Paragraph(
            f"Thực hiện các phong trào thi đua năm học {school_year}, {office.name} tập hợp "
            f"{len(entries)} gương điển hình tiên tiến của {schools} trường trực thuộc đã được Hiệu trưởng "
            "xác nhận và gửi về, để biểu dương, nhân rộng trong toàn ngành, cụ thể như sau:"
        ),
        Table(
            header=["TT", "Trường", "Số gương"],
            rows=[
                [str(n), school, str(len(list(items)))]
                for n, (school, items) in enumerate(groupby(entries, key=lambda e: e.school), start=1)
            ],
            widths_cm=[1.5, 11.0, 3.5],
        ),
    ]
    for part, (school, items) in enumerate(groupby(entries, key=lambda e: e.school), start=1):
        body.append(Heading(school.upper(), level=1, marker=f"{_roman(part)}."))
        for number, entry in enumerate(items, start=1):
            who = ", ".join(part for part in (entry.name, entry.position, entry.unit) if part)
            body.append(Heading(f"{who} ({entry.subject_label.lower()})", level=2, marker=f"{number}."))
            body.append(Paragraph(entry.title))
            body += [Paragraph(line) for line in entry.story.splitlines() if line.strip()]
            if entry.achievements:
                body.append(Paragraph("Thành tích tiêu biểu:"))
                body += [Bullet(text) for text in entry.achievements]
            if entry.movements:
                body.append(Paragraph(f"Phong trào thi đua: {'; '.join(entry.movements)}."))
    if not entries:
        body.append(Paragraph("Chưa có trường nào gửi gương điển hình tiên tiến của năm học này."))
    return OfficialDocument(
        parent_body=office.parent_name.upper() or None,
        issuing_body=office.name.upper(),
        number=f"/BC-{office.abbreviation}",
        place=office.place,
        date=date,
        doc_type="BÁO CÁO",
        title=f"Tập hợp gương điển hình tiên tiến năm học {school_year}",
        body=body,
        closing=[
            Paragraph(
                f"Trên đây là tập hợp gương điển hình tiên tiến năm học {school_year} của {office.name}./."
            )
        ],
        recipients=[
            f"{office.parent_name} (để báo cáo);" if office.parent_name else "Lãnh đạo cơ quan;",
            "Các trường trực thuộc;",
            "Lưu: VT, TĐKT.",
        ],
        signer=Signer(prefix=None, authority_title=None, title=office.head_title, name=office.head_name),
    )


def examples_compilation_docx(**kwargs) -> bytes:
    return render_docx(examples_compilation_document(**kwargs))
