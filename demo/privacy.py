"""Personal data in the demo office: a few recorded reads of Lê Minh Anh's data (lqd.giaovien), so
"Ai đã xem dữ liệu của tôi" shows something real after `make run`: the principal opened her record,
the vice principal the register with dates of birth, the ward office's specialist reviewed the dossier
that nominates her and opened one of its evidence files. Loading twice changes nothing."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from office.audit.models import PersonalDataRead
from office.audit.services import record_personal_read
from office.submissions.models import Submission
from office.submissions.selectors import reviewing_memberships
from plans.staff.models import Staff

Kind = PersonalDataRead.Kind


def load_demo(schools: dict, users: dict) -> None:
    school = schools["lequydon"]
    teacher = users["lqd.giaovien"]
    dossier = (
        Submission.objects.for_school(school)
        .filter(kind=Submission.Kind.DOSSIER)
        .order_by("-version")
        .first()
    )
    reviewing = reviewing_memberships(users["phong.chuyenvien"], school)
    office_name = ", ".join(sorted({m.authority.name for m in reviewing})) or "Phòng GDĐT"
    with schema_context(school.schema_name):
        anh = Staff.objects.filter(user_id=teacher.pk).first()
        if anh is None:
            return
        # Loaded already when the demo's own readers have read her data: a read by anyone else (a
        # person who tried the demo before it was loaded again) is not the demo's and changes nothing.
        demo_readers = [
            users[name].pk
            for name in ("lqd.hieutruong", "lqd.phohieutruong", "lqd.thuky", "phong.chuyenvien")
        ]
        if PersonalDataRead.objects.filter(subjects__contains=[anh.pk], reader_id__in=demo_readers).exists():
            return
        colleagues = list(
            Staff.objects.exclude(pk=anh.pk).order_by("full_name").values_list("pk", flat=True)[:49]
        )
        now = timezone.now()
        reads = [
            (
                12,
                users["lqd.hieutruong"],
                Kind.RECORD,
                [anh.pk],
                "Hiệu trưởng",
                school.name,
                anh.full_name,
                f"/can-bo/{anh.pk}/",
            ),
            (
                9,
                users["lqd.phohieutruong"],
                Kind.REGISTER,
                [anh.pk, *colleagues],
                "Phó Hiệu trưởng",
                school.name,
                "Danh sách cán bộ, trang 1",
                "/can-bo/",
            ),
            (
                5,
                users["lqd.thuky"],
                Kind.STATUS_PERIODS,
                [anh.pk],
                "Thư ký Hội đồng TĐKT",
                school.name,
                anh.full_name,
                f"/api/v1/staff/{anh.pk}/periods/",
            ),
        ]
        if dossier is not None:
            reads += [
                (
                    3,
                    users["phong.chuyenvien"],
                    Kind.DOSSIER,
                    [anh.pk],
                    "Chuyên viên phụ trách TĐKT",
                    office_name,
                    dossier.title,
                    f"/tham-dinh/{dossier.pk}/",
                ),
                (
                    3,
                    users["phong.chuyenvien"],
                    Kind.EVIDENCE,
                    [anh.pk],
                    "Chuyên viên phụ trách TĐKT",
                    office_name,
                    "Quyết định công nhận sáng kiến.pdf",
                    f"/tham-dinh/{dossier.pk}/",
                ),
            ]
        for days, user, kind, subjects, role, organisation, label, route in reads:
            read = record_personal_read(
                user,
                kind=kind,
                subjects=subjects,
                role=role,
                organisation=organisation,
                label=label,
                route=route,
            )
            # Spread over the last fortnight, as they would have happened.
            PersonalDataRead.objects.filter(pk=read.pk).update(at=now - timedelta(days=days, hours=days % 5))
