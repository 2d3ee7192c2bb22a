"""The office's review pages (thẩm định), on the office host. Thin: every read is a selector, every
write a service; another office's submission answers 404."""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from office.accounts.selectors import is_office_member
from office.audit.models import PersonalDataRead
from office.authorities.models import Authority
from office.core.errors import Invalid
from office.core.object_storage import get_object_storage
from office.core.refusals import redirect_on_refusal
from office.core.school_years import parse_school_year, recent_school_years
from office.core.search import search_words
from office.core.uploads import CheckedChunks, Tampered, read_verified
from office.rules.vocabulary import Rating
from office.submissions import reading, selectors, services
from office.submissions.compilation import compile_examples, latest_examples_year
from office.submissions.models import Submission
from office.submissions.permissions import can_see_technical_details, can_unapprove_submission
from office.submissions.recheck import dossier_recheck
from reporting.consolidated_list import (
    ConsolidatedRow,
    Office,
    consolidated_list_xlsx,
    office_cover_letter_docx,
)
from reporting.examples_document import Compiler, ExampleEntry, examples_compilation_docx
from reporting.official_document import render_docx, render_html, render_pdf
from reporting.year_report_consolidation import SchoolReport, year_reports_xlsx
from reporting.year_report_document import year_report_document
from reporting.zip_bundle import stream_zip, unique_names
from tenants.models import School

PAGE_SIZE = 25
FILTER_PARAMS = ("loai", "trang-thai", "nam", "truong", "cap", "da-tra-lai", "q", "sap-xep")
ACTION_SLUGS = {
    "tra-lai": services.RETURN,
    "duyet": services.ACCEPT,
    "trinh": services.FORWARD,
    "huy-duyet": services.UNAPPROVE,
}


def _office_only(request) -> None:
    """The review is office work; to anyone else its pages do not exist (404)."""
    if not is_office_member(request.user):
        raise Http404


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def inbox_filter(params) -> selectors.InboxFilter:
    """The inbox's filter from query or form parameters; unknown values are ignored, not errors."""
    kind = params.get("loai", "")
    status = params.get("trang-thai", "")
    return selectors.InboxFilter(
        kind=kind if kind in Submission.Kind.values else "",
        status=status if status in Submission.Status.values else "",
        year=_int(params.get("nam")),
        school=params.get("truong", "")[:63],
        level=params.get("cap", "")[:16],
        returned_before=params.get("da-tra-lai") == "1",
        q=search_words(params.get("q")),
        sort=params.get("sap-xep", "moi"),
    )


def _filter_query(params) -> dict:
    return {name: params[name] for name in FILTER_PARAMS if params.get(name)}


@require_GET
def inbox(request):
    _office_only(request)
    filters = inbox_filter(request.GET)
    page = Paginator(selectors.inbox(request.user, filters), PAGE_SIZE).get_page(request.GET.get("trang"))
    current_year = timezone.localdate().year
    query = _filter_query(request.GET)
    return render(
        request,
        "submissions/inbox.html",
        {
            "page": page,
            "filters": filters,
            "query": query,
            "kinds": Submission.Kind.choices,
            "statuses": Submission.Status.choices,
            "levels": School.Level.choices,
            "schools": selectors.office_schools(request.user),
            "years": range(current_year + 1, current_year - 5, -1),
            "export_year": filters.year or current_year,
            "sorts": [
                ("moi", "Mới gửi trước"),
                ("cu", "Cũ trước"),
                ("truong", "Theo trường"),
                ("tieu-de", "Theo tiêu đề"),
                ("trang-thai", "Theo trạng thái"),
            ],
            "batch_actions": [(code, services.ACTION_LABELS[code]) for code in services.BATCH_ACTIONS],
        },
    )


@require_POST
def batch(request):
    """A batch action over every result of the inbox's filter. The first post shows how many will
    change and which are refused, and why; the confirmed post does it."""
    _office_only(request)
    filters = inbox_filter(request.POST)
    action = request.POST.get("action", "")
    comment = request.POST.get("comment", "").strip()
    rows = list(selectors.inbox(request.user, filters))
    context = {"query": _filter_query(request.POST), "action": action, "comment": comment, "total": len(rows)}
    try:
        if request.POST.get("confirm") == "1":
            result = services.batch_review(rows, action, user=request.user, comment=comment)
            template = "submissions/batch_result.html"
        else:
            if action == services.RETURN and not comment:
                raise services.SubmissionReviewError("Hãy ghi ý kiến chung để trả lại các hồ sơ.")
            result = services.batch_preview(rows, action, user=request.user)
            template = "submissions/batch_confirm.html"
    except Invalid as exc:  # the confirmation page again, with why, not a page of its own
        messages.error(request, exc.message)
        return render(request, "submissions/batch_confirm.html", {**context, "result": None}, status=400)
    context.update(result=result, action_label=services.ACTION_LABELS[action])
    return render(request, template, context)


@require_GET
def review(request, pk):
    _office_only(request)
    submission = _submission(request, pk)
    versions = selectors.versions_of(submission)
    technical = can_see_technical_details(request.user, submission)
    if submission.kind == Submission.Kind.DOSSIER:
        # The nominees' data is shown: on record in the sending school's log (Decree 13/2023).
        services.record_dossier_reads(
            request.user,
            [(submission, None)],
            kind=PersonalDataRead.Kind.DOSSIER,
            route=request.get_full_path(),
        )
    return render(
        request,
        "submissions/review.html",
        {
            "submission": submission,
            "payload": submission.payload,
            "reading": reading.reading_of(submission, versions),
            "deadline": reading.deadline_state(submission),
            "technical_details": json.dumps(submission.payload, ensure_ascii=False, indent=2)
            if technical
            else None,
            "documents": selectors.documents_of(submission),
            "checklist": selectors.checklist_of(submission),
            "versions": versions,
            "history": selectors.review_history(submission),
            "can": {
                code: not services.refusal_reason(submission, code, request.user)
                for code in (services.RETURN, services.ACCEPT, services.FORWARD, services.UNAPPROVE)
            },
            "is_head": can_unapprove_submission(request.user, submission),
            "forward_targets": services.forward_targets(submission, request.user),
            "is_dossier": submission.kind == Submission.Kind.DOSSIER,
            "is_collective_rating": submission.kind == Submission.Kind.COLLECTIVE_RATING,
            "rating_choices": Rating.choices,
            # "Kiểm tra lại": the checker again on the snapshot's facts, as of the snapshot's day.
            "recheck": dossier_recheck(submission)
            if submission.kind == Submission.Kind.DOSSIER and request.GET.get("kiem-tra-lai") == "1"
            else None,
        },
    )


def _plan_submission(request, pk) -> Submission:
    _office_only(request)
    submission = _submission(request, pk)
    if submission.kind != Submission.Kind.PLAN:
        raise Http404
    return submission


@require_GET
@xframe_options_sameorigin
def plan_document(request, pk):
    """The submitted plan as it prints, by the school's print-preview renderer, from the snapshot: its
    own HTML document (with its page CSS), shown in a frame of the review page."""
    return HttpResponse(render_html(reading.plan_document(_plan_submission(request, pk))))


PLAN_FORMATS = {
    "docx": (render_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": (render_pdf, "application/pdf"),
}


@require_GET
def plan_download(request, pk, fmt):
    """The submitted version of the plan as DOCX or PDF, built from its snapshot: what the school sent,
    whatever it has changed since."""
    submission = _plan_submission(request, pk)
    renderer, content_type = PLAN_FORMATS[fmt]
    return _download(
        renderer(reading.plan_document(submission)), reading.plan_filename(submission, fmt), content_type
    )


@require_GET
def year_report_download(request, pk, fmt):
    """The submitted year-end report as DOCX or PDF, built from its snapshot."""
    _office_only(request)
    submission = _submission(request, pk)
    if submission.kind != Submission.Kind.YEAR_REPORT:
        raise Http404
    renderer, content_type = PLAN_FORMATS[fmt]
    return _download(
        renderer(year_report_document(submission.payload)),
        f"Bao-cao-tong-ket-{submission.school.code}-{submission.year}-lan-{submission.version}.{fmt}",
        content_type,
    )


def _year_report_input(request):
    _office_only(request)
    year = _int(request.GET.get("nam")) or timezone.localdate().year
    offices = selectors.sending_offices(request.user)
    if not offices:
        raise Http404
    office = next((o for o in offices if o.code == request.GET.get("co-quan")), offices[0])
    return office, year, selectors.year_report_consolidation(request.user, year)


@require_GET
def year_reports(request):
    """The office's consolidation page: which schools sent their year-end report for a school year."""
    office, year, schools = _year_report_input(request)
    this_year = timezone.localdate().year
    return render(
        request,
        "submissions/year_reports.html",
        {
            "office": office,
            "year": year,
            "school_year": f"{year - 1}-{year}",
            "years": [(y, f"{y - 1}-{y}") for y in range(this_year + 1, this_year - 5, -1)],
            "schools": schools,
            "sent": sum(1 for s in schools if s.submission is not None),
        },
    )


def _report_date(submission: Submission) -> str:
    """The report's own date (ISO), else the day it was sent."""
    return str(submission.payload.get("issued_on") or "") or (
        timezone.localtime(submission.submitted_at).date().isoformat()
    )


@require_GET
def export_year_reports(request):
    office, year, schools = _year_report_input(request)
    rows = [
        SchoolReport(
            school=s.school.name,
            state=s.submission.get_status_display() if s.submission else "Chưa gửi",
            number=str(s.submission.payload.get("number") or "") if s.submission else "",
            dated=_report_date(s.submission) if s.submission else "",
            figures=s.submission.payload.get("figures") if s.submission else None,
        )
        for s in schools
    ]
    return _download(
        year_reports_xlsx(office_name=office.name, school_year=f"{year - 1}-{year}", schools=rows),
        f"tong-hop-bao-cao-tong-ket-tdkt-{year - 1}-{year}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _submission(request, pk) -> Submission:
    try:
        return selectors.submission_for_reviewer(request.user, pk)
    except Submission.DoesNotExist as exc:
        raise Http404 from exc


@require_POST
@redirect_on_refusal("submissions:review", "pk")
def act(request, pk, action):
    """Return, accept, forward or unapprove one submission; a refusal changes nothing and says why."""
    _office_only(request)
    submission = _submission(request, pk)
    if action == "kiem-tra":
        services.update_checklist(submission, ticked=request.POST.getlist("items"), user=request.user)
        messages.success(request, "Đã lưu phiếu kiểm tra hồ sơ.")
    elif action == "xac-nhan":
        services.confirm_collective_rating(
            submission,
            rating=request.POST.get("rating", ""),
            note=request.POST.get("note", ""),
            user=request.user,
        )
        messages.success(request, "Đã xác nhận kết quả xếp loại tập thể của trường.")
    elif ACTION_SLUGS[action] == services.RETURN:
        comments = [
            {"document": code, "text": request.POST.get(f"comment-{code}", "")}
            for code in [d["code"] for d in selectors.documents_of(submission)] + [""]
        ]
        services.return_submission(submission, comments=comments, user=request.user)
        messages.success(request, "Đã trả lại hồ sơ kèm ý kiến thẩm định.")
    elif ACTION_SLUGS[action] == services.ACCEPT:
        services.accept_submission(submission, user=request.user)
        messages.success(request, "Đã duyệt hồ sơ. Hồ sơ đã được khóa.")
    elif ACTION_SLUGS[action] == services.FORWARD:
        to = None
        if request.POST.get("to"):
            to = Authority.objects.filter(pk=_int(request.POST["to"])).first()
            if to is None:
                raise services.SubmissionReviewError("Chỉ trình được lên cơ quan cấp trên của cơ quan mình.")
        done = services.forward_submission(submission, user=request.user, to=to)
        messages.success(request, f"Đã trình hồ sơ lên {done.forwarded_to.name}.")
    else:
        services.unapprove_submission(submission, reason=request.POST.get("reason", ""), user=request.user)
        messages.success(request, "Đã hủy duyệt hồ sơ; trường có thể sửa và gửi lại.")
    return redirect("submissions:review", pk=submission.pk)


@require_GET
def evidence(request, pk, evidence_id):
    """One evidence file of the snapshot, after the permission check and the check that the key is the
    sending school's own, served from a copy whose size and SHA-256 were compared with the snapshot's:
    a file replaced in storage is refused as tampered and recorded."""
    _office_only(request)
    submission = _submission(request, pk)
    item = selectors.evidence_item(submission, evidence_id)
    if item is None:
        raise Http404
    filename = item.get("filename") or "minh-chung"
    services.record_dossier_reads(
        request.user,
        [(submission, [item.get("nomination")])],
        kind=PersonalDataRead.Kind.EVIDENCE,
        route=request.get_full_path(),
        label=filename,
    )
    try:
        checked = read_verified(
            item["key"], filename=filename, sha256=item.get("sha256"), size=item.get("size")
        )
    except Tampered as exc:
        services.record_tampering(
            submission, key=item["key"], filename=filename, details=exc.evidence, user=request.user
        )
        raise  # RefusalMiddleware shows the message (409)
    if checked is None:
        raise Http404("Tệp minh chứng không còn trong kho lưu trữ.")
    return FileResponse(
        checked,
        as_attachment=True,
        filename=filename,
        content_type=item.get("content_type") or "application/octet-stream",
    )


def _export_input(request):
    _office_only(request)
    year = _int(request.GET.get("nam")) or timezone.localdate().year
    offices = selectors.sending_offices(request.user)
    office = next((o for o in offices if o.code == request.GET.get("co-quan")), offices[0])
    approved = selectors.approved_nominees(request.user, year)
    schools = len({r.school for r in approved})
    rows = [
        ConsolidatedRow(r.full_name, r.position, r.unit, r.title_label, r.achievements, r.priority_reason)
        for r in approved
    ]
    del approved  # 50,000 nominees are held once, as the renderer's rows
    sender = Office(
        name=office.name,
        parent_name=office.parent.name if office.parent_id else "",
        abbreviation=office.short_name.replace(" ", "") or office.code.upper(),
        place=selectors.place_of(office),
        head_name=selectors.office_head_name(office),
    )
    return sender, f"{year - 1}-{year}", rows, schools


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def export_list(request):
    office, school_year, rows, _ = _export_input(request)
    return _download(
        consolidated_list_xlsx(office=office, school_year=school_year, rows=rows),
        f"danh-sach-de-nghi-khen-thuong-{school_year}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_GET
def export_cover_letter(request):
    office, school_year, rows, schools = _export_input(request)
    return _download(
        office_cover_letter_docx(
            office=office, school_year=school_year, rows=rows, schools=schools, date=None
        ),
        f"to-trinh-de-nghi-khen-thuong-{school_year}.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


MAX_SELECTED = 1000


TAMPERED_NOTE = (
    "CẢNH BÁO: các tệp minh chứng sau trong kho lưu trữ không còn là tệp đã được kiểm tra khi trường tải "
    "lên (dung lượng hoặc mã SHA-256 đã khác), có dấu hiệu bị thay đổi trái phép. Sự việc đã được ghi vào "
    "nhật ký; đừng dùng các tệp này và hãy báo quản trị hệ thống:\n"
)


def _bundle_entries(files, storage, user):
    """(name in the ZIP, chunks) for each file, each read lazily in chunks from object storage when the
    ZIP reaches it; a file gone from storage is left out and named in a note at the end. Each file's
    size and SHA-256 are compared with the snapshot's: one of another size is left out, one whose hash
    differs once streamed is named in a warning at the end (its bytes are already sent); both are
    recorded as tampered."""
    missing, tampered = [], []

    def flag(path, item, details):
        tampered.append(path)
        services.record_tampering(
            item.submission, key=item.key, filename=path.rpartition("/")[2], details=details, user=user
        )

    for path, item in zip(unique_names(f.path for f in files), files, strict=True):
        stored = storage.stat(item.key)
        if stored is None:
            missing.append(path)
            continue
        if item.size is not None and stored.size != item.size:
            flag(path, item, {"expected_size": item.size, "actual_size": stored.size})
            continue
        checked = CheckedChunks(storage.iter_chunks(item.key), sha256=item.sha256, size=item.size)
        yield path, checked
        if not checked.intact:
            flag(path, item, checked.tampered(path).evidence)
    if missing:
        note = "Các tệp minh chứng sau không còn trong kho lưu trữ nên không có trong tệp nén:\n"
        yield "Ghi chú – tệp thiếu.txt", [(note + "".join(f"- {p}\n" for p in missing)).encode()]
    if tampered:
        yield (
            "CẢNH BÁO – tệp bị thay đổi.txt",
            [(TAMPERED_NOTE + "".join(f"- {p}\n" for p in tampered)).encode()],
        )


@require_GET
def export_evidence(request):
    """The evidence of a set of dossiers as one ZIP, streamed: the dossiers chosen (`ho-so`, repeated)
    or else every dossier of the inbox's filter. Each file is read from object storage in chunks while
    the ZIP is sent, never held whole in memory or on disk. A dossier of another office answers 404."""
    _office_only(request)
    rows = selectors.inbox(request.user, inbox_filter(request.GET)).filter(kind=Submission.Kind.DOSSIER)
    chosen = request.GET.getlist("ho-so")
    if chosen:
        ids = {_int(pk) for pk in chosen[:MAX_SELECTED]}
        if None in ids:
            raise Http404
        rows = selectors.office_submissions(request.user).filter(pk__in=ids, kind=Submission.Kind.DOSSIER)
        rows = rows.select_related("school")
        if rows.count() != len(ids):
            raise Http404
    files = selectors.evidence_bundle(rows)
    services.record_dossier_reads(
        request.user,
        [(submission, None) for submission in {f.submission.pk: f.submission for f in files}.values()],
        kind=PersonalDataRead.Kind.EVIDENCE,
        route=request.get_full_path(),
    )
    storage = get_object_storage()
    if files:
        # Asked before the first byte goes out: once the ZIP streams, its status can no longer become the
        # 503 that tells the person to try again, and a storage that is away would leave a cut archive.
        storage.check()
    response = StreamingHttpResponse(
        stream_zip(_bundle_entries(files, storage, request.user)), content_type="application/zip"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="minh-chung-ho-so-{stamp}.zip"'
    return response


# --- The compilation of the schools' good examples --------------------------------------------------


def _compilation_input(request):
    _office_only(request)
    school_year = request.GET.get("nam-hoc", "")
    try:
        parse_school_year(school_year)
    except ValueError:
        school_year = latest_examples_year(request.user)
    filters = {"movement": _int(request.GET.get("phong-trao")), "school": _int(request.GET.get("truong"))}
    return compile_examples(request.user, school_year, **filters), filters


@require_GET
def examples_page(request):
    compilation, filters = _compilation_input(request)
    years = recent_school_years([compilation.school_year])
    return render(
        request,
        "submissions/examples.html",
        {"compilation": compilation, "filters": filters, "years": years, "query": request.GET.urlencode()},
    )


@require_GET
def examples_export(request):
    compilation, _ = _compilation_input(request)
    offices = selectors.sending_offices(request.user)
    office = next((o for o in offices if o.code == request.GET.get("co-quan")), offices[0])
    compiler = Compiler(
        name=office.name,
        parent_name=office.parent.name if office.parent_id else "",
        abbreviation=office.short_name.replace(" ", "") or office.code.upper(),
        place=selectors.place_of(office),
        head_name=selectors.office_head_name(office),
    )
    entries = [
        ExampleEntry(
            school=e.school,
            name=e.name,
            subject_label=e.subject_label,
            title=e.title,
            story=e.story,
            position=e.position,
            unit=e.unit,
            achievements=e.achievements,
            movements=e.movement_names,
        )
        for e in compilation.examples
    ]
    return _download(
        examples_compilation_docx(
            office=compiler, school_year=compilation.school_year, entries=entries, date=timezone.localdate()
        ),
        f"tap-hop-guong-dien-hinh-tien-tien-{compilation.school_year}.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
