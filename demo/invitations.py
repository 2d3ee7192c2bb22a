"""Invitations in the demo office: the principal of Lê Quý Đôn has invited the teachers of Tổ khối 2
who had no account (one accepted, one waiting for a mailed link, one expired, the rest waiting for
their printed QR card); the office has invited a new deputy office specialist (accepted) and the
principal of Hoa Sen's successor (waiting). Loading again adds nothing."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from office.accounts.models import Role
from office.accounts.selectors import offices_in_force
from office.invitations import services
from office.invitations.models import Invitation
from plans.staff.models import Staff
from plans.staff.services import link_invited_account

DEPARTMENT = "Tổ khối 2"


def _accept(issued, username: str, password: str, school=None):
    user = services.accept_with_new_account(
        issued.invitation, username=username, password=password, password2=password
    )
    if school is not None and issued.invitation.staff_id is not None:
        with schema_context(school.schema_name):
            link_invited_account(issued.invitation.staff_id, user)
    return user


def load_demo(schools: dict, users: dict, *, password: str) -> None:
    lequydon = schools["lequydon"]
    if Invitation.objects.filter(school=lequydon).exists():
        return
    principal = users["lqd.hieutruong"]
    with schema_context(lequydon.schema_name):
        people = list(
            Staff.objects.filter(department__name=DEPARTMENT, user__isnull=True)
            .order_by("full_name")
            .values_list("pk", "full_name")[:8]
        )
    batch = services.invite_staff_batch(
        school=lequydon, people=[(pk, name, False) for pk, name in people], user=principal
    )
    issued = batch.issued
    if len(issued) >= 3:
        _accept(issued[0], "lqd.khoi2", password, school=lequydon)
        Invitation.objects.filter(pk=issued[1].invitation.pk).update(
            email="giaovien.khoi2@lequydon.edu.vn", sent_at=timezone.now() - timedelta(days=2)
        )
        Invitation.objects.filter(pk=issued[2].invitation.pk).update(
            created_at=timezone.now() - timedelta(days=20), expires_at=timezone.now() - timedelta(days=6)
        )

    specialist = users["phong.chuyenvien"]
    offices = offices_in_force(specialist)
    if offices:
        colleague = services.invite_to_office(
            authority=offices[0],
            role=Role.OFFICE_SPECIALIST,
            full_name="Đinh Thị Thu Thủy",
            email="thuy.dinh@phonggd.hanoi.gov.vn",
            user=users["phong.lanhdao"],
        )
        _accept(colleague, "phong.chuyenvien2", password)
    if "hoasen" in schools:
        services.invite_principal(
            school=schools["hoasen"],
            full_name="Nguyễn Thị Bích Ngọc",
            email="ngoc.nguyen@hoasen.edu.vn",
            user=specialist,
        )
