"""What each kind of import job reads and where its pages lead. The parts that own the data own the
reading too: their handlers are named here, not imported (plans.imports sits below them, they call
its services), and resolved by the worker when a job runs.

A handler is called as `handler(data, filename=..., user=..., progress=..., finish=...)` in the
school's schema: it raises an Invalid (with `errors` in its response data, if any) for a refused file,
calls `progress(percent, stage)` as it goes, and `finish(result)` with a JSON-able dict once done,
inside the transaction of whatever it writes, so that the rows and the job's end commit together."""

from dataclasses import dataclass

from django.utils.module_loading import import_string

from plans.imports.models import ImportJob


@dataclass(frozen=True)
class JobKind:
    handler: str  # dotted path of the reading function
    heading: str  # the job page's title
    upload_url: str  # URL name of the upload page, to try another file
    back_url: str  # URL name of the list the imported data shows in
    # URL name (taking the job's pk) of a page where the result is reviewed before anything is saved;
    # None when the task itself saved it.
    review_url: str | None = None

    def read(self):
        return import_string(self.handler)


KINDS = {
    ImportJob.Kind.PLAN: JobKind(
        handler="plans.planning.plan_import.job.read_plan_for_review",
        heading="Đọc kế hoạch từ tệp",
        upload_url="plan-import",
        back_url="plan-list",
        review_url="plan-import-review",
    ),
    ImportJob.Kind.STAFF: JobKind(
        handler="plans.staff.excel.staff_import_job",
        heading="Nhập danh sách cán bộ từ Excel",
        upload_url="staff-import",
        back_url="staff-page",
    ),
    ImportJob.Kind.AWARD: JobKind(
        handler="plans.staff.excel.award_import_job",
        heading="Nhập lịch sử khen thưởng từ Excel",
        upload_url="award-import",
        back_url="award-list",
    ),
}


def kind_of(job: ImportJob) -> JobKind:
    return KINDS[ImportJob.Kind(job.kind)]
