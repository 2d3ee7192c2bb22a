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


def test_a_person_of_several_offices_chooses_one_in_force_and_a_dissolved_one_gets_no_new_deadline(
    world, client_for
):
    """After the 2025 reform the district office's team also works for the wards: a new deadline goes
    to the office they choose among those that exist today, never to the dissolved one."""
    import pytest

    from office.accounts.models import Role
    from office.accounts.services import grant_office_role
    from office.authorities.models import Authority
    from office.facts.services import DeadlineError, create_deadline

    dissolved = Authority.objects.create(
        name="Phòng GDĐT quận cũ",
        code="pgd-quan-cu",
        kind=Authority.Kind.DISTRICT_OFFICE,
        valid_to=datetime.date(2025, 6, 30),
    )
    grant_office_role(world.specialist, dissolved, Role.OFFICE_SPECIALIST)
    grant_office_role(world.specialist, world.other_office, Role.OFFICE_SPECIALIST)
    client = client_for(world.specialist)
    form = client.get(PAGE).content.decode()
    assert "Cơ quan giao hạn" in form and world.other_office.name in form
    assert f'<option value="{world.other_office.pk}"' in form
    assert f'<option value="{dissolved.pk}"' not in form  # not offered

    new = {"school_year": "2025-2026", "kind": "plan", "due_on": "20/01/2026", "label": "Kế hoạch"}
    refused = client.post(PAGE, {**new, "authority": dissolved.pk})
    assert refused.status_code == 400 and "Hãy chọn một cơ quan của bạn" in refused.content.decode()
    assert not OfficeDeadline.objects.exists()
    with pytest.raises(
        DeadlineError, match="đã giải thể từ 01/07/2025, không nhận việc của năm học 2025-2026"
    ):
        create_deadline(
            authority=dissolved, user=world.specialist, **{**new, "due_on": datetime.date(2026, 1, 20)}
        )
    assert not OfficeDeadline.objects.exists()

    assert client.post(PAGE, {**new, "authority": world.other_office.pk}).status_code == 302
    deadline = OfficeDeadline.objects.get()
    assert deadline.authority == world.other_office
    listing = client.get(PAGE).content.decode()
    assert f'data-testid="deadline-authority-{deadline.pk}">{world.other_office.name}<' in listing

    # A past deadline of the dissolved office stays editable where it is, and can be moved to an office
    # in force, never back.
    past = OfficeDeadline.objects.create(
        authority=dissolved,
        school_year="2024-2025",
        kind="plan",
        due_on=datetime.date(2025, 1, 20),
        label="Cũ",
    )
    edit = f"/tong-quan/han-nop/{past.pk}/sua/"
    old = {"school_year": "2024-2025", "kind": "plan", "due_on": "20/01/2025", "label": "Cũ, đã sửa"}
    assert client.post(edit, {**old, "authority": dissolved.pk}).status_code == 302
    past.refresh_from_db()
    assert (past.authority, past.label) == (dissolved, "Cũ, đã sửa")
    assert client.post(edit, {**old, "authority": world.office.pk}).status_code == 302
    past.refresh_from_db()
    assert past.authority == world.office
    assert client.post(edit, {**old, "authority": dissolved.pk}).status_code == 400  # no way back
    past.refresh_from_db()
    assert past.authority == world.office


def test_with_one_office_nothing_is_asked_and_a_forged_office_is_refused(world, client_for):
    client = client_for(world.specialist)
    form = client.get(PAGE).content.decode()
    assert "Cơ quan giao hạn" not in form and 'type="hidden" name="authority"' in form
    new = {"school_year": "2025-2026", "kind": "plan", "due_on": "20/01/2026", "label": "Kế hoạch"}
    forged = client.post(PAGE, {**new, "authority": world.other_office.pk})
    assert forged.status_code == 400 and "Hãy chọn một cơ quan của bạn" in forged.content.decode()
    assert not OfficeDeadline.objects.exists()
    assert client.post(PAGE, new).status_code == 302
    assert OfficeDeadline.objects.get().authority == world.office
