"""Registration campaigns: the deadline rules, the overview at a glance, the batch invitation over the
whole filter, the review and the submission to the office, the Excel list, roles and isolation."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from office.audit.models import AuditEvent
from office.core.errors import Refused
from office.rules.vocabulary import Title
from office.submissions.models import Submission
from plans.emulation import selectors
from plans.emulation import services as emulation
from plans.emulation.models import Registration, RegistrationCampaign
from plans.notifications.models import Notification
from plans.staff.models import Staff
from plans.staff.services import add_staff_member


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def moment(n_days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=n_days)


def registration_of(school_a, campaign, staff) -> Registration | None:
    with school_a():
        return Registration.objects.filter(campaign=campaign, staff=staff).first()


MY_PAGE = "/thi-dua/dang-ky/cua-toi/"


def test_a_teacher_registers_before_the_deadline_and_is_refused_after_it(
    world, client_for, staff_a, make_campaign, school_a
):
    campaign = make_campaign(deadline=days(0))  # today is the last day
    teacher = client_for(world.teacher_a, world.school_a)
    page = teacher.get(MY_PAGE).content.decode()
    assert "Năm học 2025-2026" in page and "my-registration-form" in page
    response = teacher.post(MY_PAGE, {"title": Title.CSTDCS, "award_forms": [Title.GIAY_KHEN], "note": ""})
    assert response.status_code == 302
    registration = registration_of(school_a, campaign, staff_a.teacher)
    assert (registration.title, registration.forms, registration.status) == (
        Title.CSTDCS,
        [Title.GIAY_KHEN],
        Registration.Status.REGISTERED,
    )
    assert registration.registered_by_id == world.teacher_a.pk

    with school_a():
        RegistrationCampaign.objects.filter(pk=campaign.pk).update(deadline=days(-1))
    page = teacher.get(MY_PAGE).content.decode()
    assert "my-registration-form" not in page and "Đã hết hạn" in page
    refused = teacher.post(MY_PAGE, {"title": Title.LDTT, "note": ""}, follow=True)
    assert "Đã hết hạn đăng ký" in refused.content.decode()
    assert registration_of(school_a, campaign, staff_a.teacher).title == Title.CSTDCS
    with school_a(), pytest.raises(emulation.EmulationError, match="Đã hết hạn đăng ký"):
        emulation.register(campaign, staff_a.teacher, title=Title.LDTT, user=world.teacher_a)


def test_a_closed_campaign_or_one_not_yet_open_refuses_staff(world, staff_a, make_campaign, school_a):
    campaign = make_campaign(opens_on=days(2), deadline=days(9))
    with school_a():
        with pytest.raises(emulation.EmulationError, match="Chưa đến ngày mở đăng ký"):
            emulation.register(campaign, staff_a.teacher, title=Title.LDTT, user=world.teacher_a)
        emulation.register(campaign, staff_a.teacher, title=Title.LDTT, user=world.teacher_a, at=moment(3))
        emulation.close_campaign(campaign, user=world.principal_a)
        with pytest.raises(emulation.EmulationError, match="đã khoá"):
            emulation.register(
                campaign, staff_a.teacher, title=Title.CSTDCS, user=world.teacher_a, at=moment(3)
            )


def test_after_the_deadline_a_manager_still_changes_a_registration_and_it_is_audited(
    world, client_for, staff_a, make_campaign, school_a
):
    campaign = make_campaign(opens_on=days(-20), deadline=days(-5))
    with school_a():
        emulation.register(campaign, staff_a.teacher, title=Title.LDTT, user=world.teacher_a, at=moment(-8))
    principal = client_for(world.principal_a, world.school_a)
    url = f"/thi-dua/dang-ky/{campaign.pk}/can-bo/{staff_a.teacher.pk}/"
    assert "Đã quá hạn đăng ký" in principal.get(url).content.decode()
    response = principal.post(
        url, {"title": Title.CSTDCS, "award_forms": [], "note": "Bổ sung theo đề nghị của tổ"}
    )
    assert response.status_code == 302
    registration = registration_of(school_a, campaign, staff_a.teacher)
    assert registration.title == Title.CSTDCS
    with school_a():
        assert not selectors.is_late(registration, campaign)  # first registered on time: stays on time
        event = AuditEvent.objects.filter(
            action="registration.registered", object_id=str(registration.pk)
        ).first()
    assert event.user_id == world.principal_a.pk
    assert event.before["title"] == Title.LDTT and event.after["title"] == Title.CSTDCS
    assert event.after["by_manager"] is True and event.after["after_deadline"] is True
    assert "sau hạn" in event.summary


def test_a_teacher_registers_only_for_herself_and_sees_no_manager_pages(
    world, client_for, staff_a, make_campaign, school_a
):
    campaign = make_campaign()
    teacher = client_for(world.teacher_a, world.school_a)
    base = f"/thi-dua/dang-ky/{campaign.pk}"
    assert teacher.get("/thi-dua/dang-ky/").status_code == 302  # staff go to their own page
    for path in (f"{base}/", f"{base}/danh-sach.xlsx", f"{base}/can-bo/{staff_a.other.pk}/"):
        assert teacher.get(path).status_code == 403, path
    for path in (f"{base}/moi-dang-ky/", f"{base}/gui/", f"{base}/khoa/", f"{base}/duyet-tat-ca/"):
        assert teacher.post(path).status_code == 403, path
    assert teacher.post(f"{base}/can-bo/{staff_a.other.pk}/", {"title": Title.LDTT}).status_code == 403
    assert registration_of(school_a, campaign, staff_a.other) is None
    with school_a(), pytest.raises(Refused, match="chính mình"):
        emulation.register(campaign, staff_a.other, title=Title.LDTT, user=world.teacher_a)
    with school_a():
        assert RegistrationCampaign.objects.get(pk=campaign.pk).status == RegistrationCampaign.Status.OPEN


def test_the_secretary_manages_but_only_the_principal_approves_and_submits(
    world, client_for, staff_a, make_campaign, school_a
):
    campaign = make_campaign()
    with school_a():
        registration = emulation.register(campaign, staff_a.teacher, title=Title.LDTT, user=world.teacher_a)
    secretary = client_for(staff_a.secretary_user, world.school_a)
    assert secretary.get(f"/thi-dua/dang-ky/{campaign.pk}/").status_code == 200
    assert secretary.post(f"/thi-dua/dang-ky/{campaign.pk}/phieu/{registration.pk}/duyet/").status_code == 403
    assert secretary.post(f"/thi-dua/dang-ky/{campaign.pk}/gui/").status_code == 403


def make_registered(world, school_a, campaign, registrations):
    """registrations: (staff, title, at) — a None title leaves a pending row, a late `at` is entered by
    a manager."""
    with school_a():
        for staff, title, at in registrations:
            if title is None:
                Registration.objects.get_or_create(campaign=campaign, staff=staff)
                continue
            emulation.register(campaign, staff, title=title, user=world.principal_a, as_manager=True, at=at)


def test_the_overview_counts_on_time_late_pending_and_missing(
    world, client_for, staff_a, make_campaign, school_a
):
    campaign = make_campaign(opens_on=days(-20), deadline=days(-3))
    make_registered(
        world,
        school_a,
        campaign,
        [
            (staff_a.teacher, Title.CSTDCS, moment(-10)),
            (staff_a.principal, Title.LDTT, moment(-4)),
            (staff_a.other, Title.LDTT, moment(-1)),  # after the deadline: late
            (staff_a.clerk, None, None),  # invited, never registered: missing
        ],
    )
    with school_a():
        overview = selectors.campaign_overview(campaign)
        assert overview.counts == {"registered": 2, "late": 1, "pending": 0, "missing": 1}
        assert dict(overview.title_counts) == {"Lao động tiên tiến": 2, "Chiến sĩ thi đua cơ sở": 1}
        office_only = selectors.campaign_overview(campaign, department_id=staff_a.office.pk)
        assert office_only.counts == {"registered": 0, "late": 0, "pending": 0, "missing": 1}
        before_deadline = RegistrationCampaign(pk=campaign.pk, deadline=days(3), opens_on=days(-20))
        assert selectors.campaign_overview(before_deadline).counts["pending"] == 1

    page = (
        client_for(world.principal_a, world.school_a).get(f"/thi-dua/dang-ky/{campaign.pk}/").content.decode()
    )
    for state, count in (("registered", 2), ("late", 1), ("pending", 0), ("missing", 1)):
        assert f'data-testid="count-{state}">{count}<' in page
    assert "Đăng ký muộn" in page and "Chưa đăng ký (quá hạn)" in page
    late_only = client_for(world.principal_a, world.school_a).get(
        f"/thi-dua/dang-ky/{campaign.pk}/?trang-thai=late"
    )
    rows = late_only.content.decode().count('data-testid="registration-row"')
    assert rows == 1 and "Giáo Viên Trường A" in late_only.content.decode()


def test_inviting_the_filter_invites_every_member_of_the_department_not_only_the_page(
    world, client_for, staff_a, make_campaign, school_a
):
    campaign = make_campaign()
    with school_a():
        for index in range(75):
            add_staff_member(
                full_name=f"Giáo viên khối hai {index:02d}", gender="nu", department_name="Tổ khối 2"
            )
        block2 = Staff.objects.filter(department__name="Tổ khối 2").first().department
    principal = client_for(world.principal_a, world.school_a)
    response = principal.post(f"/thi-dua/dang-ky/{campaign.pk}/moi-dang-ky/", {"to": block2.pk})
    assert response.status_code == 302 and response.url.endswith(f"?to={block2.pk}")
    with school_a():
        invited = Registration.objects.filter(campaign=campaign)
        assert invited.count() == 75
        assert set(invited.values_list("staff__department", flat=True)) == {block2.pk}
        assert set(invited.values_list("status", flat=True)) == {Registration.Status.PENDING}
    principal.post(f"/thi-dua/dang-ky/{campaign.pk}/moi-dang-ky/", {"to": block2.pk})  # again: nobody new
    principal.post(f"/thi-dua/dang-ky/{campaign.pk}/moi-dang-ky/", {"to": staff_a.block1.pk})
    with school_a():
        assert Registration.objects.filter(campaign=campaign).count() == 77
        # The teacher has an account: she is told, with a link to her own page.
        note = Notification.objects.get(recipient_id=world.teacher_a.pk)
        assert "2025-2026" in note.message and note.link == "/thi-dua/dang-ky/cua-toi/"
        events = AuditEvent.objects.filter(action="registration.opened", object_id=str(campaign.pk))
        assert sorted(len(e.after.get("invited", [])) for e in events if "invited" in (e.after or {})) == [
            0,
            2,
            75,
        ]


def approve_and_submit(world, school_a, campaign):
    with school_a():
        emulation.approve_all(Registration.objects.filter(campaign=campaign), user=world.principal_a)
        return emulation.submit_registrations(campaign, school=world.school_a, user=world.principal_a)


def test_submitting_sends_a_versioned_registration_list_to_the_office(
    world, client_for, staff_a, make_campaign, school_a
):
    campaign = make_campaign()
    make_registered(
        world,
        school_a,
        campaign,
        [
            (staff_a.teacher, Title.CSTDCS, None),
            (staff_a.other, Title.LDTT, None),
            (staff_a.clerk, None, None),
        ],
    )
    with school_a():
        emulation.register_collective(
            campaign, title=Title.TTLDXS, forms=[Title.BANG_KHEN_TINH], user=world.principal_a
        )
    principal = client_for(world.principal_a, world.school_a)
    refused = principal.post(f"/thi-dua/dang-ky/{campaign.pk}/gui/", follow=True).content.decode()
    assert "Còn 2 đăng ký chưa được duyệt" in refused
    assert (
        not Submission.objects.for_school(world.school_a).filter(kind=Submission.Kind.REGISTRATION).exists()
    )

    principal.post(f"/thi-dua/dang-ky/{campaign.pk}/duyet-tat-ca/")
    done = principal.post(f"/thi-dua/dang-ky/{campaign.pk}/gui/", follow=True).content.decode()
    assert "lần 1" in done
    first = Submission.objects.for_school(world.school_a).get(kind=Submission.Kind.REGISTRATION)
    assert (first.reference, first.year, first.version) == (f"registration:{campaign.pk}", 2026, 1)
    assert first.payload["school_year"] == "2025-2026"
    assert first.payload["collective"]["title"] == Title.TTLDXS
    rows = first.payload["rows"]
    assert [(r["stt"], r["full_name"], r["title"], r["teaches"]) for r in rows] == [
        (1, "Giáo Viên Trường A", Title.LDTT, True),
        (2, "Trần Văn Ánh", Title.CSTDCS, True),
    ]
    assert rows[1]["department"] == "Tổ khối 1" and rows[1]["position"] == "Giáo viên"
    assert not Submission.objects.for_school(world.school_b).exists()

    with school_a():
        emulation.register(campaign, staff_a.clerk, title=Title.LDTT, user=world.principal_a, as_manager=True)
    second = approve_and_submit(world, school_a, campaign)
    first.refresh_from_db()
    assert second.version == 2 and len(second.payload["rows"]) == 3
    assert first.status == Submission.Status.SUPERSEDED
    with school_a():
        campaign.refresh_from_db()
        assert (campaign.status, campaign.submitted_version) == (RegistrationCampaign.Status.SUBMITTED, 2)
        submitted = AuditEvent.objects.filter(action="registration.submitted", object_id=str(campaign.pk))
        assert sorted(e.after["version"] for e in submitted) == [1, 2]
        assert AuditEvent.objects.filter(action="registration.approved").count() == 3


def test_returning_needs_a_reason_and_tells_the_person(world, client_for, staff_a, make_campaign, school_a):
    campaign = make_campaign()
    make_registered(world, school_a, campaign, [(staff_a.teacher, Title.CSTDCS, None)])
    registration = registration_of(school_a, campaign, staff_a.teacher)
    principal = client_for(world.principal_a, world.school_a)
    url = f"/thi-dua/dang-ky/{campaign.pk}/phieu/{registration.pk}/tra-lai/"
    assert "Hãy ghi lý do trả lại" in principal.post(url, {"note": ""}, follow=True).content.decode()
    principal.post(url, {"note": "Chưa có sáng kiến được công nhận"})
    registration = registration_of(school_a, campaign, staff_a.teacher)
    assert registration.status == Registration.Status.RETURNED
    with school_a():
        note = Notification.objects.get(recipient_id=world.teacher_a.pk)
        assert "Chưa có sáng kiến" in note.message
        assert AuditEvent.objects.filter(
            action="registration.returned", object_id=str(registration.pk)
        ).exists()
    page = client_for(world.teacher_a, world.school_a).get(MY_PAGE).content.decode()
    assert "Chưa có sáng kiến được công nhận" in page and "Trả lại" in page


def test_the_excel_list_has_the_school_the_year_and_a_formatted_table(
    world, client_for, staff_a, make_campaign, school_a
):
    campaign = make_campaign()
    make_registered(
        world, school_a, campaign, [(staff_a.teacher, Title.CSTDCS, None), (staff_a.clerk, Title.LDTT, None)]
    )
    with school_a():
        emulation.register(
            campaign, staff_a.teacher, title=Title.CSTDCS, forms=[Title.GIAY_KHEN], user=world.teacher_a
        )
        emulation.register_collective(campaign, title=Title.TTLDTT, user=world.principal_a)
    response = client_for(world.principal_a, world.school_a).get(
        f"/thi-dua/dang-ky/{campaign.pk}/danh-sach.xlsx"
    )
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"] and "2025-2026.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    texts = [str(cell.value) for row in sheet.iter_rows(max_row=6) for cell in row if cell.value]
    assert "TRƯỜNG TIỂU HỌC A" in texts and "Năm học 2025-2026" in texts
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    assert any("Tập thể lao động tiên tiến" in text for text in texts)
    header = [cell for cell in sheet[7]]
    assert [c.value for c in header] == [
        "STT",
        "Họ và tên",
        "Chức vụ",
        "Tổ",
        "Danh hiệu thi đua đăng ký",
        "Hình thức khen thưởng đề nghị",
        "Trực tiếp giảng dạy",
    ]
    assert all(c.font.bold and c.border.left.style == "thin" for c in header)
    assert sheet.column_dimensions["B"].width >= 25
    body = [[c.value for c in row] for row in sheet.iter_rows(min_row=8, max_row=9)]
    assert body == [
        [1, "Trần Văn Ánh", "Giáo viên", "Tổ khối 1", "Chiến sĩ thi đua cơ sở", "Giấy khen", "x"],
        [2, "Đỗ Thị Văn Thư", "Nhân viên văn thư", "Tổ Văn phòng", "Lao động tiên tiến", None, None],
    ]
    assert sheet["A9"].border.bottom.style == "thin"


def test_another_schools_campaign_answers_404(world, client_for, make_campaign):
    with schema_context(world.school_b.schema_name):
        other = emulation.open_campaign(
            school_year="2031-2032", opens_on=days(-1), deadline=days(5), user=world.principal_b
        )
    client = client_for(world.principal_a, world.school_a)
    for path in (f"/thi-dua/dang-ky/{other.pk}/", f"/thi-dua/dang-ky/{other.pk}/danh-sach.xlsx"):
        assert client.get(path).status_code == 404
    assert client.post(f"/thi-dua/dang-ky/{other.pk}/gui/").status_code == 404
    assert client_for(world.principal_b, world.school_a).get("/thi-dua/dang-ky/cua-toi/").status_code == 404


def test_the_overview_costs_the_same_queries_for_one_and_many_people(
    world, client_for, staff_a, make_campaign, school_a
):
    campaign = make_campaign()
    client = client_for(world.principal_a, world.school_a)
    url = f"/thi-dua/dang-ky/{campaign.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    with school_a():
        for index in range(30):
            member = add_staff_member(
                full_name=f"Người {index:02d}", gender="nu", department_name=f"Tổ {index % 4}"
            )
            emulation.register(campaign, member, title=Title.LDTT, user=world.principal_a, as_manager=True)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count('data-testid="registration-row"') == 34
    assert len(many) == len(few)


def test_the_campaign_list_costs_the_same_queries_for_one_and_many_campaigns(
    world, client_for, make_campaign
):
    client = client_for(world.principal_a, world.school_a)
    make_campaign("2020-2021")
    client.get("/thi-dua/dang-ky/")
    with CaptureQueriesContext(connection) as one:
        client.get("/thi-dua/dang-ky/")
    for year in range(2021, 2025):
        make_campaign(f"{year}-{year + 1}")
    with CaptureQueriesContext(connection) as five:
        response = client.get("/thi-dua/dang-ky/")
    assert response.content.decode().count("Năm học 20") >= 5
    assert len(five) == len(one)
