"""The first step of bringing an office onto the platform, from the server: the office itself and an
invitation for its first person (the office head, unless told otherwise). Everything after that (the
office's schools, their principals, colleagues) is done in the office's own pages."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from office.accounts.models import OFFICE_ROLES, Role
from office.authorities.models import Authority
from office.core.errors import Refusal
from office.invitations.services import invite_to_office, send_invitation_mail


class Command(BaseCommand):
    help = (
        "Tạo một cơ quan quản lý (Sở, phòng GDĐT, UBND phường/xã…) và lời mời cho người đầu tiên của cơ quan; "
        "in liên kết và mã nhận lời mời, gửi thư nếu có địa chỉ."
    )

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="mã cơ quan (chữ thường, không dấu): hadong")
        parser.add_argument("--name", required=True, help="tên: Phòng Giáo dục và Đào tạo quận Hà Đông")
        kinds = "; ".join(f"{code}: {label}" for code, label in Authority.Kind.choices)
        parser.add_argument("--kind", required=True, choices=Authority.Kind.values, help=f"loại ({kinds})")
        parser.add_argument("--short-name", default="", help="tên viết tắt")
        parser.add_argument("--parent", help="mã cơ quan cấp trên, nếu có")
        parser.add_argument("--head-name", required=True, help="họ và tên người được mời")
        parser.add_argument("--head-email", default="", help="thư điện tử người được mời (gửi thư mời)")
        roles = ", ".join(f"{role}: {Role(role).label}" for role in OFFICE_ROLES)
        parser.add_argument(
            "--role", default=Role.OFFICE_HEAD, choices=OFFICE_ROLES, help=f"vai trò được mời ({roles})"
        )

    def handle(self, *args, **options):
        code = options["code"].strip().lower()
        if Authority.objects.filter(code=code).exists():
            raise CommandError(f"Đã có cơ quan mã “{code}”.")
        parent = None
        if options.get("parent"):
            parent = Authority.objects.filter(code=options["parent"].strip().lower()).first()
            if parent is None:
                raise CommandError(f"Không có cơ quan cấp trên mã “{options['parent']}”.")
        name = " ".join(options["name"].split())
        if not name:
            raise CommandError("Hãy ghi tên cơ quan.")
        try:
            with transaction.atomic():
                authority = Authority.objects.create(
                    code=code,
                    name=name,
                    short_name=options["short_name"].strip(),
                    kind=options["kind"],
                    parent=parent,
                )
                issued = invite_to_office(
                    authority=authority,
                    role=options["role"],
                    full_name=options["head_name"],
                    email=options["head_email"],
                    user=None,
                    by_operator=True,
                )
        except Refusal as exc:
            raise CommandError(str(exc)) from exc
        # Outside any request: the office's own address, as the reminders' mails have it.
        link = settings.SCHOOL_URL_FORMAT.format(host=settings.BASE_DOMAIN) + f"/nhan-loi-moi/{issued.token}/"
        mailed = send_invitation_mail(issued, accept_url=link)
        self.stdout.write(self.style.SUCCESS(f"Đã tạo {authority.name} (mã {authority.code})."))
        invitation = issued.invitation
        self.stdout.write(f"Lời mời {invitation.full_name} – {invitation.get_role_display()}:")
        self.stdout.write(f"  Liên kết (dùng một lần, 14 ngày): {link}")
        self.stdout.write(f"  Hoặc mã {issued.code_display} ở trang /nhan-loi-moi/ của cơ quan.")
        if mailed:
            self.stdout.write(f"  Đã gửi thư tới {invitation.email}.")
