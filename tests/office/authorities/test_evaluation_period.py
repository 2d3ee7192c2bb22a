"""The end of the evaluation period an office sets (issue 15, item 4): its head sets it for a school year,
within that year, audited; the nearest authority above a school that set one decides; a nomination checked
without a review round speaks for that day, a review round's day still comes first."""

import datetime
import re

import pytest
from django_tenants.utils import schema_context

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_office_role
from office.audit.models import AuditEvent
from office.authorities.models import EvaluationPeriod
from office.authorities.selectors import evaluation_period_of
from office.authorities.services import set_evaluation_period
from office.core.errors import Invalid, Refused
from office.rules.vocabulary import Rating, Title
from plans.nominations import services
from plans.nominations.models import Nomination
from tests.factories.authorities import make_authority
from tests.factories.nominations import SCHOOL_YEAR, closed_round, rate, teacher

END_OF_MAY = datetime.date(2026, 5, 31)


@pytest.fixture
def head(world):
    user = ensure_user(username="truongphong.kydanhgia", full_name="Ngô Văn Trưởng")
    grant_office_role(user, world.office, Role.OFFICE_HEAD)
    return user


def test_the_head_sets_the_day_within_the_year_and_a_change_is_audited_with_the_day_before(world, head):
    set_evaluation_period(world.office, school_year=SCHOOL_YEAR, ends_on=END_OF_MAY, user=head)
    period = set_evaluation_period(
        world.office, school_year="2025 – 2026", ends_on=datetime.date(2026, 6, 15), user=head
    )
    assert EvaluationPeriod.objects.filter(authority=world.office).count() == 1
    assert (period.school_year, period.ends_on, period.set_by) == (
        SCHOOL_YEAR,
        datetime.date(2026, 6, 15),
        head,
    )
    events = list(
        AuditEvent.objects.filter(action="evaluation_period.set", object_id=str(period.pk)).order_by("pk")
    )
    assert [e.before for e in events] == [None, {"ends_on": "2026-05-31"}]
    assert "kết thúc ngày 15/06/2026" in events[-1].summary


@pytest.mark.parametrize(
    ("school_year", "ends_on", "message"),
    [
        (
            SCHOOL_YEAR,
            datetime.date(2026, 9, 1),
            "phải nằm trong năm học 2025-2026 (từ 01/09/2025 đến 31/08/2026)",
        ),
        (SCHOOL_YEAR, datetime.date(2025, 8, 31), "phải nằm trong năm học 2025-2026"),
        ("2025-2027", END_OF_MAY, "không hợp lệ"),
    ],
)
def test_a_day_outside_the_year_or_a_wrong_year_is_refused_and_changes_nothing(
    world, head, school_year, ends_on, message
):
    with pytest.raises(Invalid, match=re.escape(message)):
        set_evaluation_period(world.office, school_year=school_year, ends_on=ends_on, user=head)
    assert not EvaluationPeriod.objects.exists()


def test_only_a_head_of_the_authority_or_one_above_sets_it(world, head):
    for user in (world.specialist, world.other_specialist, world.principal_a):
        with pytest.raises(Refused):
            set_evaluation_period(world.office, school_year=SCHOOL_YEAR, ends_on=END_OF_MAY, user=user)
    with pytest.raises(Refused):
        set_evaluation_period(world.other_office, school_year=SCHOOL_YEAR, ends_on=END_OF_MAY, user=head)
    assert not EvaluationPeriod.objects.exists()


def test_the_nearest_authority_that_set_a_day_decides(world, head):
    assert evaluation_period_of(world.school_a, SCHOOL_YEAR) is None
    city_day = datetime.date(2026, 6, 30)
    EvaluationPeriod.objects.create(authority=world.office.parent, school_year=SCHOOL_YEAR, ends_on=city_day)
    assert evaluation_period_of(world.school_a, SCHOOL_YEAR).ends_on == city_day
    set_evaluation_period(world.office, school_year=SCHOOL_YEAR, ends_on=END_OF_MAY, user=head)
    assert evaluation_period_of(world.school_a, SCHOOL_YEAR).ends_on == END_OF_MAY
    assert evaluation_period_of(world.school_a, "2024-2025") is None
    assert evaluation_period_of(world.school_b, SCHOOL_YEAR).ends_on == city_day  # same city, no own day


def test_a_school_that_changed_authority_in_the_year_keeps_the_day_its_former_office_set(world, head):
    from office.authorities.services import move_school

    set_evaluation_period(
        world.office, school_year="2024-2025", ends_on=datetime.date(2025, 5, 25), user=head
    )
    ward = make_authority("t-ward-eval", parent=world.office.parent, valid_from=datetime.date(2025, 7, 1))
    move_school(world.school_a, to=ward, on=datetime.date(2025, 7, 1), user=None, by_system=True)
    assert evaluation_period_of(world.school_a, "2024-2025").ends_on == datetime.date(2025, 5, 25)
    # The ward's own day, once set, is the nearer one at the year's end.
    EvaluationPeriod.objects.create(
        authority=ward, school_year="2024-2025", ends_on=datetime.date(2025, 8, 15)
    )
    assert evaluation_period_of(world.school_a, "2024-2025").ends_on == datetime.date(2025, 8, 15)


def _new_hire_nomination():
    """Recruited 10/01/2026: four months by the end of May, seven by the end of August."""
    hire = teacher("Phạm Thu Hà", joined_sector_on=datetime.date(2026, 1, 10))
    rate(hire, SCHOOL_YEAR, Rating.EXCELLENT)
    return hire, Nomination.objects.create(school_year=SCHOOL_YEAR, staff=hire, title=Title.LDTT)


def test_a_nomination_without_a_review_round_speaks_for_the_end_the_office_set(world, head):
    set_evaluation_period(world.office, school_year=SCHOOL_YEAR, ends_on=END_OF_MAY, user=head)
    with schema_context(world.school_a.schema_name):
        hire, nomination = _new_hire_nomination()
        services.run_check(nomination, school=world.school_a, user=world.principal_a)
        nomination.refresh_from_db()
        assert nomination.checked_on == END_OF_MAY
        assert nomination.verdict == Nomination.Verdict.NOT_MET  # four months on 31/05, not six
        employment = next(r for r in nomination.check_report if r["code"] == "ldtt.employment")
        assert "31/05/2026" in employment["reason"]
        # A review round of the school's own comes first.
        review_round = closed_round([(hire, Title.LDTT, 14)])
        review_round.meeting_at = datetime.datetime(2026, 8, 20, 14, 0, tzinfo=datetime.UTC)
        review_round.save(update_fields=["meeting_at"])
        services.run_check(nomination, school=world.school_a, user=world.principal_a)
        nomination.refresh_from_db()
        assert nomination.checked_on == datetime.date(2026, 8, 20)


def test_the_node_page_shows_the_days_and_lets_the_head_set_one(world, head, client_for):
    client = client_for(head)
    page = client.get(f"/co-quan/{world.office.pk}/").content.decode()
    assert "Chưa đặt kỳ đánh giá nào" in page and "Lưu ngày kết thúc" in page
    assert page.count('data-testid="evaluation-periods"') == 1  # in the page's body, once
    wrong = client.post(
        f"/co-quan/{world.office.pk}/ky-danh-gia/", {"school_year": SCHOOL_YEAR, "ends_on": "31/13/2026"}
    )
    assert wrong.status_code == 400 and "Ngày ghi dạng dd/mm/yyyy" in wrong.content.decode()
    outside = client.post(
        f"/co-quan/{world.office.pk}/ky-danh-gia/", {"school_year": SCHOOL_YEAR, "ends_on": "01/09/2026"}
    )
    assert outside.status_code == 400 and "phải nằm trong năm học" in outside.content.decode()
    assert not EvaluationPeriod.objects.exists()
    done = client.post(
        f"/co-quan/{world.office.pk}/ky-danh-gia/",
        {"school_year": SCHOOL_YEAR, "ends_on": "31/05/2026"},
        follow=True,
    )
    body = done.content.decode()
    assert "Đã đặt ngày kết thúc kỳ đánh giá năm học 2025-2026: 31/05/2026." in body
    assert "Ngô Văn Trưởng" in body
    # A specialist reads the days but has no form; another office's node is not there at all.
    specialist = client_for(world.specialist)
    page = specialist.get(f"/co-quan/{world.office.pk}/").content.decode()
    assert "31/05/2026" in page and "Lưu ngày kết thúc" not in page
    refused = specialist.post(
        f"/co-quan/{world.office.pk}/ky-danh-gia/", {"school_year": SCHOOL_YEAR, "ends_on": "30/05/2026"}
    )
    assert refused.status_code == 403
    assert (
        client.post(
            f"/co-quan/{world.other_office.pk}/ky-danh-gia/",
            {"school_year": SCHOOL_YEAR, "ends_on": "30/05/2026"},
        ).status_code
        == 404
    )
    assert EvaluationPeriod.objects.get().ends_on == END_OF_MAY
