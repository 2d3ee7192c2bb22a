"""What an import job looks like over the API: the job's own address answers with it, and so does every
part that starts a job (plans.staff.api answers 202 with it), which imports it from here rather than
from another part's API."""

from rest_framework import serializers
from rest_framework.reverse import reverse

from plans.imports.models import ImportJob


class ImportJobSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="Địa chỉ để hỏi lại tình trạng của lượt nhập.")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    errors = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Khi bị từ chối: từng ô lỗi, “Dòng 7, cột “Ngày sinh”: không đọc được ngày “31/02/1990””.",
    )
    result = serializers.JSONField(
        read_only=True,
        allow_null=True,
        help_text="Khi đã xong: kết quả (với danh sách cán bộ, lịch sử khen thưởng: rows, created, updated, "
        "unchanged, departments_created, notes: tệp đã được chuyển từ bảng mã TCVN3, VNI sang Unicode, sheet: "
        "trang tính đã đọc, ignored_columns: các cột bỏ qua, other_sheets: các trang khác cũng có danh sách, "
        "warnings: từng dòng có thông tin được suy ra, summary). Trống khi chưa xong, bị từ chối hoặc đã dùng.",
    )

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "url",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "filename",
            "size",
            "progress",
            "stage",
            "reason",
            "errors",
            "result",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "status": {
                "help_text": "pending (đang chờ), running (đang đọc), done (đã xong), refused (bị từ chối)."
            },
            "progress": {"help_text": "Tiến độ, 0–100."},
            "reason": {"help_text": "Lý do từ chối, bằng tiếng Việt; không có gì được lưu."},
        }

    def get_url(self, job) -> str:
        return reverse("api-import-job-detail", kwargs={"pk": job.pk}, request=self.context.get("request"))
