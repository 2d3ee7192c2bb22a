from tests.factories.clusters import cw  # noqa: F401 - the fixture
