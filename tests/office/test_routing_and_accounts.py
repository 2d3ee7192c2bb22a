import pytest
from django.db import IntegrityError
from django.test import Client

from office.accounts.handoff import make_handoff_token
from office.accounts.models import Membership, Role
from tests.conftest import PASSWORD


def test_a_host_that_matches_no_school_gets_a_clear_404_page(db):
    response = Client(HTTP_HOST="khongco.localhost").get("/")
    assert response.status_code == 404
    assert "Không tìm thấy trường" in response.content.decode()


def test_which_schools_exist_is_public_but_nothing_inside_a_school_is(world):
    """The decision documented on SchoolRoutingMiddleware and in the README: an unknown host and a real
    school answer differently (the school list is public, and with on-demand TLS the proxy's own
    question already tells them apart), but a visitor learns nothing more than the school's name."""
    unknown = Client(HTTP_HOST="khongco.localhost")
    for path in ("/", "/can-bo/", "/tai-khoan/dang-nhap/", "/api/v1/staff/"):
        response = unknown.get(path)
        assert response.status_code == 404, path
        body = response.content.decode()
        assert "Không tìm thấy trường" in body and world.school_a.name not in body, path
    # The proxy asks before getting a certificate: only real names get one (and so reach the app).
    ask = Client(HTTP_HOST="localhost")
    assert ask.get(f"/tls-ask?domain={world.school_a.host}").status_code == 200
    assert ask.get("/tls-ask?domain=khongco.localhost").status_code == 404

    school = Client(HTTP_HOST=world.school_a.host)
    for path in ("/", "/can-bo/", "/ke-hoach/"):
        response = school.get(path)
        assert response.status_code == 302 and response.url.startswith("/tai-khoan/dang-nhap/"), path
    login = school.get("/tai-khoan/dang-nhap/").content.decode()
    assert world.school_a.name in login
    assert "Trần Văn Ánh" not in login and "Nguyễn Thị An" not in login  # nobody of the school
    assert school.get("/api/v1/staff/").status_code in (401, 403)


def test_login_pages_are_in_vietnamese_on_the_office_and_on_a_school(world):
    office = Client(HTTP_HOST="localhost").get("/tai-khoan/dang-nhap/")
    school = Client(HTTP_HOST=world.school_a.host).get("/tai-khoan/dang-nhap/")
    assert "Đăng nhập" in office.content.decode() and "Mật khẩu" in office.content.decode()
    assert world.school_a.name in school.content.decode()


def test_pages_ask_for_a_login_first(world):
    response = Client(HTTP_HOST=world.school_a.host).get("/")
    assert response.status_code == 302
    assert response.url.startswith("/tai-khoan/dang-nhap/")


def test_a_principal_signs_in_and_sees_the_school_home(world):
    client = Client(HTTP_HOST=world.school_a.host)
    response = client.post(
        "/tai-khoan/dang-nhap/", {"username": "hieutruong.a", "password": PASSWORD}, follow=True
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert world.school_a.name in body
    assert "Hiệu trưởng" in body


def test_a_wrong_password_gets_a_vietnamese_error(world):
    response = Client(HTTP_HOST="localhost").post(
        "/tai-khoan/dang-nhap/", {"username": "chuyenvien", "password": "sai"}
    )
    assert "không đúng" in response.content.decode()


def test_a_person_without_membership_gets_404_on_a_school(world, client_for):
    for user in (world.principal_b, world.specialist, world.outsider):
        response = client_for(user, world.school_a).get("/")
        assert response.status_code == 404, user
        assert "Bí Mật" not in response.content.decode()


def test_the_office_home_lists_the_schools_of_the_office_subtree_only(world, client_for):
    body = client_for(world.specialist, None).get("/", follow=True).content.decode()  # to the dashboard
    assert world.school_a.name in body
    assert world.school_b.name not in body  # school B belongs to another office


def test_a_school_member_on_the_office_host_sees_a_way_into_their_school(world, client_for):
    body = client_for(world.principal_a, None).get("/").content.decode()
    assert "Trường của bạn" in body and world.school_a.name in body
    assert world.school_b.name not in body


def test_handoff_signs_the_person_into_their_school_once(world, client_for):
    office = client_for(world.principal_a, None)
    response = office.get(f"/tai-khoan/mo-truong/{world.school_a.code}/")
    assert response.status_code == 302
    assert response.url.startswith(f"http://{world.school_a.host}/tai-khoan/chuyen-tiep/?token=")
    token_path = response.url.split(world.school_a.host, 1)[1]
    school = Client(HTTP_HOST=world.school_a.host)
    assert school.get(token_path).url == "/"
    assert school.get("/").status_code == 200
    replay = Client(HTTP_HOST=world.school_a.host).get(token_path)
    assert replay.url.startswith("/tai-khoan/dang-nhap/")  # a token works once


def test_handoff_cannot_open_someone_elses_school(world, client_for):
    assert (
        client_for(world.principal_a, None).get(f"/tai-khoan/mo-truong/{world.school_b.code}/").status_code
        == 404
    )
    token = make_handoff_token(world.principal_a, world.school_a)
    response = Client(HTTP_HOST=world.school_b.host).get(f"/tai-khoan/chuyen-tiep/?token={token}")
    assert response.url.startswith("/tai-khoan/dang-nhap/")  # a token for A does not open B


def test_handoff_refuses_an_expired_forged_or_deactivated_persons_token(world, monkeypatch):
    from office.accounts import handoff
    from office.accounts.models import User

    def redeemed(token) -> bool:
        response = Client(HTTP_HOST=world.school_a.host).get(f"/tai-khoan/chuyen-tiep/?token={token}")
        return response.url == "/"

    monkeypatch.setattr(handoff, "MAX_AGE_SECONDS", -1)  # as if the minute had passed
    assert not redeemed(make_handoff_token(world.principal_a, world.school_a))
    monkeypatch.undo()
    assert not redeemed(make_handoff_token(world.principal_a, world.school_a)[:-2] + "xx")
    User.objects.filter(pk=world.principal_a.pk).update(is_active=False)
    assert not redeemed(make_handoff_token(world.principal_a, world.school_a))
    User.objects.filter(pk=world.principal_a.pk).update(is_active=True)
    assert redeemed(make_handoff_token(world.principal_a, world.school_a))


def test_a_membership_is_either_in_a_school_or_in_an_office_with_a_fitting_role(world):
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=world.outsider, school=world.school_a, role=Role.OFFICE_HEAD)


def test_logout_ends_the_session(world, client_for):
    client = client_for(world.principal_a, world.school_a)
    assert client.post("/tai-khoan/dang-xuat/").status_code == 302
    assert client.get("/").status_code == 302


def test_no_person_holds_no_school_role(world):
    from office.accounts.selectors import school_roles

    assert school_roles(None, world.school_a) == set()
    assert school_roles(world.principal_a, world.school_a) == {"principal"}
