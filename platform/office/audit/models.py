from django.conf import settings
from django.db import models

# What users read for each dotted action; an action without a label shows its code.
ACTION_LABELS = {
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
