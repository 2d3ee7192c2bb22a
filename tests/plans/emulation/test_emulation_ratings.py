"""Staff ratings: one form for the whole staff or a department, audited, read back by end year."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from office.audit.models import AuditEvent
from office.rules.vocabulary import Rating
from plans.emulation import selectors
from plans.emulation import services as emulation
from plans.emulation.models import StaffRating
from plans.staff.services import add_staff_member

PAGE = "/thi-dua/danh-gia/"


def test_the_ratings_form_saves_the_filtered_department_in_one_post(world, client_for, staff_a, school_a):
    client = client_for(world.principal_a, world.school_a)
    page = client.get(f"{PAGE}?nam-hoc=2024-2025&to={staff_a.block1.pk}").content.decode()
    assert "Trần Văn Ánh" in page and "Đỗ Thị Văn Thư" not in page  # another department
    response = client.post(
        PAGE,
        {
            "nam-hoc": "2024-2025",
            "to": staff_a.block1.pk,
            f"rating_{staff_a.teacher.pk}": Rating.EXCELLENT,
            f"note_{staff_a.teacher.pk}": "Giáo viên dạy giỏi cấp quận",
            f"rating_{staff_a.other.pk}": Rating.GOOD,
            # Outside the filter: ignored even if posted.
            f"rating_{staff_a.clerk.pk}": Rating.NOT_COMPLETED,
        },
    )
    assert response.status_code == 302 and "nam-hoc=2024-2025" in response.url
    with school_a():
        rows = {r.staff_id: r for r in StaffRating.objects.all()}
        assert set(rows) == {staff_a.teacher.pk, staff_a.other.pk}
        assert rows[staff_a.teacher.pk].note == "Giáo viên dạy giỏi cấp quận"
        assert rows[staff_a.teacher.pk].rated_by_id == world.principal_a.pk
        assert selectors.ratings_by_year(staff_a.teacher) == {2025: Rating.EXCELLENT}
        assert AuditEvent.objects.filter(action="rating.set").count() == 2
    again = client.get(f"{PAGE}?nam-hoc=2024-2025&to={staff_a.block1.pk}").content.decode()
    assert f'value="{Rating.EXCELLENT}" selected' in again


def test_set_ratings_changes_only_what_differs_and_clears_on_empty(world, staff_a, school_a):
    with school_a():
        assert (
            emulation.set_ratings(
                school_year="2023-2024", ratings={staff_a.teacher.pk: Rating.GOOD}, user=world.principal_a
            )
            == 1
        )
        emulation.set_ratings(
            school_year="2024–2025", ratings={staff_a.teacher.pk: Rating.EXCELLENT}, user=world.principal_a
        )
        assert selectors.ratings_by_year(staff_a.teacher) == {2024: Rating.GOOD, 2025: Rating.EXCELLENT}
        assert (
            emulation.set_ratings(
                school_year="2023-2024", ratings={staff_a.teacher.pk: Rating.GOOD}, user=world.principal_a
            )
            == 0
        )
        assert (
            emulation.set_ratings(
                school_year="2023-2024", ratings={staff_a.teacher.pk: ""}, user=world.principal_a
            )
            == 1
        )
        assert selectors.ratings_by_year(staff_a.teacher) == {2025: Rating.EXCELLENT}
        cleared = AuditEvent.objects.filter(action="rating.set", after__isnull=True).get()
        assert cleared.before == {"rating": Rating.GOOD, "note": ""}
        assert selectors.ratings_by_staff([staff_a.teacher.pk, staff_a.other.pk]) == {
            staff_a.teacher.pk: {2025: Rating.EXCELLENT}
        }


def test_bad_ratings_are_refused_whole(world, staff_a, school_a):
    with school_a():
        with pytest.raises(emulation.EmulationError, match="không hợp lệ"):
            emulation.set_ratings(
                school_year="2024-2025",
                ratings={staff_a.teacher.pk: Rating.GOOD, staff_a.other.pk: "gioi"},
                user=world.principal_a,
            )
        with pytest.raises(emulation.EmulationError, match="Năm học"):
            emulation.set_ratings(school_year="2024-2026", ratings={}, user=world.principal_a)
        assert not StaffRating.objects.exists()


def test_a_teacher_does_not_open_the_ratings_page(world, client_for, staff_a, school_a):
    teacher = client_for(world.teacher_a, world.school_a)
    assert teacher.get(PAGE).status_code == 403
    assert teacher.post(PAGE, {f"rating_{staff_a.teacher.pk}": Rating.EXCELLENT}).status_code == 403
    with school_a():
        assert not StaffRating.objects.exists()


def test_the_ratings_page_costs_the_same_queries_for_few_and_many_people(
    world, client_for, staff_a, school_a
):
    client = client_for(world.principal_a, world.school_a)
    url = f"{PAGE}?nam-hoc=2025-2026"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    with school_a():
        members = [
            add_staff_member(full_name=f"Người {i:02d}", gender="nu", department_name=f"Tổ {i % 3}")
            for i in range(25)
        ]
        emulation.set_ratings(
            school_year="2025-2026", ratings={m.pk: Rating.GOOD for m in members}, user=world.principal_a
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count('name="rating_') == 29
    assert len(many) == len(few)
