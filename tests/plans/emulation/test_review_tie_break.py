"""Rule 14 in a review round: candidates for the same title with the same votes are ranked with women
first (and the school as a collective with at least 70 % women), citing the decree in force on the
round's day; the page and the minutes show why."""

import datetime
import io

import docx
import pytest
from django.utils import timezone

from office.rules.vocabulary import Title
from plans.emulation import selectors
from plans.emulation import services as emulation
from plans.emulation.minutes import round_minutes_docx
from plans.emulation.models import CouncilMember, ReviewRound
from plans.staff.models import Staff
from plans.staff.selectors import employed_on


@pytest.fixture
def council(world, staff_a):
    return [
        (world.principal_a, CouncilMember.Role.CHAIR),
        (staff_a.secretary_user, CouncilMember.Role.SECRETARY),
    ]


def tied_round(world, school_a, staff_a, council, day: datetime.date, *, collective=False):
    meeting = timezone.make_aware(datetime.datetime.combine(day, datetime.time(14, 0)))
    year = day.year if day.month >= 9 else day.year - 1
    with school_a():
        review_round = emulation.open_review_round(
            school_year=f"{year}-{year + 1}",
            method=ReviewRound.Method.COUNTS,
            council=council,
            meeting_at=meeting,
            user=world.principal_a,
        )
        pairs = [(staff_a.teacher, Title.LDTT), (staff_a.clerk, Title.LDTT), (staff_a.other, Title.LDTT)]
        if collective:
            pairs.append((None, Title.TTLDTT))
        candidates = [
            emulation.add_candidate(review_round, staff=s, title=t, user=world.principal_a) for s, t in pairs
        ]
        votes = [15, 15, 18, 20]
        for candidate, agree in zip(candidates, votes, strict=False):
            emulation.record_vote_count(
                candidate,
                agree=agree,
                disagree=20 - agree,
                abstain=0,
                total_voters=20,
                user=world.principal_a,
            )
        return emulation.close_round(review_round, school=world.school_a, user=world.principal_a)


@pytest.mark.parametrize(
    ("day", "article"),
    [(datetime.date(2025, 5, 20), "NĐ 98/2023 Điều 4"), (datetime.date(2026, 5, 20), "NĐ 152/2025 Điều 4")],
    ids=["before-1-7-2025", "after-1-7-2025"],
)
def test_tied_candidates_go_woman_first_with_the_decree_of_the_round_day(
    world, client_for, school_a, staff_a, council, day, article
):
    review_round = tied_round(world, school_a, staff_a, council, day)
    with school_a():
        ranked = selectors.ranked_results(review_round, world.school_a)
    names = [r.candidate.display_name for r in ranked]
    # 18 votes first; then the two with 15: the woman before the man whose given name sorts first.
    assert names == ["Giáo Viên Trường A", "Đỗ Thị Văn Thư", "Trần Văn Ánh"]
    assert [r.tied for r in ranked] == [False, True, True]
    assert ranked[1].priority_reason == f"Ưu tiên: nữ ({article})"
    assert ranked[2].priority_reason == ""

    page = client_for(world.principal_a, world.school_a).get(f"/thi-dua/binh-xet/{review_round.pk}/")
    html = page.content.decode()
    assert f"Ưu tiên: nữ ({article}) – áp dụng vì bằng số phiếu" in html
    assert html.index("Đỗ Thị Văn Thư") < html.index("Trần Văn Ánh")
    assert f"tập thể có từ 70 % nữ trở lên, rồi theo thứ tự tên ({article})" in html
    assert "nền tảng không lưu và không kiểm tra thời gian giữ chức vụ lãnh đạo" in html

    with school_a():
        document = docx.Document(io.BytesIO(round_minutes_docx(review_round)))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    assert [row.cells[1].text for row in table.rows[1:]] == names
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"Đỗ Thị Văn Thư – Ưu tiên: nữ ({article})" in text


def test_without_a_tie_the_votes_decide_and_names_order_the_rest(world, school_a, staff_a, council):
    review_round = tied_round(world, school_a, staff_a, council, datetime.date(2026, 5, 20))
    with school_a():
        staff_a.teacher.gender = Staff.Gender.FEMALE
        staff_a.teacher.save(update_fields=["gender"])
        ranked = selectors.ranked_results(review_round, world.school_a)
    # Both tied candidates are women now: Vietnamese name order (Ánh before Thư) decides.
    assert [r.candidate.display_name for r in ranked][1:] == ["Trần Văn Ánh", "Đỗ Thị Văn Thư"]


def test_the_school_as_a_collective_is_given_its_share_of_women(world, school_a, staff_a, council):
    day = datetime.date(2026, 5, 20)
    review_round = tied_round(world, school_a, staff_a, council, day, collective=True)
    with school_a():
        members = Staff.objects.filter(employed_on(day))
        share = members.filter(gender=Staff.Gender.FEMALE).count() / members.count()
        ranked = selectors.ranked_results(review_round, world.school_a)
    school = next(r for r in ranked if r.candidate.staff_id is None)
    assert ranked[-1] is school  # its own title, after the individual titles
    if share >= 0.7:
        assert school.priority_reason.startswith("Ưu tiên: tập thể có ")
    else:
        assert school.priority_reason == ""
