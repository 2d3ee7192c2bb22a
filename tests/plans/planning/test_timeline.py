"""The plan timeline at work: this month's and overdue tasks on the school home, marking them done,
reminders before a task's month, and each person's calendar feed of the school's timeline."""

import datetime
import hashlib
import re

import icalendar
import pytest
from django.conf import settings
from django.core import signing
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from office.accounts.models import Membership, Role, User
from office.accounts.services import ensure_user, grant_school_role
from office.audit.models import AuditEvent
from office.celery import app
from plans.notifications.models import Notification
from plans.planning.models import CalendarFeed, Plan, PlanSection, PlanTask
from plans.planning.tasks import remind_task_owners_of_all_schools, remind_task_owners_of_school
from plans.planning.timeline import remind_task_owners
from plans.staff.models import Staff
from plans.staff.services import add_staff_member

# Reminders take `today`; April 2030 is far from any real data, and its window opens on 25 March.
APRIL_WINDOW_OPENS = datetime.date(2030, 3, 25)


def make_plan(*, status=Plan.Status.ISSUED, number="05/KH-THA", year=2030) -> Plan:
    plan = Plan.objects.create(
        issuing_body="TRƯỜNG THỬ NGHIỆM",
        number=number,
        title=f"Công tác thi đua, khen thưởng năm {year}",
        year=year,
        status=status,
        signer_name="Nguyễn Thị An",
    )
    PlanSection.objects.create(plan=plan, position=1, marker="I.", heading="MỤC ĐÍCH, YÊU CẦU")
    return plan


def make_task(plan: Plan, year: int, month: int, text: str, **fields) -> PlanTask:
    return PlanTask.objects.create(plan=plan, year=year, month=month, text=text, **fields)


def previous_month(day: datetime.date) -> tuple[int, int]:
    last = day.replace(day=1) - datetime.timedelta(days=1)
    return last.year, last.month


def part(html: str, testid: str) -> str:
    """The list with this data-testid, up to its closing tag."""
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</ul>", start)]


@pytest.fixture(autouse=True)
def empty_timelines(world):
    """Both schools start with no plan tasks, whatever other tests committed (the browser tests
    commit an issued plan into school A): removed inside this test's transaction, so restored after."""
    for school in (world.school_a, world.school_b):
        with schema_context(school.schema_name):
            PlanTask.objects.all().delete()


@pytest.fixture
def teacher_staff(world) -> Staff:
    """The teacher's own staff record, linked to the teacher's account."""
    with schema_context(world.school_a.schema_name):
        return add_staff_member(full_name="Trần Văn Ánh", gender="nam", user=world.teacher_a)


# --- School home ------------------------------------------------------------------------------------


def test_home_lists_this_months_and_overdue_tasks_of_issued_plans_only(world, client_for, teacher_staff):
    today = timezone.localdate()
    last_year, last_month = previous_month(today)
    with schema_context(world.school_a.schema_name):
        plan = make_plan(year=today.year)
        draft = make_plan(status=Plan.Status.DRAFT, number="")
        make_task(plan, today.year, today.month, "Tổ chức hội nghị viên chức", owner_staff=teacher_staff)
        make_task(
            plan, today.year, today.month, "Đăng ký danh hiệu thi đua", owner_role=Role.COUNCIL_SECRETARY
        )
        make_task(plan, last_year, last_month, "Sơ kết đợt thi đua chào mừng 20/11")
        make_task(plan, last_year, last_month, "Việc tháng trước đã xong", state=PlanTask.State.DONE)
        make_task(draft, today.year, today.month, "Việc của bản dự thảo")
    with schema_context(world.school_b.schema_name):
        make_task(make_plan(year=today.year), today.year, today.month, "Việc riêng của trường B")

    html = client_for(world.principal_a, world.school_a).get("/").content.decode()

    this_month = part(html, "this-month-tasks")
    assert "Tổ chức hội nghị viên chức" in this_month
    assert "Trần Văn Ánh" in this_month  # the owner
    assert "Đăng ký danh hiệu thi đua" in this_month
    assert "Thư ký Hội đồng TĐKT" in this_month  # an owner role
    assert f"Tháng {today.month:02d}/{today.year}" in this_month
    assert "Chưa làm" in this_month
    assert "Quá hạn" not in this_month
    overdue = part(html, "overdue-tasks")
    assert "Sơ kết đợt thi đua chào mừng 20/11" in overdue
    assert "list-group-item-danger" in overdue and "Quá hạn" in overdue
    assert "chưa phân công" in overdue
    assert "Việc tháng trước đã xong" not in html
    assert "Việc của bản dự thảo" not in html
    assert "Việc riêng của trường B" not in html


def test_home_says_so_when_there_is_nothing_to_do(world, client_for):
    html = client_for(world.teacher_a, world.school_a).get("/").content.decode()
    assert "Tháng này không có công việc nào trong kế hoạch đã ban hành." in html
    assert "Không có công việc nào quá hạn." in html


def _home_with_tasks(world, count: int, teacher_staff) -> None:
    today = timezone.localdate()
    last_year, last_month = previous_month(today)
    with schema_context(world.school_a.schema_name):
        plan = make_plan(year=today.year)
        for i in range(count):
            owner = {"owner_staff": teacher_staff} if i % 2 else {"owner_role": Role.VICE_PRINCIPAL}
            make_task(plan, today.year, today.month, f"Việc tháng này {i}", **owner)
            make_task(plan, last_year, last_month, f"Việc quá hạn {i}", **owner)


# Host lookup, session, user, roles, the two task lists, two staff counts, notifications: 9 reads,
# each preceded by django-tenants' SET search_path.
HOME_QUERIES = 22  # with the person's calendar address (a query and its search_path)


def test_home_query_count_with_one_task_of_each_kind(
    world, client_for, teacher_staff, django_assert_num_queries
):
    _home_with_tasks(world, 1, teacher_staff)
    client = client_for(world.teacher_a, world.school_a)
    with django_assert_num_queries(HOME_QUERIES):
        html = client.get("/").content.decode()
    assert html.count('data-testid="task-row"') == 2


def test_home_query_count_does_not_grow_with_the_number_of_tasks(
    world, client_for, teacher_staff, django_assert_num_queries
):
    _home_with_tasks(world, 40, teacher_staff)
    client = client_for(world.teacher_a, world.school_a)
    with django_assert_num_queries(HOME_QUERIES):
        html = client.get("/").content.decode()
    # 40 this month, and the 10 latest of the 40 overdue with the count of all of them.
    assert html.count('data-testid="task-row"') == 50
    assert 'data-testid="overdue-count">40<' in html


def test_the_owner_marks_a_task_done_in_place_with_htmx(world, client_for, teacher_staff):
    today = timezone.localdate()
    reminded_at = timezone.now()
    with schema_context(world.school_a.schema_name):
        task = make_task(
            make_plan(year=today.year),
            today.year,
            today.month,
            "Nộp báo cáo sơ kết",
            owner_staff=teacher_staff,
            reminded_at=reminded_at,
        )
    client = client_for(world.teacher_a, world.school_a)
    assert f'id="task-{task.pk}"' in client.get("/").content.decode()

    response = client.post(f"/cong-viec/{task.pk}/tinh-trang/", {"state": "done"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    row = response.content.decode()
    assert row.lstrip().startswith("<li") and f'id="task-{task.pk}"' in row
    assert "Đã xong" in row and 'data-testid="task-reopen"' in row
    with schema_context(world.school_a.schema_name):
        task.refresh_from_db()
    assert task.state == PlanTask.State.DONE
    # Only the state was written: the owner and the reminder record stay.
    assert task.owner_staff_id == teacher_staff.pk
    assert task.reminded_at == reminded_at

    # A slip is undone the same way; without htmx the form posts and comes back to the home page.
    response = client.post(f"/cong-viec/{task.pk}/tinh-trang/", {"state": "todo"})
    assert (response.status_code, response["Location"]) == (302, "/")
    with schema_context(world.school_a.schema_name):
        assert PlanTask.objects.get(pk=task.pk).state == PlanTask.State.TODO


def test_a_manager_marks_an_overdue_task_of_someone_else_done(world, client_for, teacher_staff):
    today = timezone.localdate()
    year, month = previous_month(today)
    with schema_context(world.school_a.schema_name):
        task = make_task(make_plan(), year, month, "Chấm sáng kiến", owner_staff=teacher_staff)
    response = client_for(world.principal_a, world.school_a).post(
        f"/cong-viec/{task.pk}/tinh-trang/", {"state": "done"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "list-group-item-danger" not in response.content.decode()  # done is no longer overdue
    with schema_context(world.school_a.schema_name):
        assert PlanTask.objects.get(pk=task.pk).state == PlanTask.State.DONE


def test_a_staff_member_who_does_not_own_the_task_cannot_mark_it(world, client_for):
    today = timezone.localdate()
    with schema_context(world.school_a.schema_name):
        other = Staff.objects.get(full_name="Giáo Viên Trường A")
        plan = make_plan(year=today.year)
        task = make_task(plan, today.year, today.month, "Việc của giáo viên khác", owner_staff=other)
        role_task = make_task(
            plan, today.year, today.month, "Việc của phó hiệu trưởng", owner_role="vice_principal"
        )
        draft_task = make_task(
            make_plan(status=Plan.Status.DRAFT, number=""), today.year, today.month, "Dự thảo"
        )
    client = client_for(world.teacher_a, world.school_a)
    html = client.get("/").content.decode()
    assert "Việc của giáo viên khác" in html
    assert 'data-testid="task-done"' not in html  # no button for what they may not change

    assert client.post(f"/cong-viec/{task.pk}/tinh-trang/", {"state": "done"}).status_code == 403
    assert client.post(f"/cong-viec/{role_task.pk}/tinh-trang/", {"state": "done"}).status_code == 403
    # Drafts are followed up in the editor, and another school's people do not reach this one.
    manager = client_for(world.principal_a, world.school_a)
    assert manager.post(f"/cong-viec/{draft_task.pk}/tinh-trang/", {"state": "done"}).status_code == 404
    outsider = client_for(world.principal_b, world.school_a)
    assert outsider.post(f"/cong-viec/{task.pk}/tinh-trang/", {"state": "done"}).status_code == 404
    with schema_context(world.school_a.schema_name):
        states = set(
            PlanTask.objects.filter(pk__in=[task.pk, role_task.pk, draft_task.pk]).values_list(
                "state", flat=True
            )
        )
    assert states == {PlanTask.State.TODO}


def test_an_unknown_state_is_refused(world, client_for):
    today = timezone.localdate()
    with schema_context(world.school_a.schema_name):
        task = make_task(make_plan(year=today.year), today.year, today.month, "Việc")
    response = client_for(world.principal_a, world.school_a).post(
        f"/cong-viec/{task.pk}/tinh-trang/", {"state": "xong-roi"}
    )
    assert response.status_code == 400
    with schema_context(world.school_a.schema_name):
        assert PlanTask.objects.get(pk=task.pk).state == PlanTask.State.TODO


# --- Reminders --------------------------------------------------------------------------------------


@pytest.fixture
def april_tasks(world, teacher_staff):
    """April 2030 tasks of school A, one per kind of owner, with the accounts they reach."""
    User.objects.filter(pk=world.teacher_a.pk).update(email="anh@truonga.test")
    User.objects.filter(pk=world.principal_a.pk).update(email="an@truonga.test")
    vice_1 = ensure_user(
        username="phohieutruong.a1", full_name="Phó Hiệu Trưởng Một", email="pht1@truonga.test"
    )
    vice_2 = ensure_user(username="phohieutruong.a2", full_name="Phó Hiệu Trưởng Hai")  # no e-mail
    grant_school_role(vice_1, world.school_a, Role.VICE_PRINCIPAL)
    grant_school_role(vice_2, world.school_a, Role.VICE_PRINCIPAL)
    with schema_context(world.school_a.schema_name):
        plan = make_plan()
        tasks = {
            "staff": make_task(plan, 2030, 4, "Hội giảng chào mừng 30/4", owner_staff=teacher_staff),
            "role": make_task(plan, 2030, 4, "Duyệt hồ sơ sáng kiến", owner_role=Role.VICE_PRINCIPAL),
            "nobody": make_task(plan, 2030, 4, "Tổng hợp báo cáo tháng 4"),
        }
        # None of these is reminded in the April window:
        make_task(plan, 2030, 5, "Việc tháng 5")
        make_task(plan, 2030, 2, "Việc tháng 2 đã qua")
        make_task(plan, 2030, 4, "Việc tháng 4 đã xong", state=PlanTask.State.DONE)
        make_task(make_plan(status=Plan.Status.DRAFT, number=""), 2030, 4, "Việc tháng 4 của dự thảo")
    return {"plan": plan, "vice_1": vice_1, "vice_2": vice_2, **tasks}


def reminders_in(schema_name: str) -> list[tuple[int, str, str]]:
    with schema_context(schema_name):
        return sorted(
            Notification.objects.filter(message__startswith="Nhắc việc tháng").values_list(
                "recipient_id", "message", "link"
            )
        )


def test_no_reminder_before_the_week_ahead(world, april_tasks, mailoutbox):
    with schema_context(world.school_a.schema_name):
        run = remind_task_owners(school=world.school_a, today=APRIL_WINDOW_OPENS - datetime.timedelta(days=1))
        assert not PlanTask.objects.filter(reminded_at__isnull=False).exists()
    assert run.tasks == 0
    assert reminders_in(world.school_a.schema_name) == []
    assert mailoutbox == []


def test_a_week_ahead_each_owner_is_reminded_once_in_app_and_by_mail(world, april_tasks, mailoutbox):
    with schema_context(world.school_b.schema_name):
        b_task = make_task(make_plan(number="02/KH-MNB"), 2030, 4, "Việc tháng 4 của trường B")
    link = f"/ke-hoach/{april_tasks['plan'].pk}/"

    with schema_context(world.school_a.schema_name):
        run = remind_task_owners(school=world.school_a, today=APRIL_WINDOW_OPENS)

    assert (run.tasks, run.notifications, run.emails, run.more) == (3, 4, 3, False)
    assert reminders_in(world.school_a.schema_name) == sorted(
        [
            (world.teacher_a.pk, "Nhắc việc tháng 04/2030: Hội giảng chào mừng 30/4", link),
            (april_tasks["vice_1"].pk, "Nhắc việc tháng 04/2030: Duyệt hồ sơ sáng kiến", link),
            (april_tasks["vice_2"].pk, "Nhắc việc tháng 04/2030: Duyệt hồ sơ sáng kiến", link),
            # A task without an owner goes to the principal.
            (world.principal_a.pk, "Nhắc việc tháng 04/2030: Tổng hợp báo cáo tháng 4", link),
        ]
    )
    mails = {message.to[0]: message for message in mailoutbox}
    assert len(mailoutbox) == 3  # the second vice principal has no e-mail address
    assert set(mails) == {"anh@truonga.test", "pht1@truonga.test", "an@truonga.test"}
    assert all(len(message.to) == 1 for message in mailoutbox)
    teacher_mail = mails["anh@truonga.test"]
    assert teacher_mail.subject == "Nhắc việc tháng 04/2030 – Trường Tiểu học A"
    assert "Hội giảng chào mừng 30/4" in teacher_mail.body
    assert "05/KH-THA" in teacher_mail.body
    assert f"{world.school_a.host}" in teacher_mail.body and link in teacher_mail.body
    assert "&" not in teacher_mail.body  # plain text, not HTML-escaped
    with schema_context(world.school_a.schema_name):
        reminded = set(PlanTask.objects.filter(reminded_at__isnull=False).values_list("text", flat=True))
    assert reminded == {"Hội giảng chào mừng 30/4", "Duyệt hồ sơ sáng kiến", "Tổng hợp báo cáo tháng 4"}

    # Running again, later in the window, sends nothing twice.
    with schema_context(world.school_a.schema_name):
        again = remind_task_owners(
            school=world.school_a, today=APRIL_WINDOW_OPENS + datetime.timedelta(days=3)
        )
    assert again.tasks == 0
    assert len(reminders_in(world.school_a.schema_name)) == 4
    assert len(mailoutbox) == 3

    # The other school was not touched.
    with schema_context(world.school_b.schema_name):
        assert PlanTask.objects.get(pk=b_task.pk).reminded_at is None
    assert reminders_in(world.school_b.schema_name) == []


def test_reminders_run_in_bounded_batches_and_resume(world, april_tasks, mailoutbox):
    with schema_context(world.school_a.schema_name):
        first = remind_task_owners(school=world.school_a, today=APRIL_WINDOW_OPENS, limit=2)
        second = remind_task_owners(school=world.school_a, today=APRIL_WINDOW_OPENS, limit=2)
        third = remind_task_owners(school=world.school_a, today=APRIL_WINDOW_OPENS, limit=2)
    assert (first.tasks, first.more) == (2, True)
    assert (second.tasks, second.more) == (1, False)
    assert third.tasks == 0
    assert len(mailoutbox) == 3


def test_the_daily_job_reaches_every_schools_schema(world, eager_celery, mailoutbox):
    with schema_context(world.school_a.schema_name):
        a_task = make_task(make_plan(), 2030, 4, "Việc tháng 4 trường A")
    with schema_context(world.school_b.schema_name):
        b_task = make_task(make_plan(number="02/KH-MNB"), 2030, 4, "Việc tháng 4 trường B")

    result = remind_task_owners_of_all_schools.apply(args=[APRIL_WINDOW_OPENS.isoformat()])

    assert result.get() >= 2  # every school, these two included
    assert connection.schema_name == "public"
    for school, task, principal in (
        (world.school_a, a_task, world.principal_a),
        (world.school_b, b_task, world.principal_b),
    ):
        with schema_context(school.schema_name):
            assert PlanTask.objects.get(pk=task.pk).reminded_at is not None
        assert [r[:2] for r in reminders_in(school.schema_name)] == [
            (principal.pk, f"Nhắc việc tháng 04/2030: {task.text}")
        ]


def test_a_schools_reminders_sent_from_another_schema_do_nothing(world, eager_celery):
    with schema_context(world.school_a.schema_name):
        task = make_task(make_plan(), 2030, 4, "Việc tháng 4")
    assert remind_task_owners_of_school.apply(args=[world.school_a.pk, "2030-03-28"]).get() == 0
    with schema_context(world.school_a.schema_name):
        assert PlanTask.objects.get(pk=task.pk).reminded_at is None


def test_beat_runs_the_reminders_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["remind-plan-task-owners"]
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {6} and entry["schedule"].minute == {30}


# --- Calendar feed ----------------------------------------------------------------------------------


def make_feed(client) -> str:
    """The person makes their calendar address on the school home, as on the page: the address comes
    back once, on the home page the form sends them to."""
    made = client.post("/lich/tao/")
    assert made.status_code == 302 and made["Location"] == "/#lich-cong-tac"
    html = client.get("/").content.decode()
    found = re.search(r'id="calendar-url" value="http://[^/]+(/lich/[^"]+\.ics)"', html)
    assert found, "the new address is shown on the home page"
    return found.group(1)


def feed_events(response) -> dict:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return {str(event["UID"]): event for event in icalendar.Calendar.from_ical(response.content).events}


def test_the_calendar_feed_has_one_all_day_event_per_task_of_issued_plans(world, client_for, teacher_staff):
    with schema_context(world.school_a.schema_name):
        plan = make_plan()
        april = make_task(plan, 2030, 4, "Hội giảng chào mừng 30/4", owner_staff=teacher_staff)
        december = make_task(plan, 2030, 12, "Tổng kết năm", owner_role=Role.PRINCIPAL)
        make_task(make_plan(status=Plan.Status.DRAFT, number=""), 2030, 5, "Việc của dự thảo")
    with schema_context(world.school_b.schema_name):
        make_task(make_plan(number="02/KH-MNB"), 2030, 4, "Việc riêng của trường B")

    path = make_feed(client_for(world.teacher_a, world.school_a))
    response = client_for(None, world.school_a).get(path)  # no login: calendar apps

    events = feed_events(response)
    assert response["Cache-Control"] == "private, no-store"
    assert set(events) == {f"plan-task-{april.pk}@truonga", f"plan-task-{december.pk}@truonga"}
    first = events[f"plan-task-{april.pk}@truonga"]
    # The teacher's own task is marked; the principal's is not, in the teacher's feed.
    assert str(first["SUMMARY"]) == "★ Hội giảng chào mừng 30/4"
    assert (first.start, first.end) == (datetime.date(2030, 4, 1), datetime.date(2030, 5, 1))
    assert "Việc do bạn phụ trách." in str(first["DESCRIPTION"])
    assert "Người phụ trách: Trần Văn Ánh" in str(first["DESCRIPTION"])
    assert "05/KH-THA" in str(first["DESCRIPTION"])
    last = events[f"plan-task-{december.pk}@truonga"]
    assert str(last["SUMMARY"]) == "Tổng kết năm"
    assert (last.start, last.end) == (datetime.date(2030, 12, 1), datetime.date(2031, 1, 1))
    assert "Người phụ trách: Hiệu trưởng" in str(last["DESCRIPTION"])

    # In the principal's own feed it is the other way round: the role's task is theirs.
    principal_events = feed_events(
        client_for(None, world.school_a).get(make_feed(client_for(world.principal_a, world.school_a)))
    )
    assert str(principal_events[f"plan-task-{december.pk}@truonga"]["SUMMARY"]) == "★ Tổng kết năm"
    assert str(principal_events[f"plan-task-{april.pk}@truonga"]["SUMMARY"]) == "Hội giảng chào mừng 30/4"


def test_only_a_hash_of_the_address_is_kept_and_the_address_is_shown_once(world, client_for):
    teacher = client_for(world.teacher_a, world.school_a)
    path = make_feed(teacher)
    secret = path.removeprefix("/lich/").removesuffix(".ics")
    with schema_context(world.school_a.schema_name):
        feed = CalendarFeed.objects.get(user_id=world.teacher_a.pk)
        assert feed.digest == hashlib.sha256(secret.encode()).hexdigest() != secret
    again = teacher.get("/").content.decode()
    assert secret not in again and 'data-testid="calendar-url"' not in again
    assert "Bạn đã tạo liên kết lịch lúc" in again and "chưa ứng dụng lịch nào đọc" in again
    assert 'data-testid="calendar-feed-rotate"' in again and 'data-testid="calendar-feed-revoke"' in again
    # Someone else's home page offers them their own address to make, not the teacher's.
    principal_home = client_for(world.principal_a, world.school_a).get("/").content.decode()
    assert 'data-testid="calendar-feed-create"' in principal_home and secret not in principal_home


def test_a_calendar_app_reading_the_feed_is_recorded_as_its_last_use(world, client_for):
    teacher = client_for(world.teacher_a, world.school_a)
    path = make_feed(teacher)
    assert client_for(None, world.school_a).get(path).status_code == 200
    with schema_context(world.school_a.schema_name):
        assert CalendarFeed.objects.get(user_id=world.teacher_a.pk).last_used_at is not None
    assert "ứng dụng lịch đọc lần cuối lúc" in teacher.get("/").content.decode()


def test_a_new_address_replaces_the_old_and_a_revoked_one_opens_nothing(world, client_for):
    teacher = client_for(world.teacher_a, world.school_a)
    anonymous = client_for(None, world.school_a)
    old = make_feed(teacher)
    new = make_feed(teacher)
    assert old != new
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(new).status_code == 200

    revoked = teacher.post("/lich/thu-hoi/", follow=True)
    assert "Đã thu hồi liên kết lịch công tác" in revoked.content.decode()
    assert anonymous.get(new).status_code == 404
    with schema_context(world.school_a.schema_name):
        assert not CalendarFeed.objects.filter(user_id=world.teacher_a.pk).exists()
        actions = list(
            AuditEvent.objects.filter(action__startswith="calendar_feed.").values_list("action", flat=True)
        )
    assert sorted(actions) == ["calendar_feed.created", "calendar_feed.revoked", "calendar_feed.rotated"]


def test_a_forged_unknown_old_or_another_schools_address_opens_no_calendar(world, client_for):
    path = make_feed(client_for(world.teacher_a, world.school_a))
    anonymous_a = client_for(None, world.school_a)
    anonymous_b = client_for(None, world.school_b)
    # The school-wide signed tokens of earlier versions open nothing any more.
    school_wide = signing.Signer(salt="plans.planning.calendar.feed").sign("truonga")
    secret = path.removeprefix("/lich/").removesuffix(".ics")
    # One character changed: a random secret ends in "A" one time in 64, so the change picks another letter then.
    altered = secret[:-1] + ("B" if secret.endswith("A") else "A")
    for token in (
        school_wide,
        "truonga",
        "x" * 43,
        altered,
    ):
        assert anonymous_a.get(f"/lich/{token}.ics").status_code == 404, token
    assert anonymous_b.get(path).status_code == 404  # school A's address on school B's host
    assert anonymous_a.get(path).status_code == 200
    assert anonymous_a.post(path).status_code == 405
    assert anonymous_a.post(f"/lich/{school_wide}.ics").status_code == 404


def test_the_address_of_a_deactivated_person_or_one_who_left_opens_nothing(world, client_for):
    teacher_path = make_feed(client_for(world.teacher_a, world.school_a))
    principal_path = make_feed(client_for(world.principal_a, world.school_a))
    anonymous = client_for(None, world.school_a)

    User.objects.filter(pk=world.teacher_a.pk).update(is_active=False)
    assert anonymous.get(teacher_path).status_code == 404
    User.objects.filter(pk=world.teacher_a.pk).update(is_active=True)
    assert anonymous.get(teacher_path).status_code == 200

    # Ended today: a membership counts up to the day before it ends.
    Membership.objects.filter(user=world.principal_a, school=world.school_a).update(
        ends_on=timezone.localdate()
    )
    assert anonymous.get(principal_path).status_code == 404


def test_an_address_unused_for_the_idle_days_stops_working(world, client_for, settings):
    teacher = client_for(world.teacher_a, world.school_a)
    path = make_feed(teacher)
    long_ago = timezone.now() - datetime.timedelta(days=settings.CALENDAR_FEED_IDLE_DAYS + 1)
    with schema_context(world.school_a.schema_name):
        CalendarFeed.objects.filter(user_id=world.teacher_a.pk).update(created_at=long_ago)
    assert client_for(None, world.school_a).get(path).status_code == 404
    assert "đã hết hiệu lực" in teacher.get("/").content.decode()
    settings.CALENDAR_FEED_IDLE_DAYS = 0  # never expires
    assert client_for(None, world.school_a).get(path).status_code == 200


def test_only_members_make_a_calendar_address(world, client_for):
    # A person of school B on school A's host is not a member there: the page does not exist for them.
    assert client_for(world.principal_b, world.school_a).post("/lich/tao/").status_code == 404
    assert client_for(None, world.school_a).post("/lich/tao/").status_code == 302  # to the login
    with schema_context(world.school_a.schema_name):
        assert not CalendarFeed.objects.exists()
