"""A school year's data ready for nominations (tests.factories.nominations)."""

from tests.factories.nominations import school_year_data  # noqa: F401 - the fixture
