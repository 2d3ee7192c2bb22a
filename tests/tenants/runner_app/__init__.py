"""A school-side app that exists only in the migration runner's tests (tests/tenants/runner_settings.py),
in a database of their own: three releases of real migrations (a table; a column, an index and a data
migration; another column and index with a slow data migration) that never join the project's graph."""
