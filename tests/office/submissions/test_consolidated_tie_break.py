"""Rule 14 in the office's consolidated list: among one school's nominees for one title, women and
collectives with at least 70 % women go first, with the decree of the dossier's day beside them."""

import io

import openpyxl
import pytest

from office.submissions.selectors import approved_nominees
from office.submissions.services import accept_submission
from tests.office.submissions.conftest import dossier_payload


def person(number, name, gender, title="ldtt", label="Lao động tiên tiến"):
    return {
        "nomination": number,
        "staff": number,
        "full_name": name,
        "position": "Giáo viên",
        "unit": "Tổ khối 1",
        "gender": gender,
        "title": title,
        "title_label": label,
        "summary": "Hoàn thành tốt nhiệm vụ",
        "check_report": [],
    }


def school_as_collective(number, members, women):
    return {
        "nomination": number,
        "staff": None,
        "full_name": "Trường Tiểu học A",
        "position": "",
        "unit": "Trường Tiểu học A",
        "gender": None,
        "title": "ttldtt",
        "title_label": "Tập thể lao động tiên tiến",
        "summary": "",
        "check_report": [],
        "facts": {"kind": "collective", "members_count": members, "female_count": women},
    }


@pytest.mark.parametrize(
    ("as_of", "article"),
    [("2025-05-20", "NĐ 98/2023 Điều 4"), ("2026-05-20", "NĐ 152/2025 Điều 4")],
    ids=["before-1-7-2025", "after-1-7-2025"],
)
def test_women_and_female_collectives_go_first_with_the_reason(world, send, client_for, as_of, article):
    payload = dossier_payload(
        world.school_a,
        nominees=[
            person(1, "Trần Văn Anh", "nam"),
            person(2, "Nguyễn Thị Yến", "nu"),
            person(3, "Lê Văn Bình", "nam"),
            school_as_collective(4, members=20, women=15),
        ],
    )
    payload["as_of"] = as_of
    accept_submission(send(payload=payload), user=world.specialist)

    rows = approved_nominees(world.specialist, 2026)
    # Yến (a woman) before Anh and Bình, who keep Vietnamese name order.
    assert [r.full_name for r in rows] == [
        "Nguyễn Thị Yến",
        "Trần Văn Anh",
        "Lê Văn Bình",
        "Trường Tiểu học A",
    ]
    assert rows[0].priority_reason == f"Ưu tiên: nữ ({article})"
    assert rows[1].priority_reason == ""
    assert rows[3].priority_reason == f"Ưu tiên: tập thể có 75 % nữ ({article})"

    response = client_for(world.specialist).get("/tham-dinh/tong-hop/danh-sach.xlsx?nam=2026")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = {row[1]: row[5] for row in sheet.iter_rows(values_only=True)}
    assert cells["Nguyễn Thị Yến"] == f"Hoàn thành tốt nhiệm vụ\nƯu tiên: nữ ({article})"
    assert cells["Trần Văn Anh"] == "Hoàn thành tốt nhiệm vụ"
    assert cells["Trường Tiểu học A"] == f"Ưu tiên: tập thể có 75 % nữ ({article})"


def test_a_collective_below_the_share_has_no_priority(world, send):
    payload = dossier_payload(world.school_a, nominees=[school_as_collective(4, members=10, women=6)])
    accept_submission(send(payload=payload), user=world.specialist)
    (row,) = approved_nominees(world.specialist, 2026)
    assert row.priority_reason == ""
