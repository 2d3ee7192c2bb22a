"""Two changes of one school at once: the office's counts end right. The facts row is locked before the
second change counts, so it sees the first change's committed row (two real connections)."""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django_tenants.utils import schema_context

from office.core.school_years import current_school_year
from office.facts.models import SchoolFacts
from plans.staff.models import Staff
from plans.staff.services import add_staff_member
from tests.conftest import load_world


@pytest.fixture
def school(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        school = load_world().school_a
        names = ("Người Thứ Nhất Đồng Thời", "Người Thứ Hai Đồng Thời")
        try:
            yield school
        finally:
            with schema_context(school.schema_name):
                Staff.objects.filter(full_name__in=names).delete()
                from plans.facts.services import refresh_school_facts

                refresh_school_facts(school)
            connection.set_schema_to_public()


def test_two_changes_at_once_leave_the_count_of_both(school):
    first_counted = threading.Event()
    errors = []

    def change(name: str, *, first: bool) -> None:
        try:
            if not first:
                first_counted.wait(timeout=30)
            with schema_context(school.schema_name), transaction.atomic():
                add_staff_member(full_name=name, gender="nu")
                if first:
                    first_counted.set()
                    time.sleep(1.0)  # the second change counts (or waits) while this one is open
        except Exception as exc:  # a failure in the thread must fail the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=change, args=("Người Thứ Nhất Đồng Thời",), kwargs={"first": True}),
        threading.Thread(target=change, args=("Người Thứ Hai Đồng Thời",), kwargs={"first": False}),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    with schema_context(school.schema_name):
        working = Staff.objects.exclude(status=Staff.Status.LEFT).count()
    facts = SchoolFacts.objects.get(school=school, school_year=current_school_year())
    assert facts.staff_total == working
