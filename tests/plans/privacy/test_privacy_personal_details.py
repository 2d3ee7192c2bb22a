"""A colleague's date of birth and personal details are the managers' and the person's only: on the
pages, over the API and in the files; and a teacher's menu holds only what they can open (no API
item, no link that ends in 403)."""

import re

from tests.plans.privacy.conftest import D


def test_a_teacher_does_not_see_a_colleagues_date_of_birth_on_the_pages(world, people, teacher, principal):
    colleague = people["colleague"]
    record = teacher.get(f"/can-bo/{colleague.pk}/").content.decode()
    listing = teacher.get("/can-bo/").content.decode()
    for html in (record, listing):
        assert "Phạm Thị Kín" in html
        assert "23/11/1987" not in html and "Ngày sinh" not in html
    assert "Nghỉ thai sản" not in record  # the periods, as before
    assert "23/11/1987" in principal.get(f"/can-bo/{colleague.pk}/").content.decode()
    assert "23/11/1987" in principal.get("/can-bo/").content.decode()


def test_a_teacher_sees_their_own_date_of_birth(world, people, teacher):
    html = teacher.get(f"/can-bo/{people['me'].pk}/").content.decode()
    assert "02/04/1991" in html and 'data-testid="my-reads-link"' in html


def test_the_api_leaves_the_personal_fields_out_for_a_colleague(world, people, teacher, principal):
    colleague, me = people["colleague"], people["me"]
    detail = teacher.get(f"/api/v1/staff/{colleague.pk}/").json()
    assert detail["full_name"] == "Phạm Thị Kín"
    assert "date_of_birth" not in detail and "years_in_study_or_military" not in detail
    rows = teacher.get("/api/v1/staff/").json()["results"]
    assert all("date_of_birth" not in row for row in rows if row["id"] != me.pk)
    assert next(row for row in rows if row["id"] == me.pk)["date_of_birth"] == D(1991, 4, 2).isoformat()
    assert principal.get(f"/api/v1/staff/{colleague.pk}/").json()["date_of_birth"] == "1987-11-23"
    assert teacher.get(f"/api/v1/staff/{colleague.pk}/periods/").status_code == 403


def test_no_file_a_teacher_can_download_carries_a_colleagues_date_of_birth(world, people, teacher):
    colleague = people["colleague"]
    for path in (
        "/can-bo/mau-nhap.xlsx",
        "/can-bo/khen-thuong/mau-nhap.xlsx",
        f"/du-lieu-ca-nhan/can-bo/{colleague.pk}/xuat.zip",
    ):
        assert teacher.get(path).status_code == 403, path


def nav_links(html: str) -> list[tuple[str, str]]:
    nav = html.split('id="mainnav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a class="(?:nav-link|dropdown-item)" href="([^"]+)"[^>]*>(.*?)</a>', nav, re.S)


def test_a_teachers_menu_has_no_api_item_and_no_link_that_ends_in_403(world, people, teacher, principal):
    links = nav_links(teacher.get("/").content.decode())
    assert links and not any(text.strip() == "API" for _, text in links)
    for href, text in links:
        response = teacher.get(href)
        assert response.status_code == 200, (href, text)
        # The tabs of each page opened from the menu (e.g. Thi đua's) open too, without a detour.
        for tab, label in re.findall(
            r'<a class="nav-link[^"]*" href="([^"#]+)"[^>]*>(.*?)</a>',
            response.content.decode().split("</nav>", 1)[1],
        ):
            assert teacher.get(tab).status_code == 200, (href, tab, label)
    assert any(text.strip() == "API" for _, text in nav_links(principal.get("/").content.decode()))
