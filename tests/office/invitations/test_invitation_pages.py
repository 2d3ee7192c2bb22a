"""The invitation pages: the office invites a principal and the mail carries a link on the school's
host; the accept page creates the account or refuses clearly, and never grants anything elsewhere."""

import re
import uuid

from django.core import mail
from django.test import Client
from django_tenants.utils import schema_context

from office.accounts.models import Membership, Role, User
from office.invitations import services
from office.invitations.models import Invitation
from plans.staff.models import Staff

PASSWORD = "Hoa-sen-no-2026"


def _client(host, **extra):
    # A fresh address per test: wrong codes are counted per address.
    return Client(
        HTTP_HOST=host, REMOTE_ADDR=f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7", **extra
    )


def test_the_office_invites_a_principal_by_mail_with_a_link_on_the_schools_host(world, client_for):
    client = client_for(world.specialist)
    response = client.get(f"/loi-moi/moi-hieu-truong/{world.school_a.code}/")
    assert response.status_code == 200
    response = client.post(
        f"/loi-moi/moi-hieu-truong/{world.school_a.code}/",
        {"full_name": "Phạm Văn Hiệu", "email": "hieu@example.vn", "phone": ""},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hieu@example.vn"] and "Lời mời tham gia Trường Tiểu học A" in message.subject
    assert "Hiệu trưởng" in message.body and "14" not in message.subject
    link = re.search(r"http://truonga\.localhost/nhan-loi-moi/([\w-]+)/", message.body)
    assert link, message.body
    listing = client.get("/loi-moi/").content.decode()
    assert "Phạm Văn Hiệu" in listing and "Đang chờ" in listing
    assert Invitation.objects.get().sent_at is not None


def test_another_office_and_a_school_cannot_reach_the_office_invitation_pages(world, client_for):
    assert (
        client_for(world.other_specialist).get(f"/loi-moi/moi-hieu-truong/{world.school_a.code}/").status_code
        == 404
    )
    assert client_for(world.principal_a).get("/loi-moi/").status_code == 404
    issued = services.invite_principal(school=world.school_a, full_name="Ai Đó", user=world.specialist)
    response = client_for(world.other_specialist).post(f"/loi-moi/{issued.invitation.pk}/thu-hoi/")
    assert response.status_code == 404
    assert Invitation.objects.get().revoked_at is None


def test_accepting_by_link_sets_the_password_and_signs_in(world):
    issued = services.invite_principal(
        school=world.school_a, full_name="Phạm Văn Hiệu", user=world.specialist
    )
    client = _client(world.school_a.host)
    page = client.get(f"/nhan-loi-moi/{issued.token}/")
    assert page.status_code == 200
    assert "Phạm Văn Hiệu" in page.content.decode() and "phamvanhieu.truonga" in page.content.decode()
    short = client.post(
        f"/nhan-loi-moi/{issued.token}/",
        {"action": "new", "username": "phamvanhieu.truonga", "password1": "ngan", "password2": "ngan"},
    )
    assert short.status_code == 400 and "Mật khẩu quá ngắn" in short.content.decode()
    assert not User.objects.filter(username="phamvanhieu.truonga").exists()
    response = client.post(
        f"/nhan-loi-moi/{issued.token}/",
        {"action": "new", "username": "phamvanhieu.truonga", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(username="phamvanhieu.truonga")
    assert Membership.objects.filter(user=user, school=world.school_a, role=Role.PRINCIPAL).exists()
    assert client.get("/").status_code == 200  # signed in, a member
    # Used once: the same link now says so and creates nothing.
    again = _client(world.school_a.host).post(
        f"/nhan-loi-moi/{issued.token}/",
        {"action": "new", "username": "ke.gian", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert again.status_code == 410 and "đã được dùng" in again.content.decode()
    assert not User.objects.filter(username="ke.gian").exists()


def test_a_link_opened_on_another_schools_host_or_forged_grants_nothing(world):
    issued = services.invite_principal(
        school=world.school_a, full_name="Phạm Văn Hiệu", user=world.specialist
    )
    users = User.objects.count()
    for host, token in (
        (world.school_b.host, issued.token),
        ("localhost", issued.token),
        (world.school_a.host, "gia-mao"),
    ):
        client = _client(host)
        response = client.post(
            f"/nhan-loi-moi/{token}/",
            {"action": "new", "username": "ke.gian", "password1": PASSWORD, "password2": PASSWORD},
        )
        assert response.status_code == 404, host
        assert "Không tìm thấy lời mời" in response.content.decode()
    assert User.objects.count() == users
    assert Invitation.objects.get().state == Invitation.State.PENDING


def test_expired_and_revoked_links_answer_a_clear_page(world):
    from datetime import timedelta

    from django.utils import timezone

    expired = services.invite_principal(school=world.school_a, full_name="Hết Hạn", user=world.specialist)
    Invitation.objects.filter(pk=expired.invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))
    revoked = services.invite_principal(school=world.school_a, full_name="Thu Hồi", user=world.specialist)
    services.revoke(revoked.invitation, user=world.specialist)
    client = _client(world.school_a.host)
    page = client.get(f"/nhan-loi-moi/{expired.token}/")
    assert page.status_code == 410 and "đã hết hạn" in page.content.decode()
    page = client.get(f"/nhan-loi-moi/{revoked.token}/")
    assert page.status_code == 410 and "đã bị thu hồi" in page.content.decode()


def test_the_short_code_works_on_its_schools_host_and_guessing_is_stopped(world):
    issued = services.invite_principal(
        school=world.school_a, full_name="Phạm Văn Hiệu", user=world.specialist
    )
    assert _client(world.school_b.host).get("/nhan-loi-moi/", {"ma": issued.code}).status_code == 404
    client = _client(world.school_a.host)
    assert "Mã lời mời" in client.get("/nhan-loi-moi/").content.decode()
    page = client.get("/nhan-loi-moi/", {"ma": issued.code_display.lower()})
    assert page.status_code == 200 and "Phạm Văn Hiệu" in page.content.decode()
    response = client.post(
        "/nhan-loi-moi/",
        {
            "ma": issued.code_display,
            "action": "new",
            "username": "hieu",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="hieu").memberships.get().school == world.school_a

    other = services.invite_principal(school=world.school_a, full_name="Người Khác", user=world.specialist)
    guesser = _client(world.school_a.host)
    for _ in range(10):
        assert guesser.get("/nhan-loi-moi/", {"ma": "AAAA-AAAA"}).status_code == 404
    blocked = guesser.get("/nhan-loi-moi/", {"ma": other.code})
    assert blocked.status_code == 429 and "quá nhiều lần" in blocked.content.decode()


def test_a_person_with_an_account_signs_in_to_accept_and_gets_no_second_account(world):
    world.principal_b.email = "binh.le@example.vn"
    world.principal_b.save()
    with schema_context(world.school_a.schema_name):
        staff_id = Staff.objects.get(full_name="Giáo Viên Trường A").pk
    issued = services.invite_staff(
        school=world.school_a,
        staff_id=staff_id,
        full_name="Giáo Viên Trường A",
        email="binh.le@example.vn",
        user=world.principal_a,
    )
    client = _client(world.school_a.host)
    page = client.get(f"/nhan-loi-moi/{issued.token}/").content.decode()
    assert "Bạn đã có tài khoản" in page and "hieutruong.b" in page
    wrong = client.post(
        f"/nhan-loi-moi/{issued.token}/",
        {"action": "existing", "username": "hieutruong.b", "password": "sai"},
    )
    assert wrong.status_code == 400 and "không đúng" in wrong.content.decode()
    accounts = User.objects.count()
    response = client.post(
        f"/nhan-loi-moi/{issued.token}/",
        {"action": "existing", "username": "hieutruong.b", "password": "mat-khau-thu-nghiem-2026"},
    )
    assert response.status_code == 302
    assert User.objects.count() == accounts
    assert Membership.objects.filter(user=world.principal_b, school=world.school_a, role=Role.STAFF).exists()
    with schema_context(world.school_a.schema_name):
        assert Staff.objects.get(pk=staff_id).user_id == world.principal_b.pk


def test_office_colleagues_accept_on_the_offices_host_only(world, client_for):
    issued = services.invite_to_office(
        authority=world.office, role=Role.OFFICE_SPECIALIST, full_name="Đồng Nghiệp", user=world.specialist
    )
    assert _client(world.school_a.host).get(f"/nhan-loi-moi/{issued.token}/").status_code == 404
    client = _client("localhost")
    response = client.post(
        f"/nhan-loi-moi/{issued.token}/",
        {"action": "new", "username": "dong.nghiep", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(
        user__username="dong.nghiep", authority=world.office, role=Role.OFFICE_SPECIALIST
    ).exists()
