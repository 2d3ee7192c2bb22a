"""A school's nominations are found by a person's name, accents and case ignored."""

import pytest
from django_tenants.utils import schema_context

from plans.nominations.models import Nomination
from plans.nominations.selectors import nomination_list
from tests.factories.nominations import SCHOOL_YEAR, teacher


@pytest.mark.django_db
def test_nominations_are_found_by_a_name_without_accents(world):
    with schema_context(world.school_a.schema_name):
        hang = teacher("Đỗ Thị Hằng")
        other = teacher("Trần Văn Bình")
        Nomination.objects.create(school_year=SCHOOL_YEAR, staff=hang, title="ldtt")
        Nomination.objects.create(school_year=SCHOOL_YEAR, staff=other, title="ldtt")
        assert [n.staff.full_name for n in nomination_list(school_year=SCHOOL_YEAR, q="do thi hang")] == [
            "Đỗ Thị Hằng"
        ]
        assert [n.staff.full_name for n in nomination_list(school_year=SCHOOL_YEAR, q="HANG")] == [
            "Đỗ Thị Hằng"
        ]
