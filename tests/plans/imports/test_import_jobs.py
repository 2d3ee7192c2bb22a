"""Import jobs (plans.imports): the request takes a file in without opening it, the job reads it once
with the bounded readers, and its page and API tell how it went; a zip bomb or a sheet declaring
A1:XFD20010 is refused with a Vietnamese reason and creates nothing; a job is its uploader's alone; the
sweep refuses what was left waiting and deletes what is old. Here the job's task runs in this process
(eager_celery, upload_now); tests/plans/imports/test_import_jobs_worker.py runs it in a real worker."""

import datetime
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context

from office.audit.models import AuditEvent
from plans.imports import services
from plans.imports.models import ImportJob
from plans.planning.models import Plan
from plans.staff.models import AwardRecord, Staff
from tests.factories.bad_files import plan_bomb, plan_docx, workbook_bomb, workbook_declaring_a1_xfd20010
from tests.factories.staff import person, sheet_bytes

STAFF_IMPORT, PLAN_IMPORT = "/can-bo/nhap/", "/ke-hoach/nhap/"


def in_a(world, func):
    with schema_context(world.school_a.schema_name):
        return func()


def written(world) -> tuple[int, int, int, int]:
    return in_a(
        world,
        lambda: (
            Staff.objects.count(),
            AwardRecord.objects.count(),
            AuditEvent.objects.count(),
            Plan.objects.count(),
        ),
    )


def the_job(world, response) -> ImportJob:
    pk = int(re.search(r"/nhap-tep/(\d+)/", response["Location"]).group(1))
    return in_a(world, lambda: ImportJob.objects.get(pk=pk))


@pytest.fixture
def principal(world, client_for):
    return client_for(world.principal_a, world.school_a)


# --- The request takes the file in, nothing more ----------------------------------------------------


def test_the_request_stores_the_file_and_sends_its_job_without_opening_it(
    world, principal, monkeypatch, django_capture_on_commit_callbacks
):
    bomb = workbook_bomb()

    def never(*args, **kwargs):
        raise AssertionError("the web request must not open the file")

    monkeypatch.setattr(zipfile, "ZipFile", never)
    monkeypatch.setattr(zipfile, "is_zipfile", never)
    with django_capture_on_commit_callbacks() as sent:  # captured, not run: no worker here
        response = principal.post(STAFF_IMPORT, {"file": SimpleUploadedFile("can-bo.xlsx", bomb)})
    assert response.status_code == 302 and len(sent) == 1
    job = the_job(world, response)
    assert (job.kind, job.status, job.filename, job.user_id) == (
        "staff",
        "pending",
        "can-bo.xlsx",
        world.principal_a.pk,
    )
    monkeypatch.undo()
    assert bytes(job.content) == bomb and job.size == len(job.content)
    page = principal.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page and '<meta http-equiv="refresh" content="2">' in page
    assert "Đang chờ xử lý" in page


def test_an_empty_or_oversized_file_is_refused_by_the_request_and_makes_no_job(world, principal, settings):
    settings.IMPORT_MAX_BYTES = 1000
    response = principal.post(STAFF_IMPORT, {"file": SimpleUploadedFile("can-bo.xlsx", bytes(1001))})
    assert "vượt quá giới hạn" in response.content.decode()
    api = principal.post("/api/v1/awards/import/", {"file": SimpleUploadedFile("kt.xlsx", bytes(1001))})
    assert api.status_code == 400 and "vượt quá giới hạn" in api.json()["file"][0]
    assert in_a(world, lambda: ImportJob.objects.count()) == 0


# --- Bad files: refused with the reason, nothing written, nothing kept --------------------------------


@pytest.mark.parametrize(
    ("url", "name", "content", "reason"),
    [
        (
            STAFF_IMPORT,
            "can-bo.xlsx",
            workbook_declaring_a1_xfd20010,
            "vùng A1:XFD20010 (20.010 dòng × 16.384 cột), vượt giới hạn 20.000 dòng × 200 cột",
        ),
        (STAFF_IMPORT, "can-bo.xlsx", workbook_bomb, "Tệp Excel giải nén ra quá lớn (120 MB, tối đa 100 MB)"),
        (
            "/can-bo/khen-thuong/nhap/",
            "kt.xlsx",
            workbook_declaring_a1_xfd20010,
            "vượt giới hạn 20.000 dòng × 200 cột",
        ),
        (PLAN_IMPORT, "ke-hoach.docx", plan_bomb, "Tệp Word giải nén ra quá lớn (6"),
    ],
    ids=["staff-a1-xfd20010", "staff-zip-bomb", "award-a1-xfd20010", "plan-zip-bomb"],
)
def test_a_hostile_file_is_refused_with_a_vietnamese_reason_and_creates_nothing(
    world, principal, upload_now, url, name, content, reason
):
    before = written(world)
    response = upload_now(principal, url, name, content())
    job = the_job(world, response)
    assert job.status == "refused" and reason in job.reason
    assert job.content is None and job.result is None  # the bytes are gone with the job's end
    assert written(world) == before
    page = principal.get(response["Location"]).content.decode()
    assert reason in page and "Tải tệp khác lên" in page and "hx-trigger" not in page


def test_a_workbook_with_bad_cells_is_refused_whole_with_every_cell_named(world, principal, upload_now):
    data = sheet_bytes(
        [person(), person("Lê Văn Tốt", born="31/02/1990"), person("Trần Thị Sai", gender="Khác")]
    )
    before = written(world)
    job = the_job(world, upload_now(principal, STAFF_IMPORT, "can-bo.xlsx", data))
    assert job.errors == [
        "Dòng 3, cột “Ngày sinh”: không đọc được ngày “31/02/1990”",
        "Dòng 4, cột “Giới tính”: “Khác” không có trong danh sách (Nam, Nữ)",
    ]
    assert written(world) == before  # not even the good first row


def test_a_good_workbook_is_written_with_the_job_done_in_the_same_transaction(world, principal, upload_now):
    job = the_job(world, upload_now(principal, STAFF_IMPORT, "can-bo.xlsx", sheet_bytes([person()])))
    assert (job.status, job.progress, job.content) == ("done", 100, None)
    assert job.result["summary"] == "Đã nhập 1 dòng: thêm mới 1, cập nhật 0, không đổi 0."
    assert in_a(world, lambda: Staff.objects.filter(full_name="Nguyễn Thị Hương").count()) == 1
    page = principal.get(f"/nhap-tep/{job.pk}/").content.decode()
    assert "Đã nhập 1 dòng" in page and "Đã xong" in page


def test_a_failing_write_refuses_the_job_and_leaves_no_row(world, principal, upload_now, monkeypatch):
    """The import's rows and the job's end are one transaction: a failure after the rows were written
    (here while the job is marked done) takes the rows back too."""

    def broken(job, result):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "finish_job", broken)
    before = written(world)
    with pytest.raises(RuntimeError):
        upload_now(principal, STAFF_IMPORT, "can-bo.xlsx", sheet_bytes([person()]))
    job = in_a(world, lambda: ImportJob.objects.get())
    assert job.status == "refused" and job.reason == services.UNEXPECTED and job.content is None
    assert written(world) == before


# --- The plan: parsed once by the job, reviewed, confirmed once ---------------------------------------


def test_the_plan_job_leads_to_the_review_and_the_parsed_plan_is_used_once(world, principal, upload_now):
    response = upload_now(principal, PLAN_IMPORT, "ke-hoach-yen-hoa.docx", plan_docx())
    job = the_job(world, response)
    assert job.status == "done" and job.result["summary"]["sections"] > 0 and job.content is None
    moved = principal.get(response["Location"], HTTP_HX_REQUEST="true")
    assert moved["HX-Redirect"] == f"/ke-hoach/nhap/{job.pk}/"  # the polling page moves on
    assert principal.get(response["Location"]).url == f"/ke-hoach/nhap/{job.pk}/"
    assert principal.post(f"/ke-hoach/nhap/{job.pk}/", {"confirm": "1"}).status_code == 302
    assert in_a(world, lambda: (Plan.objects.count(), ImportJob.objects.get().result)) == (1, None)
    again = principal.post(f"/ke-hoach/nhap/{job.pk}/", {"confirm": "1"})
    assert again.url == PLAN_IMPORT and in_a(world, lambda: Plan.objects.count()) == 1


def test_a_review_of_a_job_still_running_waits_on_the_job_page(
    world, principal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        response = principal.post(PLAN_IMPORT, {"file": SimpleUploadedFile("kh.docx", plan_docx())})
    job = the_job(world, response)
    assert principal.get(f"/ke-hoach/nhap/{job.pk}/").url == f"/nhap-tep/{job.pk}/"


# --- A job is its uploader's alone --------------------------------------------------------------------


def test_another_person_or_school_gets_404_for_a_job(world, client_for, principal, upload_now):
    from office.accounts.models import Role
    from office.accounts.services import ensure_user, grant_school_role

    plan_job = the_job(world, upload_now(principal, PLAN_IMPORT, "kh.docx", plan_docx()))
    staff_job = the_job(world, upload_now(principal, STAFF_IMPORT, "a.xlsx", sheet_bytes([person()])))
    # Another manager of the same school, who may import too, does not see this person's jobs.
    deputy = ensure_user(username="phohieutruong.nhap", full_name="Phó Hiệu Trưởng Nhập", password=None)
    grant_school_role(deputy, world.school_a, Role.VICE_PRINCIPAL)
    others = [
        client_for(deputy, world.school_a),
        client_for(world.teacher_a, world.school_a),
        client_for(world.principal_b, world.school_b),
    ]
    for client in others:
        for path in (
            f"/nhap-tep/{plan_job.pk}/",
            f"/nhap-tep/{staff_job.pk}/",
            f"/api/v1/import-jobs/{plan_job.pk}/",
            f"/api/v1/import-jobs/{staff_job.pk}/",
        ):
            assert client.get(path).status_code == 404, path
    assert others[0].get(f"/ke-hoach/nhap/{plan_job.pk}/").status_code == 404
    assert others[0].post(f"/ke-hoach/nhap/{plan_job.pk}/", {"confirm": "1"}).status_code == 404
    assert in_a(world, lambda: Plan.objects.count()) == 0
    assert principal.get(f"/api/v1/import-jobs/{staff_job.pk}/").status_code == 200


def test_a_job_of_another_kind_is_no_plan_to_review(world, principal, upload_now):
    staff_job = the_job(world, upload_now(principal, STAFF_IMPORT, "a.xlsx", sheet_bytes([person()])))
    assert principal.get(f"/ke-hoach/nhap/{staff_job.pk}/").status_code == 404


# --- The worker's side: redelivery, death, time; the sweep ----------------------------------------------


def pending_job(world, user, **fields) -> ImportJob:
    data = sheet_bytes([person()])
    return in_a(
        world,
        lambda: ImportJob.objects.create(
            **{
                "kind": "staff",
                "filename": "a.xlsx",
                "size": len(data),
                "content": data,
                "user": user,
                "sent_at": timezone.now(),
                **fields,
            }
        ),
    )


def test_a_job_delivered_twice_is_read_once(world):
    job = pending_job(world, world.principal_a)
    assert in_a(world, lambda: services.run_import_job(job.pk)) == "done"
    assert in_a(world, lambda: services.run_import_job(job.pk)) is None
    assert in_a(world, lambda: Staff.objects.filter(full_name="Nguyễn Thị Hương").count()) == 1


def test_a_job_whose_worker_died_twice_is_refused_rather_than_read_again(world):
    job = pending_job(world, world.principal_a, status="running", attempts=services.MAX_ATTEMPTS)
    assert in_a(world, lambda: services.run_import_job(job.pk)) is None
    job = in_a(world, lambda: ImportJob.objects.get(pk=job.pk))
    assert (job.status, job.reason, job.content) == (
        "refused",
        "Việc đọc tệp bị gián đoạn, vui lòng tải lên lại.",
        None,
    )
    assert in_a(world, lambda: Staff.objects.filter(full_name="Nguyễn Thị Hương").exists()) is False


def test_the_sweep_refuses_jobs_left_waiting_and_deletes_old_ones(world):
    now = timezone.now()
    long_ago = now - datetime.timedelta(hours=30)
    lost = pending_job(world, world.principal_a)
    dead = pending_job(world, world.principal_a, status="running")
    fresh = pending_job(world, world.principal_a)
    running = pending_job(
        world, world.principal_a, status="running", started_at=now - datetime.timedelta(seconds=80)
    )
    old = pending_job(world, world.principal_a, status="done", content=None, result={"summary": "x"})
    recent = pending_job(world, world.principal_a, status="refused", content=None, finished_at=now)
    sixteen_minutes_ago = now - datetime.timedelta(minutes=16)
    in_a(
        world,
        lambda: ImportJob.objects.filter(pk=lost.pk).update(
            created_at=sixteen_minutes_ago, sent_at=sixteen_minutes_ago
        ),
    )
    in_a(
        world,
        lambda: ImportJob.objects.filter(pk=dead.pk).update(started_at=now - datetime.timedelta(minutes=3)),
    )
    in_a(world, lambda: ImportJob.objects.filter(pk=old.pk).update(finished_at=long_ago))
    assert in_a(world, lambda: services.sweep_import_jobs(now=now)) == (2, 1)
    jobs = in_a(world, lambda: {job.pk: job for job in ImportJob.objects.all()})
    assert set(jobs) == {lost.pk, dead.pk, fresh.pk, running.pk, recent.pk}
    for pk in (lost.pk, dead.pk):
        assert (jobs[pk].status, jobs[pk].reason, jobs[pk].content) == ("refused", services.INTERRUPTED, None)
    assert jobs[fresh.pk].status == "pending" and bytes(jobs[fresh.pk].content)
    assert jobs[running.pk].status == "running"  # still within its 90 s hard limit
    assert in_a(world, lambda: services.sweep_import_jobs(now=now)) == (0, 0)


def test_a_file_uploaded_while_the_queue_is_down_is_kept_and_read_once_the_sweep_sends_it(
    world, principal, request, django_capture_on_commit_callbacks
):
    """The broker refuses (nothing listens on its port): the upload is saved, its page says it will be
    read without a new upload, and no error page; the sweep sends it once the broker answers again."""
    from tests.factories.workers import tasks_sent_to

    data = sheet_bytes([person("Nguyễn Thị Hàng Đợi")])
    with tasks_sent_to("test-nothing-listens", broker="redis://127.0.0.1:1/0"):
        with django_capture_on_commit_callbacks(execute=True):
            response = principal.post(STAFF_IMPORT, {"file": SimpleUploadedFile("can-bo.xlsx", data)})
    assert response.status_code == 302
    job = the_job(world, response)
    assert (job.status, job.sent_at, job.stage) == ("pending", None, services.QUEUE_DOWN)
    assert "không cần tải lên lại" in principal.get(response["Location"]).content.decode()

    # Within a minute of the upload the sweep leaves it to its own request; after that it sends it (to
    # this process: the broker is back).
    request.getfixturevalue("eager_celery")
    assert in_a(world, lambda: services.sweep_import_jobs()) == (0, 0)
    assert in_a(world, lambda: ImportJob.objects.get(pk=job.pk).status) == "pending"
    later = timezone.now() + datetime.timedelta(minutes=2)
    assert in_a(world, lambda: services.sweep_import_jobs(now=later)) == (0, 0)
    job = in_a(world, lambda: ImportJob.objects.get(pk=job.pk))
    assert job.status == "done"
    assert in_a(world, lambda: Staff.objects.filter(full_name="Nguyễn Thị Hàng Đợi").count()) == 1


def test_a_job_never_sent_for_a_whole_day_is_refused(world):
    job = pending_job(world, world.principal_a, sent_at=None)
    day_ago = timezone.now() - datetime.timedelta(hours=25)
    in_a(world, lambda: ImportJob.objects.filter(pk=job.pk).update(created_at=day_ago))
    with schema_context(world.school_a.schema_name):
        from tests.factories.workers import tasks_sent_to

        with tasks_sent_to("test-nothing-listens", broker="redis://127.0.0.1:1/0"):
            assert services.sweep_import_jobs() == (1, 0)
    assert in_a(world, lambda: ImportJob.objects.get(pk=job.pk).reason) == services.INTERRUPTED


def test_beat_sweeps_every_school(world, settings):
    from plans.imports.tasks import sweep_import_jobs_of_all_schools

    assert settings.CELERY_BEAT_SCHEDULE["sweep-import-jobs"]["task"] == sweep_import_jobs_of_all_schools.name
    for school, user in ((world.school_a, world.principal_a), (world.school_b, world.principal_b)):
        with schema_context(school.schema_name):
            job = ImportJob.objects.create(kind="staff", filename="a.xlsx", size=1, content=b"x", user=user)
            an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
            ImportJob.objects.filter(pk=job.pk).update(created_at=an_hour_ago, sent_at=an_hour_ago)
    assert sweep_import_jobs_of_all_schools() == 2


def test_the_soft_time_limit_is_told_as_such_even_inside_a_reader_that_catches_everything(
    world, principal, upload_now, monkeypatch
):
    """openpyxl's opening is wrapped in a catch-all ("damaged file"): the time limit striking there
    is still told as the time limit. (The limit itself, in a real worker: test_import_jobs_worker.)"""
    from celery.exceptions import SoftTimeLimitExceeded

    from plans.staff import excel

    def slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(excel, "load_workbook", slow)
    before = written(world)
    job = the_job(world, upload_now(principal, STAFF_IMPORT, "can-bo.xlsx", sheet_bytes([person()])))
    assert job.status == "refused" and job.reason.startswith(
        "Tệp quá phức tạp, xử lý quá 60 giây nên đã dừng"
    )
    assert written(world) == before
