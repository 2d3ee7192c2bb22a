"""Review rounds: counts entered by the secretary, secret ballots cast in the app, thresholds as
parameters, nothing changes after the round closes, and the minutes in the official format."""

import io
from decimal import Decimal

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_school_role
from office.audit.models import AuditEvent
from office.core.errors import Refused
from office.rules.vocabulary import Title
from plans.emulation import selectors
from plans.emulation import services as emulation
from plans.emulation.minutes import round_minutes_docx
from plans.emulation.models import BallotCast, BallotChoice, CouncilMember, ReviewRound, VoteCount
from plans.staff.services import add_staff_member

CLOSED = "Đợt bình xét đã kết thúc"


def open_round(world, school_a, method, council=(), **kwargs):
    with school_a():
        return emulation.open_review_round(
            school_year="2025-2026", method=method, council=council, user=world.principal_a, **kwargs
        )


def add(world, school_a, review_round, *pairs):
    with school_a():
        return [
            emulation.add_candidate(review_round, staff=s, title=t, user=world.principal_a) for s, t in pairs
        ]


def count(world, school_a, candidate, agree, total, disagree=None):
    with school_a():
        return emulation.record_vote_count(
            candidate,
            agree=agree,
            disagree=total - agree if disagree is None else disagree,
            abstain=0,
            total_voters=total,
            user=world.principal_a,
        )


def results(school_a, review_round):
    with school_a():
        return {
            r.candidate.pk: r for r in selectors.review_results(ReviewRound.objects.get(pk=review_round.pk))
        }


def test_counts_pass_at_the_threshold_and_the_threshold_is_a_parameter(world, client_for, staff_a, school_a):
    review_round = open_round(world, school_a, ReviewRound.Method.COUNTS)
    assert review_round.min_approval_share == Decimal("0.5")
    teacher, other, collective = add(
        world,
        school_a,
        review_round,
        (staff_a.teacher, Title.CSTDCS),
        (staff_a.other, Title.LDTT),
        (None, Title.TTLDTT),
    )
    count(world, school_a, teacher, 15, 20)  # 75 %
    count(world, school_a, other, 10, 20)  # exactly 50 %: passes
    count(world, school_a, collective, 9, 20)  # 45 %
    found = results(school_a, review_round)
    assert [found[c.pk].passed for c in (teacher, other, collective)] == [True, True, False]
    assert found[teacher.pk].share == Decimal("0.75") and found[teacher.pk].share_percent == "75,0%"

    client = client_for(world.principal_a, world.school_a)
    client.post(
        f"/thi-dua/binh-xet/{review_round.pk}/thong-tin/",
        {"name": review_round.name, "min_approval_share": "0,7", "quorum": "0"},
    )
    found = results(school_a, review_round)
    assert [found[c.pk].passed for c in (teacher, other, collective)] == [True, False, False]
    with school_a():
        assert AuditEvent.objects.filter(action="review.changed").get().after["min_approval_share"] == "0.700"
        assert AuditEvent.objects.filter(action="review.vote_counted").count() == 3


def test_a_quorum_fails_a_vote_with_too_few_voters(world, staff_a, school_a):
    review_round = open_round(world, school_a, ReviewRound.Method.COUNTS, quorum=10)
    (teacher,) = add(world, school_a, review_round, (staff_a.teacher, Title.LDTT))
    count(world, school_a, teacher, 8, 8)
    assert results(school_a, review_round)[teacher.pk].passed is False
    count(world, school_a, teacher, 8, 10)
    assert results(school_a, review_round)[teacher.pk].passed is True


def test_counts_are_checked_and_cannot_change_after_the_round_closes(world, client_for, staff_a, school_a):
    review_round = open_round(world, school_a, ReviewRound.Method.COUNTS)
    (teacher,) = add(world, school_a, review_round, (staff_a.teacher, Title.LDTT))
    with school_a(), pytest.raises(emulation.EmulationError, match="vượt quá tổng"):
        emulation.record_vote_count(teacher, agree=8, disagree=5, total_voters=10, user=world.principal_a)
    client = client_for(world.principal_a, world.school_a)
    url = f"/thi-dua/binh-xet/{review_round.pk}/de-nghi/{teacher.pk}/so-phieu/"
    refused_close = client.post(
        f"/thi-dua/binh-xet/{review_round.pk}/ket-thuc/", follow=True
    ).content.decode()
    assert "Còn 1 người chưa nhập số phiếu" in refused_close
    row = client.post(
        url, {"agree": 12, "disagree": 3, "abstain": 0, "total_voters": 15}, HTTP_HX_REQUEST="true"
    )
    assert row.status_code == 200 and 'data-testid="candidate-row"' in row.content.decode()
    assert ">12<" in row.content.decode()
    client.post(f"/thi-dua/binh-xet/{review_round.pk}/ket-thuc/")
    refused = client.post(
        url, {"agree": 1, "disagree": 14, "abstain": 0, "total_voters": 15}, HTTP_HX_REQUEST="true"
    )
    assert refused.status_code == 400 and CLOSED in refused.content.decode()
    with school_a():
        assert VoteCount.objects.get(candidate=teacher).agree == 12
        with pytest.raises(emulation.EmulationError, match=CLOSED):
            emulation.record_vote_count(teacher, agree=1, disagree=0, total_voters=15, user=world.principal_a)
        with pytest.raises(emulation.EmulationError, match=CLOSED):
            emulation.add_candidate(
                review_round, staff=staff_a.other, title=Title.LDTT, user=world.principal_a
            )
        closed = AuditEvent.objects.get(action="review.closed", object_id=str(review_round.pk))
    assert closed.after["results"][0]["agree"] == 12 and closed.after["results"][0]["passed"] is True


@pytest.fixture
def council(world, staff_a):
    member = ensure_user(username="uyvien.a", full_name="Vũ Thị Uỷ Viên", password="x-2026-uy-vien")
    grant_school_role(member, world.school_a, Role.STAFF)
    return [
        (world.principal_a, CouncilMember.Role.CHAIR),
        (staff_a.secretary_user, CouncilMember.Role.SECRETARY),
        (world.teacher_a, CouncilMember.Role.MEMBER),
        (member, CouncilMember.Role.MEMBER),
    ]


def ballot_page(client, review_round):
    return client.get(f"/thi-dua/binh-xet/{review_round.pk}/bo-phieu/").content.decode()


def vote(client, review_round, choices):
    data = {f"candidate_{c.pk}": choice for c, choice in choices.items()}
    return client.post(f"/thi-dua/binh-xet/{review_round.pk}/bo-phieu/", data, follow=True).content.decode()


def test_a_secret_ballot_is_cast_once_hidden_until_closing_and_not_linked_to_voters(
    world, client_for, staff_a, school_a, council
):
    review_round = open_round(world, school_a, ReviewRound.Method.BALLOT, council=council)
    teacher, other = add(
        world, school_a, review_round, (staff_a.teacher, Title.CSTDCS), (staff_a.other, Title.LDTT)
    )
    principal = client_for(world.principal_a, world.school_a)
    teacher_client = client_for(world.teacher_a, world.school_a)
    assert 'data-testid="ballot-form"' in ballot_page(teacher_client, review_round)
    incomplete = vote(teacher_client, review_round, {teacher: "agree"})
    assert "cho từng người" in incomplete
    done = vote(teacher_client, review_round, {teacher: "disagree", other: "agree"})
    assert "Đã ghi nhận phiếu bầu" in done
    again = vote(teacher_client, review_round, {teacher: "agree", other: "agree"})
    assert "Thầy/cô đã bỏ phiếu" in again
    vote(principal, review_round, {teacher: "agree", other: "agree"})
    with school_a():
        assert BallotCast.objects.filter(round=review_round).count() == 2
        assert BallotChoice.objects.filter(candidate__round=review_round).count() == 4
        with pytest.raises(emulation.EmulationError, match="một lần"):
            emulation.cast_ballot(
                review_round, voter=world.teacher_a, choices={teacher.pk: "agree", other.pk: "agree"}
            )

    # Nothing ties a choice to a voter: no voter, no time, random keys in the choices' table.
    with connection.cursor() as cursor:
        columns = [
            c.name
            for c in connection.introspection.get_table_description(cursor, BallotChoice._meta.db_table)
        ]
    assert sorted(columns) == ["candidate_id", "choice", "id"]
    assert BallotChoice._meta.pk.get_internal_type() == "UUIDField"
    with school_a():
        cast_events = AuditEvent.objects.filter(action="review.ballot_cast")
        assert {e.user_id for e in cast_events} == {world.teacher_a.pk, world.principal_a.pk}
        assert all("agree" not in str(e.after) and "disagree" not in str(e.after) for e in cast_events)

    # While open, nobody sees a tally: not the page, not the API, not the selector.
    page = principal.get(f"/thi-dua/binh-xet/{review_round.pk}/").content.decode()
    assert "được công bố khi kết thúc bình xét" in page and 'data-testid="agree"' not in page
    assert 'data-testid="turnout">2<' in page
    api = principal.get(f"/api/v1/review-rounds/{review_round.pk}/candidates/").json()
    assert {row["agree"] for row in api} == {None} and {row["total"] for row in api} == {2}
    assert {r.agree for r in results(school_a, review_round).values()} == {None}

    principal.post(f"/thi-dua/binh-xet/{review_round.pk}/ket-thuc/")
    found = results(school_a, review_round)
    assert (found[teacher.pk].agree, found[teacher.pk].disagree, found[teacher.pk].total) == (1, 1, 2)
    assert found[teacher.pk].passed is True  # 50 %
    assert (found[other.pk].agree, found[other.pk].passed) == (2, True)
    page = principal.get(f"/thi-dua/binh-xet/{review_round.pk}/").content.decode()
    assert 'data-testid="agree">1<' in page and 'data-testid="agree">2<' in page

    # After the close: no more ballots, from any council member.
    member = council[3][0]
    late = vote(client_for(member, world.school_a), review_round, {teacher: "agree", other: "agree"})
    assert "Đợt bình xét đã kết thúc" in late
    with school_a():
        assert BallotCast.objects.filter(round=review_round).count() == 2
        with pytest.raises(emulation.EmulationError, match="kết thúc"):
            emulation.cast_ballot(
                review_round, voter=member, choices={teacher.pk: "agree", other.pk: "agree"}
            )


def test_only_council_members_vote_and_managers_cannot_enter_counts_in_a_ballot(
    world, client_for, staff_a, school_a, council
):
    review_round = open_round(world, school_a, ReviewRound.Method.BALLOT, council=council[:2])
    (teacher,) = add(world, school_a, review_round, (staff_a.teacher, Title.LDTT))
    outsider = client_for(world.teacher_a, world.school_a)
    assert outsider.get(f"/thi-dua/binh-xet/{review_round.pk}/bo-phieu/").status_code == 403
    with school_a():
        with pytest.raises(Refused, match="thành viên Hội đồng"):
            emulation.cast_ballot(review_round, voter=world.teacher_a, choices={teacher.pk: "agree"})
        with pytest.raises(emulation.EmulationError, match="bỏ phiếu kín"):
            emulation.record_vote_count(teacher, agree=1, disagree=0, total_voters=1, user=world.principal_a)
        with pytest.raises(emulation.EmulationError, match="Chưa có thành viên nào bỏ phiếu"):
            emulation.close_round(review_round, school=world.school_a, user=world.principal_a)
        emulation.cast_ballot(review_round, voter=world.principal_a, choices={teacher.pk: "agree"})
        with pytest.raises(emulation.EmulationError, match="không thêm được"):
            emulation.add_candidate(
                review_round, staff=staff_a.other, title=Title.LDTT, user=world.principal_a
            )
        with pytest.raises(emulation.EmulationError, match="không thay đổi được Hội đồng"):
            emulation.set_council(review_round, council, user=world.principal_a)


def test_a_teacher_reads_rounds_but_does_not_manage_them(world, client_for, staff_a, school_a):
    review_round = open_round(world, school_a, ReviewRound.Method.COUNTS)
    (candidate,) = add(world, school_a, review_round, (staff_a.teacher, Title.LDTT))
    teacher = client_for(world.teacher_a, world.school_a)
    assert teacher.get("/thi-dua/binh-xet/").status_code == 200
    assert teacher.get(f"/thi-dua/binh-xet/{review_round.pk}/").status_code == 200
    base = f"/thi-dua/binh-xet/{review_round.pk}"
    for path in (
        "/thi-dua/binh-xet/",
        f"{base}/ket-thuc/",
        f"{base}/hoi-dong/",
        f"{base}/de-nghi/them/",
        f"{base}/de-nghi/lay-tu-dang-ky/",
        f"{base}/de-nghi/{candidate.pk}/xoa/",
        f"{base}/de-nghi/{candidate.pk}/so-phieu/",
        f"{base}/thong-tin/",
    ):
        data = {"school_year": "2025-2026", "method": "counts", "min_approval_share": "0.5", "quorum": 0}
        assert (
            teacher.post(path, {**data, "agree": 1, "disagree": 0, "total_voters": 1}).status_code == 403
        ), path
    with school_a():
        assert ReviewRound.objects.count() == 1 and not VoteCount.objects.exists()
    assert teacher.get(f"{base}/bien-ban.docx").status_code == 404  # not before the close


def test_candidates_come_from_the_standing_registrations_once(world, staff_a, school_a, make_campaign):
    campaign = make_campaign()
    with school_a():
        emulation.register(campaign, staff_a.teacher, title=Title.CSTDCS, user=world.teacher_a)
        returned = emulation.register(
            campaign, staff_a.other, title=Title.LDTT, user=world.principal_a, as_manager=True
        )
        emulation.review_registration(
            returned, approve=False, note="Thiếu minh chứng", user=world.principal_a
        )
        emulation.register_collective(campaign, title=Title.TTLDXS, user=world.principal_a)
    review_round = open_round(world, school_a, ReviewRound.Method.COUNTS)
    with school_a():
        assert emulation.candidates_from_registrations(review_round, user=world.principal_a) == 2
        assert emulation.candidates_from_registrations(review_round, user=world.principal_a) == 0
        found = {(c.staff_id, c.title) for c in selectors.candidates_of(review_round)}
    assert found == {(staff_a.teacher.pk, Title.CSTDCS), (None, Title.TTLDXS)}
    other_year = open_round(world, school_a, ReviewRound.Method.COUNTS)
    with school_a():
        other_year.school_year = "2030-2031"
        other_year.save()
        with pytest.raises(emulation.EmulationError, match="Chưa có đợt đăng ký thi đua năm học 2030-2031"):
            emulation.candidates_from_registrations(other_year, user=world.principal_a)


def closed_counts_round(world, school_a, staff_a, council):
    review_round = open_round(
        world,
        school_a,
        ReviewRound.Method.COUNTS,
        council=council,
        meeting_place="Phòng họp Hội đồng sư phạm",
        locality="Hà Đông",
    )
    teacher, other, collective = add(
        world,
        school_a,
        review_round,
        (staff_a.teacher, Title.CSTDCS),
        (staff_a.other, Title.LDTT),
        (None, Title.TTLDTT),
    )
    count(world, school_a, teacher, 18, 20, disagree=2)
    count(world, school_a, other, 7, 20, disagree=13)
    count(world, school_a, collective, 20, 20)
    with school_a():
        return emulation.close_round(review_round, school=world.school_a, user=world.principal_a)


def test_the_minutes_carry_the_number_title_council_and_vote_counts(
    world, client_for, staff_a, school_a, council
):
    review_round = closed_counts_round(world, school_a, staff_a, council)
    abbreviation = world.school_a.abbreviation
    assert review_round.minutes_number == f"01/BB-{abbreviation}"
    response = client_for(world.teacher_a, world.school_a).get(
        f"/thi-dua/binh-xet/{review_round.pk}/bien-ban.docx"
    )
    assert response.status_code == 200 and "wordprocessingml" in response["Content-Type"]
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert f"Số: 01/BB-{abbreviation}" in cells
    assert "BIÊN BẢN" in text
    assert "Họp Hội đồng Thi đua – Khen thưởng xét danh hiệu thi đua năm học 2025-2026" in text
    assert "Phòng họp Hội đồng sư phạm" in text and "Vũ Thị Uỷ Viên" in text
    assert "Thư ký Hội đồng: Phạm Thu Thư." in text  # the secretary, named in the closing
    assert any(cell.startswith("Hà Đông, ngày") for cell in cells)
    results_table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    rows = [[cell.text for cell in row.cells] for row in results_table.rows]
    assert rows[0] == ["STT", "Họ và tên", "Danh hiệu đề nghị", "Số phiếu đồng ý", "Tỷ lệ", "Kết quả"]
    assert rows[1:] == [
        ["1", "Giáo Viên Trường A", "Lao động tiên tiến", "7/20", "35,0%", "Không đạt"],
        ["2", "Trần Văn Ánh", "Chiến sĩ thi đua cơ sở", "18/20", "90,0%", "Đạt"],
        ["3", "Tập thể nhà trường", "Tập thể lao động tiên tiến", "20/20", "100,0%", "Đạt"],
    ]
    assert "CHỦ TỊCH HỘI ĐỒNG" in cells[-1] and "Nguyễn Thị An" in cells[-1]  # the chair signs
    with school_a():
        assert round_minutes_docx(review_round)[:2] == b"PK"  # callable from a dossier, in the schema
        # The next minutes of the year take the next number of the register.
        second = closed_counts_round(world, school_a, staff_a, council)
    assert second.minutes_number == f"02/BB-{abbreviation}"


def test_passed_candidates_lists_only_closed_rounds_of_the_year(world, staff_a, school_a, council):
    review_round = closed_counts_round(world, school_a, staff_a, council)
    open_round(world, school_a, ReviewRound.Method.COUNTS)
    with school_a():
        passed = selectors.passed_candidates("2025-2026")
        assert {(r.candidate.staff_id, r.candidate.title) for r in passed} == {
            (staff_a.teacher.pk, Title.CSTDCS),
            (None, Title.TTLDTT),
        }
        assert {r.candidate.round_id for r in passed} == {review_round.pk}
        assert selectors.passed_candidates("2024-2025") == []


def test_another_schools_round_answers_404(world, client_for, school_a):
    from django_tenants.utils import schema_context

    with schema_context(world.school_b.schema_name):
        other = emulation.open_review_round(school_year="2031-2032", method="counts", user=world.principal_b)
    client = client_for(world.principal_a, world.school_a)
    with school_a():
        assert not ReviewRound.objects.filter(pk=other.pk).exists()
    assert client.get(f"/thi-dua/binh-xet/{other.pk}/").status_code == 404
    assert client.post(f"/thi-dua/binh-xet/{other.pk}/ket-thuc/").status_code == 404
    assert client.get(f"/api/v1/review-rounds/{other.pk}/").status_code == 404


def test_round_pages_cost_the_same_queries_for_few_and_many_candidates(
    world, client_for, staff_a, school_a, council
):
    review_round = open_round(world, school_a, ReviewRound.Method.COUNTS, council=council)
    (first,) = add(world, school_a, review_round, (staff_a.teacher, Title.LDTT))
    count(world, school_a, first, 10, 12)
    client = client_for(world.principal_a, world.school_a)
    urls = [f"/thi-dua/binh-xet/{review_round.pk}/", "/thi-dua/binh-xet/"]
    for url in urls:
        client.get(url)
    few = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        few.append(len(queries))
    with school_a():
        for index in range(20):
            member = add_staff_member(
                full_name=f"Ứng viên {index:02d}", gender="nu", department_name="Tổ khối 2"
            )
            candidate = emulation.add_candidate(
                review_round, staff=member, title=Title.LDTT, user=world.principal_a
            )
            emulation.record_vote_count(
                candidate, agree=9, disagree=3, total_voters=12, user=world.principal_a
            )
        for year in range(2020, 2024):
            emulation.open_review_round(
                school_year=f"{year}-{year + 1}", method="ballot", user=world.principal_a
            )
    many = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        many.append(len(queries))
    assert response.content.decode().count("Bình xét thi đua năm học") >= 5
    assert many == few


def test_the_ballot_page_costs_the_same_queries_for_few_and_many_candidates(
    world, client_for, staff_a, school_a, council
):
    review_round = open_round(world, school_a, ReviewRound.Method.BALLOT, council=council)
    add(world, school_a, review_round, (staff_a.teacher, Title.LDTT))
    client = client_for(world.teacher_a, world.school_a)
    url = f"/thi-dua/binh-xet/{review_round.pk}/bo-phieu/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    with school_a():
        for index in range(15):
            member = add_staff_member(
                full_name=f"Ứng viên {index:02d}", gender="nu", department_name="Tổ khối 2"
            )
            emulation.add_candidate(review_round, staff=member, title=Title.LDTT, user=world.principal_a)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count('value="agree"') == 16
    assert len(many) == len(few)
