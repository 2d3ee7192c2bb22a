"""The three steps of an upload as the page's script (evidence/upload.js) speaks them, in JSON: ask the
server, post the file straight to storage, confirm. Then a download served from a copy compared with
the size and SHA-256 recorded at the check. Views only call plans.evidence.services."""

import json
from functools import wraps

from django.http import FileResponse, Http404, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from office.core.errors import Refusal
from plans.evidence.models import Evidence
from plans.evidence.selectors import own_upload, verified_evidence
from plans.evidence.services import complete_upload, megabytes, read_for_download, start_upload
from plans.privacy.services import log_evidence_read


def _payload(request) -> dict:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return request.POST.dict()


def _json_refusals(view):
    """The page's script reads JSON, so a service's refusal is answered as the API answers it
    ({"detail": …} with 400 or 403) instead of RefusalMiddleware's HTML page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Refusal as exc:
            return JsonResponse(exc.response_data(), status=exc.status_code)

    return wrapped


def evidence_json(evidence: Evidence) -> dict:
    return {
        "id": evidence.pk,
        "kind": evidence.kind,
        "filename": evidence.filename,
        "size": evidence.size,
        "size_label": megabytes(evidence.size),
        "content_type": evidence.content_type,
        "sha256": evidence.sha256,
        "status": evidence.status,
        "download_url": reverse("evidence-download", args=[evidence.pk]) if evidence.is_verified else "",
    }


@require_POST
@_json_refusals
def start(request):
    data = _payload(request)
    evidence, post = start_upload(
        school=request.school,
        kind=str(data.get("kind", "")),
        filename=str(data.get("filename", "")),
        content_type=str(data.get("content_type", "")),
        size=data.get("size"),
        user=request.user,
        request=request,
    )
    return JsonResponse(
        {
            **evidence_json(evidence),
            "upload": {"url": post.url, "fields": post.fields},
            "complete_url": reverse("evidence-complete", args=[evidence.pk]),
        },
        status=201,
    )


@require_POST
@_json_refusals
def complete(request, pk):
    try:
        evidence = own_upload(pk, request.user)
    except Evidence.DoesNotExist as exc:
        raise Http404("Không tìm thấy tệp.") from exc
    evidence = complete_upload(evidence, user=request.user, school=request.school)
    return JsonResponse(evidence_json(evidence))


@require_GET
def download(request, pk):
    try:
        evidence = verified_evidence(pk)
    except Evidence.DoesNotExist as exc:
        raise Http404("Không tìm thấy tệp.") from exc
    # Refused (the 403 page) for who may not see it, Tampered (409) for bytes that are no longer those
    # checked, StorageUnavailable (503) while storage does not answer: RefusalMiddleware's pages.
    checked = read_for_download(evidence, user=request.user, school=request.school)
    if checked is None:
        raise Http404("Tệp minh chứng không còn trong kho lưu trữ.")
    log_evidence_read(request, evidence)  # a person's file read by someone else is on record (Decree 13)
    return FileResponse(
        checked, as_attachment=True, filename=evidence.filename, content_type=evidence.content_type
    )
