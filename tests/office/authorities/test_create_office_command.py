"""`manage.py create_office`: a new office and the invitation of its first person, from the server; the
link it prints opens on the office's host and makes that person the office head, once."""

import re
import uuid
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from office.accounts.models import Membership, Role, User
from office.authorities.models import Authority
from office.invitations.models import Invitation

PASSWORD = "Cong-vu-moi-2026"


def _create(*args):
    out = StringIO()
    call_command("create_office", *args, stdout=out)
    return out.getvalue()


def test_the_first_person_of_a_new_office_comes_in_by_the_printed_link(world):
    out = _create(
        "--code", "lienchieu", "--name", "  UBND phường  Liên Chiểu ", "--kind", "ubnd_phuong",
        "--parent", world.office.code, "--head-name", "Trần Văn Quang", "--head-email", "quang@lienchieu.vn",
    )  # fmt: skip
    office = Authority.objects.get(code="lienchieu")
    assert office.name == "UBND phường Liên Chiểu" and office.parent == world.office
    invitation = Invitation.objects.get(authority=office)
    assert invitation.role == Role.OFFICE_HEAD and invitation.created_by is None
    token = re.search(r"http://localhost:\d+/nhan-loi-moi/([\w-]+)/", out).group(1)
    assert re.search(r"mã [A-Z2-9]{4}-[A-Z2-9]{4}", out)
    assert len(mail.outbox) == 1 and token in mail.outbox[0].body

    client = Client(HTTP_HOST="localhost", REMOTE_ADDR=f"10.9.{uuid.uuid4().int % 250}.1")
    answer = client.post(
        f"/nhan-loi-moi/{token}/",
        {"action": "new", "username": "quang.lienchieu", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert answer.status_code == 302
    head = User.objects.get(username="quang.lienchieu")
    assert Membership.objects.filter(user=head, authority=office, role=Role.OFFICE_HEAD).exists()
    assert not Membership.objects.filter(user=head, school__isnull=False).exists()


def test_a_taken_code_or_an_unknown_parent_creates_nothing(world):
    offices, invitations = Authority.objects.count(), Invitation.objects.count()
    with pytest.raises(CommandError, match="Đã có cơ quan"):
        _create("--code", world.office.code, "--name", "Trùng", "--kind", "phong_gddt", "--head-name", "A")
    with pytest.raises(CommandError, match="Không có cơ quan cấp trên"):
        _create(
            "--code",
            "moi",
            "--name",
            "Mới",
            "--kind",
            "phong_gddt",
            "--parent",
            "khong-co",
            "--head-name",
            "A",
        )
    with pytest.raises(CommandError, match="thư điện tử"):
        _create(
            "--code", "moi", "--name", "Mới", "--kind", "phong_gddt", "--head-name", "A", "--head-email", "x@"
        )
    assert (Authority.objects.count(), Invitation.objects.count()) == (offices, invitations)
