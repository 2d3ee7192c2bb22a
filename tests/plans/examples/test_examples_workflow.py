"""The good-examples register (plans.examples): a department head or the school's leaders propose, the
principal confirms or returns with a note, every step audited; teachers see confirmed examples only;
another school's example answers 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from office.audit.models import AuditEvent
from office.core.errors import Invalid, Refused
from plans.examples import services
from plans.examples.models import Example
from tests.plans.examples.conftest import SCHOOL_YEAR, propose


def actions(world, example) -> list[str]:
    with schema_context(world.school_a.schema_name):
        return list(
            AuditEvent.objects.filter(object_type="examples.example", object_id=str(example.pk))
            .order_by("at", "pk")
            .values_list("action", flat=True)
        )


def test_a_department_head_proposes_and_the_principal_confirms(world, ex):
    with schema_context(world.school_a.schema_name):
        example = propose(world, ex)
        assert example.status == Example.Status.PROPOSED
        assert example.achievements == [
            "Lớp 1A3 100% học sinh hoàn thành chương trình",
            "Giáo viên dạy giỏi cấp trường",
        ]
        assert example.movement_ids == [ex.movement.pk]
        services.confirm_example(example, school=world.school_a, user=world.principal_a)
        example.refresh_from_db()
        assert example.status == Example.Status.CONFIRMED
        assert example.confirmed_by_id == world.principal_a.pk
    assert actions(world, example) == ["example.proposed", "example.confirmed"]


def test_a_department_head_proposes_only_within_their_own_department(world, ex):
    with schema_context(world.school_a.schema_name):
        with pytest.raises(Refused):
            propose(world, ex, staff=ex.other)
        with pytest.raises(Refused):
            propose(world, ex, subject="department", staff=None, department=ex.khoi2)
        with pytest.raises(Refused):
            propose(world, ex, subject="school", staff=None)
        propose(world, ex, subject="department", staff=None, department=ex.khoi1)
        # The leaders propose anyone, any department, the school itself.
        propose(world, ex, user=ex.vice, staff=ex.other)
        propose(world, ex, user=world.principal_a, subject="school", staff=None)
        assert Example.objects.count() == 3


def test_a_teacher_may_neither_propose_nor_confirm(world, ex, client_for):
    with schema_context(world.school_a.schema_name):
        with pytest.raises(Refused):
            propose(world, ex, user=world.teacher_a)
        example = propose(world, ex)
        with pytest.raises(Refused):
            services.confirm_example(example, school=world.school_a, user=world.teacher_a)
        # Nor may the vice principal or the proposer: the principal answers for the register.
        for user in (ex.vice, ex.head):
            with pytest.raises(Refused):
                services.confirm_example(example, school=world.school_a, user=user)
    head = client_for(ex.head, world.school_a)
    assert head.post(f"/guong-dien-hinh/{example.pk}/xac-nhan/").status_code == 403
    teacher = client_for(world.teacher_a, world.school_a)
    assert teacher.get("/guong-dien-hinh/de-xuat/").status_code == 403
    with schema_context(world.school_a.schema_name):
        example.refresh_from_db()
        assert example.status == Example.Status.PROPOSED
        assert Example.objects.count() == 1


def test_returned_with_a_note_then_corrected_goes_back_to_the_principal(world, ex, client_for):
    with schema_context(world.school_a.schema_name):
        example = propose(world, ex)
        with pytest.raises(Invalid, match="ý kiến"):
            services.return_example(example, school=world.school_a, user=world.principal_a, note="  ")
    principal = client_for(world.principal_a, world.school_a)
    response = principal.post(f"/guong-dien-hinh/{example.pk}/tra-lai/", {"note": "Bổ sung ảnh minh họa"})
    assert response.status_code == 302
    with schema_context(world.school_a.schema_name):
        example.refresh_from_db()
        assert example.status == Example.Status.RETURNED
        assert example.return_note == "Bổ sung ảnh minh họa"
        # A returned example is not confirmed before its proposer corrects it.
        with pytest.raises(Invalid):
            services.confirm_example(example, school=world.school_a, user=world.principal_a)
    head = client_for(ex.head, world.school_a)
    page = head.get(f"/guong-dien-hinh/{example.pk}/")
    assert "Bổ sung ảnh minh họa" in page.content.decode()
    response = head.post(
        f"/guong-dien-hinh/{example.pk}/sua/",
        {
            "school_year": SCHOOL_YEAR,
            "subject": "person",
            "staff": ex.teacher.pk,
            "title": "Thầy giáo tận tụy với học sinh khuyết tật",
            "story": "Câu chuyện đã bổ sung.",
            "achievements": "Giáo viên dạy giỏi cấp trường\n\nChiến sĩ thi đua cơ sở",
            "movements": [ex.movement.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()
    with schema_context(world.school_a.schema_name):
        example.refresh_from_db()
        assert example.status == Example.Status.PROPOSED
        assert example.achievements == ["Giáo viên dạy giỏi cấp trường", "Chiến sĩ thi đua cơ sở"]
    assert actions(world, example) == ["example.proposed", "example.returned", "example.updated"]


def test_bad_input_changes_nothing(world, ex, client_for):
    head = client_for(ex.head, world.school_a)
    base = {"school_year": SCHOOL_YEAR, "subject": "person", "staff": ex.teacher.pk, "title": "Tấm gương"}
    # No story; then a movement another office launched, which never reached the school.
    for data in ({**base, "story": ""}, {**base, "story": "Có", "movements": [ex.other_movement.pk]}):
        response = head.post("/guong-dien-hinh/de-xuat/", data)
        assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    with schema_context(world.school_a.schema_name):
        # The service refuses it too, called without the form.
        with pytest.raises(Invalid, match="không thuộc các phong trào"):
            propose(world, ex, movement_ids=[ex.other_movement.pk])
        assert not Example.objects.exists()


def test_teachers_see_confirmed_examples_only(world, ex, client_for):
    with schema_context(world.school_a.schema_name):
        waiting = propose(world, ex, title="Chờ xác nhận")
        confirmed = propose(world, ex, title="Đã được xác nhận")
        services.confirm_example(confirmed, school=world.school_a, user=world.principal_a)
    teacher = client_for(world.teacher_a, world.school_a)
    page = teacher.get(f"/guong-dien-hinh/?nam={SCHOOL_YEAR}").content.decode()
    assert "Đã được xác nhận" in page
    assert "Chờ xác nhận" not in page
    assert "Đổi mới, sáng tạo trong dạy và học" in page
    assert teacher.get(f"/guong-dien-hinh/{confirmed.pk}/").status_code == 200
    assert teacher.get(f"/guong-dien-hinh/{waiting.pk}/").status_code == 404
    principal = client_for(world.principal_a, world.school_a)
    assert "Chờ xác nhận" in principal.get(f"/guong-dien-hinh/?nam={SCHOOL_YEAR}").content.decode()


def test_another_schools_example_answers_404(world, ex, client_for):
    with schema_context(world.school_a.schema_name):
        example = propose(world, ex)
        services.confirm_example(example, school=world.school_a, user=world.principal_a)
    other = client_for(world.principal_b, world.school_b)
    assert other.get(f"/guong-dien-hinh/{example.pk}/").status_code == 404
    assert other.post(f"/guong-dien-hinh/{example.pk}/xac-nhan/").status_code == 404
    assert other.post(f"/guong-dien-hinh/{example.pk}/tra-lai/", {"note": "x"}).status_code == 404


def _register_queries(client) -> tuple[int, str]:
    client.get(f"/guong-dien-hinh/?nam={SCHOOL_YEAR}")  # warm the caches of the session and the site
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/guong-dien-hinh/?nam={SCHOOL_YEAR}")
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_register_page_costs_the_same_queries_for_one_or_many_examples(world, ex, client_for):
    teacher = client_for(world.teacher_a, world.school_a)
    with schema_context(world.school_a.schema_name):
        example = propose(world, ex, title="Tấm gương 0")
        services.confirm_example(example, school=world.school_a, user=world.principal_a)
    one, page = _register_queries(teacher)
    assert page.count('data-testid="example-row"') == 1
    with schema_context(world.school_a.schema_name):
        for n in range(1, 6):
            staff = ex.teacher if n % 2 else ex.other
            example = propose(world, ex, user=world.principal_a, staff=staff, title=f"Tấm gương {n}")
            services.confirm_example(example, school=world.school_a, user=world.principal_a)
        propose(world, ex, subject="department", staff=None, department=ex.khoi1, title="Tổ khối 1")
    many, page = _register_queries(teacher)
    assert page.count('data-testid="example-row"') == 6
    assert many == one
