"""The inbox's search ignores accents and case: "le quy don", "LÊ QUÝ ĐÔN" and a decomposed "Lê Quý Đôn"
(as a Mac sends it) find the school, "DANG" finds "Đặng"."""

import unicodedata

import pytest

from office.core.search import search_words
from office.submissions.selectors import InboxFilter, inbox
from tenants.models import School

DECOMPOSED = unicodedata.normalize("NFD", "Lê Quý Đôn")


@pytest.mark.django_db
@pytest.mark.parametrize("words", ["le quy don", "LÊ QUÝ ĐÔN", "Quý Đôn", DECOMPOSED])
def test_the_inbox_finds_a_school_without_accents(world, send, words):
    School.objects.filter(pk=world.school_a.pk).update(name="Trường Tiểu học Lê Quý Đôn")
    send(title="Tờ trình đề nghị khen thưởng")
    send(reference="dossier:2", title="Hồ sơ của cô Đặng Thu Hà")
    found = inbox(world.specialist, InboxFilter(q=search_words(words)))
    assert found.count() == 2
    assert inbox(world.specialist, InboxFilter(q="truong mam non")).count() == 0


@pytest.mark.django_db
def test_the_inbox_finds_a_title_by_dang_and_treats_wildcards_as_letters(world, send):
    send(title="Hồ sơ của cô Đặng Thu Hà")
    send(reference="dossier:2", title="Hồ sơ 100% giáo viên")
    assert [s.title for s in inbox(world.specialist, InboxFilter(q="DANG"))] == ["Hồ sơ của cô Đặng Thu Hà"]
    assert [s.title for s in inbox(world.specialist, InboxFilter(q="100%"))] == ["Hồ sơ 100% giáo viên"]
    assert inbox(world.specialist, InboxFilter(q="1_0")).count() == 0


def test_the_inbox_page_reads_a_decomposed_search(world, send, client_for):
    School.objects.filter(pk=world.school_a.pk).update(name="Trường Tiểu học Lê Quý Đôn")
    send(title="Tờ trình đề nghị khen thưởng")
    client = client_for(world.specialist)
    page = client.get("/tham-dinh/", {"q": DECOMPOSED.lower()}).content.decode()
    assert "1 hồ sơ theo bộ lọc" in page
    assert "0 hồ sơ theo bộ lọc" in client.get("/tham-dinh/", {"q": "le quy dom"}).content.decode()
