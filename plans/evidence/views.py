"""The three steps of an upload as the page's script (evidence/upload.js) speaks them, in JSON: ask the
server, post the file straight to storage, confirm. Then a download link that redirects to a
short-lived presigned GET. Views only call plans.evidence.services."""

import json

from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from plans.evidence.models import Evidence
from plans.evidence.selectors import own_upload, verified_evidence
from plans.evidence.services import EvidenceError, complete_upload, download_url, megabytes, start_upload


def _payload(request) -> dict:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return request.POST.dict()


def _refused(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


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
def start(request):
    data = _payload(request)
    try:
        evidence, post = start_upload(
            school=request.school,
            kind=str(data.get("kind", "")),
            filename=str(data.get("filename", "")),
            content_type=str(data.get("content_type", "")),
            size=data.get("size"),
            user=request.user,
            request=request,
        )
    except EvidenceError as exc:
        return _refused(str(exc))
    return JsonResponse(
        {
            **evidence_json(evidence),
            "upload": {"url": post.url, "fields": post.fields},
            "complete_url": reverse("evidence-complete", args=[evidence.pk]),
        },
        status=201,
    )


@require_POST
def complete(request, pk):
    try:
        evidence = own_upload(pk, request.user)
    except Evidence.DoesNotExist as exc:
        raise Http404("Không tìm thấy tệp.") from exc
    try:
        evidence = complete_upload(evidence, user=request.user)
    except EvidenceError as exc:
        return _refused(str(exc))
    return JsonResponse(evidence_json(evidence))


@require_GET
def download(request, pk):
    try:
        evidence = verified_evidence(pk)
    except Evidence.DoesNotExist as exc:
        raise Http404("Không tìm thấy tệp.") from exc
    return redirect(download_url(evidence, request))  # PermissionDenied (403) for who may not see it
