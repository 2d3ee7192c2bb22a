import os

import pytest
from django_tenants.utils import schema_context

from office.audit.models import PersonalDataRead
from office.submissions.models import Submission
from plans.imports.models import ImportJob
from plans.notifications.models import Notification
from plans.planning.models import DocumentCounter, Plan
from tests.conftest import LIVE_SERVER_QUEUE, load_world
from tests.e2e.axe import Audit, AuditedBrowser
from tests.factories.workers import start_worker, stop_worker

# Playwright's sync API keeps an event loop running in the test thread; the test's own database
# reads are still plain synchronous calls, so Django's async guard does not apply to them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def celery_worker(live_server_url):
    """A worker on the queue the test web server sends to (see `live_server_url`)."""
    process = start_worker(LIVE_SERVER_QUEUE, broker=None)
    yield process
    stop_worker(process)


def remove_school_work(world) -> None:
    """What a browser test made in the two schools, so the committed world stays as conftest built it."""
    for school in (world.school_a, world.school_b):
        with schema_context(school.schema_name):
            # A revision protects the version it revises: unlink them before deleting.
            Plan.objects.update(previous_version=None)
            Plan.objects.all().delete()
            DocumentCounter.objects.all().delete()
            Notification.objects.all().delete()
            ImportJob.objects.all().delete()
            # Pages a browser opened record who read whose data; left behind, they would be the
            # history of the next test's teacher.
            PersonalDataRead.objects.all().delete()
    Submission.objects.filter(school__in=[world.school_a, world.school_b]).delete()


@pytest.fixture
def world(django_db_setup, django_db_blocker):
    """Browser tests talk to another process (gunicorn), which sees only committed rows: so here the
    test's own writes are committed, not rolled back, and removed afterwards."""
    with django_db_blocker.unblock():
        world = load_world()
        yield world
        remove_school_work(world)


@pytest.fixture
def axe_audit():
    return Audit()


@pytest.fixture
def browser(browser, axe_audit):
    """Every page a browser test opens is checked by axe-core after each load (tests/e2e/axe.py); the
    test fails at its end on any critical or serious violation of WCAG 2.1 A/AA."""
    yield AuditedBrowser(browser, axe_audit)
    assert not axe_audit.problems, (
        f"axe: {len(axe_audit.problems)} of {axe_audit.page_views} page views with critical or serious "
        "violations:\n" + "\n".join(axe_audit.problems)
    )


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()
