import pytest

from office.tokens.services import create_token


def test_the_openapi_schema_is_served_on_the_office_and_on_schools(world, client_for):
    office = client_for(None, None).get("/api/schema/", HTTP_ACCEPT="application/json")
    school = client_for(None, world.school_a).get("/api/schema/", HTTP_ACCEPT="application/json")
    assert office.status_code == 200 and school.status_code == 200
    assert "/api/v1/schools/" in office.json()["paths"]
    assert "/api/v1/staff/" in school.json()["paths"]
    assert client_for(None, None).get("/api/docs/").status_code == 200


def test_me_shows_the_callers_roles(world, client_for):
    data = client_for(world.principal_a, world.school_a).get("/api/v1/me/").json()
    assert data["username"] == "hieutruong.a"
    assert data["memberships"] == [
        {"role": "principal", "role_label": "Hiệu trưởng", "school": "truonga", "authority": None}
    ]


def test_office_api_lists_only_the_schools_of_the_callers_office(world, client_for):
    codes = [s["code"] for s in client_for(world.specialist, None).get("/api/v1/schools/").json()["results"]]
    assert "truonga" in codes and "truongb" not in codes
    assert client_for(world.specialist, None).get("/api/v1/schools/truongb/").status_code == 404


def test_office_api_refuses_school_staff_and_anonymous_callers(world, client_for):
    assert client_for(world.principal_a, None).get("/api/v1/schools/").status_code == 403
    assert client_for(None, None).get("/api/v1/schools/").status_code in (401, 403)


def test_token_authentication_works_scoped_to_the_host(world, client_for):
    _, secret = create_token(world.specialist, label="Thử nghiệm")
    response = client_for(None, None).get("/api/v1/schools/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.status_code == 200


def test_staff_can_read_but_only_managers_can_change_the_staff_list(world, client_for):
    teacher = client_for(world.teacher_a, world.school_a)
    assert teacher.get("/api/v1/staff/").status_code == 200
    refused = teacher.post(
        "/api/v1/staff/", {"full_name": "Người Mới", "gender": "nu"}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert "Ban giám hiệu" in refused.json()["detail"]
    principal = client_for(world.principal_a, world.school_a)
    created = principal.post(
        "/api/v1/staff/", {"full_name": "Người Mới", "gender": "nu"}, content_type="application/json"
    )
    assert created.status_code == 201
    bad = principal.post("/api/v1/staff/", {"full_name": "", "gender": "x"}, content_type="application/json")
    assert bad.status_code == 400


@pytest.mark.parametrize("urlconf", ["office.urls", "plans.urls"])
def test_the_openapi_documents_generate_without_warnings(urlconf, tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--urlconf", urlconf, "--file", str(target))
    assert "openapi:" in target.read_text(encoding="utf-8")
