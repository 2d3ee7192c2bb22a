"""Who may act for the school in its cluster (plans.self_assessment.permissions, the cluster's own
rules), over the roles of a school and another school's principal; the draft services refusing a
person without the right before they write anything; and the pages and the API answering 403 for
such a person, before the body is read."""

import pytest
from django_tenants.utils import schema_context

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_school_role
from office.clusters.models import ClusterResult
from office.core.errors import Refused
from office.submissions.models import Submission
from plans.self_assessment.models import SelfAssessment, SelfScore
from plans.self_assessment.permissions import can_self_score, can_sign_covenant
from plans.self_assessment.services import save_draft, submit_draft

SELF_SCORE = "Chỉ Hiệu trưởng hoặc cán bộ quản lý của trường được tự chấm."


@pytest.fixture
def people(cw) -> dict:
    w = cw.world
    vice = ensure_user(username="hieupho.a", full_name="Phạm Văn Phó")
    secretary = ensure_user(username="thuky.a", full_name="Đỗ Thị Thư Ký")
    grant_school_role(vice, w.school_a, Role.VICE_PRINCIPAL)
    grant_school_role(secretary, w.school_a, Role.COUNCIL_SECRETARY)
    return {
        "principal": w.principal_a,
        "vice_principal": vice,
        "council_secretary": secretary,
        "teacher": w.teacher_a,
        "other_school_principal": w.principal_b,
    }


@pytest.mark.parametrize(
    ("predicate", "allowed"),
    [
        (can_self_score, {"principal", "vice_principal", "council_secretary"}),
        (can_sign_covenant, {"principal"}),
    ],
    ids=["self_score", "sign_covenant"],
)
def test_truth_table(cw, people, predicate, allowed):
    school = cw.world.school_a
    assert {role for role, person in people.items() if predicate(person, school)} == allowed


def _state(cw) -> tuple:
    with schema_context(cw.world.school_a.schema_name):
        drafts = list(SelfAssessment.objects.values_list("pk", "state", "submission_id"))
        scores = SelfScore.objects.count()
    return drafts, scores, Submission.objects.count(), ClusterResult.objects.count()


def test_the_draft_services_refuse_a_person_without_the_right_and_change_nothing(cw, people):
    criterion = cw.criteria["1.2"]
    before = _state(cw)
    with schema_context(cw.world.school_a.schema_name):
        for person in ("teacher", "other_school_principal"):
            with pytest.raises(Refused, match=SELF_SCORE):
                save_draft(
                    school=cw.world.school_a,
                    scoring_round=cw.round,
                    entries={criterion.pk: {"points": "15", "note": "Tự chấm trộm"}},
                    user=people[person],
                )
            with pytest.raises(Refused, match=SELF_SCORE):
                submit_draft(school=cw.world.school_a, scoring_round=cw.round, user=people[person])
    assert _state(cw) == before
    with schema_context(cw.world.school_a.schema_name):
        save_draft(
            school=cw.world.school_a,
            scoring_round=cw.round,
            entries={criterion.pk: {"points": "15", "note": ""}},
            user=people["council_secretary"],
        )
        assert SelfScore.objects.get().points == 15


def test_pages_answer_403_and_keep_nothing(cw, people, client_for):
    teacher = client_for(people["teacher"], cw.world.school_a)
    before = _state(cw)
    response = teacher.post(f"/cum-thi-dua/dot/{cw.round.pk}/luu/", {f"points_{cw.criteria['1.2'].pk}": "15"})
    assert response.status_code == 403 and SELF_SCORE in response.content.decode()
    assert _state(cw) == before


def test_the_api_asks_the_role_before_reading_the_body(cw, people, client_for):
    round_path = f"/api/v1/self-assessments/{cw.round.pk}"
    for person in ("teacher", "vice_principal"):
        client = client_for(people[person], cw.world.school_a)
        response = client.post("/api/v1/self-assessments/sign-covenant/", {}, content_type="application/json")
        assert response.status_code == 403, person
        assert "Chỉ Hiệu trưởng ký giao ước" in response.json()["detail"]
    teacher = client_for(people["teacher"], cw.world.school_a)
    for method, path in (
        ("put", f"{round_path}/draft/"),
        ("post", f"{round_path}/submit/"),
        ("post", f"{round_path}/cross-scores/"),
    ):
        response = getattr(teacher, method)(path, {"items": "x"}, content_type="application/json")
        assert response.status_code == 403, path
        assert response.json() == {"detail": SELF_SCORE}
    # The principal's malformed body is a 400 about the body.
    principal = client_for(people["principal"], cw.world.school_a)
    response = principal.put(f"{round_path}/draft/", {"items": "x"}, content_type="application/json")
    assert response.status_code == 400
