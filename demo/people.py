"""Demo data of people and access (issue 13), done the way a principal does it so that the account
log shows who did what: a teacher of Lê Quý Đôn who retired (account stopped, her records kept), a
council secretary the principal of Yên Hoà named, a department head, and a new teacher whose password
the principal set and who must choose her own at first sign-in. Loading twice changes nothing."""

import datetime

from django.db import transaction
from django_tenants.utils import schema_context

from office.accounts.models import Membership, Role, User
from office.accounts.services import (
    assign_school_role,
    deactivate_person,
    ensure_user,
    grant_school_role,
    set_password_by_manager,
)
from plans.staff.models import Staff

# (username, department, what happens to them) – listed by `load_demo`. Each account is given to a
# person of the school's register who had none, so the register keeps its size (and the year's
# registrations, votes and facts built on it stay as they are: the retired teacher's register entry is
# left for the principal to mark "Đã nghỉ việc" in the staff register).
PEOPLE_ACCOUNTS = (
    ("lqd.nghihuu", "Tổ khối 3", "giáo viên đã nghỉ hưu: tài khoản đã ngừng, hồ sơ còn – Lê Quý Đôn"),
    ("lqd.giaovienmoi", "Tổ khối 1", "phải đổi mật khẩu Hiệu trưởng đặt khi đăng nhập – Lê Quý Đôn"),
    ("lqd.totruong", "Tổ khối 2", "tổ trưởng Tổ khối 2 do Hiệu trưởng giao – Lê Quý Đôn"),
    ("yh.thuky", "Tổ Mẫu giáo lớn", "thư ký Hội đồng TĐKT do Hiệu trưởng giao – Yên Hoà"),
)
RETIRED_ON = datetime.date(2026, 9, 1)


def _person(school, username, department, password):
    """The account of a register entry of `department` that had none (the first by name), as staff."""
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    with schema_context(school.schema_name):
        staff = (
            Staff.objects.filter(user__isnull=True, department__name=department, status=Staff.Status.WORKING)
            .order_by("full_name", "pk")
            .first()
        )
        user = ensure_user(
            username=username, full_name=staff.full_name, email=f"{username}@demo.edu.vn", password=password
        )
        staff.user = user
        staff.save(update_fields=["user"])
    grant_school_role(user, school, Role.STAFF)
    return user


@transaction.atomic
def load_demo(schools: dict, users: dict, *, password: str) -> None:
    lequydon, yenhoa = schools["lequydon"], schools["yenhoa"]
    lqd_principal, yh_principal = users["lqd.hieutruong"], users["yh.hieutruong"]
    school_of = {"lqd": lequydon, "yh": yenhoa}
    people = {
        username: _person(school_of[username.split(".")[0]], username, department, password)
        for username, department, _ in PEOPLE_ACCOUNTS
    }

    retired = people["lqd.nghihuu"]
    if retired.is_active:
        deactivate_person(
            retired, by=lqd_principal, reason=f"Nghỉ hưu từ {RETIRED_ON:%d/%m/%Y}", school=lequydon
        )

    new_teacher = people["lqd.giaovienmoi"]
    if new_teacher.last_login is None and not new_teacher.must_change_password:
        set_password_by_manager(new_teacher, password, by=lqd_principal, school=lequydon)

    head = people["lqd.totruong"]
    if (
        not Membership.objects.in_force()
        .filter(user=head, school=lequydon, role=Role.DEPARTMENT_HEAD)
        .exists()
    ):
        assign_school_role(head, lequydon, Role.DEPARTMENT_HEAD, by=lqd_principal, unit="Tổ khối 2")

    secretary = people["yh.thuky"]
    if (
        not Membership.objects.in_force()
        .filter(user=secretary, school=yenhoa, role=Role.COUNCIL_SECRETARY)
        .exists()
    ):
        assign_school_role(secretary, yenhoa, Role.COUNCIL_SECRETARY, by=yh_principal)
