"""Failed sign-ins lock a user name (django-axes, office.lockouts): per address after
AXES_FAILURE_LIMIT, from everywhere after TDKT_USERNAME_FAILURE_LIMIT, with a Vietnamese answer that
says when to try again, and an office head can lift it."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_office_role
from office.audit.models import AuditEvent
from tests.conftest import PASSWORD

LOGIN = "/tai-khoan/dang-nhap/"
LOCKED = "tạm bị khóa do nhập sai mật khẩu quá nhiều lần"


def sign_in(host, username, password, address="127.0.0.1", **headers):
    client = Client(HTTP_HOST=host, REMOTE_ADDR=address)
    return client, client.post(LOGIN, {"username": username, "password": password}, **headers)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def head(world):
    user = ensure_user(username="truongphong.khoa", full_name="Vũ Văn Trưởng", password=PASSWORD)
    grant_office_role(user, world.office, Role.OFFICE_HEAD)
    return user


def test_the_limits_let_a_person_mistype_and_stop_a_guesser():
    assert settings.AXES_FAILURE_LIMIT == 10
    assert settings.TDKT_USERNAME_FAILURE_LIMIT == 30
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_35_wrong_passwords_on_a_school_sign_in_page_lock_the_account_and_refuse_the_right_one(world):
    host = world.school_a.host
    for attempt in range(1, 36):
        client, response = sign_in(host, world.teacher_a.username, f"sai-{attempt}")
        if attempt < settings.AXES_FAILURE_LIMIT:
            assert response.status_code == 200
            assert "không đúng" in response.content.decode()
        else:
            assert response.status_code == 429, attempt
    client, response = sign_in(host, world.teacher_a.username, PASSWORD)
    page = response.content.decode()
    assert response.status_code == 429 and not is_signed_in(client)
    assert LOCKED in page and "Vui lòng thử lại sau" in page and "phút nữa" in page
    assert 'data-testid="lockout"' in page and int(response["Retry-After"]) > 0
    # 35 in a row pass the user name's own limit: locked from every address, on every host.
    client, response = sign_in("localhost", world.teacher_a.username, PASSWORD, address="203.0.113.9")
    assert response.status_code == 429 and not is_signed_in(client)


def test_a_few_wrong_passwords_do_not_stop_the_owner(world):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(world.school_a.host, world.teacher_a.username, f"sai-{attempt}")
    client, response = sign_in(world.school_a.host, world.teacher_a.username, PASSWORD)
    assert response.status_code == 302 and is_signed_in(client)


def test_a_guesser_at_one_address_does_not_lock_the_owner_out_elsewhere(world):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(world.school_a.host, world.teacher_a.username, f"sai-{attempt}", address="198.51.100.7")
    client, response = sign_in(
        world.school_a.host, world.teacher_a.username, PASSWORD, address="198.51.100.7"
    )
    assert response.status_code == 429 and not is_signed_in(client)
    client, response = sign_in(world.school_a.host, world.teacher_a.username, PASSWORD, address="192.0.2.44")
    assert response.status_code == 302 and is_signed_in(client)


def test_a_guesser_who_changes_address_is_stopped_by_the_user_name_limit(world):
    # 3 tries from each of 10 addresses: no address reaches its own limit.
    for attempt in range(settings.TDKT_USERNAME_FAILURE_LIMIT):
        address = f"198.51.100.{attempt // 3 + 1}"
        _client, response = sign_in(
            world.school_a.host, world.teacher_a.username, f"sai-{attempt}", address=address
        )
    assert response.status_code == 429
    _client, response = sign_in(world.school_a.host, world.teacher_a.username, PASSWORD, address="192.0.2.44")
    assert response.status_code == 429 and LOCKED in response.content.decode()


def test_an_api_caller_gets_the_lockout_as_json_in_vietnamese(world):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in("localhost", world.specialist.username, f"sai-{attempt}")
    _client, response = sign_in(
        "localhost", world.specialist.username, PASSWORD, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 429
    body = response.json()
    assert LOCKED in body["detail"] and body["locked_until"]


def test_the_client_address_behind_the_proxy_is_the_one_the_proxy_wrote(world, settings):
    # Without a trusted proxy, X-Forwarded-For is the client's own words: ignored.
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(
            world.school_a.host,
            world.teacher_a.username,
            f"sai-{attempt}",
            address="203.0.113.5",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{attempt}",
        )
    # (Filtered by user name: browser tests commit their own failed sign-ins to the same database.)
    attempts = AccessAttempt.objects.filter(username=world.teacher_a.username)
    assert set(attempts.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    attempts.delete()
    # Behind Caddy (a trusted proxy), the address Caddy appended counts, not what the client put before it.
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    _client, _response = sign_in(
        world.school_a.host,
        world.teacher_a.username,
        "sai",
        address="127.0.0.1",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.77",
    )
    assert list(attempts.values_list("ip_address", flat=True)) == ["203.0.113.77"]


def test_an_office_head_sees_and_lifts_a_lockout_and_it_is_audited(world, head):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(world.school_a.host, world.teacher_a.username, f"sai-{attempt}", address="198.51.100.7")
    office = Client(HTTP_HOST="localhost")
    office.force_login(head)
    page = office.get("/khoa-dang-nhap/").content.decode()
    assert world.teacher_a.username in page and "198.51.100.7" in page and "Mở khóa" in page
    response = office.post(
        "/khoa-dang-nhap/mo-khoa/",
        {"username": world.teacher_a.username, "address": "198.51.100.7"},
        follow=True,
    )
    assert "Đã mở khóa đăng nhập" in response.content.decode()
    assert not AccessAttempt.objects.filter(username=world.teacher_a.username).exists()
    event = AuditEvent.objects.get(action="signin.unlocked")
    assert event.user == head and event.before["address"] == "198.51.100.7"
    assert event.before["failures"] == settings.AXES_FAILURE_LIMIT
    client, response = sign_in(
        world.school_a.host, world.teacher_a.username, PASSWORD, address="198.51.100.7"
    )
    assert response.status_code == 302 and is_signed_in(client)


def test_only_an_office_head_may_unlock_and_only_people_under_their_offices(world, head, client_for):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(world.school_b.host, world.principal_b.username, f"sai-{attempt}")
    # A school principal of school B is outside this head's office: not listed, not unlocked.
    office = client_for(head, None)
    assert world.principal_b.username not in office.get("/khoa-dang-nhap/").content.decode()
    refused = office.post("/khoa-dang-nhap/mo-khoa/", {"username": world.principal_b.username})
    assert refused.status_code == 403
    # An office specialist is not an administrator; a school's host has no such page.
    specialist = client_for(world.specialist, None)
    assert specialist.get("/khoa-dang-nhap/").status_code == 403
    assert (
        specialist.post("/khoa-dang-nhap/mo-khoa/", {"username": world.principal_b.username}).status_code
        == 403
    )
    assert client_for(world.principal_a, world.school_a).get("/khoa-dang-nhap/").status_code == 404
    assert AccessAttempt.objects.filter(username=world.principal_b.username).exists()
    assert not AuditEvent.objects.filter(action="signin.unlocked").exists()


def test_the_management_command_unlocks_a_user_name(world):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(world.school_a.host, world.teacher_a.username, f"sai-{attempt}")
    call_command("axes_reset_username", world.teacher_a.username, stdout=open("/dev/null", "w"))
    _client, response = sign_in(world.school_a.host, world.teacher_a.username, PASSWORD)
    assert response.status_code == 302


def test_the_lockout_page_costs_the_same_queries_for_one_lockout_or_many(
    world, head, client_for, django_assert_num_queries
):
    office = client_for(head, None)

    def lock(user, address):
        for attempt in range(settings.AXES_FAILURE_LIMIT):
            sign_in(world.school_a.host, user.username, f"sai-{attempt}", address=address)

    lock(world.teacher_a, "198.51.100.1")
    office.get("/khoa-dang-nhap/")
    with CaptureQueriesContext(connection) as one:
        assert office.get("/khoa-dang-nhap/").content.decode().count("<td>198.51.100.") == 1
    queries = len(one)  # now: the captured list is read from the connection's log, which requests reset
    lock(world.principal_a, "198.51.100.2")
    lock(world.specialist, "198.51.100.3")
    with django_assert_num_queries(queries):
        assert office.get("/khoa-dang-nhap/").content.decode().count("<td>198.51.100.") == 3
