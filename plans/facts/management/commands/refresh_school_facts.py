from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from plans.facts.services import refresh_all_school_facts
from tenants.models import School
from tenants.schemas import for_each_school


class Command(BaseCommand):
    help = (
        "Đếm lại số liệu tổng hợp (SchoolFacts) của mọi trường, hoặc một trường, cho mọi năm học có dữ liệu: "
        "dùng cho các trường đã có dữ liệu trước khi có bảng tổng hợp."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", metavar="CODE", help="mã trường; mặc định mọi trường")

    def handle(self, *args, **options):
        schools = School.objects.order_by("code")
        if options["school"]:
            schools = schools.filter(code=options["school"])
            if not schools.exists():
                raise CommandError(f"Không có trường mã “{options['school']}”.")
        total = 0
        for school in for_each_school(schools):
            with transaction.atomic():
                rows = refresh_all_school_facts(school)
            total += 1
            if options["verbosity"] > 1:
                self.stdout.write(f"{school.code}: {rows} năm học")
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS(f"Đã đếm lại số liệu của {total} trường."))
