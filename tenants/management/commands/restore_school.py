from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tenants.backup import BackupError, manifest_summary, open_archive
from tenants.restore import apply_restore, plan_restore


class Command(BaseCommand):
    help = (
        "Khôi phục một trường từ tệp sao lưu: thành trường mới với mã khác (--as), hoặc ghi đè lên chính "
        "trường đó (--replace, cần xác nhận)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp sao lưu do backup_school tạo")
        parser.add_argument("--as", dest="code", help="mã của trường mới (mặc định: mã trong bản sao lưu)")
        parser.add_argument("--name", help="tên của trường mới (mặc định: tên trong bản sao lưu)")
        parser.add_argument(
            "--replace", action="store_true", help="ghi đè lên trường đang có mã đó bằng bản sao lưu"
        )
        parser.add_argument(
            "--yes", "--no-input", dest="yes", action="store_true", help="không hỏi xác nhận khi ghi đè"
        )

    def handle(self, *args, **options):
        try:
            with open_archive(options["file"]) as archive:
                self.stdout.write(manifest_summary(archive.manifest))
                plan = plan_restore(
                    archive, code=options["code"], replace=options["replace"], name=options["name"]
                )
                if plan.replace and not options["yes"]:
                    self._confirm(plan)
                school = apply_restore(plan)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        verb = "Đã ghi đè" if plan.replace else "Đã khôi phục thành"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {school.name} (mã {school.code}, lược đồ {school.schema_name}).")
        )
        self.stdout.write(f"Địa chỉ: http://{school.host}:{settings.DEV_SERVER_PORT}/")

    def _confirm(self, plan):
        school = plan.existing
        self.stdout.write(
            f"Khôi phục sẽ GHI ĐÈ toàn bộ dữ liệu hiện tại của {school.name} (mã {school.code}): mọi bảng "
            "của trường, các dòng của trường ở lược đồ chung và tệp minh chứng. Dữ liệu thêm sau lúc sao lưu "
            "sẽ mất."
        )
        try:
            answer = input(f"Gõ mã trường “{school.code}” để xác nhận: ")
        except EOFError:
            answer = ""
        if answer.strip().lower() != school.code:
            raise CommandError("Đã hủy, không có gì thay đổi. (Dùng --yes để bỏ qua bước xác nhận.)")
