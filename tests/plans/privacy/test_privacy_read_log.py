"""Reads of a person's data by anyone else are recorded in the school's own schema (who, role, whose,
when, what, where), reads of one's own data are not, and the person sees the entries on "Ai đã xem dữ
liệu của tôi" and over the API. One INSERT per read, counted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from office.audit.models import PersonalDataRead
from tests.plans.privacy.conftest import in_a

Kind = PersonalDataRead.Kind


def reads(world, **filters) -> list[PersonalDataRead]:
    return in_a(world, lambda: list(PersonalDataRead.objects.filter(**filters).order_by("pk")))


def inserts_into_the_log(queries) -> int:
    return sum(1 for q in queries if q["sql"].startswith('INSERT INTO "audit_personaldataread"'))


def test_a_colleague_reading_a_record_is_logged_with_who_whose_when_what(world, people, teacher):
    colleague = people["colleague"]
    with CaptureQueriesContext(connection) as queries:
        assert teacher.get(f"/can-bo/{colleague.pk}/").status_code == 200
    assert inserts_into_the_log(queries) == 1
    [read] = reads(world)
    assert read.subjects == [colleague.pk] and read.count == 1
    assert read.reader_id == world.teacher_a.pk and read.reader_name == "Trần Văn Ánh"
    assert read.reader_role == "Cán bộ, giáo viên, nhân viên" and read.organisation == "Trường Tiểu học A"
    assert read.kind == Kind.RECORD and read.object_label == "Phạm Thị Kín"
    assert read.route == f"/can-bo/{colleague.pk}/" and read.at is not None


def test_reading_ones_own_record_periods_and_list_is_not_logged(world, people, teacher):
    me = people["me"]
    assert teacher.get(f"/can-bo/{me.pk}/").status_code == 200
    assert teacher.get(f"/api/v1/staff/{me.pk}/").status_code == 200
    assert teacher.get(f"/api/v1/staff/{me.pk}/periods/").status_code == 200
    assert teacher.get("/can-bo/").status_code == 200  # a teacher's list shows no dates of birth
    assert reads(world) == []


def test_the_managers_reads_of_a_record_its_periods_and_the_register_are_logged(world, people, principal):
    colleague = people["colleague"]
    principal.get(f"/can-bo/{colleague.pk}/")
    principal.get(f"/api/v1/staff/{colleague.pk}/periods/")
    principal.get(f"/api/v1/staff/{colleague.pk}/")
    [record, periods, api_record] = reads(world)
    assert record.kind == Kind.RECORD and "giai đoạn" in record.object_label
    assert periods.kind == Kind.STATUS_PERIODS and periods.subjects == [colleague.pk]
    assert api_record.route == f"/api/v1/staff/{colleague.pk}/"
    assert record.reader_role == "Hiệu trưởng"


@pytest.mark.parametrize("path", ["/can-bo/", "/api/v1/staff/"])
def test_a_list_with_dates_of_birth_is_one_entry_with_its_count(world, people, principal, path):
    with CaptureQueriesContext(connection) as queries:
        assert principal.get(path).status_code == 200
    assert inserts_into_the_log(queries) == 1
    [read] = reads(world)
    # The principal's own entry ("Nguyễn Thị An") is left out; everyone else on the page is named.
    assert {s.pk for s in people.values()} <= set(read.subjects) and read.kind == Kind.REGISTER
    assert read.count == len(read.subjects) == 3  # Ánh, Kín, Giáo Viên Trường A


def test_the_person_sees_who_read_their_data_paged_and_over_the_api(world, people, principal, client_for):
    me = people["me"]
    for _ in range(35):  # more than a page of 30
        principal.get(f"/can-bo/{me.pk}/")
    teacher = client_for(world.teacher_a, world.school_a)
    html = teacher.get("/du-lieu-ca-nhan/").content.decode()
    assert "Ai đã xem dữ liệu của tôi" in html and "Nguyễn Thị An" in html and "Hiệu trưởng" in html
    assert "Trang 1/2" in html
    assert "Trang 2/2" in teacher.get("/du-lieu-ca-nhan/?trang=2").content.decode()
    body = teacher.get("/api/v1/my-data-reads/").json()
    assert body["count"] == 35
    assert body["results"][0]["reader_name"] == "Nguyễn Thị An" and body["results"][0]["kind"] == "record"
    # The colleague's reads are not the teacher's to see.
    principal.get(f"/can-bo/{people['colleague'].pk}/")
    assert teacher.get("/api/v1/my-data-reads/").json()["count"] == 35


def test_a_member_without_a_record_sees_an_empty_page(world, client_for):
    response = client_for(world.principal_b, world.school_b).get("/du-lieu-ca-nhan/")
    assert response.status_code == 200


def test_the_page_is_the_schools_members_only(world, people, client_for):
    assert client_for(world.outsider, world.school_a).get("/du-lieu-ca-nhan/").status_code in (302, 403, 404)
    assert client_for(world.principal_b, world.school_a).get("/api/v1/my-data-reads/").status_code in (
        403,
        404,
    )


def test_no_request_reaches_another_schools_person(world, people, client_for):
    """The principal of school B asks school A's host and its own host for school A's people: nothing
    is shown and nothing is logged in either school."""
    colleague = people["colleague"]
    other = client_for(world.principal_b, world.school_b)
    assert other.get(f"/can-bo/{colleague.pk + 1000}/").status_code == 404
    foreign = client_for(world.principal_b, world.school_a)
    assert foreign.get(f"/can-bo/{colleague.pk}/").status_code in (302, 403, 404)
    assert foreign.get(f"/du-lieu-ca-nhan/can-bo/{colleague.pk}/xuat.zip").status_code in (302, 403, 404)
    assert reads(world) == []
    with schema_context(world.school_b.schema_name):
        assert not PersonalDataRead.objects.exists()
