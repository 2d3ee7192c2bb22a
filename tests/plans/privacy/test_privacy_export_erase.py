"""The principal exports one person's data (their data and nobody else's) and erases it when the law
allows: refused with a Vietnamese reason while the person still works here or has a nomination still
being decided; otherwise the record is anonymised, the periods and the files of nominations that led
to no award are gone (the files once the transaction commits), awards stay. Both are audited."""

import datetime
import io
import json
import zipfile

import pytest
from django_tenants.utils import schema_context

from office.audit.models import AuditEvent, PersonalDataRead
from office.core.object_storage import object_key
from office.rules.vocabulary import Title
from plans.evidence.models import Evidence
from plans.nominations.models import Dossier, DossierEvidence, Nomination
from plans.privacy import services
from plans.staff.models import AwardRecord, Staff, StaffStatusPeriod
from tests.factories.nominations import submitted_dossier
from tests.plans.privacy.conftest import D, in_a

PDF = b"%PDF-1.4 bao cao thanh tich " + b"y" * 50


def test_the_export_holds_the_persons_data_and_nothing_of_anyone_else(world, people, principal):
    colleague = people["colleague"]
    in_a(
        world,
        lambda: AwardRecord.objects.create(
            staff=colleague, year=2024, school_year="2023-2024", title=Title.LDTT, issuer_name="Hiệu trưởng"
        ),
    )
    response = principal.get(f"/du-lieu-ca-nhan/can-bo/{colleague.pk}/xuat.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert set(archive.namelist()) == {"du-lieu-ca-nhan.json", "danh-sach-minh-chung.json"}
    text = archive.read("du-lieu-ca-nhan.json").decode()
    data = json.loads(text)
    assert data["person"]["full_name"] == "Phạm Thị Kín" and data["person"]["date_of_birth"] == "1987-11-23"
    assert [p["kind"] for p in data["status_periods"]] == ["Nghỉ thai sản"]
    assert [a["title"] for a in data["awards"]] == ["Lao động tiên tiến"]
    for other in ("Trần Văn Ánh", "1991-04-02", "Giáo Viên Trường A"):
        assert other not in text
    event = in_a(world, lambda: AuditEvent.objects.get(action="privacy.exported"))
    assert event.object_id == str(colleague.pk) and event.user_id == world.principal_a.pk
    [read] = in_a(world, lambda: list(PersonalDataRead.objects.filter(kind=PersonalDataRead.Kind.EXPORT)))
    assert read.subjects == [colleague.pk]


@pytest.mark.parametrize("who", ["teacher", "vice"])
def test_only_the_principal_exports_or_erases(world, people, client_for, who):
    from office.accounts.models import Role
    from office.accounts.services import ensure_user, grant_school_role

    if who == "teacher":
        user = world.teacher_a
    else:
        user = ensure_user(username="hieupho.a", full_name="Phó Hiệu Trưởng", password="x-Mat-khau-2026")
        grant_school_role(user, world.school_a, Role.VICE_PRINCIPAL)
    client = client_for(user, world.school_a)
    colleague = people["colleague"]
    in_a(world, lambda: Staff.objects.filter(pk=colleague.pk).update(status=Staff.Status.LEFT))
    assert client.get(f"/du-lieu-ca-nhan/can-bo/{colleague.pk}/xuat.zip").status_code == 403
    assert client.post(f"/du-lieu-ca-nhan/can-bo/{colleague.pk}/xoa/").status_code == 403
    assert in_a(world, lambda: Staff.objects.get(pk=colleague.pk).full_name) == "Phạm Thị Kín"


def test_erasure_is_refused_while_the_person_still_works_here(world, people, principal):
    colleague = people["colleague"]
    response = principal.post(f"/du-lieu-ca-nhan/can-bo/{colleague.pk}/xoa/", follow=True)
    html = response.content.decode()
    assert "Phạm Thị Kín vẫn đang là cán bộ của trường (đang công tác)" in html
    kept = in_a(world, lambda: Staff.objects.get(pk=colleague.pk))
    assert kept.full_name == "Phạm Thị Kín" and kept.date_of_birth == D(1987, 11, 23)
    assert in_a(world, lambda: StaffStatusPeriod.objects.filter(staff=colleague).count()) == 1
    assert not in_a(world, lambda: AuditEvent.objects.filter(action="privacy.erased").exists())


def test_erasure_is_refused_while_a_nomination_is_still_being_decided(world, school_year_data):
    anh = school_year_data["anh"]
    with schema_context(world.school_a.schema_name):
        submitted_dossier(world, school_year_data)  # 2025-2026, before the office
        Staff.objects.filter(pk=anh.pk).update(status=Staff.Status.LEFT)
        anh.refresh_from_db()
        with pytest.raises(services.Invalid, match="còn đề nghị khen thưởng chưa có kết quả"):
            services.erase_personal_data(
                anh, user=world.principal_a, school=world.school_a, today=datetime.date(2026, 7, 1)
            )
        assert Staff.objects.get(pk=anh.pk).full_name == "Lê Minh Anh"
        # Once the school year is over with no award, nothing is pending any more.
        assert services.erasure_refusal(anh, today=datetime.date(2027, 1, 5)) == ""


def test_erasure_anonymises_keeps_awards_and_deletes_unawarded_files_on_commit(
    world, people, principal, local_storage, django_capture_on_commit_callbacks
):
    colleague = people["colleague"]

    def prepare():
        Staff.objects.filter(pk=colleague.pk).update(status=Staff.Status.LEFT)
        award = AwardRecord.objects.create(
            staff=colleague,
            year=2024,
            school_year="2023-2024",
            title=Title.LDTT,
            decision_number="12/QĐ-THA",
            issuer_name="Hiệu trưởng Trường Tiểu học A",
        )
        dossier = Dossier.objects.create(school_year="2023-2024", subject="Đề nghị", recipient="UBND")
        awarded = Nomination.objects.create(
            school_year="2023-2024", staff=colleague, title=Title.LDTT, achievements="Lớp 3A", dossier=dossier
        )
        refused = Nomination.objects.create(
            school_year="2023-2024",
            staff=colleague,
            title=Title.CSTDCS,
            achievements="Bí mật",
            dossier=dossier,
        )
        files = {}
        for name, nomination in (("giu.pdf", awarded), ("xoa.pdf", refused)):
            key = object_key(world.school_a.schema_name, "dossier", name)
            local_storage.put(key, PDF, "application/pdf")
            evidence = Evidence.objects.create(
                kind=Evidence.Kind.DOSSIER,
                key=key,
                filename=name,
                size=len(PDF),
                content_type="application/pdf",
                status=Evidence.Status.VERIFIED,
                uploaded_by=world.principal_a,
            )
            DossierEvidence.objects.create(
                dossier=dossier, evidence=evidence, nomination=nomination, label=name
            )
            files[name] = key
        return award, awarded, refused, files

    award, awarded, refused, files = in_a(world, prepare)
    with django_capture_on_commit_callbacks(execute=True):
        response = principal.post(f"/du-lieu-ca-nhan/can-bo/{colleague.pk}/xoa/")
    assert response.status_code == 302

    def check():
        staff = Staff.objects.get(pk=colleague.pk)
        assert staff.full_name == f"Đã xoá dữ liệu cá nhân (mã {colleague.pk})"
        assert staff.date_of_birth is None and staff.user_id is None and "kin" not in staff.search_name
        assert not StaffStatusPeriod.objects.filter(staff=staff).exists()
        assert AwardRecord.objects.get(pk=award.pk).staff_id == staff.pk  # a public record stays
        assert Nomination.objects.get(pk=awarded.pk).achievements == "Lớp 3A"
        assert Nomination.objects.get(pk=refused.pk).achievements == ""
        assert list(Evidence.objects.filter(key__in=files.values()).values_list("filename", flat=True)) == [
            "giu.pdf"
        ]
        created = AuditEvent.objects.get(action="staff.created", object_id=str(staff.pk))
        assert created.after is None  # the old name and date of birth are not kept in the history
        assert AuditEvent.objects.filter(action="privacy.erased", object_id=str(staff.pk)).count() == 1

    in_a(world, check)
    assert local_storage.stat(files["xoa.pdf"]) is None and local_storage.stat(files["giu.pdf"]) is not None
    # A second request is refused: the data is already gone.
    again = principal.post(f"/du-lieu-ca-nhan/can-bo/{colleague.pk}/xoa/", follow=True)
    assert "đã được xoá" in again.content.decode()


def test_a_failed_erasure_deletes_no_file(world, people, local_storage, django_capture_on_commit_callbacks):
    """The refusal comes before any write: storage is never touched for a person still at work."""
    colleague = people["colleague"]
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        schema_context(world.school_a.schema_name),
    ):
        with pytest.raises(services.Invalid):
            services.erase_personal_data(colleague, user=world.principal_a, school=world.school_a)
    assert callbacks == []
