from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.planning.plan_import import PlanImportError, parse_plan, read_plan_source
from plans.planning.services import create_plan_from_import
from tenants.models import School
from tenants.schemas import in_school


class Command(BaseCommand):
    help = "Nhập kế hoạch thi đua, khen thưởng của một trường từ tệp .docx hoặc .txt thành dự thảo."

    def add_arguments(self, parser):
        parser.add_argument("school_code", help="mã trường, ví dụ lequydon")
        parser.add_argument("file", help="đường dẫn tệp .docx hoặc .txt")

    def handle(self, *args, **options):
        school = School.objects.filter(code=options["school_code"]).first()
        if school is None:
            raise CommandError(f"Không có trường mã “{options['school_code']}”.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        try:
            source = read_plan_source(path.name, path.read_bytes())
            parsed = parse_plan(source)
        except PlanImportError as exc:
            raise CommandError(exc.message) from exc
        with in_school(school):
            plan = create_plan_from_import(
                parsed,
                school=school,
                filename=path.name,
                encoding=source.encoding,
                user=None,
                by_operator=True,
            )
        summary = parsed.summary()
        self.stdout.write(self.style.SUCCESS(f"Đã nhập kế hoạch id {plan.pk} vào {school.name}."))
        self.stdout.write(
            f"  {summary['sections']} mục, {summary['timeline_tasks']} công việc trong "
            f"{summary['timeline_months']} tháng, {summary['bases']} căn cứ, {summary['warnings']} cảnh báo"
        )
        for warning in parsed.warnings:
            where = f"dòng {warning.line_no}" if warning.line_no else "toàn văn bản"
            hint = f" → {warning.suggestion}" if warning.suggestion else ""
            self.stdout.write(f"  - {where}: {warning.message}{hint}")
