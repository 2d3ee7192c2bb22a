"""A school-side app that exists only in bench/migrate.py's database: its table is one more school
table, and its second release adds a nullable column and an index to it, so the bench times a real
Django migration through the runner without touching the project's own migration graph."""
