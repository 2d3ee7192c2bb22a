"""People of Trường Tiểu học A for the personal-data tests: the teacher's own record (tied to their
account) and a colleague with a date of birth and a discipline period."""

import datetime

import pytest
from django_tenants.utils import schema_context

from plans.staff import services
from plans.staff.models import Staff, StaffStatusPeriod
from tests.factories.nominations import school_year_data  # noqa: F401 - the fixture
from tests.office.submissions.conftest import send  # noqa: F401 - the fixture

D = datetime.date


def in_a(world, func):
    with schema_context(world.school_a.schema_name):
        return func()


@pytest.fixture
def people(world):
    """{"me": the teacher's record, "colleague": another teacher with a secret or two}."""

    def make():
        me = services.create_staff(
            user=world.principal_a, full_name="Trần Văn Ánh", gender="nam", date_of_birth=D(1991, 4, 2)
        )
        Staff.objects.filter(pk=me.pk).update(user_id=world.teacher_a.pk)
        me.refresh_from_db()
        colleague = services.create_staff(
            user=world.principal_a, full_name="Phạm Thị Kín", gender="nu", date_of_birth=D(1987, 11, 23)
        )
        StaffStatusPeriod.objects.create(
            staff=colleague, kind=StaffStatusPeriod.Kind.MATERNITY, starts_on=D(2025, 2, 1)
        )
        return {"me": me, "colleague": colleague}

    return in_a(world, make)


@pytest.fixture
def principal(world, client_for):
    return client_for(world.principal_a, world.school_a)


@pytest.fixture
def teacher(world, client_for):
    return client_for(world.teacher_a, world.school_a)
