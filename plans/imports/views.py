"""The page of one import job: it follows the task's progress (HTMX, every second; a <meta refresh>
without JavaScript) and then moves on: to the review of a parsed plan, or to what an import saved or
why the file was refused."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from plans.imports.kinds import kind_of
from plans.imports.models import ImportJob
from plans.imports.selectors import job_of

ERRORS_SHOWN = 300  # the bad cells listed on the page; the API answers all of them


def job_page(request, pk):
    try:
        job = job_of(request.user, pk)
    except ImportJob.DoesNotExist as exc:
        raise Http404("Không tìm thấy lượt nhập tệp.") from exc
    kind = kind_of(job)
    if job.status == ImportJob.Status.DONE and kind.review_url and job.result is not None:
        url = reverse(kind.review_url, kwargs={"pk": job.pk})
        if request.htmx:
            return HttpResponse(headers={"HX-Redirect": url})
        return redirect(url)
    # What an import guessed row by row (plans.staff.excel: a department from a group row, a gender from
    # the column a date is in), shown under its result as warnings are.
    warnings = job.result.get("warnings") if isinstance(job.result, dict) else None
    warnings = warnings if isinstance(warnings, list) else []
    context = {
        "job": job,
        "kind": kind,
        "upload_url": reverse(kind.upload_url),
        "back_url": reverse(kind.back_url),
        "errors_shown": job.errors[:ERRORS_SHOWN],
        "errors_hidden": max(0, len(job.errors) - ERRORS_SHOWN),
        "warnings_shown": warnings[:ERRORS_SHOWN],
        "warnings_hidden": max(0, len(warnings) - ERRORS_SHOWN),
    }
    if request.htmx:
        return render(request, "imports/_job.html", context)
    return render(request, "imports/job.html", context)
