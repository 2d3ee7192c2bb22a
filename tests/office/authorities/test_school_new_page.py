"""The office creates a school from its pages, through the same provisioning service as the command."""

from django.db import connection

from office.audit.models import AuditEvent
from tenants.models import School
from tenants.provisioning import suggest_school_code


def test_a_code_is_suggested_from_the_name_without_diacritics(world):
    assert suggest_school_code("Trường Tiểu học Lê Quý Đôn") == "lequydon"
    assert suggest_school_code("Trường Mầm non Đồng Tâm") == "dongtam"
    assert suggest_school_code("Trường Tiểu học A") == "truonga2"  # truonga is taken


def test_the_office_creates_a_school_and_is_sent_to_invite_its_principal(world, client_for):
    client = client_for(world.specialist)
    page = client.get("/co-quan/truong-moi/").content.decode()
    assert "Phòng GDĐT Thử nghiệm" in page and "Phòng GDĐT Khác" not in page
    response = client.post(
        "/co-quan/truong-moi/",
        {
            "name": "Trường Tiểu học Đồng Tâm",
            "level": "tieu_hoc",
            "code": "",
            "address": "Số 1 phố Đồng Tâm",
            "authority": world.office.pk,
        },
    )
    assert response.status_code == 302 and response["Location"] == "/loi-moi/moi-hieu-truong/dongtam/"
    school = School.objects.get(code="dongtam")
    assert school.authority == world.office and school.address == "Số 1 phố Đồng Tâm"
    assert school.domains.get().domain == "dongtam.localhost"
    assert AuditEvent.objects.filter(
        action="school.created", object_id=str(school.pk), user=world.specialist
    ).exists()
    assert "Trường Tiểu học Đồng Tâm" in client.get("/tong-quan/").content.decode()
    connection.set_schema_to_public()


def test_a_taken_or_reserved_code_is_refused_in_vietnamese_and_creates_nothing(world, client_for):
    client = client_for(world.specialist)
    schools = School.objects.count()
    for code, message in (("truonga", "đã được dùng"), ("admin", "dành riêng"), ("Lê Quý", "không hợp lệ")):
        response = client.post(
            "/co-quan/truong-moi/",
            {
                "name": "Trường Tiểu học Trùng",
                "level": "tieu_hoc",
                "code": code,
                "address": "",
                "authority": world.office.pk,
            },
        )
        assert response.status_code == 400
        assert message in response.content.decode()
    assert School.objects.count() == schools


def test_only_offices_in_reach_and_office_members_may_create(world, client_for):
    response = client_for(world.specialist).post(
        "/co-quan/truong-moi/",
        {
            "name": "Trường Mầm non Ngoài",
            "level": "mam_non",
            "code": "ngoai",
            "address": "",
            "authority": world.other_office.pk,
        },
    )
    assert response.status_code == 400 and "Hãy chọn một cơ quan đang hoạt động" in response.content.decode()
    assert client_for(world.principal_a).get("/co-quan/truong-moi/").status_code == 404
    assert not School.objects.filter(code="ngoai").exists()
