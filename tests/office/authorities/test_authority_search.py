"""The authority tree's search keeps the authorities and schools found, and the way down to them."""

import pytest

from office.authorities.models import Authority
from office.authorities.selectors import authority_tree, flatten
from tenants.models import School


@pytest.mark.django_db
def test_the_authority_tree_keeps_what_is_found_and_the_way_to_it(world):
    ward = Authority.objects.create(
        code="t-dong-da",
        name="UBND phường Đống Đa",
        kind=Authority.Kind.WARD_PEOPLES_COMMITTEE,
        parent=world.office,
    )
    School.objects.create(
        code="t-lqd", schema_name="t_lqd", name="Trường Tiểu học Lê Quý Đôn", level="tieu_hoc", authority=ward
    )
    reach = {world.office.pk, world.office.parent_id, ward.pk}

    nodes = flatten(authority_tree(reach, "le quy don"))
    assert [n.authority.code for n in nodes] == ["t-city", "t-office", "t-dong-da"]
    assert [s.name for n in nodes for s in n.schools] == ["Trường Tiểu học Lê Quý Đôn"]

    nodes = flatten(authority_tree(reach, "dong da"))
    assert [n.authority.code for n in nodes][-1] == "t-dong-da"
    assert [s.code for s in nodes[-1].schools] == ["t-lqd"]  # a found authority keeps its schools
    assert flatten(authority_tree(reach, "khong co")) == []
