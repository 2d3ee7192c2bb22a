from cluster_fixtures import cw  # noqa: F401 - the fixture
