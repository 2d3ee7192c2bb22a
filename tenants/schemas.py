"""The one home of schema switching: every "in public", "in this school" and loop over schools goes
through here, so that a job can never forget to switch back or leave a school's data reachable from
another school's work.

django-tenants keeps the connection's schema on `connection.tenant`/`connection.schema_name`;
`schema_context` restores the previous one on exit even when the body raises."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.models import School


@contextmanager
def in_public() -> Iterator[None]:
    """Run the body on the public schema (the office's tables), whatever schema the caller is on."""
    with schema_context(get_public_schema_name()):
        yield


@contextmanager
def in_school(school: School) -> Iterator[School]:
    """Run the body on `school`'s own schema."""
    with schema_context(school.schema_name):
        yield school


def on_public_schema() -> bool:
    return connection.schema_name == get_public_schema_name()


def current_school() -> School | None:
    """The school whose schema the connection is on; None on public or the template (a service run
    by a script outside any school belongs to no school)."""
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, School):
        return tenant
    return School.objects.filter(schema_name=connection.schema_name).first()


def every_school() -> list[School]:
    """All schools, in a stable order (by code), read from public before any switch."""
    with in_public():
        return list(School.objects.order_by("code"))


def for_each_school(schools: Iterable[School] | None = None) -> Iterator[School]:
    """Each school in turn with the connection on its schema; the caller's schema is restored after
    each one (and if the loop stops early). `schools` defaults to every school."""
    for school in every_school() if schools is None else list(schools):
        with in_school(school):
            yield school


def school_schemas() -> list[tuple[int, str]]:
    """(id, schema name) of every school, for jobs that fan out one task per school."""
    with in_public():
        return list(School.objects.order_by("pk").values_list("pk", "schema_name"))
