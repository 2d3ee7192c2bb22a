"""What tests build and read, in one package: one module per thing made (plans, staff, decisions,
clusters, authorities, comparisons, dashboards) and the readers of generated documents. Fixtures
that many folders share live here and are imported by the folders' conftest files."""
