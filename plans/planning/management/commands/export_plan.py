from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.planning.export import EXPORT_FORMATS, export_plan
from plans.planning.models import Plan
from tenants.models import School
from tenants.schemas import in_school


class Command(BaseCommand):
    help = "Xuất kế hoạch của một trường ra DOCX hoặc PDF đúng thể thức (Nghị định 30/2020)."

    def add_arguments(self, parser):
        parser.add_argument("school_code")
        parser.add_argument("plan_id", type=int)
        parser.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="docx")
        parser.add_argument("-o", "--output", help="tệp ghi ra; mặc định đặt tên theo số kế hoạch")

    def handle(self, *args, **options):
        school = School.objects.filter(code=options["school_code"]).first()
        if school is None:
            raise CommandError(f"Không có trường mã “{options['school_code']}”.")
        with in_school(school):
            plan = Plan.objects.filter(pk=options["plan_id"]).first()
            if plan is None:
                raise CommandError(f"{school.name} không có kế hoạch id {options['plan_id']}.")
            content, filename, _ = export_plan(plan, options["format"])
        output = Path(options["output"] or filename)
        output.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {output} ({len(content):,} byte)."))
