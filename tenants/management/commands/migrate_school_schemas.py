from django.core.management.base import BaseCommand, CommandError

from tenants.migration_runner import (
    DEFAULT_WORKERS,
    MigrationRunnerBusy,
    MigrationRunnerError,
    migrate_every_school,
    vn_number,
)


class Command(BaseCommand):
    help = (
        "Chạy migration cho lược đồ chung, lược đồ mẫu và lược đồ của từng trường: lập kế hoạch một lần "
        "trên lược đồ mẫu, áp dụng cho từng trường trong giao dịch riêng, song song; chạy lại thì tiếp tục "
        "từ các trường còn lại."
    )

    # The system checks import every URL configuration and view, seconds of a run that must stay short
    # during a release; they run where the site itself starts.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--workers",
            type=int,
            default=DEFAULT_WORKERS,
            help=f"số kết nối song song tới PostgreSQL (mặc định {DEFAULT_WORKERS})",
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        try:
            report = migrate_every_school(
                workers=max(1, options["workers"]), out=self.stdout, verbosity=verbosity
            )
        except (MigrationRunnerBusy, MigrationRunnerError) as exc:
            raise CommandError(str(exc)) from exc
        if verbosity:
            self.stdout.write(
                f"Kết quả: {vn_number(len(report.migrated))} trường vừa migrate, {vn_number(report.up_to_date)} "
                f"trường đã mới nhất từ trước (tổng {vn_number(report.schools)} trường)."
            )
        if report.failed:
            lines = "\n".join(f"  - {schema}: {error}" for schema, error in sorted(report.failed.items()))
            raise CommandError(
                f"{vn_number(len(report.failed))} trường chưa migrate được (các trường này giữ nguyên trạng thái cũ; "
                f"sửa lỗi rồi chạy lại lệnh, các trường đã xong sẽ được bỏ qua):\n{lines}"
            )
