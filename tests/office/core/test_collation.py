"""Vietnamese order (office.core.collation): the database's ICU collation, the given-name-first order
of people, and the Python key that must give the same order as the database."""

import random

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from office.authorities.models import Authority
from office.core.collation import person_key, vietnamese_key
from plans.staff.models import Staff
from plans.staff.selectors import staff_list
from plans.staff.services import add_staff_member

# Chosen to fail byte order: Đ after V, "Thùy" before "Thị", ă/â after every a-word, tones after letters.
WORDS = [
    "An", "Anh", "Ăn", "Ân", "ấn", "Dung", "Đặng", "Đỗ", "đào", "Vũ", "Thị", "Thùy", "Thủy", "Thuý",
    "Thúy", "Thụy", "thuy", "THUY", "o", "ò", "ỏ", "õ", "ó", "ọ", "ô", "ơ", "Ơn", "Ư", "Uyên", "Yến",
    "Ý", "Lê Quý Đôn", "Lê Quý", "Lê", "Nguyễn Thị", "Nguyễn Thùy", "Trường Mầm non 12", "Trường Mầm non 2",
    "Tổ khối 1", "Tổ Văn phòng", "Phòng GDĐT", "Phường Hà Đông", "Bùi", "Bình", "Hà", "Hạ", "Hải",
]  # fmt: skip


def database_order(values: list[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute('SELECT v FROM unnest(%s::text[]) v ORDER BY v COLLATE "vi-x-icu"', [values])
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_the_python_key_sorts_as_the_database_does():
    shuffled = random.Random(14).sample(WORDS, len(WORDS))
    assert sorted(shuffled, key=vietnamese_key) == database_order(shuffled)


@pytest.mark.django_db
def test_byte_order_is_what_it_replaces():
    """The examples of the issue: the database's default (C) order is wrong, the ICU order right."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT v FROM unnest(%s::text[]) v ORDER BY v", [["Vũ", "Đỗ", "Đặng", "Thị", "Thùy"]])
        assert [row[0] for row in cursor.fetchall()] == ["Thùy", "Thị", "Vũ", "Đặng", "Đỗ"]
    assert database_order(["Vũ", "Đỗ", "Đặng", "Thùy", "Thị"]) == ["Đặng", "Đỗ", "Thị", "Thùy", "Vũ"]


def test_people_sort_by_given_name_first():
    names = ["Vũ Văn An", "Nguyễn Thị Bình", "Đỗ Thị An", "Trần Ân", "Lê Đào", "Nguyễn Văn Dũng"]
    assert sorted(names, key=person_key) == [
        "Đỗ Thị An",
        "Vũ Văn An",
        "Trần Ân",
        "Nguyễn Thị Bình",
        "Nguyễn Văn Dũng",
        "Lê Đào",
    ]


@pytest.mark.django_db
def test_a_school_staff_list_sorts_by_given_name_in_vietnamese_order(world):
    names = ["Vũ Văn An", "Nguyễn Thùy Dung", "Đặng Thị Đào", "Nguyễn Thị Dung", "Đỗ Ân", "Bùi Ánh"]
    with schema_context(world.school_a.schema_name):
        for name in names:
            add_staff_member(full_name=name, gender="nu")
        shown = [s.full_name for s in staff_list() if s.full_name in names]
        assert shown == sorted(names, key=person_key)
        assert shown == [
            "Vũ Văn An",
            "Bùi Ánh",
            "Đỗ Ân",
            "Nguyễn Thị Dung",
            "Nguyễn Thùy Dung",
            "Đặng Thị Đào",
        ]
        # The model's own order (forms, related lists) is the same.
        assert [s.full_name for s in Staff.objects.filter(full_name__in=names)] == shown


@pytest.mark.django_db
def test_authorities_sort_by_name_in_vietnamese_order(world):
    names = ["UBND phường Vĩnh Hưng", "UBND phường Đại Mỗ", "UBND phường Dương Nội", "UBND phường Ba Đình"]
    for i, name in enumerate(names):
        Authority.objects.create(
            code=f"t-sort-{i}", name=name, kind=Authority.Kind.WARD_PEOPLES_COMMITTEE, parent=world.office
        )
    shown = [a.name for a in Authority.objects.filter(code__startswith="t-sort-")]
    assert shown == [
        "UBND phường Ba Đình",
        "UBND phường Dương Nội",
        "UBND phường Đại Mỗ",
        "UBND phường Vĩnh Hưng",
    ]
