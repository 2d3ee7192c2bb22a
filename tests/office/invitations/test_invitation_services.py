"""Invitations as services: who may invite whom, what is stored, and what accepting does."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from office.accounts.models import Membership, Role, User
from office.audit.models import AuditEvent
from office.core.errors import Invalid, Refused
from office.invitations import services
from office.invitations.models import Invitation
from office.invitations.selectors import (
    invitation_for_code,
    invitation_for_token,
    secret_hash,
)
from plans.staff.models import Staff


def _staff_ids(school):
    with schema_context(school.schema_name):
        return list(Staff.objects.order_by("pk").values_list("pk", "full_name", "user_id"))


def test_the_office_invites_a_principal_and_only_hashes_are_stored(world):
    issued = services.invite_principal(
        school=world.school_a, full_name="  Phạm  Văn Hiệu ", email="hieu@example.vn", user=world.specialist
    )
    invitation = Invitation.objects.get(pk=issued.invitation.pk)
    assert invitation.full_name == "Phạm Văn Hiệu"
    assert invitation.role == Role.PRINCIPAL and invitation.state == Invitation.State.PENDING
    assert invitation.token_hash == secret_hash(issued.token) != issued.token
    assert issued.token not in str(Invitation.objects.filter(pk=invitation.pk).values().get())
    assert len(issued.code) == 8 and invitation.code_hash == secret_hash(issued.code)
    left = invitation.expires_at - timezone.now()
    assert timedelta(days=13, hours=23) < left <= timedelta(days=14)
    assert AuditEvent.objects.filter(action="invitation.created", object_id=str(invitation.pk)).exists()
    # Found only through its own school's host.
    assert invitation_for_token(issued.token, school=world.school_a) == invitation
    assert invitation_for_token(issued.token, school=world.school_b) is None
    assert invitation_for_token(issued.token, school=None) is None
    assert invitation_for_code(issued.code_display.lower(), school=world.school_a) == invitation
    assert invitation_for_code(issued.code, school=world.school_b) is None


def test_an_office_outside_the_schools_reach_cannot_invite_its_principal(world):
    with pytest.raises(Refused):
        services.invite_principal(school=world.school_a, full_name="Ai Đó", user=world.other_specialist)
    with pytest.raises(Refused):
        services.invite_principal(school=world.school_a, full_name="Ai Đó", user=world.principal_a)
    assert not Invitation.objects.exists()


def test_a_principal_invites_school_roles_only_and_staff_cannot_invite(world):
    staff_id = _staff_ids(world.school_a)[1][0]
    with pytest.raises(Invalid):
        services.invite_staff(
            school=world.school_a,
            staff_id=staff_id,
            full_name="X",
            role=Role.OFFICE_HEAD,
            user=world.principal_a,
        )
    with pytest.raises(Refused):
        services.invite_staff(
            school=world.school_a,
            staff_id=staff_id,
            full_name="X",
            role=Role.PRINCIPAL,
            user=world.principal_a,
        )
    with pytest.raises(Refused):
        services.invite_staff(school=world.school_a, staff_id=staff_id, full_name="X", user=world.teacher_a)
    with pytest.raises(Refused):  # another school's principal
        services.invite_staff(school=world.school_a, staff_id=staff_id, full_name="X", user=world.principal_b)
    assert not Invitation.objects.exists()
    issued = services.invite_staff(
        school=world.school_a,
        staff_id=staff_id,
        full_name="X",
        role=Role.VICE_PRINCIPAL,
        user=world.principal_a,
    )
    assert issued.invitation.role == Role.VICE_PRINCIPAL
    with pytest.raises(Invalid, match="đã có lời mời đang chờ"):
        services.invite_staff(school=world.school_a, staff_id=staff_id, full_name="X", user=world.principal_a)


def test_a_batch_skips_accounts_and_waiting_invitations_and_replaces_expired_ones(world):
    people = [(pk, name, user_id is not None) for pk, name, user_id in _staff_ids(world.school_a)]
    extra = [(9001, "Người Thứ Ba", False), (9002, "Người Thứ Tư", False)]
    first = services.invite_staff_batch(school=world.school_a, people=people + extra, user=world.principal_a)
    assert len(first.issued) == 3 and first.with_account == 1
    again = services.invite_staff_batch(school=world.school_a, people=people + extra, user=world.principal_a)
    assert again.issued == [] and again.already_pending == 3
    Invitation.objects.filter(staff_id=9001).update(expires_at=timezone.now() - timedelta(minutes=1))
    third = services.invite_staff_batch(school=world.school_a, people=people + extra, user=world.principal_a)
    assert [i.invitation.staff_id for i in third.issued] == [9001]
    assert Invitation.objects.filter(staff_id=9001, revoked_at__isnull=False).count() == 1
    with pytest.raises(Refused):
        services.invite_staff_batch(school=world.school_a, people=extra, user=world.teacher_a)


def test_accepting_creates_the_account_grants_the_role_once(world):
    issued = services.invite_principal(
        school=world.school_a, full_name="Phạm Văn Hiệu", user=world.specialist
    )
    user = services.accept_with_new_account(
        issued.invitation, username="hieu.pham", password="Hoa-sen-no-2026", password2="Hoa-sen-no-2026"
    )
    assert user.check_password("Hoa-sen-no-2026") and user.full_name == "Phạm Văn Hiệu"
    assert Membership.objects.filter(user=user, school=world.school_a, role=Role.PRINCIPAL).exists()
    assert not Membership.objects.filter(user=user).exclude(school=world.school_a).exists()
    invitation = Invitation.objects.get(pk=issued.invitation.pk)
    assert invitation.state == Invitation.State.ACCEPTED and invitation.accepted_by == user
    with pytest.raises(services.InvitationUnusable, match="đã được dùng"):
        services.accept_with_new_account(
            invitation, username="khac", password="Hoa-sen-no-2026", password2="Hoa-sen-no-2026"
        )
    assert User.objects.filter(username="khac").count() == 0


@pytest.mark.parametrize(
    "password, password2, message",
    [
        ("ngan", "ngan", "Mật khẩu quá ngắn"),
        ("password123", "password123", "quá phổ biến"),
        ("Hoa-sen-no-2026", "Hoa-sen-no-2025", "không khớp"),
    ],
)
def test_a_weak_or_mistyped_password_is_refused_in_vietnamese(world, password, password2, message):
    issued = services.invite_principal(
        school=world.school_a, full_name="Phạm Văn Hiệu", user=world.specialist
    )
    with pytest.raises(Invalid, match=message):
        services.accept_with_new_account(
            issued.invitation, username="hieu.pham", password=password, password2=password2
        )
    assert not User.objects.filter(username="hieu.pham").exists()
    assert Invitation.objects.get(pk=issued.invitation.pk).state == Invitation.State.PENDING


def test_expired_and_revoked_invitations_open_nothing(world):
    expired = services.invite_principal(school=world.school_a, full_name="Hết Hạn", user=world.specialist)
    Invitation.objects.filter(pk=expired.invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    revoked = services.invite_principal(school=world.school_a, full_name="Thu Hồi", user=world.specialist)
    services.revoke(revoked.invitation, user=world.specialist)
    for issued, message in ((expired, "hết hạn"), (revoked, "thu hồi")):
        invitation = Invitation.objects.get(pk=issued.invitation.pk)
        with pytest.raises(services.InvitationUnusable, match=message):
            services.accept_with_new_account(
                invitation, username="ai", password="Hoa-sen-no-2026", password2="Hoa-sen-no-2026"
            )
    assert not User.objects.filter(username="ai").exists()
    with pytest.raises(Invalid):
        services.reissue(Invitation.objects.get(pk=revoked.invitation.pk), user=world.specialist)


def test_a_person_with_an_account_gets_a_membership_not_a_second_account(world):
    world.teacher_a.email = "anh.tran@example.vn"
    world.teacher_a.save()
    issued = services.invite_principal(
        school=world.school_b,
        full_name="Trần Văn Ánh",
        email="Anh.Tran@example.vn",
        user=world.other_specialist,
    )
    with pytest.raises(Invalid, match="đã có tài khoản"):
        services.accept_with_new_account(
            issued.invitation, username="anh2", password="Hoa-sen-no-2026", password2="Hoa-sen-no-2026"
        )
    accounts = User.objects.count()
    services.accept_as(issued.invitation, account=world.teacher_a)
    assert User.objects.count() == accounts
    assert set(Membership.objects.filter(user=world.teacher_a).values_list("school__code", "role")) == {
        ("truonga", "staff"),
        ("truongb", "principal"),
    }


def test_the_same_phone_finds_the_account_that_accepted_before(world):
    first = services.invite_principal(
        school=world.school_a, full_name="Lê Văn Số", phone="+84 912 345 678", user=world.specialist
    )
    user = services.accept_with_new_account(
        first.invitation, username="so.le", password="Hoa-sen-no-2026", password2="Hoa-sen-no-2026"
    )
    second = services.invite_principal(
        school=world.school_b, full_name="Lê Văn Số", phone="0912345678", user=world.other_specialist
    )
    from office.invitations.selectors import account_for_invitation

    assert account_for_invitation(second.invitation) == user


def test_resending_makes_the_old_link_and_code_stop_working(world):
    issued = services.invite_principal(school=world.school_a, full_name="Gửi Lại", user=world.specialist)
    again = services.reissue(issued.invitation, user=world.specialist)
    assert invitation_for_token(issued.token, school=world.school_a) is None
    assert invitation_for_code(issued.code, school=world.school_a) is None
    assert invitation_for_token(again.token, school=world.school_a).pk == issued.invitation.pk
    with pytest.raises(Refused):
        services.reissue(issued.invitation, user=world.other_specialist)


def test_office_colleagues_are_invited_into_ones_own_office_only(world):
    issued = services.invite_to_office(
        authority=world.office, role=Role.OFFICE_SPECIALIST, full_name="Đồng Nghiệp", user=world.specialist
    )
    assert issued.invitation.authority == world.office
    with pytest.raises(Refused):
        services.invite_to_office(
            authority=world.other_office, role=Role.OFFICE_HEAD, full_name="X", user=world.specialist
        )
    with pytest.raises(Refused):
        services.invite_to_office(
            authority=world.office, role=Role.STAFF, full_name="X", user=world.specialist
        )
    with pytest.raises(Refused):
        services.invite_to_office(
            authority=world.office, role=Role.OFFICE_HEAD, full_name="X", user=world.principal_a
        )
