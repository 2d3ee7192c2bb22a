"""Spare school schemas (tenants/spares.py): made ahead from the template, renamed into a new school.

Most of these tests need committed schemas (pg_dump and a second connection see only those), so they
run outside the per-test transaction, in the `pool` fixture, which removes what they made."""

import threading

import pytest
from django.db import connection, connections, transaction
from django_tenants.utils import schema_exists

from office.authorities.models import Authority
from office.celery import app
from tenants.migration_runner import migrate_every_school, schema_fingerprint
from tenants.models import Domain, School, SpareSchema
from tenants.provisioning import create_school, template_schema
from tenants.schemas import every_school, for_each_school, school_schemas
from tenants.spares import replenish_spares, take_spare
from tenants.tasks import refill_spare_schemas
from tests.tenants.test_provisioning import schema_only_dump


class Pool:
    """Committed spares and schools of one test, all removed at its end."""

    def __init__(self):
        self.codes: list[str] = []

    def spares(self) -> list[str]:
        return list(SpareSchema.objects.order_by("id").values_list("schema_name", flat=True))

    def create(self, code: str) -> School:
        self.codes.append(code)
        return create_school(
            code=code, name=f"Trường {code}", level="thcs", authority=Authority.objects.get(code="t-office")
        )

    def clean(self) -> None:
        connection.set_schema_to_public()
        for code in self.codes:
            school = School.objects.filter(code=code).first()
            if school is not None:
                Domain.objects.filter(tenant=school).delete()
                school.delete()
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{code}" CASCADE')
        for spare in self.spares():
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{spare}" CASCADE')
        SpareSchema.objects.all().delete()


@pytest.fixture
def pool(django_db_setup, django_db_blocker, settings):
    settings.SCHOOL_SPARE_SCHEMAS = 2
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        pool = Pool()
        try:
            yield pool
        finally:
            pool.clean()


def test_a_school_made_from_a_spare_is_identical_to_the_template(pool):
    assert replenish_spares() == 2
    first, second = pool.spares()

    school = pool.create("tuspare")

    assert not schema_exists(first) and pool.spares() == [second]
    assert schema_exists("tuspare") and school.schema_name == "tuspare"
    assert schema_only_dump("tuspare") == schema_only_dump(template_schema())
    assert schema_fingerprint("tuspare") == schema_fingerprint(template_schema())
    assert Domain.objects.get(tenant=school).domain == school.host


def test_two_creations_at_once_take_different_spares(pool):
    replenish_spares()
    both_hold_one = threading.Barrier(2, timeout=30)
    taken: dict[int, str | None] = {}
    errors = []

    def creation(number: int) -> None:
        try:
            with transaction.atomic():
                taken[number] = take_spare(f"cungluc{number}")
                # Both transactions hold their spare at once; then both roll back.
                both_hold_one.wait()
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
        except Exception as exc:  # a failure in the thread must fail the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=creation, args=(number,)) for number in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert taken[1] and taken[2] and taken[1] != taken[2]
    assert set(taken.values()) == set(pool.spares())  # rolled back: both are in the pool again


def test_two_schools_created_at_once_each_get_a_spare(pool):
    replenish_spares()
    spares = set(pool.spares())
    start = threading.Barrier(2, timeout=30)
    errors = []
    pool.codes += ["songsong1", "songsong2"]

    def creation(code: str) -> None:
        try:
            start.wait()
            create_school(
                code=code,
                name=f"Trường {code}",
                level="thcs",
                authority=Authority.objects.get(code="t-office"),
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=creation, args=(code,)) for code in ("songsong1", "songsong2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert pool.spares() == [] and not any(schema_exists(spare) for spare in spares)
    template = schema_only_dump(template_schema())
    assert schema_only_dump("songsong1") == template and schema_only_dump("songsong2") == template


def test_a_spare_of_an_older_template_is_never_used_and_is_replaced(pool, settings):
    settings.SCHOOL_SPARE_SCHEMAS = 1
    replenish_spares()
    (stale,) = pool.spares()
    # As if copied before the template's last migration: one migration fewer, and its fingerprint.
    with connection.cursor() as cursor:
        cursor.execute(
            f'DELETE FROM "{stale}".django_migrations WHERE id = (SELECT max(id) FROM "{stale}".django_migrations)'
        )
    SpareSchema.objects.filter(schema_name=stale).update(template_fingerprint=schema_fingerprint(stale))

    with transaction.atomic():
        assert take_spare("khongdung") is None
    school = pool.create("trmoi")

    assert schema_exists(stale)  # the school was copied from the template instead
    assert schema_fingerprint(school.schema_name) == schema_fingerprint(template_schema())
    assert replenish_spares() == 1
    assert not schema_exists(stale)
    (fresh,) = pool.spares()
    assert fresh != stale
    assert SpareSchema.objects.get().template_fingerprint == schema_fingerprint(template_schema())


def test_spares_are_not_schools_anywhere_schools_are_listed(pool):
    replenish_spares()
    spares = set(pool.spares())
    assert all(schema_exists(spare) for spare in spares)
    schools = School.objects.count()

    assert not spares & {school.schema_name for school in every_school()}
    assert not spares & {school.schema_name for school in for_each_school()}
    # Backups fan out over school_schemas (tenants.tasks.back_up_all_schools).
    assert not spares & {schema for _pk, schema in school_schemas()}
    report = migrate_every_school(verbosity=0)
    assert report.schools == schools and report.up_to_date == schools and not report.failed
    assert set(pool.spares()) == spares  # fresh spares are kept as they are


def test_the_refill_task_fills_the_pool_after_a_school_takes_a_spare(pool):
    assert refill_spare_schemas.apply().get() == 2
    assert refill_spare_schemas.apply().get() == 0  # full: nothing to make
    before = set(pool.spares())

    # The refill is sent when the creation commits; run in-process here (no worker in the tests).
    app.conf.task_always_eager = True
    try:
        pool.create("bosung")
    finally:
        app.conf.task_always_eager = False

    after = set(pool.spares())
    assert len(after) == 2 and len(before & after) == 1
    assert all(schema_fingerprint(spare) == schema_fingerprint(template_schema()) for spare in after)


def test_no_spare_is_made_or_taken_while_the_migration_runner_holds_the_template(pool):
    from tenants.spares import TEMPLATE_LOCK_KEY

    replenish_spares()
    spares = pool.spares()
    SpareSchema.objects.filter(schema_name=spares[0]).delete()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA "{spares[0]}" CASCADE')
    runner = connections.create_connection("default")
    try:
        with runner.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [TEMPLATE_LOCK_KEY])
        assert replenish_spares() == 0 and pool.spares() == spares[1:]
        with transaction.atomic():
            assert take_spare("trongluc") is None
    finally:
        runner.close()
    assert replenish_spares() == 1
    with transaction.atomic():
        assert take_spare("saulanchay") == spares[1]
        transaction.set_rollback(True)


def test_with_no_spare_ready_a_school_is_copied_from_the_template(world, settings):
    settings.SCHOOL_SPARE_SCHEMAS = 3
    assert not SpareSchema.objects.exists()
    school = create_school(code="khongsan", name="Trường Không Sẵn", level="thcs", authority=world.office)
    assert schema_exists("khongsan")
    assert schema_fingerprint(school.schema_name) == schema_fingerprint(template_schema())


def test_beat_keeps_the_pool_full(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["refill-spare-schemas"]
    assert entry["task"] == refill_spare_schemas.name and entry["task"] in app.tasks
    assert entry["schedule"].minute == set(range(0, 60, 10))
