"""Who may upload, confirm and see an evidence file (plans.evidence.permissions), over the roles of a
school and another school's principal; and the services refusing a person without the right before
they write anything or hand out an address."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django_tenants.utils import schema_context

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_school_role
from office.audit.models import AuditEvent
from office.core.errors import Refused
from plans.evidence.models import Evidence
from plans.evidence.permissions import can_complete_upload, can_upload_evidence, can_view_evidence
from plans.evidence.services import complete_upload, download_url, start_upload

GOOD_PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n" + b"x" * 3000 + b"\n%%EOF\n"


@pytest.fixture
def people(world) -> dict:
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


def pending_upload(world, user, kind=Evidence.Kind.DOSSIER) -> Evidence:
    with schema_context(world.school_a.schema_name):
        return Evidence.objects.create(
            kind=kind,
            key=f"schools/truonga/{kind}/" + "2" * 32 + "/a.pdf",
            filename="a.pdf",
            size=len(GOOD_PDF),
            content_type="application/pdf",
            uploaded_by=user,
        )


def allowed(people, predicate) -> set[str]:
    return {role for role, person in people.items() if predicate(person)}


def test_truth_table(world, people):
    school = world.school_a
    # A dossier file the teacher uploaded; no viewer rule of the dossier kind admits anyone more.
    teachers_file = Evidence(kind=Evidence.Kind.DOSSIER, uploaded_by=world.teacher_a)
    assert allowed(people, lambda u: can_upload_evidence(u, school)) == {
        "principal",
        "vice_principal",
        "council_secretary",
        "teacher",
    }
    assert allowed(people, lambda u: can_complete_upload(u, school, teachers_file)) == {"teacher"}
    assert allowed(people, lambda u: can_view_evidence(teachers_file, u, school)) == {
        "principal",
        "vice_principal",
        "council_secretary",
        "teacher",
    }
    principals_file = Evidence(kind=Evidence.Kind.DOSSIER, uploaded_by=world.principal_a)
    assert allowed(people, lambda u: can_view_evidence(principals_file, u, school)) == {
        "principal",
        "vice_principal",
        "council_secretary",
    }
    for predicate in (
        lambda u: can_upload_evidence(u, school),
        lambda u: can_complete_upload(u, school, teachers_file),
        lambda u: can_view_evidence(teachers_file, u, school),
    ):
        assert not predicate(None) and not predicate(AnonymousUser())


def _rows(world) -> list:
    with schema_context(world.school_a.schema_name):
        return list(Evidence.objects.order_by("pk").values_list("pk", "status", "sha256"))


def _events(world) -> int:
    with schema_context(world.school_a.schema_name):
        return AuditEvent.objects.count()


def test_starting_an_upload_is_for_the_schools_people_only(world, people, local_storage):
    with schema_context(world.school_a.schema_name):
        for person in (people["other_school_principal"], None):
            with pytest.raises(Refused, match="Chỉ cán bộ, giáo viên của trường"):
                start_upload(
                    school=world.school_a,
                    kind="initiative",
                    filename="a.pdf",
                    content_type="application/pdf",
                    size=10,
                    user=person,
                )
    assert _rows(world) == []


def test_only_the_uploader_completes_an_upload(world, people, local_storage):
    row = pending_upload(world, world.teacher_a)
    local_storage.put(row.key, GOOD_PDF, "application/pdf")
    before, events = _rows(world), _events(world)
    with schema_context(world.school_a.schema_name):
        for person in ("principal", "vice_principal", "other_school_principal"):
            with pytest.raises(Refused, match="Chỉ người tải tệp lên"):
                complete_upload(row, user=people[person])
        with pytest.raises(Refused):
            complete_upload(row, user=None)
    # Nothing was read back, verified or deleted.
    assert _rows(world) == before and _events(world) == events
    assert local_storage.stat(row.key) is not None
    with schema_context(world.school_a.schema_name):
        assert complete_upload(row, user=world.teacher_a).status == Evidence.Status.VERIFIED


def test_a_download_address_is_refused_to_who_may_not_see_the_file(world, people, local_storage):
    row = pending_upload(world, world.principal_a)
    with schema_context(world.school_a.schema_name):
        Evidence.objects.filter(pk=row.pk).update(status=Evidence.Status.VERIFIED)
        row.refresh_from_db()
        for person in ("teacher", "other_school_principal"):
            request = SimpleNamespace(user=people[person], school=world.school_a)
            with pytest.raises(Refused, match="không có quyền xem minh chứng"):
                download_url(row, request)
        request = SimpleNamespace(
            user=people["council_secretary"], school=world.school_a, build_absolute_uri=lambda url: url
        )
        assert "/objects/download/" in download_url(row, request)
