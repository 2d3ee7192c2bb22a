"""Two changes of one school at once: the office's counts end right. Change A adds a staff member (or an
award) and refreshes the facts, its transaction still open; change B adds another and refreshes, and
waits for the facts row that A holds; A commits, then B. The row is locked before B counts, so B's count
is a statement run after A's commit and sees A's row. Counting before the lock (the old order) let B
store a count that missed A's row. Two real connections, committed data, cleaned up afterwards."""

import threading
import time
from dataclasses import dataclass

import pytest
from django.db import connection, connections, transaction
from django_tenants.utils import schema_context

from office.audit.models import AuditEvent
from office.core.school_years import current_school_year, school_year_end
from office.facts.models import COUNTERS, SchoolFacts
from plans.facts.services import count_school_facts, refresh_school_facts
from plans.staff.models import AwardRecord, Staff, Title
from plans.staff.services import add_award, add_staff_member
from tests.conftest import load_world

NAMES = ("Người Thứ Nhất Đồng Thời", "Người Thứ Hai Đồng Thời")
HOLDERS = ("Người Được Khen Thứ Nhất", "Người Được Khen Thứ Hai")
WAIT = 60  # seconds at most for a step of the other connection; a bound on waiting, never asserted


@dataclass
class Scene:
    school: object
    principal: object
    staff: list  # two staff members of the register, committed before the changes run (award case)


@pytest.fixture
def scene(django_db_setup, django_db_blocker):
    """School A of the committed world; what the test commits is removed afterwards and the school's
    facts counted again, so other tests find the world as it was."""
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        world = load_world()
        school = world.school_a
        try:
            with schema_context(school.schema_name):
                staff = [add_staff_member(full_name=name, gender="nam") for name in HOLDERS]
            yield Scene(school=school, principal=world.principal_a, staff=staff)
        finally:
            with schema_context(school.schema_name), transaction.atomic():
                awards = AwardRecord.objects.filter(staff__full_name__in=HOLDERS)
                years = set(awards.values_list("school_year", flat=True)) | {current_school_year()}
                AuditEvent.objects.filter(
                    object_type=AwardRecord._meta.label_lower,
                    object_id__in=[str(pk) for pk in awards.values_list("pk", flat=True)],
                ).delete()
                awards.delete()
                Staff.objects.filter(full_name__in=NAMES + HOLDERS).delete()
                refresh_school_facts(school, years)
            connection.set_schema_to_public()


# Each change runs exactly one refresh: a second one in B would count again after A's commit and hide
# the order of lock and count.
def add_person(scene: Scene, which: int) -> None:
    add_staff_member(full_name=NAMES[which], gender="nu")


def add_an_award(scene: Scene, which: int) -> None:
    """An individual title of the current school year to one of the two staff members."""
    add_award(
        user=scene.principal,
        staff=scene.staff[which],
        year=school_year_end(current_school_year()),
        title=Title.LDTT,
        issuer_name="Hiệu trưởng",
    )


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def waits_on_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"


@pytest.mark.parametrize("first_count", [False, True], ids=["row-kept", "no-row-yet"])
@pytest.mark.parametrize("change", [add_person, add_an_award], ids=["staff", "award"])
def test_two_changes_at_once_leave_the_count_of_both(scene, change, first_count):
    """`first_count`: the year has no facts row yet, so A makes it and B's insert of the same row waits
    for A's commit (and then does nothing) before B locks it and counts."""
    school = scene.school
    year = current_school_year()
    with schema_context(school.schema_name):
        refresh_school_facts(school, year)
    before = SchoolFacts.objects.get(school=school, school_year=year)
    if first_count:
        SchoolFacts.objects.filter(pk=before.pk).delete()

    a_counted, a_may_commit = threading.Event(), threading.Event()
    b_pid: list[int] = []
    errors: list[BaseException] = []

    def change_a() -> None:
        try:
            with schema_context(school.schema_name), transaction.atomic():
                change(scene, 0)
                a_counted.set()
                # Held open until B is seen waiting for the facts row A locked.
                if not a_may_commit.wait(WAIT):
                    raise RuntimeError("change B was never seen waiting for the facts row")
        except BaseException as exc:  # a failure in the thread must fail the test
            errors.append(exc)
            a_counted.set()
        finally:
            connections.close_all()

    def change_b() -> None:
        try:
            with schema_context(school.schema_name), transaction.atomic():
                b_pid.append(backend_pid())
                change(scene, 1)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    thread_a = threading.Thread(target=change_a)
    thread_a.start()
    assert a_counted.wait(WAIT) and not errors, errors
    thread_b = threading.Thread(target=change_b)
    thread_b.start()
    # B must block on A's lock while A is still open; otherwise this test would prove nothing.
    give_up = time.monotonic() + WAIT
    blocked = False
    while not blocked and thread_b.is_alive() and time.monotonic() < give_up:
        blocked = bool(b_pid) and waits_on_a_lock(b_pid[0])
        time.sleep(0.05)
    a_may_commit.set()
    thread_a.join(WAIT)
    thread_b.join(WAIT)
    assert not thread_a.is_alive() and not thread_b.is_alive()
    assert not errors, errors
    assert blocked, "change B finished without waiting for change A's lock"

    connection.set_schema_to_public()
    facts = SchoolFacts.objects.get(school=school, school_year=year)
    with schema_context(school.schema_name):
        true_counts = count_school_facts(year)
    assert {name: getattr(facts, name) for name in COUNTERS} == true_counts
    # Both changes are in the stored figures, not only in a recount.
    if change is add_person:
        assert facts.staff_total == before.staff_total + 2
    else:
        assert facts.awards_total == before.awards_total + 2
        assert facts.awards_teaching == before.awards_teaching + 2
