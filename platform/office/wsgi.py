import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "office.settings")

application = get_wsgi_application()


def _freeze_startup_objects() -> None:
    """Load both URL configurations (the office host's and the schools'), and with them every view,
    form and serializer module, then take everything made so far out of the garbage collector's
    reach (`gc.freeze`). These objects live as long as the process; without this, each full
    collection, which a large page's short-lived objects set off now and then, walks the whole of
    Django again: 85 ms of a 1,000-school dashboard request (bench/dashboard.py), the requests that
    made its p95. New objects are still collected as usual."""
    from django.conf import settings
    from django.urls import get_resolver

    for urlconf in (settings.PUBLIC_SCHEMA_URLCONF, settings.ROOT_URLCONF):
        get_resolver(urlconf).url_patterns  # noqa: B018 - imports the views
    gc.collect()
    gc.freeze()


_freeze_startup_objects()
