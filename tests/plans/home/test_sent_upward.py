"""What the school reads back of what it sent: the office's status and comments beside the plan, the
registration list and the good examples, and on the leaders' home page the latest of each, with the page
where the school corrects it. A teacher's home has no such list; another school's is never shown."""

import datetime

from django.utils import timezone
from django_tenants.utils import schema_context

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_office_role
from office.submissions import services as review
from office.submissions.models import Submission
from office.submissions.selectors import recently_sent, sent_versions
from office.submissions.services import submit
from plans.planning import services as plan_services
from plans.planning.models import Plan
from tests.factories.plans import every_difference


def issued_plan(world) -> Plan:
    school, user = world.school_a, world.principal_a
    with schema_context(school.schema_name):
        plan = plan_services.create_plan(
            issuing_body=school.name.upper(),
            title="Công tác thi đua, khen thưởng năm 2026",
            year=2026,
            user=user,
        )
        plan_services.update_plan_header(plan, signer_name="Nguyễn Thị An", user=user)
        plan_services.add_section(plan, heading="MỤC ĐÍCH, YÊU CẦU", body="- Động viên", user=user)
        return plan_services.issue_plan(
            plan, school=school, user=user, confirm=every_difference(plan, school)
        )


def sent_plan(world) -> Submission:
    return Submission.objects.for_school(world.school_a).get(kind=Submission.Kind.PLAN)


def test_a_returned_plan_shows_the_offices_comments_on_its_page_and_on_the_leaders_home(world, client_for):
    plan = issued_plan(world)
    principal = client_for(world.principal_a, world.school_a)
    page = principal.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert 'data-testid="sent-state"' in page and "Đã gửi cơ quan quản lý lần 1" in page
    assert 'data-testid="sent-status">Đã gửi<' in page

    review.return_submission(
        sent_plan(world),
        comments=[
            {"document": "", "text": "Bổ sung chỉ tiêu Chiến sĩ thi đua cơ sở."},
            {"document": "cover_letter", "text": "Thiếu số văn bản."},
        ],
        user=world.specialist,
    )
    page = principal.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert 'data-testid="sent-status">Trả lại<' in page
    assert "tạo bản sửa đổi, sửa theo ý kiến rồi ban hành lại" in page
    assert "<li>Bổ sung chỉ tiêu Chiến sĩ thi đua cơ sở.</li>" in page
    assert "<li>Tờ trình: Thiếu số văn bản.</li>" in page

    home = principal.get("/").content.decode()
    assert 'data-testid="sent-upward"' in home
    assert f'href="/ke-hoach/{plan.pk}/"' in home and "Kế hoạch TĐKT" in home
    assert "Bổ sung chỉ tiêu Chiến sĩ thi đua cơ sở." in home and "table-danger" in home

    # A teacher reads neither the list nor the office's comments; school B sees nothing of school A's.
    teacher_home = client_for(world.teacher_a, world.school_a).get("/").content.decode()
    assert 'data-testid="sent-upward"' not in teacher_home
    other_home = client_for(world.principal_b, world.school_b).get("/").content.decode()
    assert 'data-testid="sent-upward"' not in other_home and "Bổ sung chỉ tiêu" not in other_home


def test_a_revision_is_the_next_version_of_the_same_plan_and_the_earlier_comments_stay_readable(
    world, client_for
):
    plan = issued_plan(world)
    review.return_submission(
        sent_plan(world), comments=[{"document": "", "text": "Sửa mục tiêu."}], user=world.specialist
    )
    with schema_context(world.school_a.schema_name):
        revision = plan_services.revise_plan(Plan.objects.get(pk=plan.pk), user=world.principal_a)
        plan_services.issue_plan(
            revision,
            school=world.school_a,
            user=world.principal_a,
            confirm=every_difference(revision, world.school_a),
        )
    page = client_for(world.principal_a, world.school_a).get(f"/ke-hoach/{revision.pk}/").content.decode()
    assert "Đã gửi cơ quan quản lý lần 2" in page and 'data-testid="sent-status">Đã gửi<' in page
    assert "Các lần gửi trước (1)" in page and "Sửa mục tiêu." in page
    # The home lists the plan once, at its latest version.
    assert [(s.kind, s.version) for s in recently_sent(world.school_a)] == [(Submission.Kind.PLAN, 2)]


def test_an_approval_taken_back_reopens_it_with_the_reason(world, client_for):
    plan = issued_plan(world)
    review.accept_submission(sent_plan(world), user=world.specialist)
    page = client_for(world.principal_a, world.school_a).get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert 'data-testid="sent-status">Đã duyệt<' in page and "alert-success" in page
    head = ensure_user(username="lanhdao.phong", full_name="Lãnh Đạo Phòng", password=None)
    grant_office_role(head, world.office, Role.OFFICE_HEAD)
    review.unapprove_submission(sent_plan(world), reason="Số liệu chưa khớp báo cáo.", user=head)
    page = client_for(world.principal_a, world.school_a).get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "Cơ quan quản lý đã hủy duyệt (Số liệu chưa khớp báo cáo.)" in page
    home = client_for(world.principal_a, world.school_a).get("/").content.decode()
    assert "Đã hủy duyệt" in home and "Số liệu chưa khớp báo cáo." in home


def test_the_home_lists_recent_news_only_newest_first_each_with_its_page(world, client_for):
    def sent(kind, reference, title):
        return submit(
            school=world.school_a,
            kind=kind,
            reference=reference,
            year=2026,
            title=title,
            payload={"school_year": "2025-2026"},
            user=world.principal_a,
        )

    old = sent(Submission.Kind.YEAR_REPORT, "year_report:2024-2025", "Báo cáo tổng kết năm học 2024-2025")
    Submission.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=400))
    examples = sent(Submission.Kind.EXAMPLES, "examples:2025-2026", "Gương điển hình năm học 2025-2026")
    rating = sent(Submission.Kind.COLLECTIVE_RATING, "collective_rating:2025-2026", "Xếp loại tập thể")
    Submission.objects.filter(pk=examples.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=3))
    review.return_submission(
        Submission.objects.get(pk=examples.pk),
        comments=[{"document": "", "text": "Thiếu ảnh hoạt động."}],
        user=world.specialist,
    )

    news = recently_sent(world.school_a)
    # Returned today (reviewed) comes before one sent today; last year's report is not news.
    assert [s.reference for s in news] == ["examples:2025-2026", "collective_rating:2025-2026"]
    home = client_for(world.principal_a, world.school_a).get("/").content.decode()
    assert 'href="/guong-dien-hinh/?nam=2025-2026"' in home
    assert 'href="/de-nghi/xep-loai-tap-the/?nam=2025-2026"' in home
    assert "Báo cáo tổng kết năm học 2024-2025" not in home

    examples_page = client_for(world.principal_a, world.school_a).get("/guong-dien-hinh/?nam=2025-2026")
    text = examples_page.content.decode()
    assert 'data-testid="sent-status">Trả lại<' in text and "Thiếu ảnh hoạt động." in text
    assert sent_versions(world.school_a, [rating.reference])[rating.reference][0].status == "submitted"
