"""The people of Trường Tiểu học A who take part in an initiative review (tests.factories.initiatives
builds the rest)."""

import pytest
from django_tenants.utils import schema_context

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_school_role
from plans.staff.models import Department, Staff
from tests.factories.initiatives import People


@pytest.fixture
def people(world) -> People:
    vice = ensure_user(username="phohieutruong.a", full_name="Đỗ Thị Phó")
    colleague_user = ensure_user(username="dongnghiep.a", full_name="Vũ Thị Cùng Tổ")
    other_user = ensure_user(username="khactonguoi.a", full_name="Ngô Văn Khác Tổ")
    third = ensure_user(username="thuky.a", full_name="Lý Thị Thư Ký")
    grant_school_role(vice, world.school_a, Role.VICE_PRINCIPAL)
    grant_school_role(colleague_user, world.school_a, Role.STAFF)
    grant_school_role(other_user, world.school_a, Role.STAFF)
    grant_school_role(third, world.school_a, Role.COUNCIL_SECRETARY)
    with schema_context(world.school_a.schema_name):
        khoi1, _ = Department.objects.get_or_create(name="Tổ khối 1")
        khoi2, _ = Department.objects.get_or_create(name="Tổ khối 2")
        teacher = Staff.objects.create(
            full_name="Trần Văn Ánh", gender="nam", department=khoi1, user=world.teacher_a
        )
        colleague = Staff.objects.create(
            full_name="Vũ Thị Cùng Tổ", gender="nu", department=khoi1, user=colleague_user
        )
        other = Staff.objects.create(
            full_name="Ngô Văn Khác Tổ", gender="nam", department=khoi2, user=other_user
        )
        Staff.objects.create(full_name="Đỗ Thị Phó", gender="nu", position="Phó Hiệu trưởng", user=vice)
    return People(teacher, colleague_user, colleague, vice, other_user, other, third)


@pytest.fixture
def in_school_a(world):
    with schema_context(world.school_a.schema_name):
        yield
