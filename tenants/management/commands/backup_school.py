from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tenants.backup import BackupError, manifest_summary, write_school_backup
from tenants.selectors import school_by_code


class Command(BaseCommand):
    help = (
        "Sao lưu một trường vào một tệp: mọi bảng trong lược đồ của trường, các dòng của trường ở lược đồ "
        "chung và các tệp minh chứng, kèm bản kê và mã kiểm tra SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="mã trường: lequydon")
        parser.add_argument("-o", "--output", required=True, help="tệp sao lưu sẽ ghi (.tar.gz)")

    def handle(self, *args, **options):
        school = school_by_code(options["code"])
        if school is None:
            raise CommandError(f"Không có trường mã “{options['code']}”.")
        output = Path(options["output"])
        if output.exists():
            raise CommandError(f"Tệp {output} đã có; hãy chọn tên khác để không ghi đè bản sao lưu cũ.")
        if not output.parent.is_dir():
            raise CommandError(f"Không có thư mục {output.parent}.")
        try:
            manifest = write_school_backup(school, output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã sao lưu vào {output}."))
        self.stdout.write(manifest_summary(manifest))
