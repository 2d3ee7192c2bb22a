from django_tenants.utils import schema_context

from plans.notifications.models import Notification
from plans.notifications.services import notify


def test_a_notification_is_marked_read_through_htmx_and_comes_back_as_a_row(world, client_for):
    with schema_context(world.school_a.schema_name):
        notification = notify(recipient_id=world.teacher_a.pk, message="Nộp đăng ký thi đua trước 15/10")
    client = client_for(world.teacher_a, world.school_a)
    assert "Nộp đăng ký thi đua trước 15/10" in client.get("/").content.decode()
    response = client.post(f"/thong-bao/{notification.pk}/da-doc/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="notification-{notification.pk}"' in response.content.decode()
    assert "Đã đọc" not in response.content.decode()
    with schema_context(world.school_a.schema_name):
        assert Notification.objects.get(pk=notification.pk).read_at is not None


def test_nobody_marks_someone_elses_notification(world, client_for):
    with schema_context(world.school_a.schema_name):
        notification = notify(recipient_id=world.teacher_a.pk, message="Riêng của giáo viên")
    response = client_for(world.principal_a, world.school_a).post(f"/thong-bao/{notification.pk}/da-doc/")
    assert response.status_code == 404
    with schema_context(world.school_a.schema_name):
        assert Notification.objects.get(pk=notification.pk).read_at is None
