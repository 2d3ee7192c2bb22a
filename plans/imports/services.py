"""Import jobs: a file taken in by a web request without being opened, read once by a Celery task in
the school's schema, within a time limit (DESIGN.md §3 rule 6; issue 16, item 2).

The request checks only what costs nothing (a name, a size), stores the bytes in the job and sends
the task once the job is committed. The task claims the job, runs its kind's handler (kinds.py), and
ends it: done with its result, or refused with a Vietnamese reason and the bad cells. The bytes go
with the job's end; an import's rows and the job's end commit in one transaction. A job whose task
was lost or whose worker died is refused by the sweep, which also deletes old jobs."""

import datetime
import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from office.core.errors import Invalid
from office.core.object_storage import safe_filename
from office.core.outages import is_outage
from office.core.uploads import megabytes
from plans.imports.kinds import kind_of
from plans.imports.models import ImportJob
from tenants.schemas import current_school, in_school

logger = logging.getLogger(__name__)

# A job whose worker died this many times while reading it is refused rather than tried again: the
# file itself may be what kills the worker.
MAX_ATTEMPTS = 2
# Beyond its hard time limit a job's worker child has been killed; a moment more for a slow commit.
RUNNING_GRACE = datetime.timedelta(minutes=1)
UNSENT_AFTER = datetime.timedelta(minutes=1)
INTERRUPTED = "Việc đọc tệp bị gián đoạn, vui lòng tải lên lại."
WAITING = "Đang chờ đến lượt xử lý"
QUEUE_DOWN = (
    "Hàng đợi xử lý tạm thời chưa kết nối được; tệp đã được lưu và sẽ được đọc khi hàng đợi hoạt động "
    "trở lại, không cần tải lên lại."
)
UNEXPECTED = (
    "Không đọc được tệp do một lỗi của hệ thống; không có gì được lưu. Vui lòng tải lên lại sau ít phút, "
    "nếu vẫn lỗi hãy báo quản trị hệ thống."
)


def _seconds(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def too_complex_message(seconds: float) -> str:
    return (
        f"Tệp quá phức tạp, xử lý quá {_seconds(seconds)} giây nên đã dừng; không có gì "
        "được lưu. Hãy bỏ bớt nội dung thừa hoặc chia nhỏ tệp rồi tải lên lại."
    )


def start_import(kind: str, *, filename: str, data: bytes, user) -> ImportJob:
    """The job of reading `data` as `kind`, its task sent once it is committed (from this school's
    schema, so that the task runs there), with the time limits of the settings: they travel in the
    message, and the worker applies them. Only the size is checked here: nothing opens the file in the
    request, whatever it declares."""
    if not data:
        raise Invalid("Tệp rỗng, không có nội dung.")
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise Invalid(
            f"Tệp nặng {megabytes(len(data))}, vượt quá giới hạn {megabytes(settings.IMPORT_MAX_BYTES)}."
        )
    school = current_school()
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=ImportJob.Kind(kind),
            filename=safe_filename(filename),
            size=len(data),
            content=data,
            stage=WAITING,
            user=user,
        )

        transaction.on_commit(lambda: _send_job(job.pk, school))
    return job


def _send_job(job_id: int, school) -> bool:
    """Send the job's task from its school's schema; whether the broker took it. A broker that is down
    must not turn an upload that was saved into an error page: the job waits with a note its page
    shows, and the sweep sends it again."""
    from plans.imports.tasks import run_import_job

    try:
        with in_school(school):
            # No result is kept (the job's row is its result): without this a send also subscribes to
            # the result store, which with Redis down retries for some twenty seconds before failing.
            run_import_job.apply_async(
                args=[job_id],
                soft_time_limit=settings.IMPORT_SOFT_TIME_LIMIT,
                time_limit=settings.IMPORT_TIME_LIMIT,
                ignore_result=True,
            )
    except Exception as exc:
        if not is_outage(exc):  # the broker's client failing is an outage; anything else is a fault
            raise
        logger.warning("import job %s not sent, left for the sweep: %s", job_id, exc)
        with in_school(school):
            ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(stage=QUEUE_DOWN)
        return False
    with in_school(school):
        ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(
            sent_at=timezone.now(), stage=WAITING
        )
    return True


def claim_job(job_id: int) -> ImportJob | None:
    """The job, marked running (and committed, so that its page shows it); None when there is nothing
    to run: it ended already (a message delivered twice) or its worker died on it too often."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or not job.is_active:
            return None
        if job.attempts >= MAX_ATTEMPTS:
            refuse_job(job, INTERRUPTED)
            return None
        job.status = ImportJob.Status.RUNNING
        job.attempts += 1
        job.started_at = timezone.now()
        job.progress, job.stage = 5, "Đang mở tệp"
        job.save(update_fields=["status", "attempts", "started_at", "progress", "stage"])
    return job


def report_progress(job: ImportJob, percent: int, stage: str) -> None:
    ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
        progress=max(0, min(int(percent), 99)), stage=stage[:200]
    )


def finish_job(job: ImportJob, result: dict) -> None:
    """The job done with its result; called inside the transaction of what the handler writes."""
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE,
        result=result,
        content=None,
        progress=100,
        stage="",
        finished_at=timezone.now(),
    )


def refuse_job(job: ImportJob, reason: str, errors: list[str] | tuple = ()) -> None:
    """The job refused with `reason` (and the bad cells), its file dropped; a job that ended stays so."""
    ImportJob.objects.filter(pk=job.pk, status__in=ImportJob.ACTIVE).update(
        status=ImportJob.Status.REFUSED,
        reason=reason,
        errors=[str(error) for error in errors],
        content=None,
        result=None,
        stage="",
        finished_at=timezone.now(),
    )


def run_import_job(job_id: int, *, soft_time_limit: float | None = None) -> str | None:
    """Read the job's file with its kind's handler, once; the job's final status (None: not run).
    The handler runs outside any transaction of ours: a long read must not hold one open, and the
    page must see its progress. The task's soft time limit (`soft_time_limit` seconds, for the
    message) ends it as refused."""
    job = claim_job(job_id)
    if job is None:
        return None
    finished = []

    def finish(result: dict) -> None:
        finish_job(job, result)
        finished.append(True)

    try:
        kind_of(job).read()(
            bytes(job.content),
            filename=job.filename,
            user=job.user,
            progress=lambda percent, stage: report_progress(job, percent, stage),
            finish=finish,
        )
    except (Invalid, SoftTimeLimitExceeded) as stopped:
        if _out_of_time(stopped):
            refuse_job(job, too_complex_message(soft_time_limit or settings.IMPORT_SOFT_TIME_LIMIT))
        else:
            refuse_job(job, stopped.message, stopped.response_data().get("errors", []))
        return ImportJob.Status.REFUSED
    except Exception:
        logger.exception("import job %s (%s) failed", job.pk, job.kind)
        refuse_job(job, UNEXPECTED)
        raise
    if not finished:  # a handler that neither finished nor refused is a fault of ours, not of the file
        logger.error("import job %s (%s): the handler did not finish it", job.pk, job.kind)
        refuse_job(job, UNEXPECTED)
        return ImportJob.Status.REFUSED
    return ImportJob.Status.DONE


def _out_of_time(error: BaseException) -> bool:
    """Whether the soft time limit stopped the read, even where a reader turned it into its own
    "damaged file" refusal (openpyxl and python-docx raise so many kinds that they catch them all)."""
    while error is not None:
        if isinstance(error, SoftTimeLimitExceeded):
            return True
        error = error.__cause__ or error.__context__
    return False


@transaction.atomic
def take_result(job: ImportJob) -> dict | None:
    """The result of a done job, removed as it is taken (in the caller's transaction), so that it is
    used once: a second confirmation finds nothing. None when there is none (used or discarded)."""
    locked = (
        ImportJob.objects.select_for_update()
        .filter(pk=job.pk, status=ImportJob.Status.DONE, result__isnull=False)
        .first()
    )
    if locked is None:
        return None
    ImportJob.objects.filter(pk=job.pk).update(result=None)
    return locked.result


def discard_result(job: ImportJob) -> None:
    ImportJob.objects.filter(pk=job.pk).update(result=None)


def sweep_import_jobs(*, now=None) -> tuple[int, int]:
    """In the current school: send again the jobs whose task never reached the broker; refuse the jobs
    waiting for longer than IMPORT_JOB_STALLED_AFTER since they were sent (their task was lost), unsent
    for longer than IMPORT_JOB_KEPT, or running for longer than the hard time limit allows (their
    worker died or was killed by it), so that their page stops waiting; and delete the jobs that ended
    more than IMPORT_JOB_KEPT ago, with what they held. (refused, deleted)."""
    now = now or timezone.now()
    waited_too_long = now - settings.IMPORT_JOB_STALLED_AFTER
    kept_since = now - settings.IMPORT_JOB_KEPT
    ran_too_long = now - datetime.timedelta(seconds=settings.IMPORT_TIME_LIMIT) - RUNNING_GRACE
    pending = Q(status=ImportJob.Status.PENDING)
    with transaction.atomic():
        interrupted = ImportJob.objects.filter(
            (pending & Q(sent_at__lt=waited_too_long))
            | (pending & Q(sent_at__isnull=True, created_at__lt=kept_since))
            | Q(status=ImportJob.Status.RUNNING, started_at__lt=ran_too_long)
        ).update(
            status=ImportJob.Status.REFUSED,
            reason=INTERRUPTED,
            content=None,
            result=None,
            stage="",
            finished_at=now,
        )
        deleted, _ = ImportJob.objects.filter(
            status__in=[ImportJob.Status.DONE, ImportJob.Status.REFUSED],
            finished_at__lt=kept_since,
        ).delete()
    school = current_school()
    # Unsent a minute after the upload: the broker was down (or the web process died between the
    # commit and the send); a job just uploaded is being sent by its own request.
    unsent = ImportJob.objects.filter(pending, sent_at__isnull=True, created_at__lt=now - UNSENT_AFTER)
    for job_id in unsent.values_list("pk", flat=True):
        if not _send_job(job_id, school):
            break  # the broker is still away: the next sweep tries again
    return interrupted, deleted
