from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models

# What users read for each dotted action; an action without a label shows its code.
ACTION_LABELS = {
    "evidence.tampered": "Phát hiện minh chứng bị thay đổi trong kho lưu trữ",
    "plan.imported": "Nhập kế hoạch từ tệp",
    "plan.created": "Tạo kế hoạch",
    "plan.header_changed": "Sửa thông tin chung",
    "plan.paragraphs_changed": "Sửa căn cứ, mở đầu, đoạn kết, nơi nhận",
    "plan.section_added": "Thêm mục",
    "plan.section_changed": "Sửa mục",
    "plan.section_moved": "Chuyển vị trí mục",
    "plan.section_deleted": "Xoá mục",
    "plan.task_added": "Thêm công việc",
    "plan.task_changed": "Sửa công việc",
    "plan.task_assigned": "Phân công, cập nhật tình trạng công việc",
    "plan.task_deleted": "Xoá công việc",
    "plan.consultation_opened": "Đưa ra lấy ý kiến",
    "plan.commented": "Góp ý",
    "plan.issued": "Ban hành",
    "plan.revised": "Tạo bản sửa đổi",
    "plan.copied_to_next_year": "Sao chép sang năm sau",
    # The office's actions (issue 5): review, decisions, clusters, movements, the authority tree.
    "dossier.returned": "Trả lại hồ sơ kèm ý kiến",
    "dossier.accepted": "Duyệt hồ sơ",
    "dossier.forwarded": "Trình hồ sơ lên cấp trên",
    "dossier.unapproved": "Hủy duyệt hồ sơ",
    "dossier.checklist_updated": "Cập nhật phiếu kiểm tra hồ sơ",
    "decision.created": "Soạn dự thảo quyết định",
    "decision.changed": "Sửa dự thảo quyết định",
    "decision.line_added": "Thêm người vào quyết định",
    "decision.lines_added": "Thêm người từ hồ sơ đã duyệt",
    "decision.line_removed": "Bỏ người khỏi quyết định",
    "decision.recorded": "Ghi nhận quyết định",
    "decision.delivered": "Đã ghi quyết định vào lịch sử khen thưởng của trường",
    "decision.delivery_requeued": "Tiếp tục chuyển quyết định về trường",
    "cluster.created": "Lập cụm thi đua",
    "cluster.updated": "Sửa cụm thi đua",
    "cluster.leader_named": "Cử cụm trưởng, cụm phó",
    "cluster.seat_added": "Thêm trường vào cụm",
    "cluster.seat_removed": "Bỏ trường khỏi cụm",
    "covenant.saved": "Soạn giao ước thi đua",
    "covenant.signed": "Ký giao ước thi đua",
    "rubric.created": "Tạo bảng tiêu chí",
    "rubric.copied": "Sao chép bảng tiêu chí năm trước",
    "rubric.published": "Ban hành bảng tiêu chí",
    "rubric.reordered": "Sắp xếp lại tiêu chí",
    "rubric.group_added": "Thêm nhóm tiêu chí",
    "rubric.group_updated": "Sửa nhóm tiêu chí",
    "rubric.group_deleted": "Xoá nhóm tiêu chí",
    "rubric.criterion_added": "Thêm tiêu chí",
    "rubric.criterion_updated": "Sửa tiêu chí",
    "rubric.criterion_deleted": "Xoá tiêu chí",
    "cluster_round.created": "Mở đợt chấm điểm",
    "cluster_round.leader_review_opened": "Chuyển cụm trưởng thẩm định",
    "cluster_round.published": "Công bố xếp hạng",
    "cluster_round.closed": "Khoá đợt chấm điểm",
    "cluster_score.cross_scored": "Chấm chéo",
    "cluster_score.leader_scored": "Cụm trưởng chấm điểm",
    "cluster_score.leader_approved": "Cụm trưởng duyệt điểm",
    "cluster_score.office_scored": "Cơ quan quản lý chấm điểm",
    "cluster_result.approved": "Cơ quan quản lý duyệt kết quả",
    "cluster_result.unapproved": "Hủy duyệt kết quả",
    "self_assessment.saved": "Lưu bản tự chấm",
    "self_assessment.submitted": "Gửi bản tự chấm",
    # The school's year-end report (plans.year_report) and the office's review of it.
    "year_report.saved": "Lưu báo cáo tổng kết",
    "year_report.submitted": "Gửi báo cáo tổng kết",
    "year_report.returned": "Trả lại báo cáo tổng kết kèm ý kiến",
    "year_report.accepted": "Duyệt báo cáo tổng kết",
    "year_report.forwarded": "Trình báo cáo tổng kết lên cấp trên",
    "year_report.unapproved": "Hủy duyệt báo cáo tổng kết",
    "movement.launched": "Phát động phong trào",
    "movement.updated": "Sửa phong trào",
    "movement.withdrawn": "Thu hồi phong trào",
    "movement.document_added": "Đính kèm văn bản phong trào",
    "movement.document_rejected": "Từ chối tệp văn bản phong trào",
    "school.moved": "Chuyển cơ quan quản lý của trường",
    "school.created": "Thêm trường mới",
    "invitation.created": "Gửi lời mời tham gia",
    "invitation.batch_created": "Mời nhiều cán bộ cùng lúc",
    "invitation.resent": "Gửi lại lời mời",
    "invitation.revoked": "Thu hồi lời mời",
    "invitation.codes_printed": "In phiếu mời có mã QR",
    "invitation.accepted": "Nhận lời mời",
    "deadline.created": "Thêm hạn nộp",
    "deadline.changed": "Sửa hạn nộp",
    "deadline.deleted": "Xoá hạn nộp",
    # People and access (issue 13): office.accounts.services.
    "account.password_set": "Đặt lại mật khẩu (người dùng phải đổi khi đăng nhập)",
    "account.password_changed": "Tự đổi mật khẩu",
    "account.deactivated": "Ngừng tài khoản, thôi công tác",
    "account.reactivated": "Mở lại tài khoản",
    "membership.granted": "Giao vai trò",
    "membership.ended": "Thôi giao vai trò",
    # Access (issue 13): sign-in lockouts lifted, API tokens.
    "signin.unlocked": "Mở khóa đăng nhập",
    "api_token.created": "Tạo khóa truy cập API",
    "api_token.revoked": "Thu hồi khóa truy cập API",
    # Personal data (Decree 13/2023/NĐ-CP): plans.privacy.services.
    "privacy.exported": "Xuất dữ liệu cá nhân của một người",
    "privacy.erased": "Xoá dữ liệu cá nhân của một người",
}


class AuditEvent(models.Model):
    """One state change: who, when, what, before and after. The table exists in the public schema
    (the office's actions) and in every school's schema (the school's own), so a school's history
    stays with its data."""

    action = models.CharField("thao tác", max_length=80)  # dotted: "plan.issued", "nomination.returned"
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40, blank=True)
    summary = models.CharField("nội dung", max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,  # accounts live in public; a school's table must not depend on them
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "sự kiện nhật ký"
        verbose_name_plural = "nhật ký thay đổi"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["action"])]

    def __str__(self):
        return f"{self.action} {self.object_type}:{self.object_id}"

    @property
    def label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)


class PersonalDataRead(models.Model):
    """One read of people's personal data by someone other than those people, so that each person can
    know who processed their data and how (Decree 13/2023/NĐ-CP Art. 9.1, the right to know). Like AuditEvent the table exists in every school's schema: a read of a school's people,
    by the school's own staff or by the office reviewing a dossier, is written in that school's
    schema, so the person finds it beside their data. One row per request, however many people it
    showed: `subjects` holds the staff ids (a list page logs one row with its count)."""

    class Kind(models.TextChoices):
        RECORD = "record", "Hồ sơ cá nhân"
        STATUS_PERIODS = "status_periods", "Các giai đoạn thai sản, kỷ luật, điều tra, khiếu nại"
        EVIDENCE = "evidence", "Tệp minh chứng"
        REGISTER = "register", "Danh sách cán bộ kèm ngày sinh"
        DOSSIER = "dossier", "Hồ sơ đề nghị khen thưởng"
        EXPORT = "export", "Xuất toàn bộ dữ liệu cá nhân"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,  # accounts live in public
    )
    # As they were at the time of reading: a name, a role or an office may change later.
    reader_name = models.CharField("người xem", max_length=150)
    reader_role = models.CharField("vai trò", max_length=200, blank=True)
    organisation = models.CharField("đơn vị", max_length=255, blank=True)
    kind = models.CharField("dữ liệu", max_length=16, choices=Kind.choices)
    subjects = ArrayField(models.BigIntegerField(), verbose_name="những người có dữ liệu được xem")
    count = models.PositiveIntegerField("số người", default=1)
    object_label = models.CharField("đối tượng", max_length=300, blank=True)
    route = models.CharField("địa chỉ", max_length=300, blank=True)

    class Meta:
        verbose_name = "lượt xem dữ liệu cá nhân"
        verbose_name_plural = "nhật ký xem dữ liệu cá nhân"
        ordering = ["-at", "-pk"]
        indexes = [GinIndex(fields=["subjects"], name="personal_read_subjects")]

    def __str__(self):
        return f"{self.reader_name} · {self.get_kind_display()} · {self.at:%d/%m/%Y %H:%M}"
