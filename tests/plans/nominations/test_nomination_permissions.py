"""Who may do what with nominations and dossiers (plans.nominations.permissions), over the roles of a
school and another school's principal; the services refusing a person without the right before they
change anything, whoever calls them; and the pages and the API answering 403 for such a person and
400 (with the reason) for a refused change."""

import pytest
from django_tenants.utils import schema_context

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_school_role
from office.audit.models import AuditEvent
from office.core.errors import Refused
from office.rules.vocabulary import Title
from office.submissions.models import Submission
from plans.evidence.models import Evidence
from plans.nominations import services
from plans.nominations.models import Dossier, DossierEvidence, Nomination
from plans.nominations.permissions import can_prepare_nominations, can_submit_dossier
from plans.staff.models import Staff
from tests.factories.nominations import post_and_wait

SCHOOL_YEAR = "2025-2026"
PREPARE = "Chỉ Ban giám hiệu và thư ký Hội đồng TĐKT"
SUBMIT = "Chỉ Hiệu trưởng hoặc Phó Hiệu trưởng được ký gửi tờ trình"


@pytest.fixture
def people(world) -> dict:
    """The five kinds of person these rules tell apart, all asked about school A."""
    vice = ensure_user(username="hieupho.a", full_name="Phạm Văn Phó")
    secretary = ensure_user(username="thuky.a", full_name="Đỗ Thị Thư Ký")
    grant_school_role(vice, world.school_a, Role.VICE_PRINCIPAL)
    grant_school_role(secretary, world.school_a, Role.COUNCIL_SECRETARY)
    return {
        "principal": world.principal_a,
        "vice_principal": vice,
        "council_secretary": secretary,
        "teacher": world.teacher_a,
        "other_school_principal": world.principal_b,
    }


@pytest.mark.parametrize(
    ("predicate", "allowed"),
    [
        (can_prepare_nominations, {"principal", "vice_principal", "council_secretary"}),
        (can_submit_dossier, {"principal", "vice_principal"}),
    ],
    ids=["prepare_nominations", "submit_dossier"],
)
def test_truth_table(world, people, predicate, allowed):
    assert {role for role, person in people.items() if predicate(person, world.school_a)} == allowed


def test_nobody_anonymous_or_without_a_school_may_act(world, people):
    from django.contrib.auth.models import AnonymousUser

    assert not can_prepare_nominations(AnonymousUser(), world.school_a)
    assert not can_prepare_nominations(people["principal"], None)
    assert not can_submit_dossier(AnonymousUser(), world.school_a)


@pytest.fixture
def prepared(world):
    """A nomination and an open dossier of school A, made by its principal."""
    with schema_context(world.school_a.schema_name):
        staff = Staff.objects.create(full_name="Lê Minh Anh", gender="nu")
        nomination = services.create_nomination(
            school_year=SCHOOL_YEAR, staff=staff, title=Title.LDTT, user=world.principal_a
        )
        dossier = services.create_dossier(
            school_year=SCHOOL_YEAR,
            subject="Về việc đề nghị công nhận danh hiệu thi đua",
            recipient="Chủ tịch UBND phường Hà Đông",
            review_round=None,
            user=world.principal_a,
        )
        evidence = Evidence.objects.create(
            kind=Evidence.Kind.DOSSIER,
            key="schools/truonga/dossier/" + "1" * 32 + "/qd.pdf",
            filename="qd.pdf",
            size=1234,
            sha256="cd" * 32,
            content_type="application/pdf",
            status=Evidence.Status.VERIFIED,
            uploaded_by=world.principal_a,
        )
    return {"staff": staff, "nomination": nomination, "dossier": dossier, "evidence": evidence}


def _state(world) -> tuple:
    """Everything a refused call could have changed in school A, and the office's submissions."""
    with schema_context(world.school_a.schema_name):
        nominations = list(
            Nomination.objects.order_by("pk").values_list(
                "pk", "summary", "achievements", "verdict", "checked_at", "dossier_id"
            )
        )
        dossiers = list(Dossier.objects.order_by("pk").values_list("pk", "evidence_certified", "number"))
        links = DossierEvidence.objects.count()
        events = AuditEvent.objects.count()
    return nominations, dossiers, links, events, Submission.objects.count()


def _refused_calls(world, data, person):
    nomination, dossier, staff = data["nomination"], data["dossier"], data["staff"]
    return {
        "create_nomination": lambda: services.create_nomination(
            school_year=SCHOOL_YEAR, staff=staff, title=Title.CSTDCS, user=person
        ),
        "nominations_from_review": lambda: services.nominations_from_review(
            school_year=SCHOOL_YEAR, user=person
        ),
        "run_check": lambda: services.run_check(nomination, school=world.school_a, user=person),
        "run_checks": lambda: services.run_checks(
            Nomination.objects.all(), school=world.school_a, user=person
        ),
        "update_nomination": lambda: services.update_nomination(
            nomination, summary="Sửa trộm", achievements="", initiative=None, user=person
        ),
        "delete_nomination": lambda: services.delete_nomination(nomination, user=person),
        "create_dossier": lambda: services.create_dossier(
            school_year=SCHOOL_YEAR, subject="Hồ sơ khác", recipient="UBND", review_round=None, user=person
        ),
        "add_to_dossier": lambda: services.add_to_dossier(
            dossier, [nomination], school=world.school_a, user=person
        ),
        "remove_from_dossier": lambda: services.remove_from_dossier(dossier, nomination, user=person),
        "confirm_evidence_certified": lambda: services.confirm_evidence_certified(
            dossier, certified=True, user=person
        ),
        "attach_evidence": lambda: services.attach_evidence(
            dossier, data["evidence"], label="Quyết định", user=person
        ),
    }


@pytest.mark.parametrize("person", ["teacher", "other_school_principal"])
def test_every_preparing_service_refuses_a_person_without_the_right_and_changes_nothing(
    world, people, prepared, person
):
    """Called directly, not through a page: the services check the rule themselves. Without a school
    argument they act in the school of the connection's schema, where the other school's principal
    holds no role."""
    before = _state(world)
    with schema_context(world.school_a.schema_name):
        for name, call in _refused_calls(world, prepared, people[person]).items():
            with pytest.raises(Refused, match=PREPARE):
                call()
            assert _state(world) == before, name


def test_only_a_signer_submits_the_dossier(world, people, prepared):
    before = _state(world)
    with schema_context(world.school_a.schema_name):
        for person in ("council_secretary", "teacher", "other_school_principal"):
            with pytest.raises(Refused, match=SUBMIT):
                services.submit_dossier(prepared["dossier"], school=world.school_a, user=people[person])
    assert _state(world) == before


def test_a_nobody_cannot_slip_through_as_a_missing_user(world, prepared):
    with schema_context(world.school_a.schema_name):
        with pytest.raises(Refused):
            services.run_check(prepared["nomination"], school=world.school_a, user=None)
        with pytest.raises(Refused):
            services.submit_dossier(prepared["dossier"], school=world.school_a, user=None)


def test_the_vice_principal_and_the_secretary_prepare(world, people, prepared):
    with schema_context(world.school_a.schema_name):
        for person in ("vice_principal", "council_secretary"):
            services.update_nomination(
                prepared["nomination"],
                summary=f"Sửa bởi {person}",
                achievements="",
                initiative=None,
                user=people[person],
            )
            assert Nomination.objects.get(pk=prepared["nomination"].pk).summary == f"Sửa bởi {person}"


def test_pages_answer_403_to_a_person_without_the_right(world, people, prepared, client_for):
    teacher = client_for(people["teacher"], world.school_a)
    dossier = prepared["dossier"]
    for path in ("/de-nghi/", "/de-nghi/ho-so/", f"/de-nghi/ho-so/{dossier.pk}/", "/de-nghi/ky-niem-chuong/"):
        response = teacher.get(path)
        assert response.status_code == 403, path
        assert PREPARE in response.content.decode()
    before = _state(world)
    assert (
        teacher.post(f"/de-nghi/ho-so/{dossier.pk}/thao-tac/xac-nhan/", {"certified": "1"}).status_code == 403
    )
    secretary = client_for(people["council_secretary"], world.school_a)
    refused = secretary.post(f"/de-nghi/ho-so/{dossier.pk}/thao-tac/gui/")
    assert refused.status_code == 403 and SUBMIT in refused.content.decode()
    assert _state(world) == before
    # The page's button follows the same rule: shown to the principal, not to the secretary.
    with schema_context(world.school_a.schema_name):
        Nomination.objects.filter(pk=prepared["nomination"].pk).update(dossier=dossier)
        post_and_wait(dossier, world)  # the button waits for the end of the public posting
    button = 'data-testid="submit-dossier"'
    assert (
        button
        in client_for(people["principal"], world.school_a)
        .get(f"/de-nghi/ho-so/{dossier.pk}/")
        .content.decode()
    )
    assert button not in secretary.get(f"/de-nghi/ho-so/{dossier.pk}/").content.decode()


def test_a_refused_change_goes_back_to_the_page_with_the_reason(world, prepared, client_for):
    principal = client_for(world.principal_a, world.school_a)
    dossier = prepared["dossier"]
    # An empty dossier cannot be sent: the reason is shown on the dossier's page.
    response = principal.post(f"/de-nghi/ho-so/{dossier.pk}/thao-tac/gui/", follow=True)
    assert response.redirect_chain[-1][0] == f"/de-nghi/ho-so/{dossier.pk}/"
    assert "Hồ sơ chưa có đề nghị nào." in response.content.decode()
    # The list keeps its filters; a school year typed by hand is read by office.core.school_years.
    response = principal.post(
        "/de-nghi/?school_year=2025-2027",
        {"action": "add", "staff": prepared["staff"].pk, "title": Title.CSTDCS},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/de-nghi/?school_year=2025-2027"
    assert "Năm học “2025-2027” không hợp lệ; hãy ghi dạng 2025-2026." in response.content.decode()
    with schema_context(world.school_a.schema_name):
        assert Nomination.objects.count() == 1


def test_the_api_answers_403_before_reading_the_body_and_400_with_the_reason(
    world, people, prepared, client_for
):
    teacher = client_for(people["teacher"], world.school_a)
    response = teacher.post("/api/v1/nominations/", {"title": "x"}, content_type="application/json")
    assert response.status_code == 403 and PREPARE in response.json()["detail"]
    secretary = client_for(people["council_secretary"], world.school_a)
    dossier = prepared["dossier"]
    response = secretary.post(f"/api/v1/dossiers/{dossier.pk}/submit/")
    assert response.status_code == 403 and SUBMIT in response.json()["detail"]
    assert secretary.post("/api/v1/dossiers/999999/submit/").status_code == 403
    principal = client_for(world.principal_a, world.school_a)
    response = principal.post(f"/api/v1/dossiers/{dossier.pk}/submit/")
    assert response.status_code == 400 and response.json() == {"detail": "Hồ sơ chưa có đề nghị nào."}
    response = principal.post(
        "/api/v1/nominations/",
        {"school_year": "2025-2027", "staff": prepared["staff"].pk, "title": Title.CSTDCS},
        content_type="application/json",
    )
    assert response.status_code == 400 and "không hợp lệ" in response.json()["detail"]
