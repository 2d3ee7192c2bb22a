import os

# Playwright's sync API keeps an event loop running in the test thread; the test's own database
# reads are still plain synchronous calls, so Django's async guard does not apply to them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
