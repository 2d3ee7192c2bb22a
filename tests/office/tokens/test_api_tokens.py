"""A person's API tokens (office.tokens, django-rest-knox): listed, created (the secret shown once),
revoked at once; only a hash is stored; another person's token is not found; an inactive person's
token stops."""

from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from office.tokens.models import ApiToken
from office.tokens.services import create_token

PAGE = "/tai-khoan/khoa-api/"


def api(host, secret, path="/api/v1/me/"):
    return Client(HTTP_HOST=host).get(path, HTTP_AUTHORIZATION=f"Token {secret}")


def test_a_token_is_created_on_the_page_shown_once_and_works_on_the_api(world, client_for):
    page = client_for(world.teacher_a, world.school_a)
    response = page.post(f"{PAGE}tao/", {"label": "Bảng tính của tổ khối 1", "valid_days": "30"}, follow=True)
    html = response.content.decode()
    token = ApiToken.objects.get(user=world.teacher_a)
    secret = html.split('data-testid="new-token-secret">')[1].split("<")[0]
    assert secret.startswith("tdkt_") and secret.startswith(token.token_key)
    # Only a hash is kept: the secret is nowhere in the row.
    assert secret not in (token.digest, token.token_key) and len(secret) > len(token.token_key)
    assert token.expiry - timezone.now() > timedelta(days=29)
    again = page.get(PAGE).content.decode()
    assert secret not in again and f"{token.token_key}…" in again and "Bảng tính của tổ khối 1" in again
    assert "chưa dùng" in again
    answer = api(world.school_a.host, secret)
    assert answer.status_code == 200 and answer.json()["username"] == world.teacher_a.username
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert api(world.school_a.host, secret, "/api/v1/staff/").status_code == 200


def test_a_token_revoked_on_the_page_stops_at_once(world, client_for):
    token, secret = create_token(world.principal_a, label="Phần mềm quản lý trường")
    assert api(world.school_a.host, secret).status_code == 200
    page = client_for(world.principal_a, world.school_a)
    response = page.post(f"{PAGE}{token.uid}/thu-hoi/", follow=True)
    assert "Đã thu hồi khóa" in response.content.decode()
    refused = api(world.school_a.host, secret)
    assert refused.status_code == 401 and "thu hồi" in refused.json()["detail"]


def test_the_token_api_lists_creates_and_revokes_without_ever_listing_a_secret(world, client_for):
    client = client_for(world.specialist, None)
    created = client.post(
        "/api/v1/tokens/", {"label": "Báo cáo tự động", "valid_days": 365}, content_type="application/json"
    )
    assert created.status_code == 201
    secret = created.json()["token"]
    listed = client.get("/api/v1/tokens/").json()
    assert [row["label"] for row in listed] == ["Báo cáo tự động"]
    assert "token" not in listed[0] and secret.startswith(listed[0]["prefix"])
    # The token itself may list and revoke the caller's tokens.
    by_token = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Token {secret}")
    assert by_token.get("/api/v1/tokens/").status_code == 200
    assert by_token.delete(f"/api/v1/tokens/{listed[0]['id']}/").status_code == 204
    assert api("localhost", secret, "/api/v1/schools/").status_code == 401
    assert client.get("/api/v1/tokens/").json() == []


def test_bad_input_is_refused_in_vietnamese_and_creates_nothing(world, client_for):
    client = client_for(world.specialist, None)
    response = client.post(
        "/api/v1/tokens/", {"label": "x", "valid_days": 7}, content_type="application/json"
    )
    assert response.status_code == 400
    page = client.post(f"{PAGE}tao/", {"label": "   ", "valid_days": "30"}, follow=True)
    assert "Hãy đặt tên gợi nhớ" in page.content.decode()
    assert not ApiToken.objects.exists()


def test_another_persons_token_is_not_found(world, client_for):
    token, secret = create_token(world.principal_a, label="Của hiệu trưởng")
    other = client_for(world.teacher_a, world.school_a)
    assert other.post(f"{PAGE}{token.uid}/thu-hoi/").status_code == 404
    assert other.delete(f"/api/v1/tokens/{token.uid}/").status_code == 404
    assert other.get(f"/api/v1/tokens/{token.uid}/").status_code == 404
    assert str(token.uid) not in other.get(PAGE).content.decode()
    assert api(world.school_a.host, secret).status_code == 200


def test_an_inactive_persons_token_and_an_expired_token_are_refused(world):
    token, secret = create_token(world.teacher_a, label="Bảng tính")
    world.teacher_a.is_active = False
    world.teacher_a.save(update_fields=["is_active"])
    refused = api(world.school_a.host, secret)
    assert refused.status_code == 401 and "ngừng hoạt động" in refused.json()["detail"]
    token, secret = create_token(world.principal_a, label="Hết hạn")
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(minutes=1))
    assert api(world.school_a.host, secret).status_code == 401
    assert not ApiToken.objects.filter(pk=token.pk).exists()  # knox deletes an expired token when it is shown


def test_a_token_of_another_school_member_does_not_open_this_school(world):
    _token, secret = create_token(world.principal_b, label="Trường B")
    assert api(world.school_a.host, secret, "/api/v1/staff/").status_code == 404
    assert api(world.school_a.host, secret, "/api/v1/tokens/").status_code == 404


def test_a_token_made_by_drf_authtoken_before_keeps_working_after_the_move(world):
    import importlib

    from django.apps import apps

    move = importlib.import_module("office.tokens.migrations.0002_move_drf_tokens")
    old_key = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE public.authtoken_token (key varchar(40) PRIMARY KEY, created timestamptz, user_id bigint)"
        )
        cursor.execute(
            "INSERT INTO public.authtoken_token VALUES (%s, now() - interval '1 year', %s)",
            [old_key, world.specialist.pk],
        )

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    move.move_drf_tokens(apps, editor)
    moved = ApiToken.objects.get(user=world.specialist)
    assert moved.token_key == old_key[:15] and moved.digest != old_key and moved.expiry is None
    assert api("localhost", old_key, "/api/v1/schools/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM public.authtoken_token")
        assert cursor.fetchone()[0] == 0  # no plain-text copy left


def test_the_tokens_page_and_list_cost_the_same_queries_for_one_token_or_many(
    world, client_for, django_assert_num_queries
):
    client = client_for(world.principal_a, world.school_a)
    create_token(world.principal_a, label="Khóa 1")
    client.get(PAGE)
    with CaptureQueriesContext(connection) as one_page:
        client.get(PAGE)
    page_queries = len(one_page)  # now: the captured list is read from the log, which requests reset
    with CaptureQueriesContext(connection) as one_api:
        assert len(client.get("/api/v1/tokens/").json()) == 1
    api_queries = len(one_api)
    create_token(world.principal_a, label="Khóa 2")
    create_token(world.principal_a, label="Khóa 3")
    with django_assert_num_queries(page_queries):
        assert "Khóa 3" in client.get(PAGE).content.decode()
    with django_assert_num_queries(api_queries):
        assert len(client.get("/api/v1/tokens/").json()) == 3
