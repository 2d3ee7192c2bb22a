"""The staff register invites people: one, or everyone the filter shows in one action; the printed
sheet's codes open the accept page, which ties the new account to the person's record."""

import re

from django.core import mail
from django.test import Client
from django_tenants.utils import schema_context

from office.accounts.models import Membership, Role, User
from office.invitations.models import Invitation
from plans.staff.models import Staff
from plans.staff.services import add_staff_member

PASSWORD = "Hoa-sen-no-2026"


def _add_teachers(school, names, department="Tổ khối 2"):
    with schema_context(school.schema_name):
        return [
            add_staff_member(full_name=name, gender="nu", department_name=department).pk for name in names
        ]


def test_inviting_everyone_in_the_filter_then_printing_the_sheet(world, client_for):
    ids = _add_teachers(world.school_a, ["Đào Thị Một", "Lý Văn Hai"])
    client = client_for(world.principal_a, world.school_a)
    with schema_context(world.school_a.schema_name):
        department = Staff.objects.get(pk=ids[0]).department_id
    response = client.post("/can-bo/moi-tat-ca/", {"department": department})
    assert response.status_code == 302
    invitations = Invitation.objects.filter(school=world.school_a)
    assert sorted(invitations.values_list("staff_id", flat=True)) == sorted(ids)  # the filter, not everyone
    assert set(invitations.values_list("role", flat=True)) == {Role.STAFF}
    listing = client.get(response["Location"]).content.decode()
    assert "Đào Thị Một" in listing and "Lý Văn Hai" in listing
    assert "Đã mời" in client.get("/can-bo/").content.decode()

    sheet = client.post("/can-bo/loi-moi/in-phieu/", {"ids": list(invitations.values_list("pk", flat=True))})
    assert sheet.status_code == 200
    html = sheet.content.decode()
    assert html.count("<svg") == 2 and "Đào Thị Một" in html
    codes = re.findall(r'data-testid="card-code">([A-Z0-9]{4}-[A-Z0-9]{4})<', html)
    assert len(codes) == 2

    teacher = Client(HTTP_HOST=world.school_a.host, REMOTE_ADDR="10.1.2.3")
    page = teacher.get("/nhan-loi-moi/", {"ma": codes[0]}).content.decode()
    name = "Đào Thị Một" if "Đào Thị Một" in page else "Lý Văn Hai"
    response = teacher.post(
        "/nhan-loi-moi/",
        {"ma": codes[0], "action": "new", "username": "gv.moi", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user = User.objects.get(username="gv.moi")
    assert Membership.objects.filter(user=user, school=world.school_a, role=Role.STAFF).exists()
    with schema_context(world.school_a.schema_name):
        assert Staff.objects.get(user_id=user.pk).full_name == name


def test_inviting_one_person_by_mail_with_a_role_the_principal_may_give(world, client_for):
    (staff_id,) = _add_teachers(world.school_a, ["Vũ Thị Phó"])
    client = client_for(world.principal_a, world.school_a)
    page = client.get(f"/can-bo/{staff_id}/moi/").content.decode()
    assert "Phó Hiệu trưởng" in page and "Lãnh đạo phòng" not in page and ">Hiệu trưởng<" not in page
    refused = client.post(f"/can-bo/{staff_id}/moi/", {"role": Role.OFFICE_HEAD, "email": ""})
    assert refused.status_code == 200 and "không mời được vào vai trò này" in refused.content.decode()
    response = client.post(
        f"/can-bo/{staff_id}/moi/", {"role": Role.VICE_PRINCIPAL, "email": "pho@example.vn"}
    )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["pho@example.vn"]
    assert "http://truonga.localhost/nhan-loi-moi/" in mail.outbox[0].body
    assert Invitation.objects.get(school=world.school_a).role == Role.VICE_PRINCIPAL


def test_staff_and_other_schools_cannot_invite(world, client_for):
    (staff_id,) = _add_teachers(world.school_a, ["Người Chưa Mời"])
    teacher = client_for(world.teacher_a, world.school_a)
    assert teacher.post("/can-bo/moi-tat-ca/", {}).status_code == 403
    assert teacher.get("/can-bo/loi-moi/").status_code == 403
    assert teacher.post(f"/can-bo/{staff_id}/moi/", {"role": Role.STAFF}).status_code == 403
    other = client_for(world.principal_b, world.school_a)
    assert other.post("/can-bo/moi-tat-ca/", {}).status_code == 404
    assert not Invitation.objects.exists()


def test_another_schools_invitations_are_not_found_from_here(world, client_for):
    with schema_context(world.school_b.schema_name):
        staff_b = Staff.objects.get(full_name="Bí Mật Trường B").pk
    from office.invitations import services

    issued = services.invite_staff(
        school=world.school_b, staff_id=staff_b, full_name="Bí Mật Trường B", user=world.principal_b
    )
    client = client_for(world.principal_a, world.school_a)
    assert "Bí Mật Trường B" not in client.get("/can-bo/loi-moi/").content.decode()
    assert client.post(f"/can-bo/loi-moi/{issued.invitation.pk}/thu-hoi/").status_code == 404
    sheet = client.post("/can-bo/loi-moi/in-phieu/", {"ids": [issued.invitation.pk]})
    assert sheet.status_code == 302  # nothing of theirs to print
    assert Invitation.objects.get().revoked_at is None


def _queries(client, path) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_invitation_lists_cost_the_same_queries_for_one_or_many(world, client_for):
    from office.invitations import services

    ids = _add_teachers(world.school_a, [f"Giáo Viên Số {n}" for n in range(6)])
    school_page = client_for(world.principal_a, world.school_a)
    office_page = client_for(world.specialist)
    services.invite_staff(
        school=world.school_a, staff_id=ids[0], full_name="Giáo Viên Số 0", user=world.principal_a
    )
    services.invite_principal(school=world.school_a, full_name="Hiệu Trưởng Một", user=world.specialist)
    one = (_queries(school_page, "/can-bo/loi-moi/"), _queries(office_page, "/loi-moi/"))
    services.invite_staff_batch(
        school=world.school_a,
        people=[(pk, f"Giáo Viên {pk}", False) for pk in ids[1:]],
        user=world.principal_a,
    )
    for n in range(4):
        services.invite_principal(school=world.school_a, full_name=f"Hiệu Trưởng {n}", user=world.specialist)
    many = (_queries(school_page, "/can-bo/loi-moi/"), _queries(office_page, "/loi-moi/"))
    assert one == many
