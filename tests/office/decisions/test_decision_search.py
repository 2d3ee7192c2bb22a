"""Decisions are found by a person on their list or by their subject, accents and case ignored."""

import pytest
from django_tenants.utils import schema_context

from office.decisions.selectors import decision_list
from plans.staff.models import Staff
from tests.factories.decisions import decision_with_lines


@pytest.mark.django_db
def test_decisions_are_found_by_a_person_or_a_subject_without_accents(world, head, school_a_people):
    decision = decision_with_lines(
        head, world, number="7/QĐ-PGDĐT", people=school_a_people, signer_name="Vũ Văn Trưởng"
    )
    assert list(decision_list(head, q="nguyen thi an")) == [decision]
    assert list(decision_list(head, q="LAO DONG TIEN TIEN")) == [decision]
    assert list(decision_list(head, q="tran van binh")) == []


@pytest.fixture
def school_a_people(world):
    with schema_context(world.school_a.schema_name):
        return list(Staff.objects.filter(full_name="Nguyễn Thị An"))
