"""Accent- and case-insensitive search (office.core.search): the database's folding, reached from every
schema."""

import unicodedata

import pytest
from django.db import connection
from django_tenants.utils import schema_context

DECOMPOSED = unicodedata.normalize("NFD", "Lê Quý Đôn")


def test_decomposed_input_is_really_decomposed():
    assert DECOMPOSED != "Lê Quý Đôn" and unicodedata.normalize("NFC", DECOMPOSED) == "Lê Quý Đôn"


@pytest.mark.django_db
def test_the_database_folds_accents_case_and_d_bar():
    with connection.cursor() as cursor:
        cursor.execute("SELECT public.f_unaccent(%s), public.f_unaccent(UPPER(%s))", ["Lê Quý Đôn", "Đặng"])
        assert cursor.fetchone() == ("Le Quy Don", "DANG")
        # IMMUTABLE, so it can be indexed later.
        cursor.execute("SELECT provolatile FROM pg_proc WHERE proname = 'f_unaccent'")
        assert cursor.fetchone() == ("i",)


@pytest.mark.django_db
def test_the_function_is_reached_from_a_school_schema(world):
    with schema_context(world.school_a.schema_name), connection.cursor() as cursor:
        cursor.execute("SELECT public.f_unaccent('Đỗ Thị Hằng')")
        assert cursor.fetchone() == ("Do Thi Hang",)
