"""The school's API. Every view runs in the schema of the school whose host was called, and the
default permission (office.accounts.permissions.IsMemberOfHost) admits only that school's members."""

from rest_framework import serializers, viewsets
from rest_framework.permissions import SAFE_METHODS, BasePermission

from office.accounts.selectors import is_school_manager
from plans.models import Notification, Staff
from plans.selectors.people import staff_list


class IsSchoolManagerOrReadOnly(BasePermission):
    message = "Chỉ Ban giám hiệu và thư ký Hội đồng được sửa danh sách này."

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or is_school_manager(request.user, request.school)


class StaffSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="name", read_only=True)
    gender_label = serializers.CharField(source="get_gender_display", read_only=True)

    class Meta:
        model = Staff
        fields = ["id", "full_name", "gender", "gender_label", "position", "department", "teaches"]


class StaffViewSet(viewsets.ModelViewSet):
    serializer_class = StaffSerializer
    filterset_fields = ["teaches", "gender"]

    def get_permissions(self):
        return [*super().get_permissions(), IsSchoolManagerOrReadOnly()]

    def get_queryset(self):
        return staff_list()


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "message", "link", "created_at", "read_at"]


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's own notifications in this school."""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        return Notification.objects.filter(recipient_id=self.request.user.pk)
