import sys

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.defaults import page_not_found

from office.accounts.selectors import is_office_member, schools_of_user
from office.core.health import service_states
from office.core.object_storage import (
    DownloadLinkRefused,
    LocalObjectStorage,
    ObjectStorageError,
    get_object_storage,
)
from office.core.outages import OUTAGE_MESSAGE, RETRY_AFTER_SECONDS, is_outage


@login_not_required
@require_GET
def healthz(request):
    states = service_states()
    healthy = all(state["ok"] for state in states.values())
    down = [name for name, state in states.items() if not state["ok"]]
    body = {"status": "ok" if healthy else "error", "services": states}
    if down:
        body["down"] = down
    return JsonResponse(body, status=200 if healthy else 503)


def not_found(request, exception):
    """handler404 of both hosts' URL configurations: an address under /api/ that names no route (a
    path parameter of the wrong shape, say) answers as the API does, in JSON, as its OpenAPI document
    says; a page keeps Django's 404 page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Không tìm thấy."}, status=404)
    return page_not_found(request, exception)


def office_home(request):
    """Office staff land on the dashboard of their schools; a school member finds the way into their
    schools here."""
    if is_office_member(request.user):
        return redirect("dashboard:page")
    return render(request, "core/office_home.html", {"my_schools": schools_of_user(request.user)})


def _local_storage() -> LocalObjectStorage:
    storage = get_object_storage()
    if not isinstance(storage, LocalObjectStorage):
        raise Http404
    return storage


@login_not_required  # the signed policy is the permission, as with S3
@csrf_exempt  # the browser posts here exactly as it would to S3, which has no CSRF token
@require_POST
def local_upload(request):
    storage = _local_storage()
    try:
        storage.accept_post(request.POST, request.FILES.get("file"))
    except ObjectStorageError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    return HttpResponse(status=204)


@login_not_required  # the signed, short-lived, single-use token of this session is the permission
@require_GET
def local_download(request, token):
    storage = _local_storage()
    try:
        path, filename, content_type = storage.resolve_download(token, request)
    except DownloadLinkRefused as exc:
        return render(request, "core/refused.html", {"message": str(exc)}, status=exc.status_code)
    except ObjectStorageError as exc:
        raise Http404(str(exc)) from exc
    return FileResponse(path.open("rb"), as_attachment=True, filename=filename, content_type=content_type)


def server_error(request):
    """handler500 of both URL configurations: an uncaught error during an outage (the database, Redis,
    the queue or storage away) is answered 503 with a Vietnamese page and Retry-After, anything else
    with the 500 page (the API's callers get the same as JSON, {"detail": …}). Both are rendered
    without the request's context: it may need the database."""
    api = "/api/" in request.path
    if is_outage(sys.exc_info()[1]):
        if api:
            response = JsonResponse({"detail": OUTAGE_MESSAGE}, status=503)
        else:
            response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if api:
        return JsonResponse(
            {"detail": "Hệ thống gặp sự cố khi xử lý yêu cầu. Vui lòng thử lại sau."}, status=500
        )
    return HttpResponseServerError(loader.get_template("500.html").render())
