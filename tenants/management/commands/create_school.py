from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from office.authorities.models import Authority
from tenants.models import School
from tenants.provisioning import SchoolProvisioningError, create_school


class Command(BaseCommand):
    help = "Tạo một trường mới bằng cách sao chép lược đồ mẫu (nhanh hơn chạy lại mọi migration)."

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="mã trường, cũng là tên miền con: lequydon")
        parser.add_argument("--name", required=True, help="tên trường: Trường Tiểu học Lê Quý Đôn")
        levels = "; ".join(f"{code}: {label}" for code, label in School.Level.choices)
        parser.add_argument("--level", required=True, choices=School.Level.values, help=f"cấp học ({levels})")
        parser.add_argument(
            "--spans",
            default="",
            help="chỉ với trường liên cấp: các cấp học bao gồm, cách nhau dấu phẩy: tieu_hoc,thcs,thpt",
        )
        parser.add_argument(
            "--authority", help="mã cơ quan quản lý; mặc định là cơ quan cấp thấp nhất duy nhất"
        )
        parser.add_argument("--address", default="")

    def handle(self, *args, **options):
        authority = self._authority(options.get("authority"))
        try:
            school = create_school(
                code=options["code"],
                name=options["name"],
                level=options["level"],
                authority=authority,
                address=options["address"],
                spans=[s.strip() for s in options["spans"].split(",") if s.strip()],
            )
        except SchoolProvisioningError as exc:
            raise CommandError(str(exc)) from exc
        port = settings.DEV_SERVER_PORT
        self.stdout.write(self.style.SUCCESS(f"Đã tạo {school.name} (lược đồ {school.schema_name})."))
        self.stdout.write(f"Địa chỉ: http://{school.host}:{port}/")

    def _authority(self, code):
        if code:
            try:
                return Authority.objects.get(code=code)
            except Authority.DoesNotExist as exc:
                raise CommandError(f"Không có cơ quan quản lý mã “{code}”.") from exc
        leaves = Authority.objects.filter(children__isnull=True, valid_to__isnull=True)
        if leaves.count() != 1:
            raise CommandError("Hãy chỉ rõ cơ quan quản lý bằng --authority <mã>.")
        return leaves.get()
