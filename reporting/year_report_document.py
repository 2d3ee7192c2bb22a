"""The school's year-end emulation report (Báo cáo tổng kết công tác thi đua, khen thưởng năm học …)
from its snapshot (plain data, as plans.year_report.selectors.report_snapshot builds it and as the
office receives it), as an official document (NĐ 30/2020): sections I–IV, tables of counts by title,
the list of people and collectives awarded as an annex."""

import datetime

from reporting.official_document import (
    Appendix,
    Bullet,
    Heading,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
    line_blocks,
)

RECIPIENTS = ["Cơ quan quản lý (để báo cáo);", "Hội đồng TĐKT nhà trường;", "Lưu: VT, HĐTĐKT."]
ANNEX_HEADER = [
    "STT",
    "Họ và tên",
    "Chức vụ",
    "Danh hiệu / hình thức",
    "Số, ngày quyết định",
    "Cơ quan ban hành",
]
ANNEX_WIDTHS_CM = [1.0, 3.6, 2.6, 3.4, 3.0, 3.0]
# The labels of the free-text parts, as the office's page and the school's form name them.
TEXT_LABELS = {
    "strengths": "Ưu điểm",
    "weaknesses": "Tồn tại, hạn chế",
    "directions": "Phương hướng, nhiệm vụ năm học tới",
    "proposals": "Đề xuất, kiến nghị",
}


def vn_date(value) -> str:
    """dd/mm/yyyy from an ISO date of the snapshot; "" when there is none."""
    try:
        return datetime.date.fromisoformat(str(value)[:10]).strftime("%d/%m/%Y") if value else ""
    except ValueError:
        return ""


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def text_blocks(text: str) -> list:
    """The school's text, one paragraph per line; a line starting with a dash prints as a bullet."""
    return line_blocks(line.strip() for line in (text or "").splitlines() if line.strip())


def _count_table(label: str, rows: list[dict], *, empty: str) -> list:
    if not rows:
        return [Paragraph(empty)]
    return [
        Table(
            header=["STT", label, "Số lượng"],
            rows=[[str(i), row["label"], str(row["count"])] for i, row in enumerate(rows, start=1)],
            widths_cm=[1.2, 11.0, 4.3],
        )
    ]


def _share(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}".replace(".", ",") + "%" if whole else "0%"


def staff_part(figures: dict) -> list:
    staff = figures["staff"]
    return [
        Heading("ĐẶC ĐIỂM TÌNH HÌNH", 1, "I."),
        Paragraph(
            f"Tổng số cán bộ, giáo viên, nhân viên: {staff['total']} người "
            f"(nữ: {staff['female']}, nam: {staff['total'] - staff['female']}); trong đó giáo viên trực tiếp "
            f"giảng dạy: {staff['teaching']} người (nữ: {staff['teaching_female']}). "
            f"Số liệu tính đến ngày {vn_date(staff['counted_on'])}."
        ),
    ]


def results_part(figures: dict, school_year: str) -> list:
    movements, registrations = figures["movements"], figures["registrations"]
    review, initiatives = figures["review"], figures["initiatives"]
    nominations, awards = figures["nominations"], figures["awards"]
    blocks = [
        Heading("KẾT QUẢ THỰC HIỆN CÔNG TÁC THI ĐUA, KHEN THƯỞNG", 1, "II."),
        Heading("Tổ chức các phong trào thi đua", 2, "1."),
        Paragraph(f"Nhà trường đã hưởng ứng, tổ chức {len(movements)} phong trào thi đua, cuộc vận động:")
        if movements
        else Paragraph("Kế hoạch đã ban hành của năm học chưa ghi phong trào thi đua nào."),
        *(Bullet(name) for name in movements),
        Heading("Đăng ký danh hiệu thi đua", 2, "2."),
        Paragraph(
            f"Có {registrations['registered']} cá nhân đăng ký danh hiệu thi đua"
            + (
                f"; tập thể nhà trường đăng ký danh hiệu “{registrations['collective']}”."
                if registrations["collective"]
                else "."
            )
        ),
        *_count_table("Danh hiệu đăng ký", registrations["by_title"], empty="Chưa có cá nhân nào đăng ký."),
        Heading("Kết quả đánh giá, xếp loại và bình xét thi đua", 2, "3."),
        Paragraph("Kết quả đánh giá, xếp loại viên chức:"),
        *_count_table("Mức xếp loại", figures["ratings"], empty="Chưa có kết quả xếp loại."),
        Paragraph(
            f"Hội đồng Thi đua – Khen thưởng đã bình xét, thống nhất đề nghị {review['passed']} trường hợp:"
        ),
        *_count_table("Danh hiệu, hình thức", review["by_title"], empty="Chưa có đợt bình xét nào kết thúc."),
        Heading("Sáng kiến kinh nghiệm", 2, "4."),
        Paragraph(
            f"Có {initiatives['written']} sáng kiến được nộp chấm; {initiatives['recognised']} sáng kiến được "
            "công nhận, theo phạm vi ảnh hưởng:"
        ),
        *_count_table(
            "Phạm vi ảnh hưởng", initiatives["by_scope"], empty="Chưa có sáng kiến được công nhận."
        ),
    ]
    if initiatives["items"]:
        blocks.append(
            Table(
                header=["STT", "Tên sáng kiến", "Tác giả", "Phạm vi"],
                rows=[
                    [str(i), item["title"], item["author"], item["scope"]]
                    for i, item in enumerate(initiatives["items"], start=1)
                ],
                widths_cm=[1.2, 8.0, 4.0, 3.3],
            )
        )
    blocks += [
        Heading("Đề nghị khen thưởng", 2, "5."),
        Paragraph(
            f"Nhà trường đã lập {nominations['total']} đề nghị; theo kiểm tra điều kiện, {nominations['met']} "
            "trường hợp đủ điều kiện:"
        ),
    ]
    if nominations["by_title"]:
        blocks.append(
            Table(
                header=[
                    "Danh hiệu, hình thức",
                    "Số đề nghị",
                    "Đủ điều kiện",
                    "Chưa đủ điều kiện",
                    "Chưa đủ thông tin",
                ],
                rows=[
                    [r["label"], str(r["count"]), str(r["met"]), str(r["not_met"]), str(r["unknown"])]
                    for r in nominations["by_title"]
                ],
                widths_cm=[5.5, 2.7, 2.7, 2.8, 2.8],
            )
        )
    blocks += [
        Heading("Kết quả khen thưởng", 2, "6."),
        Paragraph(
            f"Năm học {school_year}, nhà trường nhận {awards['total']} danh hiệu, hình thức khen thưởng "
            f"({awards['individual']} cá nhân, {awards['collective']} tập thể); giáo viên trực tiếp giảng dạy "
            f"được khen {awards['teaching']} lượt, chiếm {_share(awards['teaching'], awards['individual'])} "
            "số cá nhân được khen (danh sách kèm theo)."
        ),
    ]
    if awards["by_title"]:
        blocks.append(
            Table(
                header=["STT", "Danh hiệu, hình thức", "Số lượng", "Trong đó GV trực tiếp giảng dạy"],
                rows=[
                    [str(i), r["label"], str(r["count"]), str(r["teaching"])]
                    for i, r in enumerate(awards["by_title"], start=1)
                ],
                widths_cm=[1.2, 8.3, 2.5, 4.5],
            )
        )
    return blocks + targets_part(figures["targets"]) + examples_part(figures["examples"])


def _target_result(row: dict) -> str:
    if row.get("met") is None:
        return "Không so sánh tự động được"
    return "Đạt" if row["met"] else "Chưa đạt"


def _target_reached(row: dict) -> str:
    if not row.get("label"):
        return "—"
    share = row.get("reached_share")
    return f"{row['reached']}" + (f" ({_number(share)}%)" if share is not None else "")


def _number(value) -> str:
    return f"{value:g}".replace(".", ",")


def targets_part(targets: list) -> list:
    """The plan's targets beside what the year's decisions gave: the comparison a year-end report makes."""
    blocks = [Heading("Thực hiện chỉ tiêu của kế hoạch", 2, "7.")]
    if not targets:
        return [*blocks, Paragraph("Kế hoạch đã ban hành của năm học chưa ghi chỉ tiêu nào.")]
    met = sum(1 for row in targets if row.get("met"))
    compared = sum(1 for row in targets if row.get("met") is not None)
    blocks.append(Paragraph(f"Đạt {met}/{compared} chỉ tiêu so sánh được với kết quả khen thưởng:"))
    blocks.append(
        Table(
            header=["STT", "Chỉ tiêu", "Đạt theo quyết định", "Đã đề nghị", "Kết quả"],
            rows=[
                [
                    str(i),
                    row.get("text", ""),
                    _target_reached(row),
                    str(row.get("proposed", 0)) if row.get("label") else "—",
                    _target_result(row),
                ]
                for i, row in enumerate(targets, start=1)
            ],
            widths_cm=[1.2, 6.8, 3.0, 2.3, 3.2],
        )
    )
    return blocks


def examples_part(examples: dict) -> list:
    items = examples.get("items") or []
    blocks = [Heading("Gương điển hình tiên tiến", 2, "8.")]
    if not items:
        return [*blocks, Paragraph("Chưa có gương điển hình nào được Hiệu trưởng xác nhận.")]
    blocks.append(Paragraph(f"Nhà trường đã phát hiện, xác nhận {len(items)} gương điển hình tiên tiến:"))
    blocks += [Bullet(f"{item['subject']}: {item['name']} – {item['title']}") for item in items]
    return blocks


def texts_part(texts: dict) -> list:
    return [
        Heading("ĐÁNH GIÁ CHUNG", 1, "III."),
        Heading(TEXT_LABELS["strengths"], 2, "1."),
        *text_blocks(texts.get("strengths", "")),
        Heading(TEXT_LABELS["weaknesses"], 2, "2."),
        *text_blocks(texts.get("weaknesses", "")),
        Heading(TEXT_LABELS["directions"].upper(), 1, "IV."),
        *text_blocks(texts.get("directions", "")),
        *(
            [Heading(TEXT_LABELS["proposals"].upper(), 1, "V."), *text_blocks(texts["proposals"])]
            if (texts.get("proposals") or "").strip()
            else []
        ),
    ]


def award_annex(snapshot: dict) -> Appendix | None:
    items = snapshot["figures"]["awards"]["items"]
    if not items:
        return None
    return Appendix(
        title=f"DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG NĂM HỌC {snapshot['school_year']}",
        subtitle=f"(Kèm theo Báo cáo số {snapshot['number']} của {snapshot['school_name']})",
        table=Table(
            header=ANNEX_HEADER,
            rows=[
                [
                    str(i),
                    item["full_name"],
                    item["position"],
                    item["label"],
                    ", ".join(p for p in (item["decision_number"], vn_date(item["decision_date"])) if p),
                    item["issuer"],
                ]
                for i, item in enumerate(items, start=1)
            ],
            widths_cm=ANNEX_WIDTHS_CM,
        ),
    )


def year_report_document(snapshot: dict) -> OfficialDocument:
    snapshot = complete_snapshot(snapshot)
    figures, signer = snapshot["figures"], snapshot["signer"]
    return OfficialDocument(
        parent_body=(snapshot.get("parent_body") or "").upper() or None,
        issuing_body=snapshot["issuing_body"],
        number=snapshot.get("number") or None,
        place=snapshot.get("place") or "",
        date=_date(snapshot["issued_on"]),
        doc_type="BÁO CÁO",
        title=f"Tổng kết công tác thi đua, khen thưởng năm học {snapshot['school_year']}",
        body=[
            Paragraph(
                f"Thực hiện kế hoạch công tác thi đua, khen thưởng năm học {snapshot['school_year']}, "
                f"{snapshot['school_name']} báo cáo kết quả như sau:"
            ),
            *staff_part(figures),
            *results_part(figures, snapshot["school_year"]),
            *texts_part(snapshot["texts"]),
        ],
        closing=[
            Paragraph(
                f"Trên đây là báo cáo tổng kết công tác thi đua, khen thưởng năm học {snapshot['school_year']} của {snapshot['school_name']}./."
            )
        ],
        recipients=snapshot["recipients"],
        signer=Signer(
            prefix=None,
            authority_title=None,
            title=signer.get("title") or "HIỆU TRƯỞNG",
            name=signer.get("name") or "",
        ),
        appendix=award_annex(snapshot),
    )


# --- A snapshot as the office reads it ------------------------------------------------------------------

EMPTY_FIGURES = {
    "school_year": "",
    "staff": {"counted_on": "", "total": 0, "female": 0, "teaching": 0, "teaching_female": 0},
    "movements": [],
    "registrations": {"registered": 0, "by_title": [], "collective": ""},
    "ratings": [],
    "review": {"passed": 0, "by_title": []},
    "initiatives": {"written": 0, "recognised": 0, "by_scope": [], "items": []},
    "nominations": {"total": 0, "met": 0, "by_title": []},
    "awards": {"total": 0, "individual": 0, "collective": 0, "teaching": 0, "by_title": [], "items": []},
    "targets": [],
    "examples": {"total": 0, "by_subject": [], "items": []},
}


def complete_figures(figures) -> dict:
    """The figures of a snapshot with every part present, so a reader never fails on an older or
    partial one: a missing part reads as zero or empty."""
    figures = figures if isinstance(figures, dict) else {}
    completed = {}
    for part, empty in EMPTY_FIGURES.items():
        given = figures.get(part)
        if isinstance(empty, dict):
            completed[part] = {**empty, **(given if isinstance(given, dict) else {})}
        else:
            completed[part] = given if isinstance(given, type(empty)) else empty
    return completed


def complete_snapshot(payload) -> dict:
    payload = payload if isinstance(payload, dict) else {}
    texts = payload.get("texts") if isinstance(payload.get("texts"), dict) else {}
    signer = payload.get("signer") if isinstance(payload.get("signer"), dict) else {}
    return {
        "school_year": str(payload.get("school_year") or ""),
        "school_name": str(payload.get("school_name") or ""),
        "parent_body": str(payload.get("parent_body") or ""),
        "issuing_body": str(payload.get("issuing_body") or ""),
        "place": str(payload.get("place") or ""),
        "number": str(payload.get("number") or ""),
        "issued_on": payload.get("issued_on") or None,
        "signer": {"title": str(signer.get("title") or ""), "name": str(signer.get("name") or "")},
        "recipients": [str(r) for r in payload.get("recipients") or [] if str(r).strip()] or RECIPIENTS,
        "figures": complete_figures(payload.get("figures")),
        "texts": {name: str(texts.get(name) or "") for name in TEXT_LABELS},
    }
