"""The demo office and its schools, loaded by `manage.py load_demo`: one module per part of the
platform, each written through that part's own services, so the demo shows every feature alive and
proves the services on real-looking data. Nothing outside this package imports it."""
