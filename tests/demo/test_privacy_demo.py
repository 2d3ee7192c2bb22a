"""The demo's personal-data part (demo.privacy): Lê Minh Anh (lqd.giaovien) finds who read her data on
"Ai đã xem dữ liệu của tôi", the principal and the office's specialist among them; loading twice adds
nothing."""

from django_tenants.utils import schema_context

from demo.privacy import load_demo
from office.accounts.services import ensure_user
from office.audit.models import PersonalDataRead
from office.submissions.models import Submission
from office.submissions.services import submit
from plans.staff.models import Staff


def test_the_teacher_sees_who_read_her_data_and_the_demo_loads_once(world, client_for):
    names = ("lqd.hieutruong", "lqd.phohieutruong", "lqd.thuky", "phong.chuyenvien")
    users = {name: ensure_user(username=name, full_name=name, password=None) for name in names}
    users["lqd.giaovien"] = world.teacher_a
    submit(
        school=world.school_a,
        kind=Submission.Kind.DOSSIER,
        reference="dossier:demo",
        year=2026,
        title="Tờ trình 15/TTr-THA – Về việc đề nghị công nhận danh hiệu thi đua năm học 2025-2026",
        payload={"school_year": "2025-2026", "nominees": [], "evidence": []},
        user=world.principal_a,
    )
    with schema_context(world.school_a.schema_name):
        Staff.objects.filter(full_name="Giáo Viên Trường A").update(user_id=world.teacher_a.pk)
    schools = {"lequydon": world.school_a}
    with schema_context(world.school_a.schema_name):
        # Someone who read her data before the demo was loaded: the demo loads all the same.
        anh = Staff.objects.get(user_id=world.teacher_a.pk)
        PersonalDataRead.objects.create(
            reader=world.principal_a, kind=PersonalDataRead.Kind.RECORD, subjects=[anh.pk]
        )
    load_demo(schools, users)
    load_demo(schools, users)
    with schema_context(world.school_a.schema_name):
        demo_reads = PersonalDataRead.objects.filter(reader__username__in=names)
        assert sorted(demo_reads.values_list("reader__username", flat=True)) == [
            "lqd.hieutruong",
            "lqd.phohieutruong",
            "lqd.thuky",
            "phong.chuyenvien",
            "phong.chuyenvien",
        ]
    html = client_for(world.teacher_a, world.school_a).get("/du-lieu-ca-nhan/").content.decode()
    assert "lqd.hieutruong" in html and "phong.chuyenvien" in html and "Chuyên viên phụ trách TĐKT" in html
