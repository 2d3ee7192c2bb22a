"""People and access without a developer (issue 13, part 3): passwords changed, reset by e-mail on
the host asked, set by a manager and then forced to change; people leaving and coming back; roles
given and ended by the right person; memberships in force by date; and no delete path for people."""

import datetime
import re

import pytest
from django.core import mail
from django.db import IntegrityError, ProgrammingError, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from django_tenants.utils import schema_context

from office.accounts import services
from office.accounts.models import Membership, Role, User
from office.accounts.selectors import (
    account_log_page,
    has_school_membership,
    is_office_member,
    members_with_roles,
    schools_of_user,
)
from office.core.errors import Invalid, Refused
from office.tokens.models import ApiToken
from office.tokens.services import create_token
from plans.staff.models import Staff
from tests.conftest import PASSWORD

NEW_PASSWORD = "Hoa-phuong-do-2026"


def _actions(**where) -> list[str]:
    return [event.action for event in account_log_page(**where).object_list]


# --- The delete path -------------------------------------------------------------------------------------


def test_deleting_a_person_is_refused_and_keeps_everything(world):
    """Deleting a user from the public schema crashed (ProgrammingError: relation "plans_notification"
    does not exist: Django's cascade looked for school tables from the office's schema); the path is
    now closed with a Vietnamese answer, for one person and for a queryset, and nothing goes."""
    teacher = world.teacher_a
    with pytest.raises(Invalid, match="Không xoá tài khoản"):
        teacher.delete()
    with pytest.raises(Invalid, match="ngừng kích hoạt"):
        User.objects.filter(pk=teacher.pk).delete()
    assert User.objects.filter(pk=teacher.pk).exists()
    assert has_school_membership(teacher, world.school_a)


def test_the_cascade_that_crashed_is_the_one_django_would_run(world):
    """The crash itself, reproduced: Django's delete cascade, run from the office's schema, asks school
    tables (pointing at accounts without a database constraint) that do not exist there."""
    with pytest.raises(ProgrammingError, match="plans_"), transaction.atomic():
        Collector(using="default").collect([world.teacher_a])


# --- Passwords -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("school_attr", [None, "school_a", "school_b"])
def test_sign_in_links_to_reset_and_the_reset_page_answers(world, client_for, school_attr):
    school = getattr(world, school_attr) if school_attr else None
    client = client_for(None, school)
    login = client.get("/tai-khoan/dang-nhap/")
    assert login.status_code == 200
    assert (
        'href="/tai-khoan/quen-mat-khau/"' in login.content.decode()
        and "Quên mật khẩu?" in login.content.decode()
    )
    page = client.get("/tai-khoan/quen-mat-khau/")
    assert page.status_code == 200 and "Quên mật khẩu" in page.content.decode()


def test_reset_answers_the_same_for_an_unknown_address_and_mails_the_school_link(world, client_for, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    teacher = world.teacher_a
    teacher.email = "anh.tran@truonga.edu.vn"
    teacher.save(update_fields=["email"])
    client = client_for(None, world.school_a)
    known = client.post("/tai-khoan/quen-mat-khau/", {"email": "anh.tran@truonga.edu.vn"})
    unknown = client.post("/tai-khoan/quen-mat-khau/", {"email": "khong.ai@truonga.edu.vn"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/tai-khoan/quen-mat-khau/da-gui/"
    done = client.get(known["Location"])
    assert "Nếu địa chỉ bạn nhập thuộc một tài khoản" in done.content.decode()
    (message,) = mail.outbox  # only the known address got a mail
    assert message.to == ["anh.tran@truonga.edu.vn"] and "Trường Tiểu học A" in message.subject
    link = re.search(r"http://(\S+?)(/tai-khoan/dat-lai-mat-khau/\S+/)", message.body)
    assert link.group(1) == world.school_a.host  # the school's host, where the request came
    # The link works on that host; a weak password is refused in Vietnamese.
    form = client.get(link.group(2), follow=True)
    assert form.status_code == 200 and "Đặt mật khẩu mới" in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert "Mật khẩu này hoàn toàn là số." in weak.content.decode()
    ok = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert ok.status_code == 302 and ok["Location"] == "/tai-khoan/dat-lai-mat-khau/xong/"
    teacher.refresh_from_db()
    assert teacher.check_password(NEW_PASSWORD)


def test_a_person_changes_their_own_password(world, client_for):
    client = client_for(world.teacher_a, world.school_a)
    page = client.get("/tai-khoan/doi-mat-khau/")
    assert page.status_code == 200 and "Mật khẩu hiện tại" in page.content.decode()
    wrong = client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": "sai", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "Mật khẩu cũ không chính xác" in wrong.content.decode()
    done = client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert client.get("/").status_code == 200  # still signed in on this host
    world.teacher_a.refresh_from_db()
    assert world.teacher_a.check_password(NEW_PASSWORD)


def test_a_password_set_by_the_principal_must_be_changed_first(world, client_for):
    principal = client_for(world.principal_a, world.school_a)
    teacher = world.teacher_a
    answer = principal.post(
        f"/tai-khoan/nguoi-dung/{teacher.pk}/dat-mat-khau/", {"password": "Tam-thoi-2026"}
    )
    assert answer.status_code == 302
    teacher.refresh_from_db()
    assert teacher.must_change_password and teacher.check_password("Tam-thoi-2026")
    client = client_for(teacher, world.school_a)
    for path in ("/", "/can-bo/", "/tai-khoan/nguoi-dung/"):
        sent = client.get(path)
        assert sent.status_code == 302 and sent["Location"] == "/tai-khoan/doi-mat-khau/", path
    page = client.get("/tai-khoan/doi-mat-khau/")
    assert page.status_code == 200 and "Mật khẩu của bạn do người quản lý đặt" in page.content.decode()
    assert client.get("/static/core/app.css").status_code == 200  # static files are not redirected
    api = client.get("/api/v1/staff/")
    assert api.status_code == 403 and "đổi mật khẩu" in api.json()["detail"]
    _, secret = create_token(teacher, label="Bảng tính")
    by_token = client_for(None, world.school_a).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert by_token.status_code == 403
    client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": "Tam-thoi-2026", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    teacher.refresh_from_db()
    assert not teacher.must_change_password
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/staff/").status_code == 200
    assert _actions(school=world.school_a) == ["account.password_set"]


def test_a_principal_cannot_set_a_password_in_another_school_or_for_an_office_member(world, client_for):
    with pytest.raises(Refused):
        services.set_password_by_manager(
            world.principal_b, NEW_PASSWORD, by=world.principal_a, school=world.school_a
        )
    with pytest.raises(Refused):
        services.set_password_by_manager(world.principal_b, NEW_PASSWORD, by=world.principal_a)
    # Somebody who also works elsewhere (here: the office) is the office's to set a password for, so
    # that a principal can never sign in as an office specialist who also teaches at the school.
    services.grant_school_role(world.specialist, world.school_a, Role.STAFF)
    with pytest.raises(Refused, match="cơ quan quản lý đặt"):
        services.set_password_by_manager(
            world.specialist, NEW_PASSWORD, by=world.principal_a, school=world.school_a
        )
    # On school B's host the principal of A is nobody: 404.
    other = client_for(world.principal_a, world.school_b)
    assert (
        other.post(
            f"/tai-khoan/nguoi-dung/{world.principal_b.pk}/dat-mat-khau/", {"password": "x"}
        ).status_code
        == 404
    )
    # A person of school B is not found on school A's host either.
    own = client_for(world.principal_a, world.school_a)
    assert own.get(f"/tai-khoan/nguoi-dung/{world.principal_b.pk}/").status_code == 404
    world.principal_b.refresh_from_db()
    assert world.principal_b.check_password(PASSWORD)


# --- Leaving and coming back -----------------------------------------------------------------------------


def test_a_retired_teacher_is_stopped_at_once_and_their_records_stay(world, client_for):
    teacher = world.teacher_a
    _, secret = create_token(teacher, label="Bảng tính")
    session = client_for(teacher, world.school_a)
    assert session.get("/").status_code == 200
    by_token = client_for(None, world.school_a)
    assert by_token.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {secret}").status_code == 200

    principal = client_for(world.principal_a, world.school_a)
    empty = principal.post(f"/tai-khoan/nguoi-dung/{teacher.pk}/ngung/", {"reason": " "})
    assert empty.status_code == 302 and User.objects.get(pk=teacher.pk).is_active
    answer = principal.post(
        f"/tai-khoan/nguoi-dung/{teacher.pk}/ngung/", {"reason": "Nghỉ hưu từ 01/12/2026"}
    )
    assert answer.status_code == 302
    teacher.refresh_from_db()
    assert not teacher.is_active  # no role in force anywhere any more
    assert not ApiToken.objects.filter(user=teacher).exists()
    # The next request of the session is anonymous: sent to sign in; the token is refused.
    nxt = session.get("/")
    assert nxt.status_code == 302 and "/tai-khoan/dang-nhap/" in nxt["Location"]
    refused = by_token.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert refused.status_code == 401 and "username" not in refused.json()  # the token is gone
    # Records stay: the account, the ended membership, the register entry.
    membership = Membership.objects.get(user=teacher, school=world.school_a)
    assert membership.ends_on == timezone.localdate()
    people = principal.get("/tai-khoan/nguoi-dung/")
    assert "Trần Văn Ánh" in people.content.decode() and "Đã ngừng" in people.content.decode()
    log = principal.get("/tai-khoan/nhat-ky/").content.decode()
    assert "Ngừng tài khoản, thôi công tác" in log and "Nghỉ hưu từ 01/12/2026" in log
    # Coming back: staff again from today, signed in again.
    principal.post(f"/tai-khoan/nguoi-dung/{teacher.pk}/mo-lai/")
    teacher.refresh_from_db()
    assert teacher.is_active and has_school_membership(teacher, world.school_a)
    assert client_for(teacher, world.school_a).get("/").status_code == 200


def test_leaving_one_school_keeps_the_account_for_the_other(world, client_for):
    teacher = world.teacher_a
    services.grant_school_role(teacher, world.school_b, Role.STAFF)
    session_b = client_for(teacher, world.school_b)
    services.deactivate_person(teacher, by=world.principal_a, reason="Chuyển công tác", school=world.school_a)
    teacher.refresh_from_db()
    assert teacher.is_active
    assert client_for(teacher, world.school_a).get("/").status_code == 404  # no longer a member here
    assert session_b.get("/").status_code == 200
    assert list(schools_of_user(teacher)) == [world.school_b]


def test_the_office_stops_a_principal_and_a_principal_cannot(world, client_for):
    with pytest.raises(Refused):  # only the office appoints and removes principals
        services.deactivate_person(world.principal_a, by=world.teacher_a, reason="x", school=world.school_a)
    with pytest.raises(Refused):  # an office out of reach
        services.deactivate_person(world.principal_a, by=world.other_specialist, reason="Nghỉ hưu")
    office = client_for(world.specialist)
    people = office.get("/tai-khoan/nguoi-dung/")
    assert people.status_code == 200 and "Nguyễn Thị An" in people.content.decode()
    assert "Lê Thị Bình" not in people.content.decode()  # principal of another office's school
    assert office.get(f"/tai-khoan/nguoi-dung/{world.principal_b.pk}/").status_code == 404
    answer = office.post(f"/tai-khoan/nguoi-dung/{world.principal_a.pk}/ngung/", {"reason": "Nghỉ hưu"})
    assert answer.status_code == 302
    world.principal_a.refresh_from_db()
    assert not world.principal_a.is_active
    assert _actions(authority_ids=[world.office.pk]) == ["account.deactivated"]
    assert _actions(authority_ids=[world.other_office.pk]) == []
    office.post(f"/tai-khoan/nguoi-dung/{world.principal_a.pk}/mo-lai/")
    world.principal_a.refresh_from_db()
    assert world.principal_a.is_active


def test_a_principal_cannot_reopen_an_account_the_office_stopped(world, client_for):
    services.deactivate_person(world.teacher_a, by=world.specialist, reason="Kỷ luật: buộc thôi việc")
    principal = client_for(world.principal_a, world.school_a)
    principal.post(f"/tai-khoan/nguoi-dung/{world.teacher_a.pk}/mo-lai/")
    world.teacher_a.refresh_from_db()
    assert not world.teacher_a.is_active
    with pytest.raises(Refused, match="chỉ cơ quan quản lý mở lại"):
        services.reactivate_person(world.teacher_a, by=world.principal_a, school=world.school_a)
    # A teacher the school itself let go is the school's to bring back.
    services.reactivate_person(world.teacher_a, by=world.specialist)
    services.deactivate_person(
        world.teacher_a, by=world.principal_a, reason="Nghỉ hưu", school=world.school_a
    )
    services.reactivate_person(world.teacher_a, by=world.principal_a, school=world.school_a)
    world.teacher_a.refresh_from_db()
    assert world.teacher_a.is_active


# --- Memberships by date ---------------------------------------------------------------------------------


def test_an_ended_or_future_membership_is_not_in_force(world):
    teacher = world.teacher_a
    membership = Membership.objects.get(user=teacher, school=world.school_a)
    today = timezone.localdate()
    membership.starts_on = today - datetime.timedelta(days=30)
    membership.ends_on = today
    membership.save()
    teacher = User.objects.get(pk=teacher.pk)  # no cached roles
    assert not has_school_membership(teacher, world.school_a)
    assert list(schools_of_user(teacher)) == []
    assert teacher not in members_with_roles(world.school_a, [Role.STAFF])
    membership.ends_on = today + datetime.timedelta(days=1)
    membership.save()
    assert has_school_membership(User.objects.get(pk=teacher.pk), world.school_a)
    office = Membership.objects.get(user=world.specialist)
    office.starts_on = today + datetime.timedelta(days=3)
    office.save()
    assert not is_office_member(User.objects.get(pk=world.specialist.pk))


def test_a_membership_cannot_end_before_it_starts(world):
    membership = Membership.objects.get(user=world.teacher_a, school=world.school_a)
    membership.ends_on = membership.starts_on - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        membership.save()


# --- Roles -------------------------------------------------------------------------------------------------


def test_the_principal_names_a_council_secretary_and_a_department_head(world, client_for):
    principal = client_for(world.principal_a, world.school_a)
    teacher = world.teacher_a
    page = principal.get(f"/tai-khoan/nguoi-dung/{teacher.pk}/")
    assert page.status_code == 200 and "Thư ký Hội đồng TĐKT" in page.content.decode()
    principal.post(f"/tai-khoan/nguoi-dung/{teacher.pk}/giao-vai-tro/", {"role": Role.COUNCIL_SECRETARY})
    no_unit = principal.post(
        f"/tai-khoan/nguoi-dung/{teacher.pk}/giao-vai-tro/", {"role": Role.DEPARTMENT_HEAD}
    )
    assert no_unit.status_code == 302
    principal.post(
        f"/tai-khoan/nguoi-dung/{teacher.pk}/giao-vai-tro/",
        {"role": Role.DEPARTMENT_HEAD, "unit": "Tổ khối 1"},
    )
    teacher = User.objects.get(pk=teacher.pk)
    held = Membership.objects.in_force().filter(user=teacher, school=world.school_a)
    assert set(held.values_list("role", "unit")) == {
        (Role.STAFF, ""),
        (Role.COUNCIL_SECRETARY, ""),
        (Role.DEPARTMENT_HEAD, "Tổ khối 1"),
    }
    assert (
        client_for(teacher, world.school_a).get("/tai-khoan/nguoi-dung/").status_code == 200
    )  # a manager now
    secretary = held.get(role=Role.COUNCIL_SECRETARY)
    principal.post(f"/tai-khoan/vai-tro/{secretary.pk}/thoi/")
    secretary.refresh_from_db()
    assert secretary.ends_on == timezone.localdate()
    assert (
        client_for(User.objects.get(pk=teacher.pk), world.school_a).get("/tai-khoan/nguoi-dung/").status_code
        == 403
    )
    actions = _actions(school=world.school_a)
    assert actions == ["membership.ended", "membership.granted", "membership.granted"]


def test_role_assignment_refusals(world, client_for):
    # A principal cannot give an office role, nor act in another school, nor appoint a principal.
    with pytest.raises(Refused):
        services.assign_school_role(world.teacher_a, world.school_a, Role.OFFICE_HEAD, by=world.principal_a)
    with pytest.raises(Refused):
        services.assign_office_role(
            world.teacher_a, world.office, Role.OFFICE_SPECIALIST, by=world.principal_a
        )
    with pytest.raises(Refused):
        services.assign_school_role(
            world.principal_b, world.school_b, Role.COUNCIL_SECRETARY, by=world.principal_a
        )
    with pytest.raises(Refused):
        services.assign_school_role(world.teacher_a, world.school_a, Role.PRINCIPAL, by=world.principal_a)
    # A person of another school is not the principal's to name.
    with pytest.raises(Invalid):
        services.assign_school_role(world.outsider, world.school_a, Role.VICE_PRINCIPAL, by=world.principal_a)
    # The last principal cannot be removed, not even by the office.
    principal_membership = Membership.objects.get(user=world.principal_a, school=world.school_a)
    with pytest.raises(Invalid, match="ít nhất một Hiệu trưởng"):
        services.end_membership(principal_membership, by=world.specialist)
    # Once the office appointed another, it can.
    services.assign_school_role(world.teacher_a, world.school_a, Role.PRINCIPAL, by=world.specialist)
    services.end_membership(principal_membership, by=world.specialist)
    assert not has_school_membership(User.objects.get(pk=world.principal_a.pk), world.school_a)
    # Through the page, a membership of another school is a 404.
    b_membership = Membership.objects.get(user=world.principal_b, school=world.school_b)
    teacher_page = client_for(User.objects.get(pk=world.teacher_a.pk), world.school_a)
    assert teacher_page.post(f"/tai-khoan/vai-tro/{b_membership.pk}/thoi/").status_code == 404


def test_the_office_head_names_office_roles_a_specialist_cannot(world, client_for):
    head = User.objects.create_user(username="lanhdao.phong", password=PASSWORD, full_name="Vũ Văn Trưởng")
    services.grant_office_role(head, world.office, Role.OFFICE_HEAD)
    with pytest.raises(Refused):
        services.assign_office_role(world.outsider, world.office, Role.OFFICE_SPECIALIST, by=world.specialist)
    with pytest.raises(Refused):  # not the head of the other office
        services.assign_office_role(world.outsider, world.other_office, Role.OFFICE_SPECIALIST, by=head)
    client = client_for(head)
    people = client.get("/tai-khoan/nguoi-dung/").content.decode()
    assert "Giao vai trò của cơ quan cho một tài khoản" in people and "Phạm Thu Chuyên" in people
    page = client.get(f"/tai-khoan/nguoi-dung/{world.specialist.pk}/")
    assert page.status_code == 200 and "Chuyên viên phụ trách TĐKT" in page.content.decode()
    answer = client.post(
        "/tai-khoan/nguoi-dung/giao-vai-tro/",
        {"username": "nguoingoai", "authority": world.office.pk, "role": Role.OFFICE_SPECIALIST},
    )
    assert answer.status_code == 302
    assert is_office_member(User.objects.get(pk=world.outsider.pk))
    membership = Membership.objects.get(user=world.outsider, authority=world.office)
    client.post(f"/tai-khoan/vai-tro/{membership.pk}/thoi/")
    assert not is_office_member(User.objects.get(pk=world.outsider.pk))
    log = client.get("/tai-khoan/nhat-ky/").content.decode()
    assert "Giao vai trò" in log and "Thôi giao vai trò" in log


def test_the_account_log_is_for_managers_only(world, client_for):
    services.deactivate_person(
        world.teacher_a, by=world.principal_a, reason="Nghỉ hưu", school=world.school_a
    )
    assert client_for(world.principal_a, world.school_a).get("/tai-khoan/nhat-ky/").status_code == 200
    assert client_for(world.outsider).get("/tai-khoan/nhat-ky/").status_code == 404
    assert client_for(world.principal_a, world.school_b).get("/tai-khoan/nhat-ky/").status_code == 404
    assert _actions(school=world.school_b) == []


@pytest.mark.parametrize("extra", [1, 6])
def test_the_people_page_reads_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries, extra
):
    for index in range(extra):
        person = User.objects.create_user(username=f"gv.them{index}", full_name=f"Giáo viên {index}")
        services.grant_school_role(person, world.school_a, Role.STAFF)
    client = client_for(world.principal_a, world.school_a)
    client.get("/tai-khoan/nguoi-dung/")  # warm caches (sessions, the school)
    with django_assert_max_num_queries(12):
        page = client.get("/tai-khoan/nguoi-dung/")
    assert page.status_code == 200 and "Giáo viên 0" in page.content.decode()


def test_the_staff_record_links_to_the_account_page(world, client_for):
    with schema_context(world.school_a.schema_name):
        staff = Staff.objects.get(user_id=world.principal_a.pk)
    page = client_for(world.principal_a, world.school_a).get(f"/can-bo/{staff.pk}/")
    assert f'href="/tai-khoan/nguoi-dung/{world.principal_a.pk}/"' in page.content.decode()
