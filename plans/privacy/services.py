"""A school's duties as the controller of its staff's personal data (Decree 13/2023/NĐ-CP):

- every read of a person's data by someone else is recorded (`log_read`, one INSERT in the request
  that showed it; office.audit.services.record_personal_read writes it), so the person can know how
  their data is processed (Art. 9.1, the right to know; Art. 9.3, the right of access);
- the principal exports one person's data (`export_personal_data`: Art. 9.7, the right to be provided
  with one's data) and, when the law allows, erases it (`erase_personal_data`: Art. 9.5 and Art. 16.1,
  deletion once the data is no longer needed for its purpose). Art. 16.2 excludes data made public
  under the law (c) and data kept to serve a legal requirement (d): awards and decisions are public
  records under the Law on Emulation and Commendation, and a nomination still being decided needs the
  data it was made with.
Export and erasure are audited."""

import datetime
import io
import json
import zipfile
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from office.accounts.models import Role
from office.accounts.selectors import school_roles
from office.audit.models import AuditEvent, PersonalDataRead
from office.audit.services import record_event, record_personal_read
from office.core.errors import Invalid, require
from office.core.object_storage import get_object_storage
from office.core.text import search_key
from plans.evidence.models import Evidence
from plans.initiatives.models import Initiative
from plans.nominations.models import DossierEvidence, Nomination
from plans.privacy import selectors
from plans.privacy.permissions import HANDLE_PERSONAL_DATA_REFUSAL, can_handle_personal_data
from plans.staff.models import Staff
from plans.staff.selectors import awards_of, staff_history, status_periods_of

Kind = PersonalDataRead.Kind
ERASED_PREFIX = "Đã xoá dữ liệu cá nhân"


# --- The read log -------------------------------------------------------------------------------------


def reader_role(user, school) -> str:
    """The reader's roles in this school, as the person will read them."""
    return ", ".join(Role(role).label for role in sorted(school_roles(user, school)))


def log_read(request, kind: str, people: Iterable, *, label: str = "", count: int | None = None):
    """Record that the person making `request` was shown the data of `people` (objects with `pk`
    and `user_id`: Staff rows or selectors.Person), leaving out their own record. Nothing is written
    when they read only their own data."""
    user = request.user
    others = [p.pk for p in people if not (p.user_id is not None and p.user_id == user.pk)]
    if not others:
        return None
    return record_personal_read(
        user,
        kind=kind,
        subjects=others,
        role=reader_role(user, request.school),
        organisation=request.school.name,
        label=label,
        route=request.get_full_path(),
        count=count,
    )


def log_record_read(request, staff: Staff, *, with_periods: bool):
    label = staff.full_name + (" (kèm các giai đoạn thai sản, kỷ luật…)" if with_periods else "")
    return log_read(request, Kind.RECORD, [staff], label=label)


def log_evidence_read(request, evidence: Evidence):
    return log_read(request, Kind.EVIDENCE, selectors.people_of_evidence(evidence), label=evidence.filename)


# --- Export -------------------------------------------------------------------------------------------


def _day(value) -> str | None:
    return value.isoformat() if value else None


def _evidence_row(evidence: Evidence, used_for: str) -> dict:
    return {
        "id": evidence.pk,
        "filename": evidence.filename,
        "used_for": used_for,
        "kind": evidence.get_kind_display(),
        "size": evidence.size,
        "sha256": evidence.sha256,
        "content_type": evidence.content_type,
        "status": evidence.get_status_display(),
        "uploaded_at": evidence.created_at.isoformat(),
    }


def personal_data(staff: Staff) -> dict:
    """Everything the school holds about the person, as plain data; nothing about anyone else (a
    co-author is named only by the initiative's title, a reader by their name and role, as the log
    shows them to the person)."""
    links = selectors.evidence_links_of(staff)
    initiatives = list(selectors.initiatives_of(staff))
    evidence = [_evidence_row(link.evidence, f"Hồ sơ đề nghị: {link.label}") for link in links]
    evidence += [_evidence_row(i.document, f"Sáng kiến: {i.title}") for i in initiatives if i.document_id]
    return {
        "person": {
            "id": staff.pk,
            "full_name": staff.full_name,
            "gender": staff.get_gender_display(),
            "date_of_birth": _day(staff.date_of_birth),
            "position": staff.position,
            "department": staff.department.name if staff.department_id else None,
            "teaches": staff.teaches,
            "joined_sector_on": _day(staff.joined_sector_on),
            "joined_school_on": _day(staff.joined_school_on),
            "difficult_area_years": str(staff.difficult_area_years),
            "years_in_study_or_military": str(staff.years_in_study_or_military),
            "status": staff.get_status_display(),
            "has_account": staff.user_id is not None,
        },
        "status_periods": [
            {
                "kind": p.get_kind_display(),
                "starts_on": _day(p.starts_on),
                "ends_on": _day(p.ends_on),
                "discipline_level": p.get_discipline_level_display() if p.discipline_level else "",
                "decision_number": p.decision_number,
                "note": p.note,
            }
            for p in status_periods_of(staff)
        ],
        "awards": [
            {
                "school_year": a.school_year,
                "title": a.get_title_display(),
                "decision_number": a.decision_number,
                "decision_date": _day(a.decision_date),
                "issuer": a.issuer_name,
            }
            for a in awards_of(staff)
        ],
        "nominations": [
            {
                "school_year": n.school_year,
                "title": n.get_title_display(),
                "summary": n.summary,
                "achievements": n.achievements,
                "verdict": n.get_verdict_display() if n.verdict else "",
            }
            for n in selectors.nominations_of(staff)
        ],
        "initiatives": [
            {
                "school_year": i.school_year,
                "title": i.title,
                "field": i.field,
                "summary": i.summary,
                "status": i.get_status_display(),
                "grade": i.grade,
                "recognized": i.recognized,
                "role": "Tác giả" if i.author_id == staff.pk else "Đồng tác giả",
            }
            for i in initiatives
        ],
        "evidence": evidence,
        "reads": [
            {
                "at": r.at.isoformat(),
                "reader": r.reader_name,
                "role": r.reader_role,
                "organisation": r.organisation,
                "what": r.get_kind_display(),
                "object": r.object_label,
            }
            for r in selectors.reads_about(staff)
        ],
        "changes": [
            {"at": e.at.isoformat(), "action": e.label, "summary": e.summary} for e in staff_history(staff)
        ],
    }


def export_personal_data(staff: Staff, *, user, request=None, school) -> bytes:
    """The person's data as a ZIP: `du-lieu-ca-nhan.json` (everything in `personal_data`) and
    `danh-sach-minh-chung.json` (their evidence files). Audited, and logged as a read the person sees."""
    require(can_handle_personal_data(user, school), HANDLE_PERSONAL_DATA_REFUSAL)
    data = personal_data(staff)
    data["school"] = {"code": school.code, "name": school.name}
    data["exported_at"] = timezone.now().isoformat()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("du-lieu-ca-nhan.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr(
            "danh-sach-minh-chung.json", json.dumps(data["evidence"], ensure_ascii=False, indent=2)
        )
    with transaction.atomic():
        record_event(
            "privacy.exported", staff, user=user, summary=f"Xuất dữ liệu cá nhân của {staff.full_name}"
        )
        if request is not None:
            log_read(request, Kind.EXPORT, [staff], label=staff.full_name)
    return buffer.getvalue()


# --- Erasure ------------------------------------------------------------------------------------------


def erasure_refusal(staff: Staff, *, today: datetime.date) -> str:
    """Why the person's data may not be erased yet (empty when it may). The data stays while it is
    still needed for the purpose it was collected for: the person still works here, or a nomination
    or initiative of theirs is still being decided."""
    if staff.full_name.startswith(ERASED_PREFIX):
        return "Dữ liệu cá nhân của người này đã được xoá."
    if staff.status != Staff.Status.LEFT:
        return (
            f"{staff.full_name} vẫn đang là cán bộ của trường ({staff.get_status_display().lower()}): chỉ "
            "xoá dữ liệu cá nhân của người đã nghỉ việc, chuyển công tác."
        )
    pending = selectors.pending_nominations(staff, today=today)
    if pending:
        items = "; ".join(f"{n.get_title_display()} năm học {n.school_year}" for n in pending)
        return (
            f"{staff.full_name} còn đề nghị khen thưởng chưa có kết quả ({items}). Hãy xoá sau khi cấp có "
            "thẩm quyền quyết định, hoặc sau khi rút đề nghị."
        )
    initiatives = selectors.pending_initiatives(staff, today=today)
    if initiatives:
        titles = "; ".join(i.title for i in initiatives)
        return f"{staff.full_name} còn sáng kiến đang chờ Hội đồng sáng kiến ({titles})."
    return ""


def _unused(evidence_ids: set[int]) -> set[int]:
    """Of these evidence files, those nothing points to any more (a file may serve two dossiers)."""
    still_linked = set(
        DossierEvidence.objects.filter(evidence_id__in=evidence_ids).values_list("evidence_id", flat=True)
    )
    documents = set(
        Initiative.objects.filter(document_id__in=evidence_ids).values_list("document_id", flat=True)
    )
    return evidence_ids - still_linked - documents


def erase_personal_data(staff: Staff, *, user, school, today: datetime.date | None = None) -> Staff:
    """Anonymise the person's record and delete what is personal and not a public record, in one
    transaction; the files go from object storage once it commits.

    Kept, as public records (the Law on Emulation and Commendation: decisions are published) or as
    the school's own record: awards, nominations that led to an award with their evidence, initiatives
    the council recognised, the read log. Erased: name, date of birth and every personal field of the
    register entry and its history, the status periods (maternity, discipline…), the texts of
    nominations that led to no award and their evidence files, the documents of initiatives not
    recognised."""
    require(can_handle_personal_data(user, school), HANDLE_PERSONAL_DATA_REFUSAL)
    today = today or timezone.localdate()
    keys: list[str] = []
    with transaction.atomic():
        staff = Staff.objects.select_for_update().get(pk=staff.pk)
        reason = erasure_refusal(staff, today=today)
        if reason:
            raise Invalid(reason)
        awards = selectors.award_keys(staff)
        unawarded = [n for n in selectors.nominations_of(staff) if not selectors.awarded(n, awards)]
        links = list(
            DossierEvidence.objects.filter(nomination__in=unawarded).values_list("pk", "evidence_id")
        )
        unrecognised = [
            i for i in selectors.initiatives_of(staff) if not i.recognized and i.author_id == staff.pk
        ]
        documents = {i.document_id for i in unrecognised if i.document_id}
        candidates = {evidence_id for _, evidence_id in links} | documents
        Initiative.objects.filter(pk__in=[i.pk for i in unrecognised]).update(document=None)
        DossierEvidence.objects.filter(pk__in=[pk for pk, _ in links]).delete()
        gone = Evidence.objects.filter(pk__in=_unused(candidates))
        keys = list(gone.values_list("key", flat=True))
        gone.delete()
        for nomination in unawarded:
            nomination.summary, nomination.achievements, nomination.check_report = "", "", []
        Nomination.objects.bulk_update(unawarded, ["summary", "achievements", "check_report"])
        staff.status_periods.all().delete()
        # The register's own history holds the old values (name, date of birth) in before/after.
        AuditEvent.objects.filter(object_type="plans.staff", object_id=str(staff.pk)).update(
            before=None, after=None, summary=""
        )
        anonymous = f"{ERASED_PREFIX} (mã {staff.pk})"
        staff.full_name = anonymous
        staff.search_name = search_key(anonymous)
        staff.date_of_birth = None
        staff.position = ""
        staff.department = None
        staff.joined_sector_on = None
        staff.joined_school_on = None
        staff.difficult_area_years = 0
        staff.years_in_study_or_military = 0
        staff.user = None
        staff.save()
        record_event(
            "privacy.erased",
            staff,
            user=user,
            summary=f"Xoá dữ liệu cá nhân (mã {staff.pk}); {len(keys)} tệp minh chứng đã xoá",
        )
        storage = get_object_storage()
        transaction.on_commit(lambda: [storage.delete(key) for key in keys])
    return staff
