"""The people of Trường Tiểu học A around its good examples: a department head of Tổ khối 1 with a
teacher of that department, a teacher of another department, a vice principal; and a movement the
office launched for the year."""

from dataclasses import dataclass

import pytest
from django_tenants.utils import schema_context

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_school_role
from office.movements.models import Movement
from plans.staff.models import Department, Staff
from tests.factories.nominations import school_year_data  # noqa: F401 - the fixture

SCHOOL_YEAR = "2025-2026"


@dataclass
class ExamplePeople:
    head: object  # the account of Tổ khối 1's head
    vice: object
    khoi1: Department
    khoi2: Department
    teacher: Staff  # Trần Văn Ánh, Tổ khối 1, the world's teacher_a
    other: Staff  # a teacher of Tổ khối 2
    movement: Movement
    other_movement: Movement


@pytest.fixture
def ex(world) -> ExamplePeople:
    head = ensure_user(username="totruong.a", full_name="Phan Thị Tổ Trưởng")
    vice = ensure_user(username="phohieutruong.ex", full_name="Đỗ Thị Phó")
    grant_school_role(head, world.school_a, Role.DEPARTMENT_HEAD)
    grant_school_role(vice, world.school_a, Role.VICE_PRINCIPAL)
    movement = Movement.objects.create(
        authority=world.office, name="Đổi mới, sáng tạo trong dạy và học", school_year=SCHOOL_YEAR
    )
    other_movement = Movement.objects.create(
        authority=world.other_office, name="Phong trào của phòng khác", school_year=SCHOOL_YEAR
    )
    with schema_context(world.school_a.schema_name):
        khoi1, _ = Department.objects.get_or_create(name="Tổ khối 1")
        khoi2, _ = Department.objects.get_or_create(name="Tổ khối 2")
        Staff.objects.create(full_name="Phan Thị Tổ Trưởng", gender="nu", department=khoi1, user=head)
        teacher = Staff.objects.create(
            full_name="Trần Văn Ánh", gender="nam", department=khoi1, user=world.teacher_a
        )
        other = Staff.objects.create(full_name="Ngô Văn Khác Tổ", gender="nam", department=khoi2)
    return ExamplePeople(head, vice, khoi1, khoi2, teacher, other, movement, other_movement)


def propose(world, ex, user=None, **fields):
    """A proposal for the teacher of Tổ khối 1 by the department head (in school A's schema)."""
    from plans.examples.services import propose_example

    values = {
        "school_year": SCHOOL_YEAR,
        "subject": "person",
        "staff": ex.teacher,
        "title": "Thầy giáo tận tụy với học sinh khuyết tật học hòa nhập",
        "story": "Ba năm liền thầy kèm riêng em Minh đọc chữ nổi mỗi chiều thứ Sáu.",
        "achievements": ["Lớp 1A3 100% học sinh hoàn thành chương trình", "- Giáo viên dạy giỏi cấp trường"],
        "movement_ids": [ex.movement.pk],
    }
    values.update(fields)
    return propose_example(school=world.school_a, user=user or ex.head, **values)
