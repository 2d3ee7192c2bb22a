"""Shared set-up of the emulation tests: school A's staff (the teacher linked to her account) and
helpers to open campaigns and rounds there. Everything a test writes is rolled back."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_school_role
from plans.emulation import services as emulation
from plans.staff.models import Department, Staff
from plans.staff.services import add_staff_member

PASSWORD = "mat-khau-thu-nghiem-2026"


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def school_a(world):
    """A context manager: the connection on school A's schema."""
    return lambda: schema_context(world.school_a.schema_name)


@pytest.fixture
def staff_a(world, school_a):
    secretary = ensure_user(username="thuky.a", full_name="Phạm Thu Thư", password=PASSWORD)
    grant_school_role(secretary, world.school_a, Role.COUNCIL_SECRETARY)
    with school_a():
        principal = Staff.objects.get(user_id=world.principal_a.pk)
        other = Staff.objects.get(full_name="Giáo Viên Trường A")
        teacher = add_staff_member(
            full_name="Trần Văn Ánh",
            gender="nam",
            position="Giáo viên",
            department_name="Tổ khối 1",
            user=world.teacher_a,
        )
        clerk = add_staff_member(
            full_name="Đỗ Thị Văn Thư",
            gender="nu",
            position="Nhân viên văn thư",
            department_name="Tổ Văn phòng",
            teaches=False,
        )
        return SimpleNamespace(
            principal=principal,
            teacher=teacher,
            other=other,
            clerk=clerk,
            secretary_user=secretary,
            block1=Department.objects.get(name="Tổ khối 1"),
            office=Department.objects.get(name="Tổ Văn phòng"),
        )


@pytest.fixture
def make_campaign(world, school_a):
    def make(school_year="2025-2026", opens_on=None, deadline=None):
        with school_a():
            return emulation.open_campaign(
                school_year=school_year,
                opens_on=opens_on or days(-10),
                deadline=deadline or days(5),
                user=world.principal_a,
            )

    return make
