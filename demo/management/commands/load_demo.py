from django.conf import settings
from django.core.management.base import BaseCommand

from demo.loader import DEMO_ACCOUNTS, DEMO_PASSWORD, SO_ACCOUNTS, load_demo_office
from demo.people import PEOPLE_ACCOUNTS


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu: Phòng GDĐT quận Hà Đông (nay là các phường), Sở GDĐT Hà Nội với một trường "
        "THPT, các trường và tài khoản cho từng vai trò "
        "(chạy lại không nhân đôi)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="không in danh sách địa chỉ và tài khoản")

    def handle(self, *args, **options):
        demo = load_demo_office()
        if options["quiet"]:
            return
        port = settings.DEV_SERVER_PORT
        base = settings.BASE_DOMAIN
        self.stdout.write(self.style.SUCCESS(f"Dữ liệu mẫu sẵn sàng: {demo['office'].name}."))
        self.stdout.write(f"  Cơ quan quản lý:  http://{base}:{port}/")
        for school in (*demo["schools"].values(), *demo["so_schools"].values()):
            self.stdout.write(f"  {school.name:<32} http://{school.host}:{port}/")
        self.stdout.write(
            f"  Tài liệu API:     http://{base}:{port}/api/docs/   Sức khỏe: http://{base}:{port}/healthz"
        )
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        schools = {**demo["schools"], **demo["so_schools"]}
        for username, full_name, _gender, role, school_code in DEMO_ACCOUNTS:
            where = schools[school_code].name if school_code else demo["office"].name
            self.stdout.write(f"  {username:<20} {full_name:<22} {role.label} – {where}")
        for username, full_name, role in SO_ACCOUNTS:
            self.stdout.write(f"  {username:<20} {full_name:<22} {role.label} – {demo['so'].name}")
        for username, _department, what in PEOPLE_ACCOUNTS:
            self.stdout.write(f"  {username:<20} {what}")
