"""The office's own timeline: office staff list, add, edit and delete their deadlines; bad input is
refused in Vietnamese and changes nothing; another office's deadline answers 404; every change is audited."""

import datetime

from office.audit.models import AuditEvent
from office.facts.models import OfficeDeadline

PAGE = "/tong-quan/han-nop/?nam_hoc=2025-2026"


def test_office_staff_add_edit_and_delete_a_deadline(world, client_for):
    client = client_for(world.specialist)
    response = client.post(
        PAGE,
        {
            "school_year": "2025-2026",
            "kind": "plan",
            "due_on": "20/01/2026",
            "label": "Nộp kế hoạch TĐKT năm 2026",
        },
    )
    assert response.status_code == 302
    deadline = OfficeDeadline.objects.get(authority=world.office)
    assert (deadline.kind, deadline.due_on) == ("plan", datetime.date(2026, 1, 20))
    page = client.get(PAGE).content.decode()
    assert "Nộp kế hoạch TĐKT năm 2026" in page and "20/01/2026" in page
    edit = f"/tong-quan/han-nop/{deadline.pk}/sua/"
    assert client.get(edit).status_code == 200
    client.post(
        edit, {"school_year": "2025-2026", "kind": "plan", "due_on": "25/01/2026", "label": "Kế hoạch"}
    )
    deadline.refresh_from_db()
    assert (deadline.due_on, deadline.label) == (datetime.date(2026, 1, 25), "Kế hoạch")
    assert client.post(f"/tong-quan/han-nop/{deadline.pk}/xoa/").status_code == 302
    assert not OfficeDeadline.objects.exists()
    actions = list(
        AuditEvent.objects.filter(object_type="facts.officedeadline").values_list("action", flat=True)
    )
    assert sorted(actions) == ["deadline.changed", "deadline.created", "deadline.deleted"]


def test_bad_input_is_refused_and_changes_nothing(world, client_for):
    client = client_for(world.specialist)
    bad_year = client.post(
        PAGE, {"school_year": "2025", "kind": "plan", "due_on": "20/01/2026", "label": "X"}
    )
    assert bad_year.status_code == 400 and "2025-2026" in bad_year.content.decode()
    bad_kind = client.post(
        PAGE, {"school_year": "2025-2026", "kind": "x", "due_on": "20/01/2026", "label": "X"}
    )
    assert bad_kind.status_code == 400
    bad_date = client.post(
        PAGE, {"school_year": "2025-2026", "kind": "plan", "due_on": "31/02/2026", "label": "X"}
    )
    assert bad_date.status_code == 400
    assert not OfficeDeadline.objects.exists()
    good = {"school_year": "2025-2026", "kind": "plan", "due_on": "20/01/2026", "label": "X"}
    client.post(PAGE, good)
    duplicate = client.post(PAGE, good)
    assert duplicate.status_code == 400 and "Đã có hạn nộp" in duplicate.content.decode()
    assert OfficeDeadline.objects.count() == 1


def test_another_offices_deadline_answers_404(world, client_for):
    theirs = OfficeDeadline.objects.create(
        authority=world.other_office,
        school_year="2025-2026",
        kind="plan",
        due_on=datetime.date(2026, 1, 20),
        label="Bí mật",
    )
    client = client_for(world.specialist)
    assert "Bí mật" not in client.get(PAGE).content.decode()
    assert client.get(f"/tong-quan/han-nop/{theirs.pk}/sua/").status_code == 404
    assert client.post(f"/tong-quan/han-nop/{theirs.pk}/xoa/").status_code == 404
    assert client_for(world.principal_a).get(PAGE).status_code == 404
    assert OfficeDeadline.objects.filter(pk=theirs.pk).exists()
