import os

# Playwright's sync API keeps an event loop running in the test thread; the test's own database
# reads are still plain synchronous calls, so Django's async guard does not apply to them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


import pytest

from tests.conftest import load_world


@pytest.fixture
def world(django_db_setup, django_db_blocker):
    """Browser tests talk to another process (gunicorn), which sees only committed rows: so here the
    test's own writes are committed, not rolled back. Each test writes data of its own."""
    with django_db_blocker.unblock():
        yield load_world()
